/**
 * Extraction completeness per source: of the releases a source's articles brought, how many had
 * each field (ministry, date, tags, body), and the share. Computed here, once, from the counters
 * the workers record (`<source>|releases`, `<source>|<field>` in the extraction hash), for
 * `/metrics` and for the admin sources page alike, so the two always agree.
 */
import type { Redis } from 'ioredis';
import { MetricsKeys } from './keys.js';
import { COMPLETENESS_FIELDS, type CompletenessField } from './recorder.js';
import { groupByFirst, toSamples, type Sample } from './snapshot.js';

export interface Completeness {
  /** Releases extracted and ingested for the source. */
  releases: number;
  /** Of those, how many had each field. */
  counts: Record<CompletenessField, number>;
  /** The same as a share (0..1). */
  shares: Record<CompletenessField, number>;
}

/** Completeness of every source that has extracted a release, in the order the counters list them. */
export function completenessBySource(extractions: Sample[]): Map<string, Completeness> {
  const result = new Map<string, Completeness>();
  for (const [sourceId, counts] of groupByFirst(extractions)) {
    const releases = counts.get('releases') ?? 0;
    if (!(releases > 0)) continue;
    const have = (field: CompletenessField): number => counts.get(field) ?? 0;
    result.set(sourceId, {
      releases,
      counts: Object.fromEntries(COMPLETENESS_FIELDS.map((f) => [f, have(f)])) as Record<CompletenessField, number>,
      shares: Object.fromEntries(COMPLETENESS_FIELDS.map((f) => [f, have(f) / releases])) as Record<CompletenessField, number>,
    });
  }
  return result;
}

/** Reads the extraction counters of the deployment under `prefix` and computes their completeness. */
export async function readCompleteness(redis: Redis, prefix: string): Promise<Map<string, Completeness>> {
  return completenessBySource(toSamples(await redis.hgetall(new MetricsKeys(prefix).extractions)));
}
