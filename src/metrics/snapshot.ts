/**
 * Reads every Redis-backed counter in one pipelined round trip. A scrape collects many metric
 * families at once; they all share the read that is in flight, so one scrape costs one read.
 */
import type { Redis } from 'ioredis';
import { splitField, type MetricsKeys } from './keys.js';

/** One hash field: its labels (split at `|`) and its count. */
export interface Sample {
  labels: string[];
  value: number;
}

export interface Snapshot {
  fetches: Sample[];
  ingests: Sample[];
  extractions: Sample[];
  jobs: Sample[];
  jobDurations: Sample[];
}

function samples(hash: Record<string, string>): Sample[] {
  return Object.entries(hash).map(([name, value]) => ({ labels: splitField(name), value: Number(value) }));
}

export async function readSnapshot(redis: Redis, keys: MetricsKeys): Promise<Snapshot> {
  const pipe = redis.pipeline();
  for (const key of keys.all) pipe.hgetall(key);
  const replies = (await pipe.exec()) ?? [];
  const hashes = replies.map(([err, hash]) => {
    if (err) throw err;
    return samples((hash ?? {}) as Record<string, string>);
  });
  const [fetches = [], ingests = [], extractions = [], jobs = [], jobDurations = []] = hashes;
  return { fetches, ingests, extractions, jobs, jobDurations };
}

/** Calls `read` once for all callers that ask while it is in flight. */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= read().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
