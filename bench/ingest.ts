/**
 * The `ingest` part of `npm run bench` (issue 10, "The whole archive at full speed"): how fast
 * `hessenfeed once` takes in generated sites served on loopback (one address per host,
 * 127.0.x.y), against floors measured in the same run:
 *
 * (a) spacing 0 — `once` with HOST_SPACING=0 against a bare fetch + cheerio loop over the very
 *     same pages from the very same servers. Runs alternate (floor, once, floor, once, …) so a
 *     busy moment of the machine hits both; each pair gives one ratio.
 * (b) default politeness — `once` with the shipped HOST_SPACING and HOST_CONCURRENCY against the
 *     bound politeness sets: a host gets one request per spacing, so its releases plus listing
 *     pages take that many spacings.
 *
 * Settings (environment): BENCH_RELEASES, BENCH_HOSTS (a; default 10,000 on 1,000),
 * BENCH_POLITE_RELEASES, BENCH_POLITE_HOSTS (b; default 2,000 on 40), BENCH_RUNS (default 3, both),
 * BENCH_QUICK=1 (a: 500 on 50, b: 100 on 20), BENCH_CONCURRENCY (CONCURRENCY of `once`, default
 * as shipped), BENCH_TIMEOUT (a, seconds, default 900), BENCH_POLITE_TIMEOUT (b, seconds, default
 * four times the bound, at least 60), BENCH_SITES=process|inline (where the sites are served,
 * default a child process), BENCH_INGEST_PARTS (which of a and b to run, comma- or
 * space-separated, default both: `BENCH_INGEST_PARTS=a` measures spacing 0 only), REDIS_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../src/config/index.js';
import { runBareLoop } from './ingest-floor.js';
import {
  describeMachine,
  factor,
  formatLoad,
  median,
  perSecond,
  perSecondOf,
  printTable,
  rate,
  seconds,
  secondsOf,
  spreadOf,
  times,
  type PartResult,
  type Row,
} from './ingest-report.js';
import { startSites, type RunningSites, type SitesMode } from './ingest-server.js';
import { listingPageCount, releaseNumbersOf, releasePath, TEASERS_PER_PAGE, type SiteLayout } from './ingest-sites.js';
import { runHessenfeedOnce, writeSourcesFile, type SubjectRun } from './ingest-subject.js';

interface Settings {
  redisUrl: string;
  spacingZero: SiteLayout;
  polite: SiteLayout;
  runs: number;
  concurrency: number;
  timeoutMs: number;
  politeTimeoutMs?: number;
  sites: SitesMode;
  /** Which of (a) and (b) to run. */
  parts: IngestPart[];
}

const INGEST_PARTS = ['a', 'b'] as const;
type IngestPart = (typeof INGEST_PARTS)[number];

/** The parts a comma- or space-separated setting names, in their own order; all when it is empty. */
export function readParts<Part extends string>(env: NodeJS.ProcessEnv, name: string, parts: readonly Part[]): Part[] {
  const named = (env[name] ?? '').split(/[\s,]+/).filter((part) => part !== '');
  const unknown = named.filter((part) => !(parts as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`${name}: ${unknown.map((part) => `"${part}"`).join(', ')} is not one of ${parts.join(', ')}`);
  return parts.filter((part) => named.length === 0 || named.includes(part));
}

export const TRUE_WORDS = ['1', 'true', 'yes', 'on'];

export function readWhole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name}: "${value}" is not a whole number of at least 1`);
  return Number(value);
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const quick = TRUE_WORDS.includes((env.BENCH_QUICK ?? '').toLowerCase());
  const sites = env.BENCH_SITES ?? 'process';
  if (sites !== 'process' && sites !== 'inline') throw new Error(`BENCH_SITES: "${sites}" is not process or inline`);
  const politeTimeout = env.BENCH_POLITE_TIMEOUT === undefined ? undefined : readWhole(env, 'BENCH_POLITE_TIMEOUT', 1) * 1000;
  return {
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    spacingZero: { releases: readWhole(env, 'BENCH_RELEASES', quick ? 500 : 10_000), hosts: readWhole(env, 'BENCH_HOSTS', quick ? 50 : 1000) },
    polite: { releases: readWhole(env, 'BENCH_POLITE_RELEASES', quick ? 100 : 2000), hosts: readWhole(env, 'BENCH_POLITE_HOSTS', quick ? 20 : 40) },
    runs: readWhole(env, 'BENCH_RUNS', 3),
    // The shipped default unless asked otherwise; loadEnv checks the range as `once` would.
    concurrency: loadEnv(env.BENCH_CONCURRENCY === undefined ? {} : { CONCURRENCY: env.BENCH_CONCURRENCY }).concurrency,
    timeoutMs: readWhole(env, 'BENCH_TIMEOUT', 900) * 1000,
    ...(politeTimeout === undefined ? {} : { politeTimeoutMs: politeTimeout }),
    sites,
    parts: readParts(env, 'BENCH_INGEST_PARTS', INGEST_PARTS),
  };
}

/** The URL of every release the sites serve, in host order. */
function releaseUrlsOf(layout: SiteLayout, origins: readonly string[]): string[] {
  return origins.flatMap((origin, host) => releaseNumbersOf(layout, host).map((n) => `${origin}${releasePath(n)}`));
}

/** The label of a run that the timeout cut short. */
function unfinished(run: SubjectRun, layout: SiteLayout, timeoutMs: number): string {
  return `did not finish within ${seconds(timeoutMs)}: ${run.stored} of ${layout.releases} stored (${rate(perSecond(run.stored, run.ms))})`;
}

function sizeOf(layout: SiteLayout): string {
  return `${layout.releases.toLocaleString('en')} releases on ${layout.hosts.toLocaleString('en')} hosts`;
}

/** Per run of (a): the floor's and the subject's releases/s, and how a cut-short run ended. */
interface PairSamples {
  floors: number[];
  subjects: number[];
  ratios: number[];
  cutShort: string[];
}

/** Floor, once, floor, once, …: a busy moment of the shared machine slows both sides of a pair. */
async function measurePairs(settings: Settings, sites: RunningSites, dir: string): Promise<PairSamples> {
  const { spacingZero: layout, concurrency: c } = settings;
  const maxPages = listingPageCount(layout, 0);
  const listingUrls = sites.origins.map((origin) => `${origin}/presse`);
  const subject = (sourcesFile: string, releaseUrls: string[]): Promise<SubjectRun> =>
    runHessenfeedOnce({ redisUrl: settings.redisUrl, sourcesFile, concurrency: c, hostSpacing: '0', timeoutMs: settings.timeoutMs, releaseUrls });

  // Untimed warm-up: the bare loop once over every page (the servers' first answers were the
  // slowest ones of a run), and `once` over two hosts (it loads the CLI's modules on first use).
  await runBareLoop(listingUrls, c);
  const warmOrigins = sites.origins.slice(0, 2);
  await subject(writeSourcesFile(dir, 'warm-up.yaml', warmOrigins, maxPages), releaseUrlsOf(layout, warmOrigins));

  const sourcesFile = writeSourcesFile(dir, 'spacing-zero.yaml', sites.origins, maxPages);
  const releaseUrls = releaseUrlsOf(layout, sites.origins);
  const samples: PairSamples = { floors: [], subjects: [], ratios: [], cutShort: [] };
  for (let run = 1; run <= settings.runs; run++) {
    const floor = await runBareLoop(listingUrls, c);
    if (floor.releases !== layout.releases) throw new Error(`the bare loop found ${floor.releases} releases, the sites serve ${layout.releases}`);
    const once = await subject(sourcesFile, releaseUrls);
    const floorRate = perSecond(floor.releases, floor.ms);
    const onceRate = perSecond(once.stored, once.ms);
    samples.floors.push(floorRate);
    samples.subjects.push(onceRate);
    samples.ratios.push(onceRate / floorRate);
    const ended = once.finished ? seconds(once.ms) : unfinished(once, layout, settings.timeoutMs);
    if (!once.finished) samples.cutShort.push(ended);
    console.error(
      `  run ${run}/${settings.runs}: bare loop ${rate(floorRate)} (${seconds(floor.ms)}) · once ${rate(onceRate)} (${ended}) · ratio ${times(onceRate / floorRate)}`,
    );
  }
  return samples;
}

async function benchSpacingZero(settings: Settings, dir: string): Promise<PartResult> {
  const { spacingZero: layout, concurrency: c } = settings;
  const about =
    `(a) ${sizeOf(layout)}, HOST_SPACING=0: once with CONCURRENCY=${c} runs ${c} poll + ${c} scrape + ${c} ingest jobs at a time; ` +
    `the bare loop keeps ${c} fetches in flight (as many as once has scrapes), listings first, and pulls title, body and Schlagworte with cheerio.`;
  console.error(about);
  const sites = await startSites(layout, settings.sites);
  try {
    const { floors, subjects, ratios, cutShort } = await measurePairs(settings, sites, dir);
    const rows: Row[] = [
      { what: `(a) bare fetch + cheerio, ${c} in flight`, median: rate(median(floors)), spread: spreadOf(floors, perSecondOf, '/s'), floor: '', ratio: '', goal: '' },
      {
        what: `(a) once, HOST_SPACING=0${cutShort.length > 0 ? ` (${cutShort.length} run(s) ${cutShort[0]})` : ''}`,
        median: rate(median(subjects)),
        spread: spreadOf(subjects, perSecondOf, '/s'),
        floor: rate(median(floors)),
        ratio: `${times(median(ratios))} (${spreadOf(ratios, factor, '×')})`,
        goal: '≥ 0.50×',
      },
    ];
    return { about, rows };
  } finally {
    await sites.close();
  }
}

async function benchPoliteness(settings: Settings, dir: string): Promise<PartResult> {
  const { polite: layout, concurrency: c } = settings;
  const shipped = loadEnv({});
  // Host 0 carries the most releases and listing pages; every request to it starts one spacing after the last.
  const requestsPerHost = releaseNumbersOf(layout, 0).length + listingPageCount(layout, 0);
  const boundMs = requestsPerHost * shipped.hostSpacingMs;
  const timeoutMs = settings.politeTimeoutMs ?? Math.max(60_000, 4 * boundMs);
  const about =
    `(b) ${sizeOf(layout)}, default politeness (HOST_SPACING ${shipped.hostSpacingMs} ms, HOST_CONCURRENCY ${shipped.hostConcurrency}), ` +
    `CONCURRENCY=${c}: the bound is ${requestsPerHost} requests per host (${releaseNumbersOf(layout, 0).length} releases + ` +
    `${listingPageCount(layout, 0)} listing page(s)) × the spacing = ${seconds(boundMs)}; a run is stopped (SIGINT) after ${seconds(timeoutMs)}.`;
  console.error(about);
  const sites = await startSites(layout, settings.sites);
  try {
    const sourcesFile = writeSourcesFile(dir, 'polite.yaml', sites.origins, listingPageCount(layout, 0));
    const releaseUrls = releaseUrlsOf(layout, sites.origins);
    const runs: SubjectRun[] = [];
    for (let run = 1; run <= settings.runs; run++) {
      const subject = await runHessenfeedOnce({ redisUrl: settings.redisUrl, sourcesFile, concurrency: c, timeoutMs, releaseUrls });
      runs.push(subject);
      const shown = subject.finished ? `${seconds(subject.ms)}, ${rate(perSecond(subject.stored, subject.ms))}` : unfinished(subject, layout, timeoutMs);
      console.error(`  run ${run}/${settings.runs}: once ${shown} · time/bound ${times(subject.ms / boundMs)}`);
    }
    const walls = runs.map((run) => run.ms);
    const rates = runs.map((run) => perSecond(run.stored, run.ms));
    const cutShort = runs.filter((run) => !run.finished).length;
    // A run the timeout stopped took at least its time: the time and the ratio are lower bounds then.
    const atLeast = cutShort > 0 ? '≥ ' : '';
    const note = cutShort > 0 ? ` — ${cutShort} of ${runs.length} run(s) did not finish within ${seconds(timeoutMs)}` : '';
    const rows: Row[] = [
      {
        what: `(b) once, default politeness: wall time${note}`,
        median: `${atLeast}${seconds(median(walls))}`,
        spread: spreadOf(walls, secondsOf, ' s'),
        floor: `bound ${seconds(boundMs)}`,
        ratio: `${atLeast}${times(median(walls) / boundMs)} (${spreadOf(walls.map((ms) => ms / boundMs), factor, '×')})`,
        goal: '≤ 1.30×',
      },
      {
        what: '(b) once, default politeness: releases/s',
        median: rate(median(rates)),
        spread: spreadOf(rates, perSecondOf, '/s'),
        floor: `bound ${rate(perSecond(layout.releases, boundMs))}`,
        ratio: times(median(rates) / perSecond(layout.releases, boundMs)),
        goal: '',
      },
    ];
    return { about, rows };
  } finally {
    await sites.close();
  }
}

export async function runIngestBench(): Promise<void> {
  const settings = readSettings(process.env);
  const machine = await describeMachine(settings.redisUrl);
  console.error(machine);
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-ingest-'));
  try {
    const parts: PartResult[] = [];
    if (settings.parts.includes('a')) parts.push(await benchSpacingZero(settings, dir));
    if (settings.parts.includes('b')) parts.push(await benchPoliteness(settings, dir));
    printTable(
      [
        machine,
        `Sites: ${settings.sites === 'process' ? 'one child process serves every host' : 'served from the bench process itself'}, ` +
          `hessen-drupal markup, ${TEASERS_PER_PAGE} teasers per listing page, release bodies of about 4 kB. ` +
          `Median and spread over ${settings.runs} runs; load average after: ${formatLoad()}.`,
        ...parts.map((part) => part.about),
      ],
      parts.flatMap((part) => part.rows),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
