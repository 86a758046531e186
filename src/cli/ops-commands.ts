/**
 * The operator commands (issue 4): status, poll, retry-failed, rescrape, sources check, backup,
 * restore. src/cli/index.ts parses the arguments with OPS_OPTIONS and hands these commands here;
 * each command's logic lives in its own module.
 */
import type { Env } from '../config/index.js';
import { loadConfig } from '../config/index.js';
import type { App } from '../app/index.js';
import { QUEUE_NAMES, type QueueName } from '../queue/index.js';
import { runBackup, runRestore } from './backup.js';
import { runPoll } from './poll.js';
import { runRescrape } from './rescrape.js';
import { runRetryFailed } from './retry-failed.js';
import { runSourcesCheck } from './sources-check.js';
import { openStatusContext, runStatus } from './status.js';
import { UsageError } from './usage-error.js';

export const OPS_COMMANDS = ['status', 'poll', 'retry-failed', 'rescrape', 'sources', 'backup', 'restore'] as const;
export type OpsCommand = (typeof OPS_COMMANDS)[number];

export const OPS_USAGE = `  status [--json]           queues, source health, Redis; exit 1 on a failing or stale source or an unfit Redis
  poll <source-id>…|--all   queue a poll now (a running start/worker process does it)
  retry-failed [--queue q]  move every failed job (of queue q: poll, scrape, ingest) back to waiting
  rescrape <item-id|url>    fetch and extract again, even if unchanged (e.g. after a profile fix)
  rescrape --source <id>    … every item the source led to
  sources check [--source id]…
                            fetch sources and their first articles now and show what the profiles extract; stores nothing
  backup > file.ndjson      write every item, source and page state as NDJSON
  restore [--force] < file.ndjson
                            load a backup into an empty KEY_PREFIX (--force: replace what is there)`;

/** parseArgs options of the operator commands; spread into the CLI's options. */
export const OPS_OPTIONS = {
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  queue: { type: 'string' },
  source: { type: 'string', multiple: true },
  force: { type: 'boolean' },
} as const;

export interface OpsValues {
  all?: boolean;
  json?: boolean;
  queue?: string;
  source?: string[];
  force?: boolean;
}

export interface OpsArgs {
  /** Positionals after the command name. */
  args: string[];
  values: OpsValues;
  env: Env;
  /** Opens the app with logs on stderr, quiet unless LOG_LEVEL is set. */
  open(): Promise<App>;
}

export function isOpsCommand(command: string): command is OpsCommand {
  return (OPS_COMMANDS as readonly string[]).includes(command);
}

function parseQueue(value: string | undefined): QueueName[] {
  if (value === undefined) return [...QUEUE_NAMES];
  if (!(QUEUE_NAMES as readonly string[]).includes(value)) throw new UsageError(`--queue: "${value}" is not a queue; choose from ${QUEUE_NAMES.join(', ')}`);
  return [value as QueueName];
}

function noArgs(command: string, args: string[]): void {
  if (args.length > 0) throw new UsageError(`${command}: unexpected argument "${args[0]}"`);
}

async function withApp(open: () => Promise<App>, run: (app: App) => Promise<number>): Promise<number> {
  const app = await open();
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

async function status(env: Env, json: boolean): Promise<number> {
  const config = await loadConfig({ sourcesFile: env.sourcesFile, ministriesFile: env.ministriesFile, profilesFile: env.profilesFile });
  const ctx = await openStatusContext(env, config);
  try {
    return await runStatus(ctx, { out: process.stdout, json });
  } finally {
    await ctx.close();
  }
}

export async function runOpsCommand(command: OpsCommand, { args, values, env, open }: OpsArgs): Promise<number> {
  const out = process.stdout;
  const err = process.stderr;
  switch (command) {
    case 'status':
      noArgs(command, args);
      return status(env, values.json === true);
    case 'poll':
      return withApp(open, (app) => runPoll(app, { ids: args, all: values.all === true, out }));
    case 'retry-failed': {
      noArgs(command, args);
      const queues = parseQueue(values.queue);
      return withApp(open, (app) => runRetryFailed(app, { queues, out }));
    }
    case 'rescrape': {
      if (args.length > 1) throw new UsageError('rescrape: give one item id or URL at a time');
      if ((values.source?.length ?? 0) > 1) throw new UsageError('rescrape: give one --source at a time');
      return withApp(open, (app) => runRescrape(app, { target: args[0], sourceId: values.source?.[0], out, err }));
    }
    case 'sources': {
      if (args[0] !== 'check') throw new UsageError(`sources: ${args[0] ? `unknown subcommand "${args[0]}"` : 'missing subcommand'}; use \`hessenfeed sources check [--source id]\``);
      noArgs('sources check', args.slice(1));
      return withApp(open, (app) => runSourcesCheck(app, { sourceIds: values.source ?? [], out }));
    }
    case 'backup':
      noArgs(command, args);
      return withApp(open, (app) => runBackup(app, out, err));
    case 'restore':
      noArgs(command, args);
      if (process.stdin.isTTY) throw new UsageError('restore reads a backup from standard input: hessenfeed restore < backup.ndjson');
      return withApp(open, (app) => runRestore(app, { input: process.stdin, force: values.force === true, out, err }));
  }
}
