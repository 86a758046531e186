/** The Redis store: items, identity decisions at ingest, indexes, queries, source and page state. */
export { Store, type StoreOptions, type TagCount } from './store.js';
export type { QueryFilter, QueryPage } from './query.js';
export type { ErrorReport, PollSuccess } from './source-state.js';
export type { IngestOptions } from './ingest.js';
export { MAX_REVISIONS, type Revision } from './revisions.js';
export type { NewWalk, WalkPageResult, WalkPlace } from './walk-state.js';
export { MIN_IDENTITY_WORDS, itemIdFor } from './item-record.js';
export { MAX_SEARCH_WORDS, MAX_SEARCH_WORD_CHARS, searchLimitProblem } from './search-index.js';
export { STORE_FORMAT, type MigrationResult } from './migrate.js';
export { forgetInflatedBodies, inflatedBodyChars } from './item-codec.js';
export { IngestConflictError, InvalidArticleError, InvalidCursorError } from './errors.js';
export {
  backupStore,
  listStoreKeys,
  restoreStore,
  BackupFormatError,
  RestoreRefusedError,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupRecord,
  type RestoreOptions,
  type RestoreSummary,
} from './backup.js';
export { watchStoreVersion, type StoreVersionWatch, type VersionWatchOptions } from './version-watch.js';
