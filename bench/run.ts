/**
 * `npm run bench`: every part, one after the other. `npm run bench -- ingest` (or
 * `BENCH_PARTS=ingest npm run bench`) runs only the parts named, comma- or space-separated:
 *
 *   feeds   how fast the store ingests and the HTTP server serves feeds (this file, below);
 *   ingest  `hessenfeed once` over generated loopback sites against a bare fetch + cheerio loop,
 *           and under the default politeness against its bound (bench/ingest.ts);
 *   search  word search `q` from the word index and Redis bytes per release at 10k and 50k
 *           releases (bench/search.ts).
 *   serve   the real `hessenfeed web` process under wrk against a bare Node server sending the
 *           same bytes, also while workers ingest (bench/serve.ts).
 *
 * The feeds part measures against the real Redis at REDIS_URL (default 127.0.0.1:6379) under
 * throwaway key prefixes that are deleted at the end. Numbers depend on the machine, so the table
 * starts with what it ran on.
 *
 * (a) ingest: BENCH_ITEMS (default 2000) generated releases through Store.ingest, one at a time
 *     and 8 at once (the dedupe checks and the Lua commit are the work measured);
 * (b) feeds: a real listening server over those items — the first render, a render after the
 *     store changed (cache invalidated), and cached answers per second over keep-alive;
 * (c) a filtered feed (tag + words), rendered after invalidation.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from '../src/config/index.js';
import type { Article } from '../src/model/index.js';
import { FeedService } from '../src/publish/index.js';
import { Store } from '../src/store/index.js';
import { buildServer } from '../src/web/index.js';
import { runIngestBench } from './ingest.js';
import { runSearchBench } from './search.js';
import { deletePrefix } from './ingest-subject.js';
import { benchArticle, FEEDS_SHAPE, ingestAll } from './releases.js';
import { runServeBench } from './serve.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ITEMS = Number(process.env.BENCH_ITEMS ?? 2000);
const SEQUENTIAL_REQUESTS = 2000;
const RENDER_RUNS = 20;

interface Row {
  what: string;
  result: string;
}

const rows: Row[] = [];
function record(what: string, result: string): void {
  rows.push({ what, result });
  console.error(`  ${what}: ${result}`);
}

interface Answer {
  status: number;
  bytes: number;
}

function get(agent: Agent, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function timedGet(agent: Agent, url: string, headers?: Record<string, string>): Promise<{ ms: number; answer: Answer }> {
  const started = performance.now();
  const answer = await get(agent, url, headers);
  if (answer.status !== 200) throw new Error(`GET ${url}: ${answer.status}`);
  return { ms: performance.now() - started, answer };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const perSecond = (count: number, elapsedMs: number): string => `${Math.round((count / elapsedMs) * 1000).toLocaleString('en')}/s`;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

async function benchIngest(redis: Redis, prefixes: string[], articles: Article[]): Promise<Store> {
  console.error(`(a) ingest of ${articles.length} releases`);
  let store: Store | undefined;
  for (const concurrency of [1, 8]) {
    const prefix = `hf-bench-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    store = new Store(redis, prefix);
    const elapsed = await ingestAll(store, (i) => articles[i]!, articles.length, concurrency);
    const stored = await store.countItems();
    if (stored !== articles.length) throw new Error(`expected ${articles.length} items, the store holds ${stored}`);
    record(`ingest, concurrency ${concurrency}`, `${perSecond(articles.length, elapsed)} (${articles.length} in ${(elapsed / 1000).toFixed(1)} s)`);
  }
  return store!;
}

async function benchFeeds(redis: Redis, store: Store): Promise<void> {
  console.error(`(b) feeds over ${await store.countItems()} items, (c) filtered feeds`);
  const config = await loadConfig({ sourcesFile: 'config/sources.yaml', ministriesFile: 'config/ministries.yaml', profilesFile: 'config/profiles.yaml' });
  const feeds = new FeedService(store, { ministries: config.ministries, generator: { name: 'hessenfeed', version: 'bench' } });
  const server = await buildServer({ env: {}, config, store, feeds, log: pino({ level: 'silent' }), version: 'bench' });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  const one = new Agent({ keepAlive: true, maxSockets: 1 });
  const many = new Agent({ keepAlive: true, maxSockets: 16 });
  const invalidate = async (): Promise<void> => void (await redis.incr(store.keys.version));
  try {
    const first50 = await timedGet(one, `${base}/feed.atom`);
    record('first render /feed.atom (50 entries, cold process)', `${ms(first50.ms)}, ${kib(first50.answer.bytes)}`);
    const first200 = await timedGet(one, `${base}/feed.atom?limit=200`);
    record('first render /feed.atom?limit=200', `${ms(first200.ms)}, ${kib(first200.answer.bytes)}`);

    for (const [label, path] of [
      ['render after invalidation, 50 entries', '/feed.atom'],
      ['render after invalidation, 200 entries', '/feed.atom?limit=200'],
      ['render after invalidation, ministry feed', '/ministries/soziales.atom'],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < RENDER_RUNS; i++) {
        await invalidate();
        times.push((await timedGet(one, base + path)).ms);
      }
      record(`${label} (median of ${RENDER_RUNS})`, ms(median(times)));
    }

    const gzipped = await timedGet(one, `${base}/feed.atom`, { 'accept-encoding': 'gzip' });
    for (const [label, headers] of [
      ['identity', {}],
      ['gzip', { 'accept-encoding': 'gzip' }],
    ] as const) {
      await get(one, `${base}/feed.atom`, headers);
      const started = performance.now();
      for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) await get(one, `${base}/feed.atom`, headers);
      record(`cached /feed.atom, ${SEQUENTIAL_REQUESTS} sequential keep-alive requests, ${label}`, perSecond(SEQUENTIAL_REQUESTS, performance.now() - started));
    }
    const started = performance.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < SEQUENTIAL_REQUESTS * 2) {
          sent += 1;
          await get(many, `${base}/feed.atom`, { 'accept-encoding': 'gzip' });
        }
      }),
    );
    record(`cached /feed.atom, 16 connections, gzip (${kib(gzipped.answer.bytes)} each)`, perSecond(SEQUENTIAL_REQUESTS * 2, performance.now() - started));

    const tags = await store.listTags();
    const tag = tags[Math.floor(tags.length / 2)]!;
    for (const [label, path] of [
      [`tag + q (tag of ${tag.count} items, q matching 1 in ${FEEDS_SHAPE.rareEvery})`, `/feed.atom?tag=${tag.slug}&q=windpark`],
      [`q only, matching 1 in ${FEEDS_SHAPE.rareEvery}: every item searched`, '/feed.atom?q=windpark'],
      ['tag only', `/feed.atom?tag=${tag.slug}`],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < RENDER_RUNS; i++) {
        await invalidate();
        times.push((await timedGet(one, base + path)).ms);
      }
      const entries = (await store.query({ ...queryOf(path), limit: 50 })).items.length;
      record(`filtered render, ${label} (median of ${RENDER_RUNS})`, `${ms(median(times))}, ${entries} entries`);
    }
  } finally {
    one.destroy();
    many.destroy();
    await server.close();
  }
}

/** The store filter a feed path asks for (tag and q only; enough for the paths above). */
function queryOf(path: string): { tags?: string[]; q?: string } {
  const params = new URL(path, 'http://x').searchParams;
  const tag = params.get('tag');
  const q = params.get('q');
  return { ...(tag ? { tags: [tag] } : {}), ...(q ? { q } : {}) };
}

function printTable(machine: string): void {
  const width = Math.max(...rows.map((row) => row.what.length));
  const line = (row: Row): string => `| ${row.what.padEnd(width)} | ${row.result} |`;
  console.log(['', machine, '', `| ${'measurement'.padEnd(width)} | result |`, `| ${'-'.repeat(width)} | --- |`, ...rows.map(line)].join('\n'));
}

async function main(): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefixes: string[] = [];
  try {
    const server = await redis.info('server');
    const machine =
      `Node.js ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} · ${(totalmem() / 1024 ** 3).toFixed(1)} GiB · ` +
      `Redis ${/redis_version:(\S+)/.exec(server)?.[1] ?? '?'} at ${REDIS_URL}`;
    console.error(machine);
    const articles = Array.from({ length: ITEMS }, (_, i) => benchArticle(i));
    const store = await benchIngest(redis, prefixes, articles);
    await benchFeeds(redis, store);
    printTable(machine);
  } finally {
    for (const prefix of prefixes) await deletePrefix(redis, prefix);
    redis.disconnect();
  }
}

const PARTS: Record<string, () => Promise<void>> = {
  feeds: main,
  ingest: runIngestBench,
  search: runSearchBench,
  serve: runServeBench,
};

/** The parts asked for, in the order of PARTS; all of them when none is named. */
function selectParts(args: string[], fromEnv: string | undefined): string[] {
  const named = [...args, ...(fromEnv ?? '').split(/[\s,]+/)].filter((name) => name !== '');
  const unknown = named.filter((name) => !Object.hasOwn(PARTS, name));
  if (unknown.length > 0) {
    throw new Error(`unknown bench part ${unknown.map((name) => `"${name}"`).join(', ')}; parts: ${Object.keys(PARTS).join(', ')}`);
  }
  return Object.keys(PARTS).filter((name) => named.length === 0 || named.includes(name));
}

for (const part of selectParts(process.argv.slice(2), process.env.BENCH_PARTS)) {
  console.error(`\n== bench part: ${part} ==`);
  await PARTS[part]!();
}
