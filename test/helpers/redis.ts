import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The real Redis every test talks to (CI starts one; see .ci/run). Database 15 rather than 0, so
 * that the keys a service or a benchmark keeps in database 0 (a 50,000-release store is millions
 * of keys) never slow down the SCAN in deletePrefix below: each database is scanned on its own.
 */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';

/** A fresh key prefix per test so tests never see each other's data. */
export function uniquePrefix(label = 't'): string {
  return `hft-${label}-${randomBytes(5).toString('hex')}`;
}

/** A connection as the app's RedisHandle makes them (see src/app/redis.ts for disableClientInfo). */
export function connectRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null, disableClientInfo: true });
}

/** Deletes every key under `prefix` (queues and store alike). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
