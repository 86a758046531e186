/**
 * BullMQ workers for the four queues. Delivery is at-least-once: a job whose worker dies is
 * picked up again by the stalled-job check, and every step is safe to repeat.
 *
 * Politeness never blocks a worker. A poll, scrape or backfill job whose host has no free slot (too many
 * requests running, or its spacing not yet passed) gives the worker slot back at once: it moves
 * itself to the delayed set until the time the host gate names and throws DelayedError, which
 * BullMQ counts as neither a failure nor an attempt. The gate keeps the job's place in the host's
 * line (the job id is the place), so 500 jobs for one host come back one by one, at the pace the
 * host allows, while the worker runs jobs for other hosts meanwhile. Chosen over the alternatives:
 * BullMQ's rate limiter is per queue, not per host, and a queue per host would need a worker per
 * host on every machine.
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { HostBusyError } from '../fetch/index.js';
import { queuePrefix, type BackfillJob, type IngestJob, type PollJob, type QueueName, type ScrapeJob } from '../queue/index.js';
import { backfillPage } from './backfill.js';
import { ComeBackLater, describeError } from './errors.js';
import { ingestArticle, pollSource, scrapeArticle, type PipelineDeps } from './jobs.js';

export interface WorkerOptions {
  queues: readonly QueueName[];
  /** Jobs each queue's worker runs at once in this process. */
  concurrency: number;
  /** JOB_LOCK: how long a job's lock lasts without renewal. */
  lockMs: number;
  /** Called after every finished job (metrics, progress). */
  onJobDone?: (event: JobDoneEvent) => void;
}

export interface JobDoneEvent {
  queue: QueueName;
  jobId: string;
  sourceId: string;
  url?: string;
  durationMs: number;
  ok: boolean;
  result?: unknown;
  error?: string;
  /** False while BullMQ will try the job again. */
  final: boolean;
}

export interface WorkerSet {
  workers: Worker[];
  /** True while every worker of this process is running. */
  isRunning(): boolean;
  /** Stops taking jobs and waits for running ones (or returns them to the queue when forced). */
  close(force?: boolean): Promise<void>;
}

type AnyJob = PollJob | ScrapeJob | IngestJob | BackfillJob;
type Processor = (job: Job, token?: string) => Promise<unknown>;

function jobUrl(queue: QueueName, data: AnyJob): string | undefined {
  if (queue === 'scrape') return (data as ScrapeJob).entry.url;
  if (queue === 'ingest') return (data as IngestJob).article.url;
  if (queue === 'backfill') return (data as BackfillJob).url;
  return undefined;
}

function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Records each run's time and result for `/metrics` (in memory, in Redis within a second; see
 * MetricsRecorder). Failed runs count too: a slow timeout is exactly what the histogram should
 * show.
 */
function timed(deps: PipelineDeps, queue: QueueName, run: Processor): Processor {
  const metrics = deps.metrics;
  if (!metrics) return run;
  return async (job, token) => {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    let result: unknown;
    try {
      result = await run(job, token);
    } catch (err) {
      // Waiting for a busy host is not a run: nothing was fetched.
      if (err instanceof DelayedError) throw err;
      const final = err instanceof UnrecoverableError || isFinalAttempt(job);
      metrics.recordJob(queue, seconds(), final ? 'failed' : 'retried');
      throw err;
    }
    metrics.recordJob(queue, seconds(), 'completed');
    return result;
  };
}

/**
 * Runs a job that fetches with its id as its place in the host's line; a busy host sends it to the
 * delayed set until the gate's time (see the header) instead of keeping the worker slot.
 */
function politely(run: (job: Job, place: string) => Promise<unknown>): Processor {
  return async (job, token) => {
    try {
      return await run(job, job.id ?? '');
    } catch (err) {
      if (!(err instanceof HostBusyError || err instanceof ComeBackLater)) throw err;
      // Where the job got to (a poll part-way through older pages) before it gives its slot back.
      if (err instanceof ComeBackLater && err.data !== undefined) await job.updateData(err.data);
      await job.moveToDelayed(Date.now() + err.waitMs, token);
      throw new DelayedError(err.message);
    }
  };
}

export function startWorkers(deps: PipelineDeps, connection: Redis, keyPrefix: string, options: WorkerOptions): WorkerSet {
  const prefix = queuePrefix(keyPrefix);
  const processors: Record<QueueName, Processor> = {
    poll: politely((job, place) => pollSource(deps, job.data as PollJob, { place })),
    scrape: politely((job, place) => scrapeArticle(deps, job.data as ScrapeJob, isFinalAttempt(job), { place })),
    ingest: (job) => ingestArticle(deps, job.data as IngestJob),
    backfill: politely((job, place) => backfillPage(deps, job.data as BackfillJob, isFinalAttempt(job), { place })),
  };
  const { lockMs } = options;
  const workers = options.queues.map((queue) => {
    const worker = new Worker(queue, timed(deps, queue, processors[queue]), {
      connection,
      prefix,
      concurrency: options.concurrency,
      // A job stalls when its worker died; two stalls and it fails instead of looping.
      maxStalledCount: 2,
      // A dead worker's jobs come back at the first stalled check after their lock lapsed: with
      // BullMQ's 30 s defaults that is up to a minute, here (JOB_LOCK 15 s, a check every third of
      // it) at most about 20 s. The lock is renewed every half lock, so only an event loop blocked
      // that long could lose it; our jobs wait on I/O and parse pages of at most 15 MiB, well
      // within that.
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.round(lockMs / 3)),
    });
    const report = (job: Job, ok: boolean, result?: unknown, err?: Error): void => {
      const data = job.data as AnyJob;
      const event: JobDoneEvent = {
        queue,
        jobId: job.id ?? '',
        sourceId: data.sourceId,
        url: jobUrl(queue, data),
        durationMs: (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now()),
        ok,
        result,
        error: err ? describeError(err) : undefined,
        final: ok || err?.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1),
      };
      const fields = { queue, job_id: event.jobId, source_id: event.sourceId, url: event.url, duration_ms: event.durationMs };
      if (ok) deps.log.info({ ...fields, result }, `${queue} job done`);
      else deps.log.warn({ ...fields, err: event.error, final: event.final }, `${queue} job failed`);
      options.onJobDone?.(event);
    };
    worker.on('completed', (job, result) => report(job, true, result));
    worker.on('failed', (job, err) => {
      if (job) report(job, false, undefined, err);
    });
    // Connection trouble is reported here; BullMQ reconnects by itself.
    worker.on('error', (err) => deps.log.error({ queue, err: describeError(err) }, 'worker error'));
    return worker;
  });
  return {
    workers,
    isRunning: () => workers.every((w) => w.isRunning()),
    close: async (force = false) => {
      await Promise.all(workers.map((w) => w.close(force)));
    },
  };
}
