/**
 * The `serve` part of `npm run bench` (issue 11): the real `hessenfeed web` process, started from
 * the built bin in a child process, over a generated store of BENCH_SERVE_RELEASES releases
 * (default 10,000; 4.4 kB of text each, 12 ministries, 300 Schlagworte of Zipf-like popularity)
 * in the real Redis under a throwaway prefix, side by side with a bare Node `http` server (also
 * a child) that sends the very same bytes and headers, fetched from hessenfeed first. The load
 * comes from wrk in a process of its own (bench/serve-wrk.ts; `apt-get install -y wrk`).
 * Runs alternate between the two servers, so a busy moment of the shared machine hits both; for
 * (a) and (b) each run starts both anew, so that their medians are ones over starts.
 *
 * (a) cached `/feed.atom?tag=integration&ministry=soziales` (50 entries, gzip): req/s with 32
 *     connections, then p99 at half of hessenfeed's rate in that run, same rate for both;
 * (b) 304 revalidation (If-None-Match with the feed's ETag): req/s;
 * (c) uncached renders of that feed and of `/feed.atom?limit=200`: each request names another
 *     Host, so it finds no render to reuse (the cache key holds the base URL) and waits for its
 *     own, compression included;
 * (d) while `hessenfeed once` ingests new releases at full speed (HOST_SPACING=0) from generated
 *     loopback sites (bench/ingest-server.ts, a child process): feed p99 over 20 feeds and
 *     `/healthz` p99, each at 200 req/s;
 * (e) the web process's resident memory during BENCH_SERVE_RSS_SECONDS (default 60) of load over
 *     500 distinct feeds, against the bare server holding the same 500 answers, sampled every
 *     second: the median of the last minute's samples (of the second half's in a shorter run),
 *     which is what "after 5 minutes" reads, and the highest sample.
 *
 * BENCH_SERVE_LONG=1 runs (e) alone, as the goal states it: a 50,000-release store and five
 * minutes (the other rows are the default run's, over 10,000).
 * Settings: BENCH_SERVE_RELEASES, BENCH_RUNS (default 3), BENCH_SERVE_SECONDS (per wrk run,
 * default 10), BENCH_SERVE_RSS_SECONDS, BENCH_SERVE_INGEST_SECONDS (window of (d), default 15),
 * BENCH_SERVE_PROFILE=<dir> (the web child writes a V8 CPU profile there: `node --cpu-prof`),
 * BENCH_SERVE_NODE_ARGS (options for the web child's node, e.g. V8 heap flags to try),
 * BENCH_SERVE_PARTS (which of a–e to run, comma- or space-separated, default all; a and b run
 * together), BENCH_SERVE_PREFIX (a store this bench filled before and kept, to skip filling it: it is used
 * when it holds BENCH_SERVE_RELEASES releases, emptied and filled otherwise, and kept afterwards;
 * (d) adds releases to it, so the next run fills it anew), REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MINISTRY_IDS, slugify } from '../src/model/index.js';
import { queuePrefix } from '../src/queue/index.js';
import { Store } from '../src/store/index.js';
import buildIfStale from '../test/setup/build.js';
import { startCliService, spawnCli, type CliService } from '../test/helpers/cli-service.js';
import { PROJECT_ROOT } from '../test/helpers/cli.js';
import { readParts, readWhole, TRUE_WORDS } from './ingest.js';
import { describeMachine, factor, formatLoad, median, printTable, spreadOf, times, type Row } from './ingest-report.js';
import { startSites } from './ingest-server.js';
import { listingPageCount } from './ingest-sites.js';
import { deletePrefix, writeSourcesFile } from './ingest-subject.js';
import { benchArticle, ingestAll, tagVocabulary, type ReleaseShape } from './releases.js';
import { captureRoutes, getRaw, rssMiB, startFloor, type RunningFloor } from './serve-floor.js';
import { requireWrk, Wrk, type WrkRun } from './serve-wrk.js';

const SERVE_PARTS = ['a', 'b', 'c', 'd', 'e'] as const;
type ServePart = (typeof SERVE_PARTS)[number];

interface Settings {
  redisUrl: string;
  long: boolean;
  parts: ServePart[];
  releases: number;
  runs: number;
  seconds: number;
  rssSeconds: number;
  ingestSeconds: number;
  profileDir?: string;
  /** Options for node before the web child's bin (BENCH_SERVE_NODE_ARGS, split at spaces). */
  nodeArgs: string[];
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const long = TRUE_WORDS.includes((env.BENCH_SERVE_LONG ?? '').toLowerCase());
  return {
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    long,
    parts: long ? ['e'] : readParts(env, 'BENCH_SERVE_PARTS', SERVE_PARTS),
    releases: readWhole(env, 'BENCH_SERVE_RELEASES', long ? 50_000 : 10_000),
    runs: readWhole(env, 'BENCH_RUNS', 3),
    seconds: readWhole(env, 'BENCH_SERVE_SECONDS', 10),
    rssSeconds: readWhole(env, 'BENCH_SERVE_RSS_SECONDS', long ? 300 : 60),
    ingestSeconds: readWhole(env, 'BENCH_SERVE_INGEST_SECONDS', 15),
    ...(env.BENCH_SERVE_PROFILE ? { profileDir: env.BENCH_SERVE_PROFILE } : {}),
    nodeArgs: (env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
  };
}

const TAGS = tagVocabulary(300);

/** 4.4 kB of text on average (41–49 sentences), 1–3 tags with the first few far more common (r³). */
const SERVE_SHAPE: ReleaseShape = {
  seed: 500_000,
  tags: TAGS,
  pickTag: (r) => Math.floor(TAGS.length * r ** 3),
  sentences: (random) => 41 + Math.floor(random() * 9),
  rareEvery: 1000,
};

const GZIP = { 'accept-encoding': 'gzip' };
const POPULAR = '/feed.atom?tag=integration&ministry=soziales';
const LIMIT_200 = '/feed.atom?limit=200';
/** What (d) loads: the popular feed, the merged feed, every ministry's and six tag feeds. */
const BUSY_FEEDS = [POPULAR, '/feed.atom', ...MINISTRY_IDS.map((id) => `/ministries/${id}.atom`), ...TAGS.slice(0, 6).map((label) => `/tags/${slugify(label)}.atom`)];
/** What (e) loads: 500 ministry × tag feeds. */
const MANY_FEEDS = TAGS.flatMap((label) => MINISTRY_IDS.map((id) => `/feed.atom?ministry=${id}&tag=${slugify(label)}`)).slice(0, 500);
const INGEST_RATE = 200;
const INGEST_LAYOUT = { releases: 4000, hosts: 40 };

interface Servers {
  web: CliService;
  webOrigin: string;
  floor: RunningFloor;
}

type Side = 'hessenfeed' | 'bare';

/** Both sides once per run, the first one alternating. */
async function interleaved<T>(runs: number, measure: (side: Side, run: number) => Promise<T>): Promise<Record<Side, T[]>> {
  const out: Record<Side, T[]> = { hessenfeed: [], bare: [] };
  for (let run = 0; run < runs; run++) {
    const order: Side[] = run % 2 === 0 ? ['hessenfeed', 'bare'] : ['bare', 'hessenfeed'];
    for (const side of order) out[side].push(await measure(side, run));
  }
  return out;
}

interface Unit {
  num: (value: number) => string;
  unit: string;
}
const PER_SECOND: Unit = { num: (value) => Math.round(value).toLocaleString('en'), unit: '/s' };
const MS: Unit = { num: (value) => (value < 10 ? value.toFixed(2) : value.toFixed(1)), unit: ' ms' };
const rateOf = (value: number): string => PER_SECOND.num(value) + PER_SECOND.unit;
const msOf = (value: number): string => MS.num(value) + MS.unit;
const mib = (value: number): string => `${value.toFixed(0)} MiB`;

/** A row of the subject against its floor: medians, spreads and the median of the per-run ratios. */
function pairRow(what: string, subject: number[], floor: number[], { num, unit }: Unit, goal: string): Row {
  const ratios = subject.map((value, i) => value / floor[i]!);
  return {
    what,
    median: num(median(subject)) + unit,
    spread: spreadOf(subject, num, unit),
    floor: `${num(median(floor)) + unit} (${spreadOf(floor, num, unit)})`,
    ratio: `${times(median(ratios))} (${spreadOf(ratios, factor, '×')})`,
    goal,
  };
}

function entriesIn(atom: Buffer): number {
  return atom.toString('utf8').split('<entry>').length - 1;
}

async function startWeb(settings: Settings, prefix: string): Promise<CliService> {
  return startCliService(['web'], {
    REDIS_URL: settings.redisUrl,
    KEY_PREFIX: prefix,
    HOST: '127.0.0.1',
    PORT: '0',
    SOURCES_FILE: join(PROJECT_ROOT, 'config/sources.yaml'),
    MINISTRIES_FILE: join(PROJECT_ROOT, 'config/ministries.yaml'),
    PROFILES_FILE: join(PROJECT_ROOT, 'config/profiles.yaml'),
    // The shipped level: access lines are at debug, so this is what a deployment pays.
    LOG_LEVEL: 'info',
  }, { nodeArgs: [...settings.nodeArgs, ...(settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`] : [])] });
}

function originOf(servers: Servers, side: Side): string {
  return side === 'hessenfeed' ? servers.webOrigin : servers.floor.origin;
}

/** One run of (a, b) on a newly started pair: full load, half load, 304s, each side in turn. */
async function cachedRun(settings: Settings, servers: Servers, wrk: Wrk, run: number, into: Record<'full' | 'half' | 'revalidated', Record<Side, WrkRun[]>>): Promise<void> {
  const { full, half, revalidated } = into;
  const etag = String((await getRaw(servers.webOrigin, POPULAR, GZIP)).headers.etag);
  // Untimed warm-up of both: JIT, sockets, the render cache.
  for (const side of ['hessenfeed', 'bare'] as const) await wrk.run({ origin: originOf(servers, side), paths: [POPULAR], headers: GZIP, seconds: 3 });
  const order: Side[] = run % 2 === 0 ? ['hessenfeed', 'bare'] : ['bare', 'hessenfeed'];
  for (const side of order) full[side].push(await wrk.run({ origin: originOf(servers, side), paths: [POPULAR], headers: GZIP, seconds: settings.seconds }));
  // Half of what hessenfeed managed in this run, for both: the same offered load.
  const rate = full.hessenfeed[run]!.rate / 2;
  for (const side of order) half[side].push(await wrk.atRate({ origin: originOf(servers, side), paths: [POPULAR], headers: GZIP, seconds: settings.seconds, rate }));
  for (const side of order) {
    revalidated[side].push(await wrk.run({ origin: originOf(servers, side), paths: [POPULAR], headers: { ...GZIP, 'if-none-match': etag }, seconds: settings.seconds }));
  }
  const show = (r: WrkRun): string => `${rateOf(r.rate)} p99 ${msOf(r.p99Ms)}${r.errors > 0 ? ` (${r.errors} errors)` : ''}`;
  console.error(
    `  run ${run + 1}/${settings.runs}: full ${show(full.hessenfeed[run]!)} vs ${show(full.bare[run]!)} · half ${show(half.hessenfeed[run]!)} vs ${show(half.bare[run]!)} · ` +
      `304 ${show(revalidated.hessenfeed[run]!)} vs ${show(revalidated.bare[run]!)}`,
  );
}

/**
 * Each run starts both servers anew (`start`, then `stop`): a process keeps for as long as it runs
 * the speed it happened to start with, and starts of the same build differ by up to a fifth (for
 * the bare server too; performance log, "two kinds of web process"). With one process per side
 * for every run, a run's ratio was that one start's luck; a new pair per run makes the median one
 * over starts.
 */
async function benchCached(settings: Settings, start: () => Promise<Servers>, stop: (servers: Servers) => Promise<void>, wrk: Wrk): Promise<Row[]> {
  console.error(`(a, b) cached ${POPULAR} and its 304, ${settings.runs} runs of ${settings.seconds} s per side, both servers started anew for each run`);
  const full: Record<Side, WrkRun[]> = { hessenfeed: [], bare: [] };
  const half: Record<Side, WrkRun[]> = { hessenfeed: [], bare: [] };
  const revalidated: Record<Side, WrkRun[]> = { hessenfeed: [], bare: [] };
  for (let run = 0; run < settings.runs; run++) {
    const servers = await start();
    try {
      await cachedRun(settings, servers, wrk, run, { full, half, revalidated });
    } finally {
      await stop(servers);
    }
  }
  checkNoErrors([...Object.values(full), ...Object.values(half), ...Object.values(revalidated)].flat());
  const rates = (runs: WrkRun[]): number[] => runs.map((r) => r.rate);
  const p99s = (runs: WrkRun[]): number[] => runs.map((r) => r.p99Ms);
  return [
    pairRow('(a) cached feed, 50 entries, gzip: req/s (32 connections)', rates(full.hessenfeed), rates(full.bare), PER_SECOND, '≥ 0.80×'),
    pairRow(`(a) the same at half load (${rateOf(median(rates(half.hessenfeed)))} reached): p99`, p99s(half.hessenfeed), p99s(half.bare), MS, ''),
    pairRow('(b) 304 revalidation (If-None-Match): req/s', rates(revalidated.hessenfeed), rates(revalidated.bare), PER_SECOND, '≥ 0.90×'),
  ];
}

/** Failed or timed-out requests are worth a line (a server that fails fast is no faster for it); the table is still printed. */
function checkNoErrors(runs: WrkRun[]): void {
  const errors = runs.reduce((sum, r) => sum + r.errors, 0);
  if (errors > 0) console.error(`  warning: ${errors} requests failed, timed out (10 s) or were answered with an error status under load`);
}

async function benchUncached(settings: Settings, servers: Servers): Promise<Row[]> {
  const count = Math.max(20, settings.runs * 10);
  console.error(`(c) uncached renders, ${count} each`);
  const rows: Row[] = [];
  let host = 0;
  for (const [label, path] of [
    ['(c) uncached render, 50-entry filtered feed', POPULAR],
    ['(c) uncached render, /feed.atom?limit=200', LIMIT_200],
  ] as const) {
    const subject: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < count; i++) {
      // Another Host, another cache key: this request finds no render and waits for its own.
      const answer = await getRaw(servers.webOrigin, path, { ...GZIP, host: `uncached-${++host}.bench` });
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status}`);
      subject.push(answer.ms);
      floor.push((await getRaw(servers.floor.origin, path, GZIP)).ms);
    }
    rows.push({ ...pairRow(`${label} (${count} requests)`, subject, floor, MS, path === POPULAR ? '≤ 15 ms' : ''), ratio: '' });
  }
  return rows;
}

interface IngestSample {
  feed: WrkRun;
  health: WrkRun;
  ingested: number;
}

/** `hessenfeed once` at HOST_SPACING=0 into the served store, from sites whose releases it has not seen. */
async function whileIngesting(settings: Settings, prefix: string, redis: Redis, store: Store, dir: string, first: number, load: () => Promise<[WrkRun, WrkRun]>): Promise<IngestSample> {
  const layout = { ...INGEST_LAYOUT, first };
  const sites = await startSites(layout, 'process');
  try {
    // Sources of their own: a source whose older pages were read once is only polled on page one after that.
    const sourcesFile = writeSourcesFile(dir, `ingest-${first}.yaml`, sites.origins, listingPageCount(layout, 0), `bench-${first}`);
    const before = await store.countItems();
    const once = spawnCli(['once'], {
      REDIS_URL: settings.redisUrl,
      KEY_PREFIX: prefix,
      SOURCES_FILE: sourcesFile,
      MINISTRIES_FILE: join(PROJECT_ROOT, 'config/ministries.yaml'),
      PROFILES_FILE: join(PROJECT_ROOT, 'config/profiles.yaml'),
      ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
      HOST_SPACING: '0',
      LOG_LEVEL: 'warn',
    });
    try {
      // The load starts with the first stored release: the listings are read by then.
      const deadline = Date.now() + 60_000;
      while ((await store.countItems()) === before) {
        if (Date.now() > deadline) throw new Error(`hessenfeed once stored nothing within a minute: ${once.output().stderr.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const atStart = await store.countItems();
      const [feed, health] = await load();
      const ingested = (await store.countItems()) - atStart;
      return { feed, health, ingested };
    } finally {
      once.kill('SIGINT');
      await once.exited;
      // What it left queued would be the next run's first jobs, against sites that are gone.
      await deletePrefix(redis, queuePrefix(prefix));
    }
  } finally {
    await sites.close();
  }
}

async function benchIngesting(settings: Settings, servers: Servers, prefix: string, redis: Redis, store: Store, wrk: Wrk, dir: string): Promise<Row[]> {
  console.error(`(d) ${BUSY_FEEDS.length} feeds and /healthz at ${INGEST_RATE} req/s each while hessenfeed once ingests, ${settings.ingestSeconds} s per run and side`);
  let batch = 0;
  const samples = await interleaved(settings.runs, async (side) => {
    const origin = originOf(servers, side);
    const sample = await whileIngesting(settings, prefix, redis, store, dir, 2_000_000 + INGEST_LAYOUT.releases * batch++, () =>
      Promise.all([
        wrk.run({ origin, paths: BUSY_FEEDS, headers: GZIP, seconds: settings.ingestSeconds, rate: INGEST_RATE }),
        wrk.run({ origin, paths: ['/healthz'], seconds: settings.ingestSeconds, rate: INGEST_RATE }),
      ]),
    );
    console.error(
      `  ${side}: feeds ${rateOf(sample.feed.rate)} p99 ${msOf(sample.feed.p99Ms)} max ${msOf(sample.feed.maxMs)} · /healthz ${rateOf(sample.health.rate)} p99 ${msOf(sample.health.p99Ms)} · ` +
        `${sample.ingested} releases stored meanwhile (${rateOf(sample.ingested / settings.ingestSeconds)})`,
    );
    return sample;
  });
  checkNoErrors([...samples.hessenfeed, ...samples.bare].flatMap((s) => [s.feed, s.health]));
  const ingestRate = samples.hessenfeed.map((s) => s.ingested / settings.ingestSeconds);
  return [
    pairRow(`(d) while ingesting (${rateOf(median(ingestRate))} stored): feed p99 at ${INGEST_RATE} req/s`, samples.hessenfeed.map((s) => s.feed.p99Ms), samples.bare.map((s) => s.feed.p99Ms), MS, '≤ 50 ms'),
    pairRow(`(d) while ingesting: /healthz p99 at ${INGEST_RATE} req/s`, samples.hessenfeed.map((s) => s.health.p99Ms), samples.bare.map((s) => s.health.p99Ms), MS, '≤ 20 ms'),
  ];
}

/** What (e) reports of a load: the highest sample, and the samples of its last minute (or of its second half when shorter). */
interface LoadedRss {
  peak: number;
  last: number[];
  run: WrkRun;
}

/**
 * Resident memory while `wrk` loads 500 feeds, sampled every second. The last minute is what the
 * goal's "after 5 minutes" reads: V8 lets garbage pile up in the old generation until a major
 * collection, so one sample at the end lands anywhere on that saw; their median does not.
 */
async function loadedRss(wrk: Wrk, origin: string, pid: number, seconds: number): Promise<LoadedRss> {
  const samples: { at: number; mib: number }[] = [];
  const started = Date.now();
  const take = (): void => void samples.push({ at: Date.now() - started, mib: rssMiB(pid) });
  take();
  const sampler = setInterval(take, 1000);
  try {
    const run = await wrk.run({ origin, paths: MANY_FEEDS, headers: GZIP, seconds });
    take();
    const from = Date.now() - started - Math.min(60_000, (seconds * 1000) / 2);
    return { peak: Math.max(...samples.map((s) => s.mib)), last: samples.filter((s) => s.at >= from).map((s) => s.mib), run };
  } finally {
    clearInterval(sampler);
  }
}

async function benchMemory(settings: Settings, servers: Servers, wrk: Wrk): Promise<Row[]> {
  console.error(`(e) resident memory under ${settings.rssSeconds} s of load over ${MANY_FEEDS.length} feeds`);
  const subject = await loadedRss(wrk, servers.webOrigin, servers.web.pid, settings.rssSeconds);
  console.error(`  what the web process holds at the end: ${await memoryParts(servers.webOrigin)}`);
  const floor = await loadedRss(wrk, servers.floor.origin, servers.floor.pid, Math.min(settings.rssSeconds, 20));
  const window = settings.rssSeconds > 120 ? 'last minute' : 'second half';
  console.error(`  hessenfeed ${mib(median(subject.last))} over the ${window} (peak ${mib(subject.peak)}, ${rateOf(subject.run.rate)}) · bare ${mib(median(floor.last))} (peak ${mib(floor.peak)})`);
  checkNoErrors([subject.run, floor.run]);
  const load = `${settings.releases.toLocaleString('en')} releases, ${settings.rssSeconds} s over ${MANY_FEEDS.length} feeds (${rateOf(subject.run.rate)})`;
  return [
    {
      what: `(e) web RSS, ${load}: median of the ${window}'s samples`,
      median: mib(median(subject.last)),
      spread: spreadOf(subject.last, (v) => v.toFixed(0), ' MiB'),
      floor: `${mib(median(floor.last))} (bare, same 500 answers)`,
      ratio: times(median(subject.last) / median(floor.last)),
      goal: '≤ 150 MiB (50k, 5 min)',
    },
    {
      what: '(e) web RSS, the same load: highest sample',
      median: mib(subject.peak),
      spread: '',
      floor: `${mib(floor.peak)} (bare)`,
      ratio: times(subject.peak / floor.peak),
      goal: '',
    },
  ];
}

/** The web process's own account of its memory (/metrics): V8's heap, memory outside it, and its caches. */
async function memoryParts(origin: string): Promise<string> {
  const text = (await getRaw(origin, '/metrics')).body.toString('utf8');
  const value = (pattern: RegExp): string => {
    const found = pattern.exec(text);
    return found ? mib(Number(found[1]) / 1024 / 1024) : '?';
  };
  return [
    `V8 heap used ${value(/^nodejs_heap_size_used_bytes (\S+)/m)} of ${value(/^nodejs_heap_size_total_bytes (\S+)/m)}`,
    `external ${value(/^nodejs_external_memory_bytes (\S+)/m)}`,
    `renders kept ${value(/^hessenfeed_cache_bytes\{cache="renders"\} (\S+)/m)}`,
    `entries kept ${value(/^hessenfeed_cache_bytes\{cache="entries"\} (\S+)/m)}`,
  ].join(' · ');
}

async function fillStore(settings: Settings, store: Store): Promise<number> {
  const ms = await ingestAll(store, (i) => benchArticle(i, SERVE_SHAPE), settings.releases, 8);
  const stored = await store.countItems();
  if (stored !== settings.releases) throw new Error(`expected ${settings.releases} items, the store holds ${stored}`);
  return ms;
}

export async function runServeBench(): Promise<void> {
  requireWrk();
  const settings = readSettings(process.env);
  // The web child runs the built bin (dist/): build it when src/ is newer.
  buildIfStale();
  const machine = await describeMachine(settings.redisUrl);
  console.error(machine);
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-serve-'));
  const kept = process.env.BENCH_SERVE_PREFIX;
  const prefix = kept ?? `hf-bench-serve-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: null });
  const store = new Store(redis, prefix);
  // Every process started, for the finally block (a run's pair is stopped by its run).
  const running = new Set<CliService | RunningFloor>();
  let popular: { bytes: number; gzipBytes: number } | undefined;
  // The web process over the store and the bare server with its answers. Each start of the web
  // process gets the same requests first, so each holds the same renders.
  const startServers = async (): Promise<Servers> => {
    const web = await startWeb(settings, prefix);
    running.add(web);
    const webOrigin = web.url.replace(/\/$/, '');
    const page = await getRaw(webOrigin, POPULAR);
    if (entriesIn(page.body) !== 50) throw new Error(`${POPULAR} has ${entriesIn(page.body)} entries, not 50: the generated store is not what the bench expects`);
    popular ??= { bytes: page.body.length, gzipBytes: (await getRaw(webOrigin, POPULAR, GZIP)).body.length };
    const routes = [
      // The 500 first, so that the busy feeds are the recent ones the render cache keeps.
      ...(await captureRoutes(webOrigin, [...new Set([...MANY_FEEDS, LIMIT_200, ...BUSY_FEEDS])], GZIP, [POPULAR])),
      ...(await captureRoutes(webOrigin, ['/healthz'], {})),
    ];
    const floor = await startFloor(dir, routes);
    running.add(floor);
    return { web, webOrigin, floor };
  };
  const stop = async (child: CliService | RunningFloor): Promise<void> => {
    running.delete(child);
    await ('stop' in child ? child.stop('SIGTERM').catch(() => child.kill()) : child.close());
  };
  const stopServers = async ({ web, floor }: Servers): Promise<void> => {
    await Promise.all([stop(web), stop(floor)]);
  };
  try {
    if (kept !== undefined && (await store.countItems()) === settings.releases) {
      console.error(`store: the ${settings.releases} releases kept under ${prefix}`);
    } else {
      // A kept store that (d) added releases to, or one of another size, is filled anew.
      if (kept !== undefined) await deletePrefix(redis, prefix);
      const fillMs = await fillStore(settings, store);
      console.error(`store: ${settings.releases} releases in ${(fillMs / 1000).toFixed(1)} s under ${prefix}`);
    }
    const wrk = new Wrk(dir);
    const has = (...parts: ServePart[]): boolean => parts.some((part) => settings.parts.includes(part));
    const rows = has('a', 'b') ? await benchCached(settings, startServers, stopServers, wrk) : [];
    if (has('c', 'd', 'e')) {
      const servers = await startServers();
      if (has('c')) rows.push(...(await benchUncached(settings, servers)));
      if (has('d')) rows.push(...(await benchIngesting(settings, servers, prefix, redis, store, wrk, dir)));
      if (has('e')) rows.push(...(await benchMemory(settings, servers, wrk)));
    }
    printTable(
      [
        machine,
        `Store: ${settings.releases.toLocaleString('en')} generated releases (4.4 kB text, ${MINISTRY_IDS.length} ministries, ${TAGS.length} tags) in the real Redis; ` +
          `hessenfeed web (built bin, LOG_LEVEL=info) and the bare Node http server sending the same bytes and headers, each a child process; ` +
          `wrk -t1 in its own process. ${POPULAR}: 50 entries, ${((popular?.bytes ?? 0) / 1024).toFixed(0)} KiB, ${((popular?.gzipBytes ?? 0) / 1024).toFixed(0)} KiB gzip.`,
        `Median and spread over ${settings.runs} interleaved runs of ${settings.seconds} s (ratio: median of the per-run ratios); (d) ingests with hessenfeed once, HOST_SPACING=0, ` +
          `${settings.ingestSeconds} s windows. Load average after: ${formatLoad()}.`,
      ],
      rows,
    );
  } finally {
    await Promise.all([...running].map(stop));
    await deletePrefix(redis, kept === undefined ? prefix : queuePrefix(prefix));
    redis.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}
