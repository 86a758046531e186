/** The page was fetched but holds no article we can publish (no title, no body text). Permanent. */
export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  /** Fetching the same page again finds no more (pipeline/errors.ts, isPermanent). */
  readonly permanent = true;

  constructor(
    readonly url: string,
    readonly missing: readonly string[],
    detail?: string,
  ) {
    super(`${url}: no article found (missing ${missing.join(' and ')}${detail ? `; ${detail}` : ''})`);
  }
}
