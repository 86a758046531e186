/**
 * Records what the pipeline did into Redis (see keys.ts for why Redis and not process memory).
 * Events are counted in memory and added to Redis in one pipelined round trip per `flushMs`
 * (and on `flush()`, which the app calls as it closes): four round trips per release cost a
 * worker a fifth of its time, one a second costs nothing. A process killed with SIGKILL loses at
 * most its last `flushMs` of counts. Recording never fails a job: a Redis error is handed to
 * `onError` (the app logs it) and the numbers are simply a little low.
 */
import type { Redis } from 'ioredis';
import type { Article, IngestOutcome } from '../model/index.js';
import type { QueueName } from '../queue/index.js';
import { field, JOB_DURATION_BUCKETS, MetricsKeys } from './keys.js';
import type { FetchClass } from './status-class.js';

/** How a job run ended: done, failed for good, or failed and BullMQ tries it again. */
export const JOB_RESULTS = ['completed', 'failed', 'retried'] as const;
export type JobResult = (typeof JOB_RESULTS)[number];

/** What an extracted release should have; their shares are `hessenfeed_extraction_completeness`. */
export const COMPLETENESS_FIELDS = ['ministry', 'date', 'tags', 'body'] as const;
export type CompletenessField = (typeof COMPLETENESS_FIELDS)[number];

export interface MetricsRecorderOptions {
  /** Called with any Redis error while recording. @defaultValue ignore */
  onError?: (err: unknown) => void;
  /** Longest time a count waits in memory before it is added to Redis. @defaultValue 1000 */
  flushMs?: number;
}

/** The fields an article has, of those that make a release complete. */
export function presentFields(article: Article): CompletenessField[] {
  const has: Record<CompletenessField, boolean> = {
    ministry: article.ministryId !== undefined,
    date: article.published !== undefined,
    tags: article.tags.length > 0,
    body: /\S/.test(article.text),
  };
  return COMPLETENESS_FIELDS.filter((f) => has[f]);
}

/** The histogram bucket a duration falls into (its upper bound as a label value). */
export function bucketLabel(seconds: number): string {
  const bound = JOB_DURATION_BUCKETS.find((b) => seconds <= b);
  return bound === undefined ? '+Inf' : String(bound);
}

export class MetricsRecorder {
  readonly keys: MetricsKeys;
  private readonly onError: (err: unknown) => void;
  private readonly flushMs: number;
  /** Counts not yet in Redis: hash key → field → increment. */
  private pending = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    options: MetricsRecorderOptions = {},
  ) {
    if (!prefix) throw new Error('MetricsRecorder needs a non-empty key prefix');
    this.keys = new MetricsKeys(prefix);
    this.onError = options.onError ?? (() => {});
    this.flushMs = options.flushMs ?? 1000;
  }

  /** One fetch (listing, feed or article page) for a source, by status class. */
  recordFetch(sourceId: string, cls: FetchClass): void {
    this.add(this.keys.fetches, field(sourceId, cls), 1);
  }

  /** One article merged into the store: the identity decision and which fields it brought. */
  recordIngest(sourceId: string, outcome: IngestOutcome, article: Article): void {
    this.add(this.keys.ingests, field(sourceId, outcome), 1);
    this.add(this.keys.extractions, field(sourceId, 'releases'), 1);
    for (const f of presentFields(article)) this.add(this.keys.extractions, field(sourceId, f), 1);
  }

  /** One job run of `queue` that took `seconds`. */
  recordJob(queue: QueueName, seconds: number, result: JobResult): void {
    this.add(this.keys.jobs, field(queue, result), 1);
    this.add(this.keys.jobDurations, field(queue, bucketLabel(seconds)), 1);
    this.add(this.keys.jobDurations, field(queue, 'sum_us'), Math.max(0, Math.round(seconds * 1e6)));
  }

  /** Adds every count recorded so far to Redis; resolves when they are there (or failed). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const counts = this.pending;
    this.pending = new Map();
    const pipe = this.redis.pipeline();
    for (const [key, fields] of counts) for (const [name, by] of fields) pipe.hincrby(key, name, by);
    try {
      const replies = (await pipe.exec()) ?? [];
      const failed = replies.find(([err]) => err);
      if (failed) throw failed[0];
    } catch (err) {
      this.onError(err);
    }
  }

  private add(key: string, name: string, by: number): void {
    let fields = this.pending.get(key);
    if (!fields) this.pending.set(key, (fields = new Map()));
    fields.set(name, (fields.get(name) ?? 0) + by);
    // Unref'd: a count waiting in memory never keeps a process alive; close() flushes it.
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }
}
