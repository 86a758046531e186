/**
 * Records what the pipeline did into Redis (see keys.ts for why Redis and not process memory).
 * Each event is one pipelined round trip. Recording never fails a job: a Redis error is handed
 * to `onError` (the app logs it) and the numbers are simply a little low.
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
}

/** The fields an article has, of those that make a release complete. */
export function presentFields(article: Article): CompletenessField[] {
  const has: Record<CompletenessField, boolean> = {
    ministry: article.ministryId !== undefined,
    date: article.published !== undefined,
    tags: article.tags.length > 0,
    body: article.text.trim() !== '',
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

  constructor(
    private readonly redis: Redis,
    prefix: string,
    options: MetricsRecorderOptions = {},
  ) {
    if (!prefix) throw new Error('MetricsRecorder needs a non-empty key prefix');
    this.keys = new MetricsKeys(prefix);
    this.onError = options.onError ?? (() => {});
  }

  /** One fetch (listing, feed or article page) for a source, by status class. */
  recordFetch(sourceId: string, cls: FetchClass): Promise<void> {
    return this.run(this.redis.pipeline().hincrby(this.keys.fetches, field(sourceId, cls), 1));
  }

  /** One article merged into the store: the identity decision and which fields it brought. */
  recordIngest(sourceId: string, outcome: IngestOutcome, article: Article): Promise<void> {
    const pipe = this.redis.pipeline().hincrby(this.keys.ingests, field(sourceId, outcome), 1);
    pipe.hincrby(this.keys.extractions, field(sourceId, 'releases'), 1);
    for (const f of presentFields(article)) pipe.hincrby(this.keys.extractions, field(sourceId, f), 1);
    return this.run(pipe);
  }

  /** One job run of `queue` that took `seconds`. */
  recordJob(queue: QueueName, seconds: number, result: JobResult): Promise<void> {
    const micros = Math.max(0, Math.round(seconds * 1e6));
    return this.run(
      this.redis
        .pipeline()
        .hincrby(this.keys.jobs, field(queue, result), 1)
        .hincrby(this.keys.jobDurations, field(queue, bucketLabel(seconds)), 1)
        .hincrby(this.keys.jobDurations, field(queue, 'sum_us'), micros),
    );
  }

  private async run(pipe: ReturnType<Redis['pipeline']>): Promise<void> {
    try {
      const replies = (await pipe.exec()) ?? [];
      const failed = replies.find(([err]) => err);
      if (failed) throw failed[0];
    } catch (err) {
      this.onError(err);
    }
  }
}
