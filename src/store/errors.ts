/** A paging cursor that this store did not produce (or that was altered). */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor(readonly cursor: string) {
    super(`invalid paging cursor "${cursor.slice(0, 80)}"`);
  }
}

/** An article the store cannot take (no usable URL); retrying will not help. */
export class InvalidArticleError extends Error {
  override name = 'InvalidArticleError';
}

/** Ingest lost the race for the same keys too many times in a row; the job should be retried later. */
export class IngestConflictError extends Error {
  override name = 'IngestConflictError';
}
