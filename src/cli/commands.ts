/**
 * The commands behind `hessenfeed <command>`, loaded by main.ts once the command line is known to
 * be right. This is where the environment is read and the config files are loaded, once, and
 * passed down; each command's own work lives in its module (once.ts, status.ts, …). The modules
 * of the commands that render or report (status, export, rescrape, sources check: the renderers
 * and the web layer behind them) are loaded when their command runs, so the service roles start
 * without them.
 */
import { ConfigError, loadConfig, loadEnv, type Env } from '../config/index.js';
import { createLogger, openApp, startWeb, StartupError, type App } from '../app/index.js';
import { QUEUE_NAMES, type QueueName } from '../queue/index.js';
import { parsePages, parseSince, runBackfill } from './backfill.js';
import { runBackup, runRestore } from './backup.js';
import { EXIT, type CliIo, type CommandValues, type Output } from './io.js';
import { runOnce } from './once.js';
import { runPoll } from './poll.js';
import { runRetryFailed } from './retry-failed.js';
import { installShutdown } from './shutdown.js';
import { UsageError } from './usage-error.js';

export interface CommandRun {
  /** Positionals after the command name. */
  args: string[];
  values: CommandValues;
  io: CliIo;
}

const SCHEDULER_REPAIR_MS = 5 * 60_000;

function parseQueueList(value: string | undefined, option: string, single = false): QueueName[] {
  if (value === undefined) return [...QUEUE_NAMES];
  const names = single ? [value] : value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(QUEUE_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`${option}: "${name}" is not a queue; choose from ${QUEUE_NAMES.join(', ')}`);
    }
  }
  return names as QueueName[];
}

function noArgs(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${command}: unexpected argument "${args[0]}"`);
}

/**
 * Loads the config files and opens the app. Commands that print results keep their logs on stderr
 * and, unless LOG_LEVEL asks for more, quiet.
 */
async function openConfigured(env: Env, io: CliIo, logTo: Output, role: 'command' | 'service'): Promise<App> {
  const config = await loadConfig({ sourcesFile: env.sourcesFile, ministriesFile: env.ministriesFile, profilesFile: env.profilesFile });
  const level = role === 'command' && io.env.LOG_LEVEL === undefined ? 'warn' : env.logLevel;
  // A service started while Redis restarts waits for it, as one that loses Redis later does; a
  // command run by hand or from cron says at once that Redis is not there.
  const redisWaitMs = role === 'service' ? env.redisWaitMs : 0;
  return openApp(env, config, createLogger(level, logTo, io.pid), { searchPath: io.env.PATH, redisWaitMs });
}

/** Runs `work` with an app whose logs go to stderr, and closes it however `work` ends. */
async function withApp(env: Env, io: CliIo, work: (app: App) => Promise<number>): Promise<number> {
  const app = await openConfigured(env, io, io.stderr, 'command');
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function runService(env: Env, io: CliIo, roles: { web: boolean; scheduler: boolean; queues: QueueName[] }): Promise<number> {
  const app = await openConfigured(env, io, io.stdout, 'service');
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
  return installShutdown(app, io.signals, async () => {
    clearInterval(repair);
    await Promise.all([web?.close(), workers?.close()]);
  });
}

async function runExportCommand(env: Env, io: CliIo, values: CommandValues): Promise<number> {
  if (values.out !== undefined) {
    if (values.format !== undefined) throw new UsageError('--format and --out do not go together: --format ndjson writes to stdout, --out writes static feed files');
    const { resolveStaticExportOptions, runStaticExport } = await import('./export-static.js');
    const options = resolveStaticExportOptions({ out: values.out, baseUrl: values['base-url'], limit: values.limit }, env.publicUrl);
    return withApp(env, io, async (app) => {
      await runStaticExport(app, options, { out: io.stdout, progress: io.stderr });
      return EXIT.ok;
    });
  }
  if (values['base-url'] !== undefined || values.limit !== undefined) throw new UsageError('--base-url and --limit belong to export --out DIR');
  const format = values.format ?? 'ndjson';
  if (format !== 'ndjson') throw new UsageError(`--format: "${format}" is not supported; use --format ndjson`);
  const { runExport } = await import('./export.js');
  return withApp(env, io, (app) => runExport(app, io.stdout));
}

async function runStatusCommand(env: Env, io: CliIo, json: boolean): Promise<number> {
  const config = await loadConfig({ sourcesFile: env.sourcesFile, ministriesFile: env.ministriesFile, profilesFile: env.profilesFile });
  const { openStatusContext, runStatus } = await import('./status.js');
  const ctx = await openStatusContext(env, config);
  try {
    return await runStatus(ctx, { out: io.stdout, json });
  } finally {
    await ctx.close();
  }
}

export async function runCommand(command: string, { args, values, io }: CommandRun): Promise<number> {
  const env = loadEnv(io.env);
  const out = io.stdout;
  switch (command) {
    case 'start':
      noArgs(command, args);
      return runService(env, io, { web: true, scheduler: true, queues: [...QUEUE_NAMES] });
    case 'web':
      noArgs(command, args);
      return runService(env, io, { web: true, scheduler: false, queues: [] });
    case 'worker':
      noArgs(command, args);
      return runService(env, io, { web: false, scheduler: false, queues: parseQueueList(values.queues, '--queues') });
    case 'scheduler':
      noArgs(command, args);
      return runService(env, io, { web: false, scheduler: true, queues: [] });
    case 'once':
      noArgs(command, args);
      return withApp(env, io, (app) => runOnce(app, { concurrency: env.concurrency, out, progress: io.stderr, signals: io.signals }));
    case 'backfill': {
      if (args.length > 0) throw new UsageError(`backfill: unexpected argument "${args[0]}"; name sources with --source <id>`);
      const since = parseSince(values.since);
      const maxPages = parsePages(values.pages);
      const options = { sourceIds: values.source ?? [], since, maxPages, restart: values.restart === true, json: values.json === true };
      return withApp(env, io, (app) => runBackfill(app, { ...options, concurrency: env.concurrency, out, err: io.stderr, signals: io.signals }));
    }
    case 'export':
      noArgs(command, args);
      return runExportCommand(env, io, values);
    case 'status':
      noArgs(command, args);
      return runStatusCommand(env, io, values.json === true);
    case 'poll':
      return withApp(env, io, (app) => runPoll(app, { ids: args, all: values.all === true, out }));
    case 'retry-failed': {
      noArgs(command, args);
      const queues = parseQueueList(values.queue, '--queue', true);
      return withApp(env, io, (app) => runRetryFailed(app, { queues, out }));
    }
    case 'rescrape': {
      if (args.length > 1) throw new UsageError('rescrape: give one item id or URL at a time');
      if ((values.source?.length ?? 0) > 1) throw new UsageError('rescrape: give one --source at a time');
      const { runRescrape } = await import('./rescrape.js');
      return withApp(env, io, (app) => runRescrape(app, { target: args[0], sourceId: values.source?.[0], out, err: io.stderr }));
    }
    case 'sources': {
      if (args[0] !== 'check') throw new UsageError(`sources: ${args[0] ? `unknown subcommand "${args[0]}"` : 'missing subcommand'}; use \`hessenfeed sources check [--source id]\``);
      noArgs('sources check', args.slice(1));
      const { runSourcesCheck } = await import('./sources-check.js');
      return withApp(env, io, (app) => runSourcesCheck(app, { sourceIds: values.source ?? [], out }));
    }
    case 'backup':
      noArgs(command, args);
      return withApp(env, io, (app) => runBackup(app, out, io.stderr));
    case 'restore':
      noArgs(command, args);
      if (io.stdin.isTTY) throw new UsageError('restore reads a backup from standard input: hessenfeed restore < backup.ndjson');
      return withApp(env, io, (app) => runRestore(app, { input: io.stdin, force: values.force === true, out, err: io.stderr }));
    default:
      throw new Error(`command "${command}" is listed in the usage but has no implementation`);
  }
}

/** The message and exit code for an error a command ended with. */
export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof ConfigError) {
    io.stderr.write(`hessenfeed: invalid configuration\n${err.message}\n`);
    return EXIT.config;
  }
  if (err instanceof StartupError) {
    io.stderr.write(`hessenfeed: ${err.message}\n`);
    return EXIT.failure;
  }
  io.stderr.write(`hessenfeed: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.failure;
}
