/**
 * What `/readyz` checks: can this process do its job right now? Each check is small and bounded
 * in time, so a dead Redis makes the probe answer "not ready" in about a second instead of
 * hanging until the orchestrator's probe times out.
 *
 * - redis:      the connection is up, answers PING (within `timeoutMs`) and is fit: version and
 *               eviction policy, read again every time (a policy switched at run time shows).
 * - workers:    the workers this process started are running (only in processes that run any).
 * - schedulers: every configured source has its poll job scheduler in Redis. Checked in every
 *               process that serves HTTP, the `web` role included: the schedulers live in Redis,
 *               not in a process, and without them the feeds silently stop getting new releases.
 *               Skipped while Redis is down (its answer would only repeat that).
 */
import type { Redis } from 'ioredis';
import type { Source } from '../model/index.js';
import { readRedisInfo } from '../ops/index.js';
import { pollSchedulerId, type Queues } from '../queue/index.js';

export interface ReadinessCheck {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  /** One sentence per failed check, naming what is wrong and what to do. */
  reasons: string[];
  checks: Record<string, ReadinessCheck>;
}

export interface ReadinessDeps {
  redis?: Redis;
  queues?: Queues;
  workers?: { isRunning(): boolean };
  sources: readonly Pick<Source, 'id'>[];
  /** How long Redis may take to answer. @defaultValue 1000 */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 1000;
/** Missing schedulers named in a reason; the rest are counted. */
const NAMED_AT_MOST = 5;

class Timeout extends Error {}

/** `promise`, or a Timeout after `ms`; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function checkRedis(redis: Redis, timeoutMs: number): Promise<ReadinessCheck> {
  // A disconnected client would queue the PING until Redis is back; say so at once instead.
  if (redis.status !== 'ready') {
    return { ok: false, detail: `Redis is not connected (connection ${redis.status}); start Redis or check REDIS_URL` };
  }
  try {
    const started = Date.now();
    await within(redis.ping(), timeoutMs);
    const elapsed = Date.now() - started;
    // Checked again on every probe: an operator can switch the eviction policy at run time.
    const { problems } = await within(readRedisInfo(redis), timeoutMs);
    if (problems.length > 0) return { ok: false, detail: problems.join(' ') };
    return { ok: true, detail: `Redis answered PING in ${elapsed} ms and is fit (noeviction)` };
  } catch (err) {
    if (err instanceof Timeout) return { ok: false, detail: `Redis did not answer PING within ${timeoutMs} ms` };
    return { ok: false, detail: `Redis PING failed: ${describe(err)}` };
  }
}

function checkWorkers(workers: { isRunning(): boolean }): ReadinessCheck {
  return workers.isRunning()
    ? { ok: true, detail: "this process's workers are running" }
    : { ok: false, detail: "this process's workers are not running (closed or failed to start); see the log and restart the process" };
}

async function checkSchedulers(queues: Queues, sources: readonly Pick<Source, 'id'>[], timeoutMs: number): Promise<ReadinessCheck> {
  let present: Set<string>;
  try {
    const schedulers = await within(queues.poll.getJobSchedulers(0, -1), timeoutMs);
    present = new Set(schedulers.map((s) => s.key));
  } catch (err) {
    const why = err instanceof Timeout ? `Redis did not answer within ${timeoutMs} ms` : describe(err);
    return { ok: false, detail: `could not read the job schedulers: ${why}` };
  }
  const missing = sources.map((s) => s.id).filter((id) => !present.has(pollSchedulerId(id)));
  if (missing.length === 0) return { ok: true, detail: `all ${sources.length} sources have a poll scheduler` };
  const named = missing.slice(0, NAMED_AT_MOST).join(', ');
  const more = missing.length > NAMED_AT_MOST ? ` and ${missing.length - NAMED_AT_MOST} more` : '';
  return {
    ok: false,
    detail:
      `${missing.length} of ${sources.length} sources have no poll scheduler (${named}${more}), so they are never polled; ` +
      'run `hessenfeed scheduler` or `hessenfeed start` with the same REDIS_URL and KEY_PREFIX',
  };
}

export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const checks: Record<string, ReadinessCheck> = {};
  if (deps.redis) checks.redis = await checkRedis(deps.redis, timeoutMs);
  if (deps.workers) checks.workers = checkWorkers(deps.workers);
  if (deps.queues) {
    checks.schedulers =
      checks.redis?.ok === false
        ? { ok: false, detail: 'not checked while Redis is unavailable' }
        : await checkSchedulers(deps.queues, deps.sources, timeoutMs);
  }
  const failed = Object.entries(checks).filter(([, check]) => !check.ok);
  // The scheduler check only echoes a Redis outage; one reason for one cause.
  const reasons = failed
    .filter(([name]) => !(name === 'schedulers' && checks.redis?.ok === false))
    .map(([name, check]) => `${name}: ${check.detail}`);
  return { ready: failed.length === 0, reasons, checks };
}
