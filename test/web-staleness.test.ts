/**
 * The web process learns of store changes without a Redis round trip per request, and still
 * never serves a feed stale for more than a second after a change: with its subscription, with
 * the subscription cut (the periodic read takes over), and after Redis restarted.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startWeb, type App } from '../src/app/index.js';
import { loadEnv } from '../src/config/index.js';
import { loadShippedConfig } from './helpers/config.js';
import { freePort, startRedisServer, stopRedisServer } from './helpers/redis-server.js';
import { uniquePrefix } from './helpers/redis.js';
import { httpGet } from './helpers/web.js';
import { corpusArticle, CORPUS } from './web-corpus.js';

/** The bound the issue sets: nothing stale for more than this after a change. */
const STALE_BOUND_MS = 1000;

describe('how soon a change reaches the feeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-stale-'));
  let port: number;
  let redis: ChildProcess;
  let app: App;
  let server: FastifyInstance;
  let url: string;
  let next = 0;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedisServer(port, dir);
    const env = loadEnv({ REDIS_URL: `redis://127.0.0.1:${port}`, KEY_PREFIX: uniquePrefix('stale'), LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' });
    app = await openApp(env, await loadShippedConfig(), pino({ level: 'silent' }));
    server = await startWeb(app);
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    await ingestNext();
  });

  afterAll(async () => {
    await server?.close();
    await app?.close();
    if (redis) await stopRedisServer(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  async function ingestNext(): Promise<string> {
    const article = corpusArticle(CORPUS[next]!, next);
    next += 1;
    await app.store.ingest(article, 'portal-presse');
    return article.title;
  }

  /** Ingests a release into a store whose feed is cached and measures when the feed first shows it. */
  async function msUntilShown(): Promise<number> {
    expect((await httpGet(`${url}/feed.json`)).status).toBe(200);
    const title = await ingestNext();
    const changed = performance.now();
    for (;;) {
      const feed = JSON.parse((await httpGet(`${url}/feed.json`)).text) as { items: { title: string }[] };
      const elapsed = performance.now() - changed;
      if (feed.items.some((item) => item.title === title)) return elapsed;
      if (elapsed > 5 * STALE_BOUND_MS) return elapsed;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('shows a change within a second, announced over the subscription', async () => {
    expect(await msUntilShown()).toBeLessThan(STALE_BOUND_MS);
  });

  it('shows a change within a second when the subscription was cut, by its periodic read', async () => {
    const admin = new Redis(port, '127.0.0.1');
    try {
      // Every subscribed connection goes; ioredis reconnects it, the periodic read covers the gap.
      await admin.client('KILL', 'TYPE', 'pubsub');
      expect(await msUntilShown()).toBeLessThan(STALE_BOUND_MS);
    } finally {
      admin.disconnect();
    }
  });

  it('shows a change within a second after Redis restarted', async () => {
    await stopRedisServer(redis);
    redis = await startRedisServer(port, dir);
    // The app's connections come back by themselves; the first ingest waits for them.
    expect(await msUntilShown()).toBeLessThan(STALE_BOUND_MS);
  });

  it('answers a cached feed without asking Redis', async () => {
    await httpGet(`${url}/feed.atom`);
    const admin = new Redis(port, '127.0.0.1');
    try {
      await admin.config('RESETSTAT');
      for (let i = 0; i < 20; i++) expect((await httpGet(`${url}/feed.atom`)).status).toBe(200);
      const stats = await admin.info('commandstats');
      // GETs of the version key happen only on the periodic read, not per request.
      const gets = Number(/cmdstat_get:calls=(\d+)/.exec(stats)?.[1] ?? 0);
      expect(gets).toBeLessThan(10);
    } finally {
      admin.disconnect();
    }
  });
});
