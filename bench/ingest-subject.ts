/**
 * The subject of the ingest bench: `hessenfeed once`, run in this process through `main` as a
 * user would run it (its own environment, config files, Redis connection), under a fresh
 * KEY_PREFIX that is deleted afterwards. Timed from the call to its exit code.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { main } from '../src/cli/main.js';
import { Store } from '../src/store/index.js';
import { CapturedOutput, cliEnv, PROJECT_ROOT, TestSignals } from '../test/helpers/cli.js';

export interface SubjectOptions {
  redisUrl: string;
  sourcesFile: string;
  /** CONCURRENCY: jobs per queue. */
  concurrency: number;
  /** HOST_SPACING; unset keeps the shipped default. */
  hostSpacing?: string;
  /** After this long `once` gets SIGINT, finishes its running jobs and returns. */
  timeoutMs: number;
  /** Every release page the sites serve: each must end up as exactly one stored item. */
  releaseUrls: readonly string[];
}

export interface SubjectRun {
  /** Items in the store when the command returned. */
  stored: number;
  ms: number;
  /** False when the timeout interrupted it. */
  finished: boolean;
}

/** One source per host: its listing, paged as far as the host's releases go. */
export function writeSourcesFile(dir: string, name: string, origins: readonly string[], maxPages: number, idPrefix = 'bench-host'): string {
  const file = join(dir, name);
  const sources = origins.map(
    (origin, i) => `  - id: ${idPrefix}-${i}
    name: Bench host ${i}
    url: ${origin}/presse
    type: listing
    profile: hessen-drupal
    max_pages: ${maxPages}
`,
  );
  writeFileSync(file, `sources:\n${sources.join('')}`);
  return file;
}

/** Every release URL leads to its own item, and there are no others. */
async function verifyStored(store: Store, releaseUrls: readonly string[], stored: number): Promise<void> {
  const ids = await Promise.all(releaseUrls.map((url) => store.findItemIdByUrl(url)));
  const missing = releaseUrls.filter((_, i) => ids[i] === undefined);
  const distinct = new Set(ids.filter((id) => id !== undefined)).size;
  if (missing.length > 0 || distinct !== releaseUrls.length || stored !== releaseUrls.length) {
    throw new Error(
      `expected ${releaseUrls.length} releases stored once each; the store holds ${stored} items, ` +
        `${missing.length} release URLs lead to none (first: ${missing[0] ?? '-'}), ${distinct} distinct items`,
    );
  }
}

/** SCAN + UNLINK of `<prefix>:*`: the store and the queues of one run. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export async function runHessenfeedOnce(options: SubjectOptions): Promise<SubjectRun> {
  const prefix = `hf-bench-ingest-${randomBytes(4).toString('hex')}`;
  const env = cliEnv({
    REDIS_URL: options.redisUrl,
    KEY_PREFIX: prefix,
    SOURCES_FILE: options.sourcesFile,
    MINISTRIES_FILE: join(PROJECT_ROOT, 'config/ministries.yaml'),
    PROFILES_FILE: join(PROJECT_ROOT, 'config/profiles.yaml'),
    ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
    LOG_LEVEL: 'silent',
    CONCURRENCY: String(options.concurrency),
    ...(options.hostSpacing === undefined ? {} : { HOST_SPACING: options.hostSpacing }),
  });
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const signals = new TestSignals();
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  let finished = true;
  // SIGINT is how a user stops `once`: it returns with a summary and leaves the rest queued.
  const timer = setTimeout(() => {
    finished = false;
    signals.send('SIGINT');
  }, options.timeoutMs);
  try {
    const started = performance.now();
    const code = await main(['once'], { env, stdout, stderr, stdin: Readable.from([]), signals });
    const ms = performance.now() - started;
    clearTimeout(timer);
    if (code !== (finished ? 0 : 130)) throw new Error(`hessenfeed once exited with ${code}\n${stdout.text}${stderr.text}`);
    const store = new Store(redis, prefix);
    const stored = await store.countItems();
    if (finished) await verifyStored(store, options.releaseUrls, stored);
    return { stored, ms, finished };
  } finally {
    clearTimeout(timer);
    await deletePrefix(redis, prefix);
    redis.disconnect();
  }
}
