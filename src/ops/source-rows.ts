/**
 * The rows of the admin sources page: one per configured source, with its stored state, its
 * health, its job scheduler's next run, its extraction completeness and its backfill walk. Read
 * in four steps at once (source states, job schedulers, extraction counters, walks).
 *
 * Health comes from sourceHealth, the same function `hessenfeed status` uses, so the two never
 * disagree; completeness from the metrics, the numbers `/metrics` serves. "Next run" is the
 * source's job scheduler's: a source without one is never polled, which is worth a warning of
 * its own.
 */
import type { Redis } from 'ioredis';
import { readCompleteness, type Completeness } from '../metrics/index.js';
import type { Source, SourceState, WalkState } from '../model/index.js';
import { pollSchedulerId, type Queues } from '../queue/index.js';
import type { Store } from '../store/index.js';
import { sourceHealth, type SourceHealth, type SourceHealthStatus } from './health.js';

export interface SourceRow {
  source: Pick<Source, 'id' | 'name' | 'url' | 'intervalMs' | 'ministry'>;
  state: SourceState;
  health: SourceHealth;
  /** Next run of the source's job scheduler (ms since epoch); undefined when it has none. */
  nextRunAt?: number;
  /** Undefined until a release of the source was extracted. */
  completeness?: Completeness;
  /** The source's backfill, running or ended; undefined when it never had one. */
  walk?: WalkState;
}

export interface SourceRowDeps {
  sources: readonly Source[];
  store: Store;
  queues: Queues;
  redis: Redis;
}

/** Problems first, so what needs attention is at the top; config order within a state. */
const STATUS_ORDER: Record<SourceHealthStatus, number> = { failing: 0, stale: 1, new: 2, ok: 3 };

async function readNextRuns(queues: Queues): Promise<Map<string, number | undefined>> {
  const schedulers = await queues.poll.getJobSchedulers(0, -1);
  return new Map(schedulers.map((s) => [s.key, s.next]));
}

export async function readSourceRows(deps: SourceRowDeps, now: Date): Promise<SourceRow[]> {
  const ids = deps.sources.map((s) => s.id);
  const [states, nextRuns, completeness, walks] = await Promise.all([
    deps.store.listSourceStates(ids),
    readNextRuns(deps.queues),
    readCompleteness(deps.redis, deps.store.prefix),
    deps.store.listWalks(ids),
  ]);
  const rows = deps.sources.map((source, i): SourceRow => {
    const state = states[i]!;
    const row: SourceRow = { source, state, health: sourceHealth(source, state, now) };
    const next = nextRuns.get(pollSchedulerId(source.id));
    if (next !== undefined) row.nextRunAt = next;
    const extracted = completeness.get(source.id);
    if (extracted) row.completeness = extracted;
    const walk = walks[i];
    if (walk) row.walk = walk;
    return row;
  });
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => STATUS_ORDER[a.row.health.status] - STATUS_ORDER[b.row.health.status] || a.i - b.i)
    .map(({ row }) => row);
}
