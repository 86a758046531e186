/**
 * `npm run demo`: hessenfeed end to end without internet.
 *
 * Starts sample ministry sites on loopback (demo/sites.ts), writes a sources file pointing at
 * them, and runs the whole service in this process the way `hessenfeed start` does (openApp, the
 * web server, the poll schedulers, all workers), against a Redis of its own key prefix. When the
 * first poll of every source has gone through the queues, it prints the overview's address.
 * Ctrl-C stops everything.
 *
 * Environment: REDIS_URL, PORT and HOST as for hessenfeed; DEMO_KEY_PREFIX (default `hf-demo`)
 * names the Redis keys the demo uses. They are deleted at start, which is why the demo does not
 * read KEY_PREFIX: pointing it at a real deployment's prefix by accident would wipe that.
 * LOG_LEVEL defaults to `warn` here; `LOG_LEVEL=info npm run demo` shows every job.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { createLogger, openApp, startWeb, StartupError, type App } from '../src/app/index.js';
import { installShutdown } from '../src/cli/shutdown.js';
import { ConfigError, loadConfig, loadEnv, type Env } from '../src/config/index.js';
import { countPendingJobs, QUEUE_NAMES } from '../src/queue/index.js';
import { startDemoSites, type DemoSites, type SiteId } from './sites.js';

const DEFAULT_PREFIX = 'hf-demo';
/** The first poll normally takes a few seconds; after this the address is printed anyway. */
const READY_TIMEOUT_MS = 120_000;

interface DemoSource {
  id: string;
  site: SiteId;
  name: string;
  ministry?: string;
  /** The portal's listing shows "Seite 1 von 12"; the demo serves only that page. */
  maxPages?: number;
}

const SOURCES: DemoSource[] = [
  { id: 'portal-presse', site: 'portal', name: 'Pressemitteilungen hessen.de (Demo)', maxPages: 1 },
  { id: 'soziales-presse', site: 'soziales', name: 'Pressemitteilungen HMAIJS (Demo)', ministry: 'soziales' },
  { id: 'staatskanzlei-presse', site: 'staatskanzlei', name: 'Pressemitteilungen HStK (Demo)', ministry: 'staatskanzlei' },
  { id: 'innen-presse', site: 'innen', name: 'Pressemitteilungen HMdIS (Demo)', ministry: 'innen' },
  { id: 'wirtschaft-presse', site: 'wirtschaft', name: 'Pressemitteilungen HMWVW (Demo)', ministry: 'wirtschaft' },
];

/** The same format as config/sources.yaml; every site lives on 127.0.0.1, so that is the one host. */
function sourcesYaml(origins: Record<SiteId, string>): string {
  const entries = SOURCES.map((s) =>
    [
      `  - id: ${s.id}`,
      `    name: ${s.name}`,
      s.ministry ? `    ministry: ${s.ministry}` : undefined,
      `    url: ${origins[s.site]}/presse`,
      '    type: listing',
      '    profile: hessen-drupal',
      '    interval: 30s',
      s.maxPages ? `    max_pages: ${s.maxPages}` : undefined,
    ]
      .filter((line) => line !== undefined)
      .join('\n'),
  );
  return `# Written by demo/run.ts for the sample sites on loopback.\nsources:\n${entries.join('\n')}\n`;
}

function demoEnv(sourcesFile: string): Env {
  const { KEY_PREFIX: _ignored, PUBLIC_URL: _local, ...inherited } = process.env;
  return loadEnv({
    ...inherited,
    KEY_PREFIX: process.env.DEMO_KEY_PREFIX ?? DEFAULT_PREFIX,
    SOURCES_FILE: sourcesFile,
    // The sample sites are on loopback, which hessenfeed refuses to fetch unless allowed.
    ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The sample sites are local: little politeness spacing.
    HOST_SPACING: process.env.HOST_SPACING ?? '50ms',
  });
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** True once every source has been polled and nothing it started is still queued or running. */
async function isFirstPollDone(app: App): Promise<boolean> {
  const states = await app.store.listSourceStates(app.config.sources.map((s) => s.id));
  if (!states.every((state) => state.lastPollAt !== undefined)) return false;
  const pending = await countPendingJobs(app.queues);
  return pending.poll + pending.scrape + pending.ingest === 0;
}

async function waitForFirstPoll(app: App, stopped: Promise<unknown>): Promise<'done' | 'timeout' | 'stopped'> {
  let stop = false;
  void stopped.then(() => (stop = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (stop) return 'stopped';
    if (await isFirstPollDone(app)) return 'done';
    await sleep(200);
  }
  return 'timeout';
}

async function summary(app: App): Promise<string> {
  const states = await app.store.listSourceStates(app.config.sources.map((s) => s.id));
  const sum = (key: 'entries' | 'new' | 'duplicates' | 'errors'): number => states.reduce((total, state) => total + state.counts[key], 0);
  const items = await app.store.countItems();
  return (
    `Polled ${states.length} sample sites: ${sum('entries')} listing entries, ${items} releases stored, ` +
    `${sum('duplicates')} duplicates merged, ${sum('errors')} errors.`
  );
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'hessenfeed-demo-'));
  let sites: DemoSites | undefined;
  let app: App | undefined;
  const cleanUp = async (): Promise<void> => {
    await sites?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    sites = await startDemoSites();
    const sourcesFile = join(dir, 'sources.yaml');
    writeFileSync(sourcesFile, sourcesYaml(sites.origins));
    const env = demoEnv(sourcesFile);
    const config = await loadConfig({ sourcesFile: env.sourcesFile, ministriesFile: env.ministriesFile, profilesFile: env.profilesFile });
    // The sample sites are local: quick retries.
    app = await openApp(env, config, createLogger(env.logLevel, process.stderr, process.pid), { retry: { attempts: 2, backoffMs: 500 } });
    await deleteKeys(app.connection, env.keyPrefix);
  } catch (err) {
    await app?.close();
    await cleanUp();
    throw err;
  }
  const running = app;
  const web = await startWeb(running).catch(async (err: unknown) => {
    await running.close();
    await cleanUp();
    throw err;
  });
  await running.reconcile();
  const workers = running.startWorkers({ queues: QUEUE_NAMES, concurrency: running.env.concurrency });
  const stopped = installShutdown(running, { on: (s, f) => process.on(s, f), off: (s, f) => process.off(s, f), exit: (code) => process.exit(code) }, async () => {
    await Promise.all([web.close(), workers.close()]);
    await cleanUp();
  });

  const { port } = web.server.address() as { port: number };
  const url = `http://${running.env.host.includes(':') ? `[${running.env.host}]` : running.env.host}:${port}/`;
  const outcome = await waitForFirstPoll(running, stopped);
  if (outcome === 'done') {
    console.log(await summary(running));
    console.log(`\nDemo ready: ${url}\n  merged feed: ${url}feed.atom\n  sample sites: ${Object.values(sites.origins).join(' ')}\n  Ctrl-C stops the demo.`);
  } else if (outcome === 'timeout') {
    console.log(`The first poll is still running; have a look anyway.\n\nDemo ready: ${url}`);
  }
  return stopped;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof ConfigError || err instanceof StartupError) {
    console.error(`hessenfeed demo: ${err.message}`);
  } else {
    console.error('hessenfeed demo: unexpected error:', err);
  }
  process.exitCode = 1;
}
