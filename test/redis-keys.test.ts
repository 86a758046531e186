/**
 * docs/redis-keys.md lists every Redis key hessenfeed writes. A small real pipeline (poll, scrape,
 * ingest, backfill, metrics, queues) and a poll through a host gate with spacing run under one prefix; every
 * key found there must match a row of the table, so a new key fails here until it is documented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app/index.js';
import { pollSource } from '../src/pipeline/index.js';
import { PROJECT_ROOT } from './helpers/cli.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { listingPage, releasePage, syntheticRelease } from './helpers/hessen-site.js';
import { startTestPipeline, testSource, type TestPipeline } from './helpers/pipeline.js';

interface KeyRow {
  pattern: string;
  type: string;
  owner: string;
  regex: RegExp;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The rows of the table in docs/redis-keys.md, each pattern as a regular expression for `prefix`. */
function readKeyTable(prefix: string): KeyRow[] {
  const markdown = readFileSync(join(PROJECT_ROOT, 'docs/redis-keys.md'), 'utf8');
  const rows = markdown.split('\n').filter((line) => /^\|\s*`/.test(line));
  return rows.map((line) => {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    const pattern = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (!pattern) throw new Error(`docs/redis-keys.md: a row without a pattern: ${line}`);
    const source = pattern
      .split(/(<[^>]+>|\*)/)
      .map((part) => {
        if (part === '<prefix>') return escapeRegex(prefix);
        if (part === '<host>') return '(?:\\[[0-9a-f:.]+\\]|[^:]+)';
        if (/^<[^>]+>$/.test(part)) return '[^:]+';
        if (part === '*') return '.*';
        return escapeRegex(part);
      })
      .join('');
    return { pattern, type: cells[1] ?? '', owner: cells[2] ?? '', regex: new RegExp(`^${source}$`) };
  });
}

async function scanPrefix(app: App, prefix: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await app.connection.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) found.add(key);
  } while (cursor !== '0');
  return [...found].sort();
}

describe('the Redis key table (docs/redis-keys.md)', () => {
  let site: FixtureServer;
  let pipeline: TestPipeline;
  let spaced: App;
  let keys: string[];
  let table: KeyRow[];
  let releaseHeldSlot: () => Promise<void>;

  beforeAll(async () => {
    const releases = [1, 2, 3].map((n) => syntheticRelease(40 + n));
    site = await startFixtureServer();
    site.route('/presse', listingPage(releases.map((r) => ({ href: `/presse/${r.slug}`, title: r.title, date: r.date, dateline: r.dateline }))));
    for (const r of releases) site.route(`/presse/${r.slug}`, releasePage(r));
    pipeline = await startTestPipeline({ sources: [testSource({ id: 'keys', url: `${site.origin}/presse` })] });
    await pipeline.pollAll();
    // A backfill of the listing leaves its walk.
    expect(await pipeline.backfill('keys')).toMatchObject({ status: 'done' });
    // The test pipeline runs without host spacing; a worker with spacing leaves the gate's keys.
    spaced = await openApp({ ...pipeline.app.env, hostSpacingMs: 60_000 }, pipeline.app.config, pino({ level: 'silent' }));
    expect(await pollSource(spaced.deps, { sourceId: 'keys', trigger: 'manual' })).toMatchObject({ status: 'polled' });
    // A slot held on another host while the keys are read: its lease is there too.
    releaseHeldSlot = await spaced.deps.gate.acquire('lease-held.example');
    // Metrics reach Redis within a second; added now, they are there to be read.
    await pipeline.app.metrics.flush();
    keys = await scanPrefix(pipeline.app, pipeline.prefix);
    table = readKeyTable(pipeline.prefix);
  });

  afterAll(async () => {
    await releaseHeldSlot?.();
    await spaced?.close();
    await pipeline?.close();
    await site?.close();
  });

  it('has a pattern, a type and an owner in every row', () => {
    expect(table.length).toBeGreaterThan(20);
    for (const row of table) {
      expect(row.type, row.pattern).not.toBe('');
      expect(row.owner, row.pattern).not.toBe('');
      expect(row.pattern.startsWith('<prefix>:'), row.pattern).toBe(true);
    }
  });

  it('documents every key the pipeline, the host gate, the metrics and the queues wrote', () => {
    const undocumented = keys.filter((key) => !table.some((row) => row.regex.test(key)));
    expect(undocumented).toEqual([]);
  });

  it('was checked against keys of every owner, so the rows that matched are real', () => {
    const matched = new Set(keys.flatMap((key) => table.filter((row) => row.regex.test(key)).map((row) => row.pattern)));
    expect([...matched]).toEqual(
      expect.arrayContaining([
        '<prefix>:item:<id>',
        '<prefix>:url:<sha1>',
        '<prefix>:band:<band>:<bits>',
        '<prefix>:all',
        '<prefix>:tag:<slug>',
        '<prefix>:version',
        '<prefix>:src:<source>',
        '<prefix>:src:<source>:items',
        '<prefix>:page:<sha1>',
        '<prefix>:seen:<sha1>',
        '<prefix>:walk:<source>',
        '<prefix>:host:<host>:leases',
        '<prefix>:host:<host>:next',
        '<prefix>:metrics:fetch',
        '<prefix>:metrics:extract',
        '<prefix>:metrics:jobs',
        '<prefix>:q:*',
      ]),
    );
  });
});
