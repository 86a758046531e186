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

/** The fields of one counter hash as samples. */
export function toSamples(hash: Record<string, string>): Sample[] {
  return Object.entries(hash).map(([name, value]) => ({ labels: splitField(name), value: Number(value) }));
}

/** `[[a, x], [a, y]]` samples → a → x → value. */
export function groupByFirst(list: Sample[]): Map<string, Map<string, number>> {
  const groups = new Map<string, Map<string, number>>();
  for (const { labels, value } of list) {
    const [outer, inner] = labels;
    if (outer === undefined || inner === undefined) continue;
    if (!groups.has(outer)) groups.set(outer, new Map());
    groups.get(outer)!.set(inner, value);
  }
  return groups;
}

export async function readSnapshot(redis: Redis, keys: MetricsKeys): Promise<Snapshot> {
  const pipe = redis.pipeline();
  for (const key of keys.all) pipe.hgetall(key);
  const replies = (await pipe.exec()) ?? [];
  const hashes = replies.map(([err, hash]) => {
    if (err) throw err;
    return toSamples((hash ?? {}) as Record<string, string>);
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
