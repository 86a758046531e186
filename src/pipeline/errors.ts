import { UnrecoverableError } from 'bullmq';

/** Turns any error into one plain sentence for source state and logs. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Trying again cannot help: the page is gone, is no article, or may not be fetched. The errors of
 * fetch, parse and extract say so themselves (`permanent`: FetchError, ParseError,
 * ExtractionError), so that this module, which every process loads, needs none of their modules
 * (a web process loads no parser: jobs.ts, loadSteps).
 */
export function isPermanent(err: unknown): boolean {
  return err instanceof UnrecoverableError || (err instanceof Error && (err as { permanent?: unknown }).permanent === true);
}

/**
 * A job that cannot go on now gives its worker slot back: it runs again after `waitMs`, with
 * `data` as its new payload (where it got to), when given. See workers.ts.
 */
export class ComeBackLater extends Error {
  override readonly name = 'ComeBackLater';
  constructor(
    readonly waitMs: number,
    readonly data?: unknown,
  ) {
    super(`comes back in ${waitMs} ms`);
  }
}
