/**
 * The pipeline: where the steps are composed (fetch → parse → extract → dedupe → store), for the
 * workers and for every operator tool alike. steps.ts holds the steps the tools call (list a
 * source's entries, scrape a page into an article, may a source fetch a URL); jobs.ts the queues'
 * job bodies built on them, backfill.ts the walk through a listing's pages; workers.ts the BullMQ
 * workers that run those.
 */
export { describeError } from './errors.js';
export { fetchUrlFor, mayFetch, sourceForUrl } from './may-fetch.js';
export { politenessByHost } from './politeness.js';
// The steps' functions are imported from './steps.js' itself (jobs.ts, loadSteps): this index is
// what a web process loads, and the steps bring the parsers with them.
export type {
  FetchedResponse,
  Listing,
  ListOptions,
  PageScrape,
  StepDeps,
  Validators,
} from './steps.js';
export {
  backoffUntil,
  entrySignature,
  ingestArticle,
  loadSteps,
  pollSource,
  recheckDue,
  scrapeArticle,
  type PipelineDeps,
  type PollOutcome,
  type ScrapeOutcome,
} from './jobs.js';
export {
  backfillPage,
  MAX_SKIPPED_IN_ROW,
  resumeWalk,
  sinceInstant,
  startBackfill,
  startScheduledBackfills,
  type BackfillOutcome,
  type BackfillStart,
  type BackfillStartOptions,
} from './backfill.js';
export { pageNumberOf, pageUrl } from './page-urls.js';
export { startWorkers, type JobDoneEvent, type WorkerOptions, type WorkerSet } from './workers.js';
