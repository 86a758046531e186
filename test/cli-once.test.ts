import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease } from './helpers/hessen-site.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';

describe('hessenfeed once and export', () => {
  let site: FixtureServer;
  let dir: string;
  const prefix = uniquePrefix('cli');
  const releases = [1, 2, 3].map((n) => syntheticRelease(30 + n));
  let env: Record<string, string>;

  beforeAll(async () => {
    site = await startFixtureServer();
    const teasers = releases.map((r) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline }));
    site.route('/presse', listingPage(teasers));
    // The portal shows the same releases with tracking parameters: duplicates, not new items.
    site.route('/portal', listingPage(teasers.map((t) => ({ ...t, href: `${t.href}?utm_source=portal` }))));
    for (const r of releases) site.route(`/presse/${r.slug}`, releasePage(r));
    dir = mkdtempSync(join(tmpdir(), 'hf-cli-'));
    writeFileSync(
      join(dir, 'sources.yaml'),
      `sources:
  - id: staatskanzlei-presse
    name: Pressemitteilungen
    ministry: staatskanzlei
    url: ${site.origin}/presse
    type: listing
    profile: hessen-drupal
    max_pages: 1
  - id: portal-presse
    name: Portal
    url: ${site.origin}/portal
    type: listing
    profile: hessen-drupal
    max_pages: 1
  - id: kaputt
    name: Kaputte Quelle
    url: ${site.origin}/gibt-es-nicht
    type: listing
`,
    );
    env = {
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: prefix,
      SOURCES_FILE: join(dir, 'sources.yaml'),
      ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
      HOST_SPACING: '0',
    };
  });

  afterAll(async () => {
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
    const redis = connectRedis();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('polls every source once and prints a summary per source', async () => {
    const result = await runCli(['once'], env);
    expect(result.code).toBe(0);
    // stderr carries the JSON log; the only warnings are about the broken source.
    const logs = result.stderr.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: number; source_id?: string });
    expect(logs.filter((l) => l.level >= 40).map((l) => l.source_id)).toEqual(['kaputt']);
    const rows = Object.fromEntries(
      result.stdout
        .split('\n')
        .filter((line) => /^\S+\s+\d/.test(line))
        .map((line) => {
          const [id, ...numbers] = line.trim().split(/\s+/);
          return [id, numbers.map(Number)];
        }),
    );
    // entries, new, updated, duplicates, errors
    expect(rows['staatskanzlei-presse']).toEqual([3, expect.any(Number), 0, expect.any(Number), 0]);
    expect(rows['portal-presse']).toEqual([3, expect.any(Number), 0, expect.any(Number), 0]);
    expect(rows['staatskanzlei-presse']![1]! + rows['portal-presse']![1]!).toBe(3);
    expect(rows['staatskanzlei-presse']![3]! + rows['portal-presse']![3]!).toBe(3);
    expect(rows['kaputt']).toEqual([0, 0, 0, 0, 1]);
    expect(rows['total']).toEqual([6, 3, 0, 3, 1]);
    expect(result.stdout).toMatch(/kaputt: .*404/);
  });

  it('exports every stored item as one JSON object per line', async () => {
    const result = await runCli(['export', '--format', 'ndjson'], env);
    expect(result.code).toBe(0);
    const items = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { title: string; sources: string[] });
    expect(items.map((i) => i.title).sort()).toEqual(releases.map((r) => r.title).sort());
    for (const item of items) expect(item.sources.sort()).toEqual(['portal-presse', 'staatskanzlei-presse']);
  });

  it('rejects an unknown export format with a usage error', async () => {
    const result = await runCli(['export', '--format', 'csv'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format: "csv" is not supported; use --format ndjson');
  });
});

describe('hessenfeed once refuses to run', () => {
  it('on an invalid config, naming file, path and problem (exit 78)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-cli-bad-'));
    try {
      const file = join(dir, 'sources.yaml');
      writeFileSync(file, 'sources:\n  - id: a\n    name: A\n    url: https://soziales.hessen.de/presse\n    type: listing\n    interval: 15 mins\n');
      const result = await runCli(['once'], { REDIS_URL: TEST_REDIS_URL, SOURCES_FILE: file });
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(`${file}: sources[0].interval: "15 mins" is not a duration like 15m`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when Redis is unreachable, saying where it looked (exit 1)', async () => {
    const result = await runCli(['once'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Redis at redis://127.0.0.1:1 does not answer');
  });
});
