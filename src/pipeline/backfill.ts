/**
 * backfill: a walk through every page of a listing source, older and older, until the listing
 * ends — for everything a ministry ever published, where polls read only the newest pages.
 *
 * One job reads one page (the `backfill` queue; job id `b-<source>-<run>-<page>`): it lists the
 * page, queues its entries exactly as a poll does (enqueueEntries: scrape jobs by canonical URL,
 * nothing for what is stored unchanged), then records in the walk's state (store, one hash per
 * source) that the page is finished and which page is next, and only then adds the next page's
 * job. Recording checks that the walk is still at that page of that run, in one script: so a
 * crash at any point leaves the walk before the page or after it, a job that runs twice records
 * its page once, and resuming is adding the job of the page the state names (a no-op when it is
 * queued). Politeness is the poll's: each page job waits for its host in line, without holding a
 * worker slot (workers.ts).
 *
 * The walk ends (done) at a page that lists nothing, a page that lists what the page before it
 * listed, a page that is gone (404, 410), a page whose releases are all older than `since`, or
 * after `maxPages` pages. A page that fails otherwise is tried again with backoff and reported on
 * the source; after its last attempt it is skipped (named in the walk's state) and the walk goes
 * on with the next page by number. Several pages skipped in a row end the walk as failed: the
 * site is down, and walking on would only skip page after page.
 */
import { createHash, randomBytes } from 'node:crypto';
import { tryCanonicalizeUrl } from '../dedupe/index.js';
import { berlinWallClockToUtc } from '../dates/index.js';
import { FetchError, HostBusyError } from '../fetch/index.js';
import type { Entry, Source, WalkState } from '../model/index.js';
import { enqueueBackfillPage, type BackfillJob } from '../queue/index.js';
import type { WalkPageResult } from '../store/index.js';
import { describeError, isPermanent } from './errors.js';
import { enqueueEntries, loadSteps, requireSource, type JobRun, type PipelineDeps } from './jobs.js';
import { pageNumberOf, pageUrl } from './page-urls.js';
import type { Listing } from './steps.js';

/** Pages given up on in a row before the walk fails. */
export const MAX_SKIPPED_IN_ROW = 3;

export type BackfillOutcome =
  | { status: 'read'; page: number; entries: number; enqueued: number; next?: string; ended?: string }
  | { status: 'ended'; page: number; reason: string }
  | { status: 'skipped'; page: number; error: string; ended?: string }
  /** The walk is no longer at this page of this run (the job ran twice, or the walk restarted). */
  | { status: 'stale'; page: number };

type ListedPage = Extract<Listing, { status: 'listed' }>;

/** The first instant of `since` (YYYY-MM-DD) in Berlin. */
export function sinceInstant(since: string): number {
  const [year, month, day] = since.split('-').map(Number);
  return berlinWallClockToUtc(Date.UTC(year!, month! - 1, day!));
}

/** What a page lists, independent of order and teaser text: the same releases give the same signature. */
function listingSignature(entries: readonly Entry[]): string {
  const urls = entries.map((e) => tryCanonicalizeUrl(e.url) ?? e.url).sort();
  return createHash('sha1').update(urls.join('\n')).digest('hex').slice(0, 16);
}

function countDistinct(entries: readonly Entry[]): number {
  return new Set(entries.flatMap((e) => tryCanonicalizeUrl(e.url) ?? [])).size;
}

function isOlderThan(entry: Entry, cutoff: number): boolean {
  const published = Date.parse(entry.published ?? '');
  return !Number.isNaN(published) && published < cutoff;
}

/** Gone for good: the listing has no such page, which is how an archive usually ends. */
function isGone(err: unknown): err is FetchError {
  return err instanceof FetchError && (err.httpStatus === 404 || err.httpStatus === 410);
}

/**
 * The page after `page`: the listing's own "next" link, unless it leads back to a page already
 * read (a pager that goes round in circles), else the next page by number.
 */
function nextPageAfter(source: Source, page: number, linked: string | undefined): string {
  if (linked !== undefined) {
    const number = pageNumberOf(source, linked);
    if (number === undefined || number > page) return linked;
  }
  return pageUrl(source, page + 1);
}

function estimatedPagesOf(source: Source, listing: ListedPage, page: number): number | undefined {
  if (listing.lastPageUrl === undefined) return undefined;
  const last = pageNumberOf(source, listing.lastPageUrl);
  return last === undefined || last < page ? undefined : last + 1;
}

function nextJob(job: BackfillJob, url: string): BackfillJob {
  return { ...job, page: job.page + 1, url };
}

async function finishPage(deps: PipelineDeps, job: BackfillJob, walk: WalkState, result: WalkPageResult): Promise<boolean> {
  const recorded = await deps.store.finishWalkPage(job.sourceId, { run: job.run, page: job.page }, result, walk);
  // Only after the page is recorded: a crash before this line leaves the walk at the next page with
  // its job missing, which resuming adds; a crash before the record re-reads this page.
  if (recorded && result.next !== undefined && result.end === undefined) {
    await enqueueBackfillPage(deps.queues.backfill, nextJob(job, result.next), deps.retry);
  }
  return recorded;
}

/**
 * backfill: read one page of a walk, queue what it lists, record it and queue the next page. A
 * busy host throws HostBusyError (the job comes back, workers.ts); a failing page throws until
 * its last attempt, then it is skipped.
 */
export async function backfillPage(deps: PipelineDeps, job: BackfillJob, isFinalAttempt: boolean, run: JobRun = {}): Promise<BackfillOutcome> {
  const source = requireSource(deps, job.sourceId);
  const now = deps.now?.() ?? new Date();
  const walk = await deps.store.getWalk(source.id);
  if (!walk || walk.run !== job.run || walk.status !== 'running' || walk.page !== job.page) {
    // This page was recorded already. If its job ran twice because its worker died between the
    // record and queueing the next page, the next page's job is missing: add it (no-op otherwise).
    if (walk && walk.run === job.run && walk.status === 'running' && walk.page > job.page) await resumeWalk(deps, walk);
    return { status: 'stale', page: job.page };
  }
  let listing: Listing;
  try {
    listing = await (await loadSteps()).listPage(deps, source, { url: job.url, ...run });
    // Without validators a server has no reason to answer 304; if one does, the page told nothing.
    if (listing.status !== 'listed') throw new Error(`${job.url}: answered 304 Not Modified to an unconditional request`);
  } catch (err) {
    if (err instanceof HostBusyError) throw err;
    return pageFailed(deps, source, job, walk, err, isFinalAttempt, now);
  }
  return pageListed(deps, source, job, walk, listing, now);
}

async function pageListed(deps: PipelineDeps, source: Source, job: BackfillJob, walk: WalkState, listing: ListedPage, now: Date): Promise<BackfillOutcome> {
  const { entries } = listing;
  const signature = listingSignature(entries);
  const cutoff = job.since === undefined ? undefined : sinceInstant(job.since);
  const endReason =
    entries.length === 0
      ? `page ${job.page} lists no releases`
      : signature === walk.signature
        ? `page ${job.page} lists the same releases as the page before it`
        : cutoff !== undefined && entries.every((e) => isOlderThan(e, cutoff))
          ? `page ${job.page} lists only releases older than ${job.since}`
          : undefined;
  const counts = { found: 0, new: 0, duplicates: 0 };
  if (endReason !== undefined) {
    const recorded = await finishPage(deps, job, walk, { at: now, ...counts, read: false, end: { status: 'done', reason: endReason } });
    return recorded ? { status: 'ended', page: job.page, reason: endReason } : { status: 'stale', page: job.page };
  }
  const wanted = cutoff === undefined ? entries : entries.filter((e) => !isOlderThan(e, cutoff));
  const { enqueued, direct } = await enqueueEntries(deps, source, wanted, now);
  const queued = enqueued + direct;
  const result: WalkPageResult = {
    at: now,
    found: entries.length,
    new: queued,
    duplicates: Math.max(0, countDistinct(wanted) - queued),
    read: true,
    signature,
  };
  const estimatedPages = estimatedPagesOf(source, listing, job.page);
  if (estimatedPages !== undefined) result.estimatedPages = estimatedPages;
  if (job.maxPages !== undefined && job.page + 1 >= job.maxPages) {
    result.end = { status: 'done', reason: `read the ${job.maxPages} page(s) asked for` };
  } else {
    result.next = nextPageAfter(source, job.page, listing.nextPageUrl);
  }
  if (!(await finishPage(deps, job, walk, result))) return { status: 'stale', page: job.page };
  return {
    status: 'read',
    page: job.page,
    entries: entries.length,
    enqueued: queued,
    ...(result.next !== undefined ? { next: result.next } : {}),
    ...(result.end !== undefined ? { ended: result.end.reason } : {}),
  };
}

async function pageFailed(
  deps: PipelineDeps,
  source: Source,
  job: BackfillJob,
  walk: WalkState,
  err: unknown,
  isFinalAttempt: boolean,
  now: Date,
): Promise<BackfillOutcome> {
  const counts = { found: 0, new: 0, duplicates: 0, read: false };
  if (isGone(err)) {
    const reason = `page ${job.page} is gone (${err.httpStatus})`;
    const recorded = await finishPage(deps, job, walk, { at: now, ...counts, end: { status: 'done', reason } });
    return recorded ? { status: 'ended', page: job.page, reason } : { status: 'stale', page: job.page };
  }
  const message = describeError(err);
  await deps.store.recordWalkError(source.id, { run: job.run, page: job.page }, { at: now, url: job.url, message });
  await deps.store.recordPageError(source.id, { at: now, message: `backfill page ${job.page} not read: ${message}`, url: job.url });
  deps.log.warn({ sourceId: source.id, page: job.page, url: job.url, err: message, final: isFinalAttempt }, 'backfill page not read');
  // BullMQ tries the page again after its backoff.
  if (!isPermanent(err) && !isFinalAttempt) throw err instanceof Error ? err : new Error(message);
  const inRow = walk.skippedInRow + 1;
  const result: WalkPageResult = { at: now, ...counts, skipped: { url: job.url, error: message } };
  if (inRow >= MAX_SKIPPED_IN_ROW) {
    result.end = { status: 'failed', reason: `${inRow} pages in a row could not be read, the last (page ${job.page}): ${message}` };
  } else {
    result.next = pageUrl(source, job.page + 1);
  }
  if (!(await finishPage(deps, job, walk, result))) return { status: 'stale', page: job.page };
  return { status: 'skipped', page: job.page, error: message, ...(result.end ? { ended: result.end.reason } : {}) };
}

// ── starting and resuming ───────────────────────────────────────────────────────────────────────

export interface BackfillStartOptions {
  /** YYYY-MM-DD: releases older than this day are not wanted. */
  since?: string;
  /** Read at most this many pages. */
  maxPages?: number;
  /** Start again from the first page even if the source's walk is running or done. */
  restart?: boolean;
}

export interface BackfillStart {
  /**
   * started: the source had no walk; restarted: a new walk replaced a failed one (or any, with
   * `restart`); resumed: its running walk goes on where it got to; finished: its walk is done.
   */
  action: 'started' | 'restarted' | 'resumed' | 'finished';
  walk: WalkState;
}

/** Puts the job of a running walk's next page in the queue; a no-op when it is there. */
export async function resumeWalk(deps: PipelineDeps, walk: WalkState): Promise<void> {
  if (walk.status !== 'running' || walk.url === undefined) return;
  const job: BackfillJob = { sourceId: walk.sourceId, run: walk.run, page: walk.page, url: walk.url };
  if (walk.since !== undefined) job.since = walk.since;
  if (walk.maxPages !== undefined) job.maxPages = walk.maxPages;
  await enqueueBackfillPage(deps.queues.backfill, job, deps.retry);
}

/** Starts a walk at the first page (replacing the source's old walk unless `ifAbsent`); false when `ifAbsent` found one. */
async function startWalkAt(deps: PipelineDeps, source: Source, options: BackfillStartOptions, ifAbsent: boolean): Promise<boolean> {
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const url = pageUrl(source, 0);
  const limits = { ...(options.since !== undefined ? { since: options.since } : {}), ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}) };
  const at = deps.now?.() ?? new Date();
  if (!(await deps.store.startWalk(source.id, { run, url, at, ...limits }, { ifAbsent }))) return false;
  // Queued after the state is written: a crash in between leaves a walk that resuming queues.
  await enqueueBackfillPage(deps.queues.backfill, { sourceId: source.id, run, page: 0, url, ...limits }, deps.retry);
  return true;
}

/**
 * Starts or resumes the walk of a listing source: a running walk goes on where it got to (with
 * the limits it started with), a finished one is left as it is, a failed one starts again; with
 * `restart` a new walk starts from the first page whatever there was.
 */
export async function startBackfill(deps: PipelineDeps, source: Source, options: BackfillStartOptions = {}): Promise<BackfillStart> {
  if (source.type !== 'listing') throw new Error(`source "${source.id}" is a feed: feeds have no pages to walk`);
  const before = await deps.store.getWalk(source.id);
  if (before && !options.restart && before.status !== 'failed') {
    if (before.status === 'running') await resumeWalk(deps, before);
    return { action: before.status === 'running' ? 'resumed' : 'finished', walk: before };
  }
  await startWalkAt(deps, source, options, false);
  return { action: before ? 'restarted' : 'started', walk: (await deps.store.getWalk(source.id))! };
}

/**
 * The scheduler's part for sources with `backfill: true`: a source that never had a walk gets
 * one, once (its walk state says it had one, across restarts, and two schedulers agree through
 * the store); a running walk whose next page's job went missing gets it back. Returns the ids of
 * the sources whose walk was started.
 */
export async function startScheduledBackfills(deps: PipelineDeps, sources: readonly Source[]): Promise<string[]> {
  const wanted = sources.filter((s) => s.backfill === true && s.type === 'listing');
  const walks = await deps.store.listWalks(wanted.map((s) => s.id));
  const started: string[] = [];
  for (const [i, source] of wanted.entries()) {
    const walk = walks[i];
    if (walk) await resumeWalk(deps, walk);
    else if (await startWalkAt(deps, source, {}, true)) started.push(source.id);
  }
  return started;
}
