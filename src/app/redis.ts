/**
 * Getting a usable Redis at start: connect to REDIS_URL; when nothing answers at the default
 * address, start a private redis-server under ./data; refuse a Redis that is not fit (version,
 * eviction policy: the same check `hessenfeed status` reports, src/ops/redis-info.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { readRedisInfo, type RedisInfo } from '../ops/index.js';

/** A problem that stops the start; the message says what is wrong and how to fix it. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface RedisHandle {
  url: string;
  /** Opens a connection suitable for BullMQ workers (commands wait while Redis reconnects). */
  connect(): Redis;
  /** The redis-server this process started, if any. */
  child?: ChildProcess;
  /** Stops the child redis-server, if this process started one. */
  stop(): Promise<void>;
}

async function ping(url: string): Promise<string | undefined> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    probe.disconnect();
  }
}

function findBinary(name: string, path = ''): string | undefined {
  const dirs = [...path.split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function startChild(url: string, dataDir: string, searchPath: string | undefined, log: Logger): Promise<ChildProcess> {
  const binary = findBinary('redis-server', searchPath);
  if (!binary) {
    throw new StartupError(
      `No Redis answers at ${url} and there is no redis-server program to start one. ` +
        'Install one (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis), ' +
        'or run `docker compose up -d redis`, or point REDIS_URL at a running Redis.',
    );
  }
  const { hostname, port } = new URL(url);
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port', port || '6379',
    '--bind', hostname === 'localhost' ? '127.0.0.1' : hostname,
    '--dir', dir,
    '--appendonly', 'yes',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'no',
  ];
  log.info({ binary, dir, port: port || '6379' }, 'No Redis answered; starting a redis-server with its data under ./data');
  // Its own process group: Ctrl-C in the terminal signals the whole foreground group, and Redis
  // must outlive the signal until the jobs have drained; App.close() stops it after them.
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    if ((await ping(url)) === undefined) return child;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new StartupError(`Started ${binary} but it did not answer at ${url}: ${stderr.trim() || 'no output'}`);
}

/** Refuses a Redis that is not fit for hessenfeed (its problems, one sentence each, in the error). */
export async function checkRedis(redis: Redis, log: Logger): Promise<RedisInfo> {
  const info = await readRedisInfo(redis);
  for (const note of info.notes) log.warn(note);
  if (info.problems.length > 0) throw new StartupError(info.problems.join(' '));
  return info;
}

export interface OpenRedisOptions {
  url: string;
  /** REDIS_URL was set: never start a private server, report the problem instead. */
  explicit: boolean;
  dataDir?: string;
  /** PATH to look for redis-server in (besides the usual system folders). */
  searchPath?: string;
  /**
   * How long to keep trying a REDIS_URL that does not answer yet (a service started while Redis
   * restarts), with growing pauses; 0 gives up at once. @defaultValue 0
   */
  waitMs?: number;
  log: Logger;
}

/** First and longest pause between two tries of a Redis that does not answer yet. */
const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 5000;

/** Pings until Redis answers or `waitMs` has passed; the last problem, or undefined once it answers. */
async function waitForRedis(url: string, waitMs: number, log: Logger): Promise<string | undefined> {
  const started = Date.now();
  let pause = FIRST_RETRY_MS;
  for (;;) {
    const problem = await ping(url);
    const left = waitMs - (Date.now() - started);
    if (problem === undefined || left <= 0) return problem;
    const wait = Math.min(pause, left);
    log.warn({ redis: url, err: problem, retry_in_ms: wait, gives_up_in_ms: left }, `Redis at ${url} does not answer (${problem}); trying again in ${(wait / 1000).toFixed(1)} s`);
    await sleep(wait);
    pause = Math.min(pause * 2, LONGEST_RETRY_MS);
  }
}

export async function openRedis(options: OpenRedisOptions): Promise<RedisHandle> {
  const { url, log } = options;
  let child: ChildProcess | undefined;
  const problem = options.explicit ? await waitForRedis(url, options.waitMs ?? 0, log) : await ping(url);
  if (problem !== undefined) {
    if (options.explicit) {
      const waited = options.waitMs ? ` after trying for ${Math.round(options.waitMs / 1000)} s (REDIS_WAIT)` : '';
      throw new StartupError(`Redis at ${url} does not answer (${problem})${waited}. Start it, or fix REDIS_URL.`);
    }
    child = await startChild(url, options.dataDir ?? 'data', options.searchPath, log);
  }
  const connect = (): Redis => {
    // No CLIENT SETINFO at connect: since ioredis 5.8.2 it is sent beside the commands queued
    // meanwhile, and a SUBSCRIBE among them (the web process's store watch) turns the ready
    // check's INFO into "Connection in subscriber mode", an error and a reconnect (ioredis #2037).
    const redis = new Redis(url, { maxRetriesPerRequest: null, disableClientInfo: true });
    redis.on('error', (err) => log.debug({ err: err.message }, 'redis connection error'));
    return redis;
  };
  const check = connect();
  try {
    await checkRedis(check, log);
  } catch (err) {
    check.disconnect();
    child?.kill('SIGTERM');
    throw err;
  }
  check.disconnect();
  return {
    url,
    connect,
    child,
    stop: async () => {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
