/**
 * The connections the app opens (src/app/redis.ts) take a subscription at any moment of their
 * handshake without an error: the web process subscribes to the store's change announcements
 * while its connection is still connecting (ioredis #2037: with CLIENT SETINFO at connect, about
 * one such subscription in five made the ready check fail and the connection start again).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedis, type RedisHandle } from '../src/app/redis.js';
import { TEST_REDIS_URL } from './helpers/redis.js';

describe('a connection of the app that subscribes while it connects', () => {
  let handle: RedisHandle;
  beforeAll(async () => {
    handle = await openRedis({ url: TEST_REDIS_URL, explicit: true, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await handle.stop();
  });

  it('subscribes without an error or a reconnect, whenever during the handshake it asks', async () => {
    const problems: string[] = [];
    for (let i = 0; i < 40; i++) {
      const redis = handle.connect();
      redis.on('error', (err: Error) => problems.push(err.message));
      let connects = 0;
      redis.on('connect', () => (connects += 1));
      // From at once to a few milliseconds in: the handshake's commands are on the wire meanwhile.
      await new Promise((resolve) => setTimeout(resolve, (i % 10) / 2));
      await redis.subscribe('hft-handshake');
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(connects).toBe(1);
      redis.disconnect();
    }
    expect(problems).toEqual([]);
  });
});
