/**
 * The bodies of the queues' jobs: a step (steps.ts: list, scrape) plus the store and queue
 * bookkeeping around it.
 * The queue layer decides retries from the errors these functions throw (UnrecoverableError =
 * give up, anything else = try again with backoff).
 */
import { createHash } from 'node:crypto';
import { UnrecoverableError, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import { canonicalizeUrl, tryCanonicalizeUrl } from '../dedupe/index.js';
import type { Entry, IngestResult, PageState, Source } from '../model/index.js';
import {
  ingestJobOptions,
  scrapeJobOptions,
  type BackfillJob,
  type IngestJob,
  type PollJob,
  type PollResume,
  type RetryPolicy,
  type ScrapeJob,
} from '../queue/index.js';
import type { Store } from '../store/index.js';
import { HostBusyError } from '../fetch/index.js';
import { ComeBackLater, describeError, isPermanent } from './errors.js';
import { mayFetch } from './may-fetch.js';
import type { Listing, StepDeps, Validators } from './steps.js';

export interface PipelineDeps extends StepDeps {
  store: Store;
  queues: { scrape: Queue<ScrapeJob>; ingest: Queue<IngestJob>; backfill: Queue<BackfillJob> };
  sources: Map<string, Source>;
  retry: RetryPolicy;
  log: Logger;
  now?: () => Date;
}

/** How long a permanently failed article is left alone before it is tried again. */
const GONE_FOR_MS = 7 * 24 * 3600_000;
/** Longest pause between polls of a failing source, as a multiple of its interval. */
const MAX_BACKOFF_FACTOR = 32;

// Kept: every job asks, and each import() of a module already loaded still resolves it again
// (under tsx, as the ingest bench runs `once`, through the loader hooks' thread each time).
let steps: Promise<typeof import('./steps.js')> | undefined;

/**
 * The steps, loaded by the first job that runs one: behind them are the parsers and extractors
 * (cheerio with parse5 and undici, sanitize-html, rss-parser), which a web process never needs
 * and which would hold about 25 MiB of its memory (docs/performance-log.md, Serving).
 */
export const loadSteps = (): Promise<typeof import('./steps.js')> => (steps ??= import('./steps.js'));

export type PollOutcome =
  | { status: 'polled'; entries: number; enqueued: number; direct: number; pages: number }
  | { status: 'not-modified' }
  | { status: 'backing-off'; until: string };

export type ScrapeOutcome = { status: 'extracted'; url: string } | { status: 'not-modified'; url: string };

export function requireSource(deps: PipelineDeps, sourceId: string): Source {
  const source = deps.sources.get(sourceId);
  // A job for a source that was removed from config since it was queued: nothing to retry.
  if (!source) throw new UnrecoverableError(`source "${sourceId}" is not configured (any more)`);
  return source;
}

/** What a listing or feed showed for an entry; a change means the article may have changed. */
export function entrySignature(entry: Entry): string {
  const shown = [entry.title ?? '', entry.summary ?? '', entry.published ?? '', entry.updated ?? '', entry.contentHtml ?? ''];
  return createHash('sha1').update(shown.join('\u0000')).digest('hex').slice(0, 16);
}

/**
 * After repeated failures a scheduled poll waits interval × 2^(failures-1) (capped) since the last
 * attempt, so a broken site is asked less and less often; a manual poll always runs.
 */
export function backoffUntil(source: Source, failures: number, lastPollAt: string | undefined): Date | undefined {
  if (failures < 2 || !lastPollAt) return undefined;
  const factor = Math.min(2 ** (failures - 1), MAX_BACKOFF_FACTOR);
  return new Date(Date.parse(lastPollAt) + source.intervalMs * factor);
}

/**
 * How a job body is run. `place` is the job's place in its host's line (its id): given, the job
 * never waits for a busy host; HostBusyError says when to run it again (see workers.ts).
 */
export interface JobRun {
  place?: string;
}

/**
 * poll: fetch a source (conditional GET), list its entries and enqueue a scrape job for every
 * entry not already stored unchanged. Entries that leave the source's hosts are never fetched;
 * they are published from the feed's own fields. Until a listing's older pages (up to
 * max_pages) have been read once, the poll walks them too, page by page.
 */
export async function pollSource(deps: PipelineDeps, job: PollJob, run: JobRun = {}): Promise<PollOutcome> {
  const source = requireSource(deps, job.sourceId);
  const now = deps.now?.() ?? new Date();
  let walk = job.resume;
  if (!walk) {
    const state = await deps.store.getSourceState(source.id);
    const until = backoffUntil(source, state.consecutiveFailures, state.lastPollAt);
    if (job.trigger === 'schedule' && until && until > now) {
      return { status: 'backing-off', until: until.toISOString() };
    }
    // Until its older pages have been read, a listing is fetched unconditionally: a 304 would skip them.
    const readOlderPages = !state.olderPagesRead;
    try {
      const validators = readOlderPages ? {} : { etag: state.etag, lastModified: state.lastModified };
      const listing = await (await loadSteps()).listPage(deps, source, { ...validators, ...run });
      if (listing.status === 'not-modified') {
        await deps.store.recordPollNotModified(source.id, now);
        return { status: 'not-modified' };
      }
      const { enqueued, direct } = await enqueueEntries(deps, source, listing.entries, now);
      walk = { pages: 1, entries: listing.entries.length, enqueued, direct, etag: listing.response.etag, lastModified: listing.response.lastModified };
      if (readOlderPages && listing.nextPageUrl !== undefined) walk.url = listing.nextPageUrl;
    } catch (err) {
      // Not asked yet, so nothing failed: the job comes back when the host is free.
      if (err instanceof HostBusyError) throw err;
      await deps.store.recordPollFailure(source.id, { at: now, message: describeError(err), url: source.url });
      // The next scheduled poll is the retry; failing the job keeps it visible in the dashboard.
      throw isPermanent(err) || !(err instanceof Error) ? new UnrecoverableError(describeError(err)) : err;
    }
  }
  const olderPagesRead = await walkOlderPages(deps, source, { ...job, resume: walk }, run, now);
  await deps.store.recordPollSuccess(source.id, { at: now, etag: walk.etag, lastModified: walk.lastModified, entries: walk.entries, olderPagesRead });
  return { status: 'polled', entries: walk.entries, enqueued: walk.enqueued, direct: walk.direct, pages: walk.pages };
}

/**
 * Reads a listing's older pages from `job.resume` on, up to max_pages, enqueueing each page's
 * entries as it goes; true when they are all read (or one is gone for good). A busy host ends the
 * run with ComeBackLater carrying where to go on, so the walk never waits inside a worker slot.
 */
async function walkOlderPages(deps: PipelineDeps, source: Source, job: PollJob & { resume: PollResume }, run: JobRun, now: Date): Promise<boolean> {
  const walk = job.resume;
  while (walk.url !== undefined && walk.pages < source.maxPages) {
    const url: string = walk.url;
    let listing: Listing;
    try {
      listing = await (await loadSteps()).listPage(deps, source, { url, ...run });
    } catch (err) {
      if (err instanceof HostBusyError) throw new ComeBackLater(err.waitMs, { ...job, resume: walk });
      // Older pages only fill the archive: a broken one must not cost the releases already
      // listed, nor fail (and so slow down) the polls that keep page one current. A passing
      // failure is tried again on the next poll; a permanent one ends the walk for good.
      const message = `older listing page not read: ${describeError(err)}`;
      deps.log.warn({ sourceId: source.id, url, err: describeError(err) }, message);
      await deps.store.recordPageError(source.id, { at: now, message, url });
      return isPermanent(err);
    }
    if (listing.status !== 'listed') break;
    const { enqueued, direct } = await enqueueEntries(deps, source, listing.entries, now);
    walk.pages += 1;
    walk.entries += listing.entries.length;
    walk.enqueued += enqueued;
    walk.direct += direct;
    walk.url = listing.nextPageUrl;
  }
  return true;
}

/** A stored page is fetched again (conditionally) when its source's recheck time has passed. */
export function recheckDue(source: Source, page: PageState, now: Date): boolean {
  if (source.recheckMs === undefined) return false;
  // Never checked (stored before checkedAt existed) counts as due.
  const checkedAt = Date.parse(page.checkedAt ?? '');
  return Number.isNaN(checkedAt) || now.getTime() - checkedAt >= source.recheckMs;
}

/**
 * Queues what a listing or feed page listed: a scrape job per entry (id from its canonical URL),
 * the entry itself for ingest when its page may not be fetched, nothing for an entry stored and
 * unchanged. Polls and backfill pages alike.
 */
export async function enqueueEntries(deps: PipelineDeps, source: Source, entries: Entry[], now: Date): Promise<{ enqueued: number; direct: number }> {
  const listed = new Map<string, Entry>();
  for (const entry of entries) {
    const canonical = tryCanonicalizeUrl(entry.url);
    if (canonical && !listed.has(canonical)) listed.set(canonical, entry);
  }
  // Before reading page state: see sightings.ts for why this order loses no source.
  await deps.store.recordSightings([...listed.keys()], source.id);
  const scrapes: { name: string; data: ScrapeJob; opts: ReturnType<typeof scrapeJobOptions> }[] = [];
  const ingests: { name: string; data: IngestJob; opts: ReturnType<typeof ingestJobOptions> }[] = [];
  const pages = await deps.store.getPageStates([...listed.keys()]);
  let index = 0;
  for (const [canonical, entry] of listed) {
    const signature = entrySignature(entry);
    const page = pages[index++]!;
    if (page.goneUntil && Date.parse(page.goneUntil) > now.getTime()) continue;
    if (page.itemId) await deps.store.addItemSources(page.itemId, [source.id], now);
    const fetchable = mayFetch(source, canonical);
    // Unchanged in the listing: fetch again only for a due recheck (a feed's own fields cannot change unseen).
    if (page.itemId && page.signature === signature && !(fetchable && recheckDue(source, page, now))) continue;
    if (fetchable) {
      scrapes.push({ name: 'scrape', data: { sourceId: source.id, entry, signature, validators: storedValidators(page) }, opts: scrapeJobOptions(canonical, deps.retry, scrapes.length) });
    } else {
      const article = (await loadSteps()).entryArticle(deps, source, entry);
      ingests.push({ name: 'ingest', data: { sourceId: source.id, article, page: { url: canonical, signature } }, opts: ingestJobOptions(deps.retry) });
    }
  }
  if (scrapes.length > 0) await deps.queues.scrape.addBulk(scrapes);
  if (ingests.length > 0) await deps.queues.ingest.addBulk(ingests);
  return { enqueued: scrapes.length, direct: ingests.length };
}

/**
 * scrape: fetch one article (conditional GET once it is stored), extract it and hand it to ingest.
 * A permanent failure (404, not HTML, no article on the page) is recorded on the source and the
 * URL is left alone for a week instead of being retried forever.
 */
export async function scrapeArticle(deps: PipelineDeps, job: ScrapeJob, isFinalAttempt: boolean, run: JobRun = {}): Promise<ScrapeOutcome> {
  const source = requireSource(deps, job.sourceId);
  const now = deps.now?.() ?? new Date();
  const canonical = canonicalizeUrl(job.entry.url);
  try {
    const validators = await scrapeValidators(deps, job, canonical);
    const scraped = await (await loadSteps()).scrapePage(deps, source, job.entry.url, validators, run.place);
    if (scraped.status === 'failed') throw scraped.error;
    if (scraped.status === 'not-modified') {
      await deps.store.setPageState(canonical, { signature: job.signature, checkedAt: now.toISOString() });
      return { status: 'not-modified', url: job.entry.url };
    }
    const { article, response } = scraped;
    // Dates only from the source: the listing's date stands in when the page shows none.
    article.published ??= job.entry.published;
    article.updated ??= job.entry.updated;
    article.summary ??= job.entry.summary;
    await deps.queues.ingest.add(
      'ingest',
      { sourceId: source.id, article, page: { url: canonical, etag: response.etag, lastModified: response.lastModified, signature: job.signature } },
      ingestJobOptions(deps.retry),
    );
    return { status: 'extracted', url: response.url };
  } catch (err) {
    if (err instanceof HostBusyError) throw err;
    const permanent = isPermanent(err);
    if (permanent || isFinalAttempt) {
      await deps.store.recordPageError(source.id, { at: now, message: describeError(err), url: job.entry.url });
    }
    if (permanent) {
      await deps.store.setPageState(canonical, { goneUntil: new Date(now.getTime() + GONE_FOR_MS).toISOString() });
      throw err instanceof UnrecoverableError ? err : new UnrecoverableError(describeError(err));
    }
    throw err;
  }
}

/**
 * The validators of a scrape's conditional GET: none for a forced rescrape (an operator, a profile
 * fix: it must see the page even if unchanged), those the job was queued with, or for a job
 * queued without them the stored page's.
 */
async function scrapeValidators(deps: PipelineDeps, job: ScrapeJob, canonical: string): Promise<Validators> {
  if (job.force) return {};
  return job.validators ?? storedValidators(await deps.store.getPageState(canonical));
}

/** A stored page's validators for a conditional GET; none for a page not stored yet. */
function storedValidators(page: PageState): Validators {
  return page.itemId ? { etag: page.etag, lastModified: page.lastModified } : {};
}

/** ingest: decide identity and merge (the store does it race-free), then remember the page. */
export async function ingestArticle(deps: PipelineDeps, job: IngestJob): Promise<IngestResult> {
  const now = deps.now?.() ?? new Date();
  const result = await deps.store.ingest(job.article, job.sourceId, now);
  deps.metrics?.recordIngest(job.sourceId, result.outcome, job.article);
  if (job.page) {
    // After the page state (same transaction): other sources that listed the page while it was queued.
    const sightings = await deps.store.settlePage(job.page.url, {
      itemId: result.itemId,
      etag: job.page.etag,
      lastModified: job.page.lastModified,
      signature: job.page.signature,
      goneUntil: undefined,
      checkedAt: now.toISOString(),
    });
    // The ingesting source is on the item already: only others cost a read of the item.
    const others = sightings.filter((id) => id !== job.sourceId);
    if (others.length > 0) await deps.store.addItemSources(result.itemId, others, now);
  }
  return result;
}
