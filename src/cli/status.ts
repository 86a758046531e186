/**
 * `hessenfeed status`: queues, sources and Redis at a glance, with an exit code that cron jobs and
 * monitoring scripts can act on.
 *
 * Exit 0 when every source is ok or new and Redis is fit; exit 1 when any source is failing (its
 * last poll failed) or stale (no successful poll for 3 intervals: polls stopped), or Redis is
 * unfit (older than 6.2, or a maxmemory-policy other than noeviction). The reasons are listed
 * under "Problems". `--json` prints the same report as one JSON object.
 *
 * Unlike the other commands, status does not refuse an unfit Redis at start (it reports on it) and
 * never starts a private redis-server (it would report on an empty one).
 */
import type { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import type { Config, Env } from '../config/index.js';
import { StartupError } from '../app/index.js';
import type { Source, SourceState, WalkState } from '../model/index.js';
import { describeWalk, formatDuration, isUnhealthy, readRedisInfo, sourceHealth, type RedisInfo, type SourceHealthStatus } from '../ops/index.js';
import { createQueues, QUEUE_NAMES, type QueueName, type Queues } from '../queue/index.js';
import { Store } from '../store/index.js';
import { formatTable, truncate } from './table.js';

export interface StatusContext {
  redis: Redis;
  store: Store;
  queues: Queues;
  sources: Source[];
}

export interface QueueStatus {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Worker connections listening on the queue; undefined when Redis hides CLIENT LIST. */
  workers?: number;
}

export interface SourceStatus {
  id: string;
  status: SourceHealthStatus;
  reason: string;
  nextPollAt?: string;
  lastPollAt?: string;
  lastSuccessAt?: string;
  consecutiveFailures: number;
  items: number;
  lastError?: SourceState['lastError'];
  /** The source's backfill, in words and as stored; absent when it never had one. */
  backfill?: { summary: string; walk: WalkState };
}

export interface StatusReport {
  /** False when there is at least one problem (exit 1). */
  ok: boolean;
  checkedAt: string;
  queues: Record<QueueName, QueueStatus>;
  sources: SourceStatus[];
  redis: RedisInfo;
  items: number;
  problems: string[];
}

const CONNECT_TIMEOUT_MS = 3000;

/** A plain connection (no private server, no fitness check) plus store and queues on it. */
export async function openStatusContext(env: Env, config: Config): Promise<StatusContext & { close(): Promise<void> }> {
  const redis = new Redis(env.redisUrl, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new StartupError(`Redis at ${env.redisUrl} does not answer (${(err as Error).message}). Start it, or fix REDIS_URL.`);
  }
  const queues = createQueues(redis, env.keyPrefix);
  return {
    redis,
    store: new Store(redis, env.keyPrefix),
    queues,
    sources: config.sources,
    async close() {
      await queues.close();
      redis.disconnect();
    },
  };
}

async function queueStatus(queue: Queues[QueueName]): Promise<QueueStatus> {
  const counts = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed', 'completed');
  const status: QueueStatus = {
    waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
  };
  try {
    status.workers = await queue.getWorkersCount();
  } catch {
    // CLIENT LIST is disabled on some managed Redis services; the count is then unknown.
  }
  return status;
}

export async function collectStatus(ctx: StatusContext, now: Date = new Date()): Promise<StatusReport> {
  const ids = ctx.sources.map((s) => s.id);
  const [queueList, states, redis, items, walks] = await Promise.all([
    Promise.all(QUEUE_NAMES.map((name) => queueStatus(ctx.queues[name]))),
    ctx.store.listSourceStates(ids),
    readRedisInfo(ctx.redis),
    ctx.store.countItems(),
    ctx.store.listWalks(ids),
  ]);
  const sources = ctx.sources.map((source, i): SourceStatus => {
    const state = states[i]!;
    const health = sourceHealth(source, state, now);
    const walk = walks[i];
    return {
      id: source.id,
      ...health,
      lastPollAt: state.lastPollAt,
      lastSuccessAt: state.lastSuccessAt,
      consecutiveFailures: state.consecutiveFailures,
      items: state.itemsSeen,
      lastError: state.lastError,
      ...(walk ? { backfill: { summary: describeWalk(walk), walk } } : {}),
    };
  });
  const problems = [
    ...sources.filter((s) => isUnhealthy({ status: s.status, reason: s.reason })).map((s) => `source ${s.id} is ${s.status}: ${s.reason}`),
    ...redis.problems,
  ];
  return {
    ok: problems.length === 0,
    checkedAt: now.toISOString(),
    queues: Object.fromEntries(QUEUE_NAMES.map((name, i) => [name, queueList[i]!])) as Record<QueueName, QueueStatus>,
    sources,
    redis,
    items,
    problems,
  };
}

function ago(iso: string | undefined, now: Date): string {
  if (!iso) return 'never';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${formatDuration(now.getTime() - ms)} ago`;
}

export function formatStatus(report: StatusReport): string {
  const now = new Date(report.checkedAt);
  const queueRows = QUEUE_NAMES.map((name) => {
    const q = report.queues[name];
    return [name, q.waiting, q.active, q.delayed, q.failed, q.completed, q.workers ?? '?'].map(String);
  });
  const sourceRows = report.sources.map((s) => [
    s.id,
    s.status,
    ago(s.lastSuccessAt, now),
    String(s.consecutiveFailures),
    String(s.items),
    truncate(s.lastError?.message ?? '', 100),
  ]);
  const { redis } = report;
  const backfills = report.sources.flatMap((s) => (s.backfill ? [`  ${s.id}: ${s.backfill.summary}`] : []));
  const lines = [
    formatTable(['queue', 'waiting', 'active', 'delayed', 'failed', 'completed', 'workers'], queueRows, [1, 2, 3, 4, 5, 6]),
    '',
    formatTable(['source', 'health', 'last success', 'failures', 'items', 'last error'], sourceRows, [3, 4]),
    '',
    ...(backfills.length > 0 ? ['Backfills:', ...backfills, ''] : []),
    `${report.items} items stored.`,
    `Redis ${redis.version} · used memory ${redis.usedMemory ?? '?'} · maxmemory-policy ${redis.maxmemoryPolicy ?? 'unknown'}`,
    ...redis.notes.map((note) => `Note: ${note}`),
    '',
    ...(report.ok ? ['Status: ok'] : ['Problems:', ...report.problems.map((p) => `  - ${p}`), '', `Status: ${report.problems.length} problem(s)`]),
  ];
  return lines.join('\n') + '\n';
}

/** Prints the report (table or JSON) and returns the exit code: 0 healthy, 1 any problem. */
export async function runStatus(ctx: StatusContext, options: { out: Writable; json: boolean; now?: Date }): Promise<number> {
  const report = await collectStatus(ctx, options.now);
  options.out.write(options.json ? JSON.stringify(report, null, 2) + '\n' : formatStatus(report));
  return report.ok ? 0 : 1;
}
