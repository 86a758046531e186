/** The fetched document is not what the source promised (not a feed, malformed XML). Permanent. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  /** Fetching the same document again parses no better (pipeline/errors.ts, isPermanent). */
  readonly permanent = true;

  constructor(
    readonly url: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${url}: ${problem}`, options);
  }
}
