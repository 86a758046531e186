/** The fetched document is not what the source promised (not a feed, malformed XML). Permanent. */
export class ParseError extends Error {
  override readonly name = 'ParseError';

  constructor(
    readonly url: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${url}: ${problem}`, options);
  }
}
