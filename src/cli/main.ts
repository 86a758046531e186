/**
 * `hessenfeed` command line: parses the arguments, answers `--help` and `--version` and every
 * usage mistake at once, and only then loads the command itself (commands.ts pulls in Redis,
 * BullMQ, fastify and cheerio, which take most of a second to load). bin/hessenfeed.js calls
 * `main` with the real process; tests call it with their own environment and streams.
 */
import { parseArgs } from 'node:util';
import { packageInfo } from '../about/index.js';
import { suggestClosest } from '../text/index.js';
import { EXIT, type CliIo, type CommandValues } from './io.js';
import { UsageError } from './usage-error.js';

export { EXIT, type CliIo, type CommandValues, type Input, type Output, type ShutdownSignal, type Signals } from './io.js';

const QUEUES = 'poll, scrape, ingest, backfill';

/** Every option of every command, as parseArgs wants them. */
const OPTIONS = {
  queues: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  limit: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  queue: { type: 'string' },
  source: { type: 'string', multiple: true },
  force: { type: 'boolean' },
  since: { type: 'string' },
  pages: { type: 'string' },
  restart: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** The commands, in the order the usage lists them, with the options each takes. */
export const COMMANDS: Record<string, { options: readonly OptionName[]; usage: string }> = {
  start: { options: [], usage: 'start                     run everything in one process: web server, schedulers and all workers' },
  web: { options: [], usage: 'web                       run the HTTP server only (feeds, overview page, API) on HOST:PORT' },
  worker: { options: ['queues'], usage: `worker [--queues q,…]     run workers only (queues: ${QUEUES}); start more to scale out` },
  scheduler: { options: [], usage: 'scheduler                 keep the poll schedulers in line with config (safe to run twice)' },
  once: { options: [], usage: 'once                      poll every source once, process until the queues are empty, print a summary' },
  backfill: {
    options: ['source', 'since', 'pages', 'restart', 'json'],
    usage:
      'backfill [--source id]… [--since YYYY-MM-DD] [--pages N] [--restart] [--json]\n' +
      '                            walk every page of the listing sources, older and older, until each ends;\n' +
      '                            run again to resume, --restart to walk a finished source again',
  },
  export: {
    options: ['format', 'out', 'base-url', 'limit'],
    usage:
      'export --format ndjson    write every stored item as one JSON object per line to stdout\n' +
      '  export --out DIR [--base-url URL] [--limit N]\n' +
      '                            write the feeds, OPML and overview page as static files to DIR, with links\n' +
      '                            under URL (default PUBLIC_URL), the newest N (default 200) releases per feed',
  },
  status: { options: ['json'], usage: 'status [--json]           queues, source health, Redis; exit 1 on a failing or stale source or an unfit Redis' },
  poll: { options: ['all'], usage: 'poll <source-id>…|--all   queue a poll now (a running start/worker process does it)' },
  'retry-failed': { options: ['queue'], usage: `retry-failed [--queue q]  move every failed job (of queue q: ${QUEUES}) back to waiting` },
  rescrape: {
    options: ['source'],
    usage:
      'rescrape <item-id|url>    fetch and extract again, even if unchanged (e.g. after a profile fix)\n' +
      '  rescrape --source <id>    … every item the source led to',
  },
  sources: {
    options: ['source'],
    usage:
      'sources check [--source id]…\n' +
      '                            fetch sources and their first articles now and show what the profiles extract; stores nothing',
  },
  backup: { options: [], usage: 'backup > file.ndjson      write every item, source and page state as NDJSON' },
  restore: {
    options: ['force'],
    usage: 'restore [--force] < file.ndjson\n                            load a backup into an empty KEY_PREFIX (--force: replace what is there)',
  },
  help: { options: [], usage: 'help                      show this text (also --help); --version prints the version' },
};

export const USAGE = `hessenfeed ${packageInfo.version} — one merged feed of the Hessian ministries' press releases

Usage: hessenfeed <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}`)
  .join('\n')}

Environment: REDIS_URL, KEY_PREFIX, SOURCES_FILE, MINISTRIES_FILE, PROFILES_FILE,
ALLOW_PRIVATE_NETWORKS, LOG_LEVEL, CONCURRENCY, HOST, PORT, PUBLIC_URL, CONTACT_URL (see README.md).`;

/** `hessenfeed stauts` → "did you mean `status`?"; empty when nothing is close. */
function didYouMean(word: string, candidates: readonly string[], render: (candidate: string) => string): string {
  const closest = suggestClosest(word, candidates);
  return closest === undefined ? '' : `; did you mean \`${render(closest)}\`?`;
}

function parseCommandLine(argv: string[]): { positionals: string[]; values: CommandValues & { help?: boolean; version?: boolean } } {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw err;
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec((err as Error).message);
    if (unknown) {
      const flags = Object.keys(OPTIONS);
      throw new UsageError(`unknown option ${unknown[1]}${unknown[2]}${didYouMean(unknown[2]!, flags, (f) => `--${f}`)}`);
    }
    throw new UsageError((err as Error).message);
  }
}

/** An option the command does not take is a mistake, not something to ignore silently. */
function checkOptions(command: string, values: CommandValues): void {
  const allowed = COMMANDS[command]!.options;
  for (const name of Object.keys(values) as OptionName[]) {
    if (name === 'help' || name === 'version' || allowed.includes(name)) continue;
    const takes = allowed.length === 0 ? 'takes no options' : `takes ${allowed.map((o) => `--${o}`).join(', ')}`;
    throw new UsageError(`${command} does not take --${name}; it ${takes}`);
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseCommandLine(argv);
  const command = positionals[0];
  if (values.version) {
    io.stdout.write(`${packageInfo.version}\n`);
    return EXIT.ok;
  }
  if (values.help || command === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (command === undefined) {
    // A bare command never starts the service: that would begin polling the real sites.
    io.stderr.write(`${USAGE}\n\nhessenfeed: give a command; \`hessenfeed start\` runs the service.\n`);
    return EXIT.usage;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    throw new UsageError(`unknown command "${command}"${didYouMean(command, Object.keys(COMMANDS), (c) => `hessenfeed ${c}`)}`);
  }
  const { help: _help, version: _version, ...commandValues } = values;
  checkOptions(command, commandValues);
  const { runCommand } = await import('./commands.js');
  return runCommand(command, { args: positionals.slice(1), values: commandValues, io });
}

/** Runs one command line and resolves with its exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`hessenfeed: ${err.message}\nRun \`hessenfeed --help\` for the commands and their options.\n`);
      return EXIT.usage;
    }
    const { reportError } = await import('./commands.js');
    return reportError(err, io);
  }
}
