/**
 * /healthz and /readyz of a process that runs the web server and all workers (`hessenfeed start`),
 * against a private redis-server this test starts, stops and starts again: readiness follows
 * Redis, and the workers pick up jobs again after the outage without a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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
import { httpGet } from './helpers/web.js';

/** The redis-server program (CI installs it; `npm start` uses the same one). */
const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'].find((p) => existsSync(p)) ?? 'redis-server';

interface Readyz {
  status: string;
  reasons?: string[];
  checks: Record<string, { ok: boolean; detail: string }>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` every 100 ms until it returns a value, or fails after `limitMs` naming `what`. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, limitMs = 20_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A throwaway redis-server. Its data survives a restart (append-only file in `dir`), as with the
 * persistent Redis of a real deployment: the poll schedulers must still be there afterwards.
 */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'], {
    stdio: 'ignore',
  });
  await waitFor('the private redis-server to answer', async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG' ? true : undefined;
    } catch {
      return undefined;
    } finally {
      probe.disconnect();
    }
  });
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
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
