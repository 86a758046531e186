import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, StartupError } from '../src/app/index.js';
import { loadEnv } from '../src/config/index.js';
import { Store } from '../src/store/index.js';
import type { StatusReport } from '../src/cli/status.js';
import { runCli } from './helpers/cli.js';
import { loadShippedConfig } from './helpers/config.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease } from './helpers/hessen-site.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';

function sourcesYaml(origin: string, withBroken: boolean): string {
  return `sources:
  - id: staatskanzlei-presse
    name: Pressemitteilungen
    ministry: staatskanzlei
    url: ${origin}/presse
    type: listing
    profile: hessen-drupal
    interval: 15m
    max_pages: 1
${
  withBroken
    ? `  - id: kaputt
    name: Kaputte Quelle
    url: ${origin}/gibt-es-nicht
    type: listing
`
    : ''
}`;
}

/** The rows of the source table: id → [health, …]. */
function sourceRows(stdout: string): Map<string, string[]> {
  const table = stdout.split('\n\n')[1] ?? '';
  return new Map(table.split('\n').slice(1).map((line) => {
    const [id, ...rest] = line.trim().split(/\s{2,}/);
    return [id!, rest];
  }));
}

describe('hessenfeed status', () => {
  let site: FixtureServer;
  let dir: string;
  const prefixes: string[] = [];
  const releases = [1, 2].map((n) => syntheticRelease(70 + n));

  const envFor = (prefix: string, file: string): Record<string, string> => ({
    REDIS_URL: TEST_REDIS_URL,
    KEY_PREFIX: prefix,
    SOURCES_FILE: file,
    ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
    HOST_SPACING: '0',
  });
  const newPrefix = (): string => {
    const prefix = uniquePrefix('status');
    prefixes.push(prefix);
    return prefix;
  };

  beforeAll(async () => {
    site = await startFixtureServer();
    site.route('/presse', listingPage(releases.map((r) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline }))));
    for (const r of releases) site.route(`/presse/${r.slug}`, releasePage(r));
    dir = mkdtempSync(join(tmpdir(), 'hf-status-'));
    writeFileSync(join(dir, 'both.yaml'), sourcesYaml(site.origin, true));
    writeFileSync(join(dir, 'good.yaml'), sourcesYaml(site.origin, false));
  });

  afterAll(async () => {
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
    const redis = connectRedis();
    for (const prefix of prefixes) await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('exits 0 for sources never polled yet, showing queues, sources and Redis', async () => {
    const result = await runCli(['status'], envFor(newPrefix(), join(dir, 'both.yaml')));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^queue\s+waiting\s+active\s+delayed\s+failed\s+completed\s+workers\n/);
    expect(result.stdout).toMatch(/^scrape\s+0\s+0\s+0\s+0\s+0/m);
    const rows = sourceRows(result.stdout);
    expect(rows.get('staatskanzlei-presse')?.[0]).toBe('new');
    expect(rows.get('kaputt')?.[0]).toBe('new');
    expect(result.stdout).toMatch(/^Redis \d+\.\d+\.\d+ · used memory \S+ · maxmemory-policy noeviction$/m);
    expect(result.stdout).toContain('Status: ok');
  }, 60_000);

  it('exits 1 once a source fails, naming it and its error; the working source is ok', async () => {
    const env = envFor(newPrefix(), join(dir, 'both.yaml'));
    expect((await runCli(['once'], env)).code).toBe(0);
    const result = await runCli(['status'], env);
    expect(result.code).toBe(1);
    const rows = sourceRows(result.stdout);
    // health, last success, failures, items, last error
    expect(rows.get('staatskanzlei-presse')?.slice(0, 4)).toEqual(['ok', expect.stringMatching(/^\d+s ago$/), '0', '2']);
    expect(rows.get('kaputt')?.slice(0, 4)).toEqual(['failing', 'never', '1', '0']);
    expect(rows.get('kaputt')?.[4]).toContain('404');
    expect(result.stdout).toMatch(/Problems:\n {2}- source kaputt is failing: .*404/);
    expect(result.stdout).toContain('2 items stored.');

    const json = await runCli(['status', '--json'], env);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as StatusReport;
    expect(report.ok).toBe(false);
    expect(report.items).toBe(2);
    expect(report.sources.map((s) => [s.id, s.status, s.items])).toEqual([
      ['staatskanzlei-presse', 'ok', 2],
      ['kaputt', 'failing', 0],
    ]);
    expect(report.sources[1]!.lastError?.message).toContain('404');
    expect(report.redis.maxmemoryPolicy).toBe('noeviction');
    expect(report.queues.poll).toMatchObject({ waiting: 0, active: 0, failed: 1 });
    expect(report.problems).toHaveLength(1);
  }, 120_000);

  it('exits 1 when a source has had no successful poll for three intervals (stale), 0 while it is recent', async () => {
    const prefix = newPrefix();
    const env = envFor(prefix, join(dir, 'good.yaml'));
    const redis = connectRedis();
    const store = new Store(redis, prefix);
    try {
      await store.recordPollSuccess('staatskanzlei-presse', { at: new Date(Date.now() - 10 * 60_000), entries: 2 });
      const recent = await runCli(['status'], env);
      expect(recent.code).toBe(0);
      expect(sourceRows(recent.stdout).get('staatskanzlei-presse')?.[0]).toBe('ok');

      await store.recordPollSuccess('staatskanzlei-presse', { at: new Date(Date.now() - 2 * 3600_000), entries: 2 });
      const stale = await runCli(['status'], env);
      expect(stale.code).toBe(1);
      expect(sourceRows(stale.stdout).get('staatskanzlei-presse')?.slice(0, 2)).toEqual(['stale', '2h ago']);
      expect(stale.stdout).toMatch(/- source staatskanzlei-presse is stale: no successful poll for 2h \(interval 15m\)/);
    } finally {
      redis.disconnect();
    }
  }, 90_000);

  describe('against a Redis that evicts keys', () => {
    let child: ChildProcess | undefined;
    let url = '';

    beforeAll(async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as { port: number };
          probe.close(() => resolve(port));
        });
      });
      url = `redis://127.0.0.1:${port}`;
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'], {
        stdio: 'ignore',
      });
      for (let i = 0; i < 100; i++) {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        const up = await probe.connect().then(() => true, () => false);
        probe.disconnect();
        if (up) return;
        await sleep(50);
      }
      throw new Error(`redis-server on ${url} did not start`);
    });

    afterAll(() => {
      child?.kill('SIGKILL');
    });

    it('still reports, and exits 1 saying how to fix the policy', async () => {
      const result = await runCli(['status'], { ...envFor('hf', join(dir, 'good.yaml')), REDIS_URL: url });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/maxmemory-policy allkeys-lru$/m);
      expect(sourceRows(result.stdout).get('staatskanzlei-presse')?.[0]).toBe('new');
      expect(result.stdout).toContain('- Redis uses maxmemory-policy "allkeys-lru"');
      expect(result.stdout).toContain('CONFIG SET maxmemory-policy noeviction');
    }, 60_000);

    it('is refused at start with the very problem status reports', async () => {
      const env = loadEnv({ REDIS_URL: url, KEY_PREFIX: newPrefix(), LOG_LEVEL: 'silent' });
      const started = openApp(env, await loadShippedConfig(), pino({ level: 'silent' }));
      await expect(started).rejects.toBeInstanceOf(StartupError);
      const message = await started.then(() => '', (err: Error) => err.message);
      expect(message).toMatch(/^Redis uses maxmemory-policy "allkeys-lru", but hessenfeed needs "noeviction": /);
      const status = await runCli(['status'], { ...envFor('hf', join(dir, 'good.yaml')), REDIS_URL: url });
      expect(status.stdout).toContain(`  - ${message}\n`);
    }, 60_000);
  });

  it('exits 1 when Redis does not answer, saying where it looked', async () => {
    const result = await runCli(['status'], { ...envFor('hf', join(dir, 'good.yaml')), REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Redis at redis://127.0.0.1:1 does not answer');
  }, 60_000);
});
