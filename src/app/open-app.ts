/**
 * Assembles one hessenfeed process from configuration: Redis, store, queues, fetch policy and the
 * pipeline's dependencies. The CLI decides which roles run; everything below gets its settings
 * from here as arguments.
 */
import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Config, Env } from '../config/index.js';
import { createFetchPolicy, RedisHostGate, type FetchPolicy } from '../fetch/index.js';
import { MetricsRecorder } from '../metrics/index.js';
import { politenessByHost, startScheduledBackfills, startWorkers, type PipelineDeps, type WorkerOptions, type WorkerSet } from '../pipeline/index.js';
import { createQueues, DEFAULT_RETRY, reconcileSchedulers, type Queues, type ReconcileResult, type RetryPolicy } from '../queue/index.js';
import { createMinistryRegistry } from '../model/index.js';
import { Store } from '../store/index.js';
import { packageInfo, userAgent } from '../about/index.js';
import { openRedis, type RedisHandle } from './redis.js';


export interface AppOverrides {
  retry?: RetryPolicy;
  fetchPolicy?: Partial<FetchPolicy>;
  /** Directory for a private redis-server's data. */
  dataDir?: string;
  /** Where to look for a redis-server to start (the PATH of the environment). */
  searchPath?: string;
  /** How long a REDIS_URL that does not answer yet is tried again (services: REDIS_WAIT). @defaultValue 0 */
  redisWaitMs?: number;
  /** The pipeline's clock (poll, scrape and ingest times); tests move it instead of waiting. */
  now?: () => Date;
}

/** What the scheduler role changed: job schedulers, and the backfills of `backfill: true` sources it started. */
export interface AppReconcileResult extends ReconcileResult {
  backfills: string[];
}

export interface App {
  env: Env;
  config: Config;
  log: Logger;
  redis: RedisHandle;
  /** The store's connection (also metrics and the host gate); the queues have one of their own. */
  connection: Redis;
  store: Store;
  queues: Queues;
  /** Records pipeline events into Redis for `/metrics` (any process may record). */
  metrics: MetricsRecorder;
  deps: PipelineDeps;
  /** Job schedulers in line with config; a `backfill: true` source's first walk started (once). */
  reconcile(): Promise<AppReconcileResult>;
  /** Workers with this process's JOB_LOCK. */
  startWorkers(options: Omit<WorkerOptions, 'lockMs'>): WorkerSet;
  close(): Promise<void>;
}

/**
 * The process's logger, writing to `stream`: JSON lines (pid included), or readable lines when the
 * stream is a terminal.
 */
export function createLogger(level: Env['logLevel'], stream: Writable & { isTTY?: boolean }, pid?: number): Logger {
  if (stream.isTTY) {
    // Required here, not imported above: a service logs JSON lines and never loads it.
    const pretty = (createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty')).build;
    return pino({ level, base: undefined }, pretty({ destination: stream, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true }));
  }
  return pino({ level, base: pid === undefined ? undefined : { pid } }, stream);
}

export async function openApp(env: Env, config: Config, log: Logger, overrides: AppOverrides = {}): Promise<App> {
  const redis = await openRedis({ url: env.redisUrl, explicit: env.redisUrlExplicit, dataDir: overrides.dataDir, searchPath: overrides.searchPath, waitMs: overrides.redisWaitMs, log });
  const connection = redis.connect();
  const store = new Store(connection, env.keyPrefix);
  const migrated = await store.migrate();
  if (migrated && migrated.items > 0) log.info({ from_format: migrated.from, items: migrated.items }, 'Store migrated to the current format: word index built, texts deflated.');
  // Items stored by an earlier hessenfeed get the current fingerprints before anything ingests.
  const upgraded = await store.upgradeIdentity();
  if (upgraded > 0) log.info({ items: upgraded }, 'Recomputed the content fingerprints of releases stored by an earlier version.');
  // BullMQ loads its fifty-odd Lua scripts onto the connection it is given, and ioredis copies
  // every script loaded on a connection into each pipeline made on it (about 90 µs a pipeline
  // here, twice per ingested release): so the store's pipelines go over a connection of its own.
  const queueConnection = redis.connect();
  const queues = createQueues(queueConnection, env.keyPrefix);
  const metrics = new MetricsRecorder(connection, env.keyPrefix, {
    onError: (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not record metrics'),
  });
  const fetchPolicy = createFetchPolicy({
    userAgent: userAgent(env.contactUrl),
    allowPrivateNetworks: env.allowPrivateNetworks,
    ...overrides.fetchPolicy,
  });
  const politeness = { minSpacingMs: env.hostSpacingMs, maxInFlight: env.hostConcurrency };
  const deps: PipelineDeps = {
    store,
    queues,
    sources: new Map(config.sources.map((s) => [s.id, s])),
    profiles: config.profiles,
    registry: createMinistryRegistry(config.ministries),
    fetchPolicy,
    // A slot is held for at most one fetch (its deadline is totalTimeoutMs); a crashed worker's
    // slot is freed shortly after that instead of blocking the host for the default minute.
    gate: new RedisHostGate(connection, env.keyPrefix, {
      ...politeness,
      hosts: politenessByHost(config.sources, politeness),
      leaseMs: fetchPolicy.totalTimeoutMs + 10_000,
    }),
    retry: overrides.retry ?? DEFAULT_RETRY,
    log,
    metrics,
    now: overrides.now,
  };
  const workerSets: WorkerSet[] = [];
  log.debug({ version: packageInfo.version, redis: env.redisUrl, prefix: env.keyPrefix }, 'hessenfeed ready');
  return {
    env,
    config,
    log,
    redis,
    connection,
    store,
    queues,
    metrics,
    deps,
    reconcile: async () => {
      const schedulers = await reconcileSchedulers(queues.poll, config.sources);
      return { ...schedulers, backfills: await startScheduledBackfills(deps, config.sources) };
    },
    startWorkers(options) {
      const set = startWorkers(deps, queueConnection, env.keyPrefix, { ...options, lockMs: env.jobLockMs });
      workerSets.push(set);
      return set;
    },
    async close() {
      await Promise.all(workerSets.map((w) => w.close()));
      await metrics.flush();
      await queues.close();
      queueConnection.disconnect();
      connection.disconnect();
      await redis.stop();
    },
  };
}
