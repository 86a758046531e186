/**
 * The store version as a web process knows it without asking Redis on every request: a
 * subscription to the channel every change is announced on (`<prefix>:changes`, published by the
 * commit scripts with the new version), and a periodic read of the version key as the fallback
 * for a subscription that is down or lost a message (Redis restarted, network trouble). A change
 * is therefore seen within `intervalMs` at the latest, usually within a millisecond.
 */
import type { Redis } from 'ioredis';
import type { StoreKeys } from './keys.js';

export interface VersionWatchOptions {
  /** How often the version key is read as a fallback. @defaultValue 250 */
  intervalMs?: number;
  /** A second connection for the subscription (a subscribed connection can run nothing else); none: the periodic read alone. */
  subscriber?: Redis;
  /** Clock for `changedAt`. @defaultValue Date.now */
  now?: () => number;
}

export interface StoreVersionWatch {
  /** The newest version seen. */
  readonly current: number;
  /** When `current` was first seen (ms, `now`). */
  readonly changedAt: number;
  /** Reads the version key now (start-up, and whoever must not wait for the next read). */
  check(): Promise<number>;
  /** Calls `listener` with each new version as it is seen. */
  onChange(listener: (version: number) => void): void;
  close(): Promise<void>;
}

export async function watchStoreVersion(redis: Redis, keys: StoreKeys, options: VersionWatchOptions = {}): Promise<StoreVersionWatch> {
  const now = options.now ?? Date.now;
  let current = -1;
  let changedAt = now();
  const listeners: ((version: number) => void)[] = [];
  const see = (version: number): number => {
    // Versions only grow (a restore moves them past the old ones); an old message changes nothing.
    if (Number.isFinite(version) && version > current) {
      const first = current === -1;
      current = version;
      changedAt = now();
      if (!first) for (const listener of listeners) listener(version);
    }
    return current;
  };
  const check = async (): Promise<number> => see(Number((await redis.get(keys.version)) ?? 0));
  await check();
  const timer = setInterval(() => void check().catch(() => undefined), options.intervalMs ?? 250);
  timer.unref();

  const subscriber = options.subscriber;
  if (subscriber) {
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === keys.changes) see(Number(message));
    });
    // After a reconnect the subscription is renewed by ioredis; what was missed meanwhile is read.
    subscriber.on('ready', () => void check().catch(() => undefined));
    await subscriber.subscribe(keys.changes);
  }

  return {
    get current() {
      return current;
    },
    get changedAt() {
      return changedAt;
    },
    check,
    onChange(listener) {
      listeners.push(listener);
    },
    async close() {
      clearInterval(timer);
      if (subscriber) await subscriber.unsubscribe(keys.changes).catch(() => undefined);
    },
  };
}
