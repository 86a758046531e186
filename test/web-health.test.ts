/**
 * /healthz and /readyz of a process that runs the web server and all workers (`hessenfeed start`),
 * against a private redis-server this test starts, stops and starts again: readiness follows
 * Redis, and the workers pick up jobs again after the outage without a restart.
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
import type { JobDoneEvent, WorkerSet } from '../src/pipeline/workers.js';
import { enqueuePolls, pollSchedulerId, QUEUE_NAMES } from '../src/queue/index.js';
import { loadShippedConfig } from './helpers/config.js';
import { listingPage, releasePage, syntheticRelease } from './helpers/hessen-site.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { testSource } from './helpers/pipeline.js';
import { uniquePrefix } from './helpers/redis.js';
import { freePort, startRedisServer as startRedis, stopRedisServer as stopRedis, waitFor } from './helpers/redis-server.js';
import { httpGet } from './helpers/web.js';

interface Readyz {
  status: string;
  reasons?: string[];
  checks: Record<string, { ok: boolean; detail: string }>;
}

async function readyz(url: string): Promise<{ status: number; body: Readyz }> {
  const res = await httpGet(`${url}/readyz`);
  return { status: res.status, body: JSON.parse(res.text) as Readyz };
}

describe('/healthz and /readyz of a process with web server and workers', () => {
  const release = syntheticRelease(1);
  const SOURCE_ID = 'presse';
  const events: JobDoneEvent[] = [];
  let dir: string;
  let port: number;
  let redis: ChildProcess;
  let site: FixtureServer;
  let app: App;
  let workers: WorkerSet;
  let server: FastifyInstance;
  let url: string;

  const pollsDone = (): number => events.filter((e) => e.queue === 'poll' && e.ok && e.sourceId === SOURCE_ID).length;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hf-readyz-'));
    port = await freePort();
    redis = await startRedis(port, dir);
    site = await startFixtureServer();
    site.route('/presse', listingPage([{ href: `/presse/${release.slug}`, title: release.title, date: release.date, dateline: release.dateline }]));
    site.route(`/presse/${release.slug}`, releasePage(release));
    const source = testSource({ id: SOURCE_ID, url: `${site.origin}/presse`, maxPages: 1 });
    const env = loadEnv({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      KEY_PREFIX: uniquePrefix('readyz'),
      ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      HOST_SPACING: '0',
    });
    const shipped = await loadShippedConfig();
    app = await openApp(env, { sources: [source], ministries: shipped.ministries, profiles: shipped.profiles }, pino({ level: 'silent' }), {
      retry: { attempts: 2, backoffMs: 50 },
    });
    // As `hessenfeed start` does: schedulers, workers, then the web server.
    await app.reconcile();
    workers = app.startWorkers({ queues: QUEUE_NAMES, concurrency: 2, onJobDone: (e) => events.push(e) });
    server = await startWeb(app, { workers });
    url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await server?.close();
    await app?.close();
    if (redis) await stopRedis(redis);
    await site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is ready when Redis answers, the workers run and every source has a scheduler', async () => {
    await waitFor('the first scheduled poll', async () => (pollsDone() > 0 ? true : undefined));
    const { status, body } = await readyz(url);
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['redis', 'schedulers', 'workers']);
    expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
    const health = await httpGet(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
  });

  it('reports in /metrics the bytes its render and entry caches hold', async () => {
    await waitFor('the release in the store', async () => ((await app.store.countItems()) > 0 ? true : undefined));
    const cacheBytes = async (): Promise<Record<string, number>> => {
      const text = (await httpGet(`${url}/metrics`)).text;
      return Object.fromEntries([...text.matchAll(/^hessenfeed_cache_bytes\{cache="(\w+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
    };
    const feed = await httpGet(`${url}/feed.atom`);
    expect(feed.status).toBe(200);
    const bytes = await cacheBytes();
    // The feed is kept as it was sent (uncompressed: httpGet asks for no coding); one render keeps no entries.
    expect(bytes.renders).toBeGreaterThanOrEqual(Buffer.byteLength(feed.text));
    expect(bytes.entries).toBe(0);
  });

  it('is not ready while a source has no poll scheduler, and says which and what to run', async () => {
    await app.queues.poll.removeJobScheduler(pollSchedulerId(SOURCE_ID));
    const missing = await readyz(url);
    expect(missing.status).toBe(503);
    expect(missing.body.status).toBe('not ready');
    expect(missing.body.reasons).toHaveLength(1);
    expect(missing.body.reasons![0]).toContain('presse');
    expect(missing.body.reasons![0]).toContain('hessenfeed scheduler');
    await app.reconcile();
    expect((await readyz(url)).status).toBe(200);
  });

  it('is not ready once Redis is switched to evict keys at run time, and ready again when it is switched back', async () => {
    const admin = new Redis(port, '127.0.0.1');
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const evicting = await readyz(url);
      expect(evicting.status).toBe(503);
      expect(evicting.body.checks.redis?.ok).toBe(false);
      expect(evicting.body.reasons!.join(' ')).toMatch(/^redis: Redis uses maxmemory-policy "allkeys-lru".*noeviction/);
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      expect((await readyz(url)).status).toBe(200);
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      admin.disconnect();
    }
  });

  it('turns 503 naming Redis when Redis stops, 200 when it is back, and the workers work again on their own', async () => {
    await stopRedis(redis);
    const down = await waitFor('/readyz to notice Redis is down', async () => {
      const res = await readyz(url);
      return res.status === 503 ? res.body : undefined;
    });
    expect(down.status).toBe('not ready');
    expect(down.checks.redis?.ok).toBe(false);
    expect(down.reasons!.join(' ')).toMatch(/^redis: Redis /);
    // Liveness is not readiness: the process itself is fine and must not be restarted.
    expect((await httpGet(`${url}/healthz`)).status).toBe(200);

    redis = await startRedis(port, dir);
    const up = await waitFor('/readyz to be ready again', async () => {
      const res = await readyz(url);
      return res.status === 200 ? res.body : undefined;
    });
    expect(up.status).toBe('ready');

    const before = pollsDone();
    await enqueuePolls(app.queues.poll, [SOURCE_ID], 'manual');
    await waitFor('a poll processed after the outage', async () => (pollsDone() > before ? true : undefined));
    expect(workers.isRunning()).toBe(true);
  });

  it('is not ready once the workers of this process have stopped', async () => {
    await workers.close();
    const { status, body } = await readyz(url);
    expect(status).toBe(503);
    expect(body.checks.workers?.ok).toBe(false);
    expect(body.checks.redis?.ok).toBe(true);
    expect(body.reasons!.some((r) => r.startsWith('workers:'))).toBe(true);
  });
});
