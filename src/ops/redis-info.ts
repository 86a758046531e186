/**
 * What an operator needs to know about the Redis that holds queues and store: version, memory,
 * eviction policy, and whether it is fit for hessenfeed (6.2 or newer, `noeviction`). The one
 * fitness check: `hessenfeed status` reports its problems, the start-up (src/app/redis.ts)
 * refuses to run when there are any.
 */
import type { Redis } from 'ioredis';

export const MIN_REDIS_VERSION = [6, 2] as const;

export interface RedisInfo {
  version: string;
  /** INFO memory `used_memory_human`, e.g. "1.23M". */
  usedMemory?: string;
  /** Undefined when CONFIG is disabled (common on managed Redis). */
  maxmemoryPolicy?: string;
  /** Each problem as one sentence that says how to fix it; empty when healthy. */
  problems: string[];
  /** Things worth knowing that are not problems. */
  notes: string[];
}

function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:([^\\r\\n]*)`, 'm').exec(info)?.[1]?.trim();
}

/** True when `version` ("7.0.15") is at least `min` ([6, 2]). */
export function isVersionAtLeast(version: string, min: readonly number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < min.length; i++) {
    const have = parts[i] ?? 0;
    const want = min[i] ?? 0;
    if (Number.isNaN(have)) return false;
    if (have !== want) return have > want;
  }
  return true;
}

/** The problems of a Redis with this version and policy (policy undefined = could not be read). */
export function redisProblems(version: string, policy: string | undefined): string[] {
  const problems: string[] = [];
  if (!isVersionAtLeast(version, MIN_REDIS_VERSION)) {
    problems.push(`Redis ${version} is too old: hessenfeed needs Redis ${MIN_REDIS_VERSION.join('.')} or newer (BullMQ requires it).`);
  }
  if (policy !== undefined && policy !== 'noeviction') {
    problems.push(
      `Redis uses maxmemory-policy "${policy}", but hessenfeed needs "noeviction": evicted keys would lose queued jobs and stored releases. ` +
        'Set `maxmemory-policy noeviction` in redis.conf (or run `redis-cli CONFIG SET maxmemory-policy noeviction`).',
    );
  }
  return problems;
}

export async function readRedisInfo(redis: Redis): Promise<RedisInfo> {
  const [server, memory] = await Promise.all([redis.info('server'), redis.info('memory')]);
  const version = infoField(server, 'redis_version') ?? '0';
  const notes: string[] = [];
  let policy: string | undefined;
  try {
    policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1];
  } catch {
    // Managed Redis services often disable CONFIG; say so and go on.
    notes.push('maxmemory-policy could not be read (CONFIG is disabled); make sure it is noeviction.');
  }
  return {
    version,
    usedMemory: infoField(memory, 'used_memory_human'),
    maxmemoryPolicy: policy,
    problems: redisProblems(version, policy),
    notes,
  };
}
