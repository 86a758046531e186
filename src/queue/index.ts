/**
 * Queue wiring: names, typed job payloads, job ids and options, decided in one place.
 *
 * Four BullMQ queues share one Redis with the store. Their keys live under `<KEY_PREFIX>:q`, so
 * several deployments (or test runs) can share one Redis without seeing each other's jobs.
 */
import { createHash } from 'node:crypto';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Article, Entry, Source } from '../model/index.js';

export const QUEUE_NAMES = ['poll', 'scrape', 'ingest', 'backfill'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface PollJob {
  sourceId: string;
  /** Why the poll runs; manual polls skip the failure backoff. */
  trigger: 'schedule' | 'manual';
  /** Where a walk through the listing's older pages goes on, after the job gave its slot back. */
  resume?: PollResume;
}

/** A poll part-way through a listing's older pages, and what it found so far. */
export interface PollResume {
  /** The next page to read; none when the walk is over. */
  url?: string;
  /** Pages read, the first included. */
  pages: number;
  entries: number;
  enqueued: number;
  direct: number;
  /** Validators of the first page's answer. */
  etag?: string;
  lastModified?: string;
}

export interface ScrapeJob {
  sourceId: string;
  /** The entry as the feed or listing showed it (absolute URL). */
  entry: Entry;
  /** Hash of what the listing showed; stored once the article is ingested. */
  signature: string;
  /**
   * The stored page's validators when the job was queued, for a conditional GET ({} for a page
   * not stored yet). Absent (a job queued by an earlier version): the worker reads the page state.
   */
  validators?: { etag?: string; lastModified?: string };
  /**
   * Fetch and extract even if the page is unchanged (no conditional GET): an operator's rescrape,
   * e.g. after a profile fix. Such jobs get their own id (`rescrapeJobOptions`).
   */
  force?: boolean;
}

export interface IngestJob {
  sourceId: string;
  article: Article;
  /** Page state to commit after a successful ingest (conditional GET next time). */
  page?: { url: string; etag?: string; lastModified?: string; signature?: string };
}

/** One page of a backfill walk (see pipeline/backfill.ts); the walk's state is in the store. */
export interface BackfillJob {
  sourceId: string;
  /** The walk this page belongs to (WalkState.run). */
  run: string;
  /** Counted from 0, the listing's first page. */
  page: number;
  url: string;
  /** YYYY-MM-DD: releases older than this day are not wanted. */
  since?: string;
  /** The walk reads at most this many pages. */
  maxPages?: number;
}

export interface JobData {
  poll: PollJob;
  scrape: ScrapeJob;
  ingest: IngestJob;
  backfill: BackfillJob;
}

export interface Queues {
  poll: Queue<PollJob>;
  scrape: Queue<ScrapeJob>;
  ingest: Queue<IngestJob>;
  backfill: Queue<BackfillJob>;
  close(): Promise<void>;
}

/** Retry behaviour of jobs; tests shorten the delays. */
export interface RetryPolicy {
  /** Attempts for scrape and ingest jobs (the first try included). */
  attempts: number;
  /** Base of the exponential backoff between attempts. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, backoffMs: 10_000 };

/** BullMQ key prefix for a deployment's KEY_PREFIX. */
export function queuePrefix(keyPrefix: string): string {
  return `${keyPrefix}:q`;
}

export function createQueues(connection: Redis, keyPrefix: string): Queues {
  const prefix = queuePrefix(keyPrefix);
  const poll = new Queue<PollJob>('poll', { connection, prefix });
  const scrape = new Queue<ScrapeJob>('scrape', { connection, prefix });
  const ingest = new Queue<IngestJob>('ingest', { connection, prefix });
  const backfill = new Queue<BackfillJob>('backfill', { connection, prefix });
  return {
    poll,
    scrape,
    ingest,
    backfill,
    close: async () => {
      await Promise.all([poll.close(), scrape.close(), ingest.close(), backfill.close()]);
    },
  };
}

/**
 * The scrape job id for an article: the same canonical URL discovered by several sources or polls
 * at once becomes one job. BullMQ ids must not contain colons or be all digits; `u-<sha1>` is
 * neither.
 */
export function scrapeJobId(canonicalUrl: string): string {
  return `u-${createHash('sha1').update(canonicalUrl).digest('hex')}`;
}

/** Finished jobs are removed at once (so a later poll can enqueue the URL again); failures stay a day for inspection. */
const RETENTION = {
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 5000 },
} satisfies JobsOptions;

/** BullMQ's lowest priority (highest number). */
const LAST_PRIORITY = 2_097_152;

/**
 * Options of a scrape job. `turn` is the entry's place on the page that listed it (0 for the first):
 * the job's BullMQ priority is turn + 1, so the queue hands out every listed page's first entry,
 * then every page's second, and so on. A listing page's entries are one host's, and in page order
 * they lay side by side: the workers took four of one host at once, the host gate let two run and
 * sent two back to the delayed set, again and again (0.8 extra trips per release at spacing 0 in
 * the ingest bench's layout, counted with redis-cli monitor). By turns, the jobs a worker takes
 * next belong to other hosts. Jobs without a priority (a forced rescrape) go before all of them.
 */
export function scrapeJobOptions(canonicalUrl: string, retry: RetryPolicy, turn?: number): JobsOptions {
  return {
    ...RETENTION,
    ...(turn === undefined ? {} : { priority: Math.min(turn + 1, LAST_PRIORITY) }),
    jobId: scrapeJobId(canonicalUrl),
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
  };
}

/**
 * A forced rescrape gets an id of its own, `r-<sha1>-<ms>`: under the URL's usual id it would be
 * swallowed by a scrape job of that URL still queued (not forced) or kept after failing (BullMQ
 * ignores an add whose job id exists). Two rescrapes of one URL in the same millisecond collapse.
 */
export function rescrapeJobOptions(canonicalUrl: string, retry: RetryPolicy, now: Date): JobsOptions {
  return { ...scrapeJobOptions(canonicalUrl, retry), jobId: `r-${scrapeJobId(canonicalUrl).slice(2)}-${now.getTime()}` };
}

export function ingestJobOptions(retry: RetryPolicy): JobsOptions {
  return { ...RETENTION, attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs } };
}

/** Attempts at one backfill page before the walk skips it. */
export const BACKFILL_PAGE_ATTEMPTS = 5;

/**
 * The job id of one page of one walk, `b-<source>-<run>-<page>`: adding a page that is queued or
 * running again is a no-op, and the jobs of a restarted walk (another run) never collide with the
 * old ones. Source ids and run ids hold no colon.
 */
export function backfillJobId(sourceId: string, run: string, page: number): string {
  return `b-${sourceId}-${run}-${page}`;
}

/**
 * A failing page is tried BACKFILL_PAGE_ATTEMPTS times with exponential backoff. Finished pages
 * stay a day, so Bull Board shows how the walk went.
 */
export function backfillJobOptions(job: Pick<BackfillJob, 'sourceId' | 'run' | 'page'>, retry: RetryPolicy): JobsOptions {
  return {
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: RETENTION.removeOnFail,
    jobId: backfillJobId(job.sourceId, job.run, job.page),
    attempts: BACKFILL_PAGE_ATTEMPTS,
    backoff: { type: 'exponential', delay: retry.backoffMs },
  };
}

/** Adds the job that reads `job.page` of its walk; a no-op when that page's job exists. */
export async function enqueueBackfillPage(backfill: Queue<BackfillJob>, job: BackfillJob, retry: RetryPolicy): Promise<void> {
  await backfill.add('backfill', job, backfillJobOptions(job, retry));
}

/** Poll jobs are not retried: the next scheduled poll is the retry, with backoff decided by the poller. */
export function pollJobOptions(): JobsOptions {
  return { ...RETENTION, attempts: 1 };
}

export function pollSchedulerId(sourceId: string): string {
  return `poll-${sourceId}`;
}

export interface ReconcileResult {
  added: string[];
  changed: string[];
  removed: string[];
}

/**
 * Makes the poll queue's job schedulers match the configured sources: one scheduler per source,
 * `every` = the source's interval. Idempotent, so two processes reconciling at once agree.
 */
export async function reconcileSchedulers(poll: Queue<PollJob>, sources: Source[]): Promise<ReconcileResult> {
  const existing = new Map<string, number | undefined>();
  const pageSize = 500;
  for (let start = 0; ; start += pageSize) {
    const page = await poll.getJobSchedulers(start, start + pageSize - 1, true);
    for (const s of page) existing.set(s.key, s.every ?? undefined);
    if (page.length < pageSize) break;
  }
  const result: ReconcileResult = { added: [], changed: [], removed: [] };
  const wanted = new Set<string>();
  for (const source of sources) {
    const id = pollSchedulerId(source.id);
    wanted.add(id);
    const current = existing.get(id);
    if (existing.has(id) && current === source.intervalMs) continue;
    await poll.upsertJobScheduler(
      id,
      { every: source.intervalMs },
      { name: 'poll', data: { sourceId: source.id, trigger: 'schedule' }, opts: pollJobOptions() },
    );
    (existing.has(id) ? result.changed : result.added).push(source.id);
  }
  for (const id of existing.keys()) {
    if (wanted.has(id)) continue;
    await poll.removeJobScheduler(id);
    result.removed.push(id.replace(/^poll-/, ''));
  }
  return result;
}

/** Enqueues an immediate poll of each source (for `once`, `poll` and manual triggers). */
export async function enqueuePolls(poll: Queue<PollJob>, sourceIds: string[], trigger: PollJob['trigger']): Promise<void> {
  await poll.addBulk(sourceIds.map((sourceId) => ({ name: 'poll', data: { sourceId, trigger }, opts: pollJobOptions() })));
}

/**
 * Jobs that still have to run: waiting, running, or delayed for a retry or a busy host. The poll
 * queue's delayed set also holds each job scheduler's next run; those scheduled future polls do
 * not count (a job scheduler's jobs carry its key).
 */
export async function countPendingJobs(queues: Queues): Promise<Record<QueueName, number>> {
  const [poll, delayedPolls, scrape, ingest, backfill] = await Promise.all([
    queues.poll.getJobCounts('wait', 'active', 'prioritized'),
    queues.poll.getDelayed(),
    queues.scrape.getJobCounts('wait', 'active', 'prioritized', 'delayed'),
    queues.ingest.getJobCounts('wait', 'active', 'prioritized', 'delayed'),
    queues.backfill.getJobCounts('wait', 'active', 'prioritized', 'delayed'),
  ]);
  const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
  const unscheduled = delayedPolls.filter((job) => job.repeatJobKey === undefined).length;
  return { poll: sum(poll) + unscheduled, scrape: sum(scrape), ingest: sum(ingest), backfill: sum(backfill) };
}
