/**
 * `hessenfeed` command line: the one place that reads the environment and config files.
 * Entry points (src/cli/main.ts, workers/*.ts, bin/hessenfeed.js) only call runCli.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, loadEnv, type Env } from '../config/index.js';
import { createLogger, openApp, packageInfo, StartupError, type App } from '../app/index.js';
import { QUEUE_NAMES, type QueueName } from '../queue/index.js';
import { runOnce } from './once.js';
import { runExport } from './export.js';
import { resolveStaticExportOptions, runStaticExport } from './export-static.js';
import { UsageError } from './usage-error.js';
import { installShutdown } from './shutdown.js';
import { isOpsCommand, OPS_OPTIONS, OPS_USAGE, runOpsCommand } from './ops-commands.js';
import { startWeb } from './web.js';

const USAGE = `hessenfeed ${packageInfo.version} — one merged feed of the Hessian ministries' press releases

Usage: hessenfeed <command> [options]

Commands:
  start                     run everything in one process: web server, schedulers and all workers (default)
  web                       run the HTTP server only (feeds, overview page, API) on HOST:PORT
  worker [--queues q,…]     run workers only (queues: ${QUEUE_NAMES.join(', ')}); start more to scale out
  scheduler                 keep the poll schedulers in line with config (safe to run twice)
  once                      poll every source once, process until the queues are empty, print a summary
  export --format ndjson    write every stored item as one JSON object per line to stdout
  export --out DIR [--base-url URL] [--limit N]
                            write the feeds, OPML and overview page as static files to DIR, with links
                            under URL (default PUBLIC_URL), the newest N (default 200) releases per feed
${OPS_USAGE}
  help                      show this text

Environment: REDIS_URL, KEY_PREFIX, SOURCES_FILE, MINISTRIES_FILE, PROFILES_FILE,
ALLOW_PRIVATE_NETWORKS, LOG_LEVEL, CONCURRENCY, CONTACT_URL (see README.md).`;

/** Exit codes: 1 runtime failure, 2 usage error, 78 configuration error (EX_CONFIG). */
export const EXIT = { ok: 0, failure: 1, usage: 2, config: 78 } as const;

const SCHEDULER_REPAIR_MS = 5 * 60_000;

function parseQueues(value: string | undefined): QueueName[] {
  if (!value) return [...QUEUE_NAMES];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(QUEUE_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--queues: "${name}" is not a queue; choose from ${QUEUE_NAMES.join(', ')}`);
    }
  }
  return names as QueueName[];
}

async function openConfigured(env: Env, logDestination: 1 | 2, quiet = false): Promise<App> {
  const config = await loadConfig({ sourcesFile: env.sourcesFile, ministriesFile: env.ministriesFile, profilesFile: env.profilesFile });
  // Commands that print results keep logs on stderr and, unless asked for, quiet.
  const level = quiet && process.env.LOG_LEVEL === undefined ? 'warn' : env.logLevel;
  return openApp(env, config, createLogger(level, logDestination));
}

async function runService(env: Env, roles: { web: boolean; scheduler: boolean; queues: QueueName[] }): Promise<number> {
  const app = await openConfigured(env, 1);
  let repair: NodeJS.Timeout | undefined;
  if (roles.scheduler) {
    const changes = await app.reconcile();
    app.log.info({ ...changes, sources: app.config.sources.length }, 'Job schedulers match the configured sources');
    // Repairs schedulers someone removed by hand (e.g. from the dashboard); upserts are idempotent.
    repair = setInterval(() => {
      app.reconcile().catch((err: unknown) => app.log.warn({ err: String(err) }, 'Could not reconcile job schedulers'));
    }, SCHEDULER_REPAIR_MS);
  }
  const workers = roles.queues.length > 0 ? app.startWorkers({ queues: roles.queues, concurrency: env.concurrency }) : undefined;
  if (workers) app.log.info({ queues: roles.queues, concurrency: env.concurrency, prefix: env.keyPrefix }, 'Workers started');
  // Last, so /readyz finds the schedulers and workers in place from the first request on.
  const web = roles.web
    ? await startWeb(app, { workers }).catch(async (err: unknown) => {
        // The port is taken, say: stop what already runs (workers included) so the process can exit.
        clearInterval(repair);
        await app.close();
        throw err;
      })
    : undefined;
  return installShutdown(app, async () => {
    clearInterval(repair);
    await Promise.all([web?.close(), workers?.close()]);
  });
}

export async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      queues: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'base-url': { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      ...OPS_OPTIONS,
    },
  });
  const command = positionals[0] ?? 'start';
  if (values.help || command === 'help') {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (values.version) {
    console.log(packageInfo.version);
    return EXIT.ok;
  }
  const env = loadEnv(process.env);
  if (isOpsCommand(command)) return runOpsCommand(command, { args: positionals.slice(1), values, env, open: () => openConfigured(env, 2, true) });
  switch (command) {
    case 'start':
      return runService(env, { web: true, scheduler: true, queues: [...QUEUE_NAMES] });
    case 'web':
      return runService(env, { web: true, scheduler: false, queues: [] });
    case 'worker':
      return runService(env, { web: false, scheduler: false, queues: parseQueues(values.queues) });
    case 'scheduler':
      return runService(env, { web: false, scheduler: true, queues: [] });
    case 'once': {
      const app = await openConfigured(env, 2, true);
      try {
        return await runOnce(app, { concurrency: env.concurrency, out: process.stdout, progress: process.stderr });
      } finally {
        await app.close();
      }
    }
    case 'export': {
      if (values.out !== undefined) {
        if (values.format !== undefined) throw new UsageError('--format and --out do not go together: --format ndjson writes to stdout, --out writes static feed files');
        const options = resolveStaticExportOptions({ out: values.out, baseUrl: values['base-url'], limit: values.limit }, env.publicUrl);
        const app = await openConfigured(env, 2, true);
        try {
          await runStaticExport(app, options, { out: process.stdout, progress: process.stderr });
          return EXIT.ok;
        } finally {
          await app.close();
        }
      }
      const format = values.format ?? 'ndjson';
      if (format !== 'ndjson') throw new UsageError(`--format: "${format}" is not supported; use --format ndjson`);
      const app = await openConfigured(env, 2, true);
      try {
        return await runExport(app, process.stdout);
      } finally {
        await app.close();
      }
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function report(err: unknown): number {
  if (err instanceof ConfigError) {
    console.error(`hessenfeed: invalid configuration\n${err.message}`);
    return EXIT.config;
  }
  if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`hessenfeed: ${err.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (err instanceof StartupError) {
    console.error(`hessenfeed: ${err.message}`);
    return EXIT.failure;
  }
  console.error('hessenfeed: unexpected error:', err);
  return EXIT.failure;
}

/** Runs the command line and sets the process exit code; never throws. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    process.exitCode = report(err);
  }
}
