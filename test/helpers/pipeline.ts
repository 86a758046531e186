import { pino } from 'pino';
import { loadEnv, type Config } from '../../src/config/index.js';
import { openApp, type App } from '../../src/app/index.js';
import type { Ministry, Profile, Source, WalkState } from '../../src/model/index.js';
import { startBackfill, type BackfillStartOptions } from '../../src/pipeline/index.js';
import { countPendingJobs, enqueuePolls, QUEUE_NAMES } from '../../src/queue/index.js';
import type { JobDoneEvent, WorkerSet } from '../../src/pipeline/workers.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './redis.js';
import { loadShippedConfig } from './config.js';

export interface TestPipeline {
  prefix: string;
  /** One App per worker process being simulated; apps[0] is used for enqueueing and reading. */
  apps: App[];
  app: App;
  events: JobDoneEvent[];
  /** True while every simulated process's workers run. */
  workersRunning(): boolean;
  /** Stops every simulated process's workers the graceful way (running jobs finish first). */
  stopWorkers(): Promise<void>;
  /** Starts them again after stopWorkers. */
  startWorkers(): void;
  /** Polls the given sources (default all) and waits until every queue is empty. */
  pollAll(sourceIds?: string[]): Promise<void>;
  /** Starts (or resumes) a source's backfill and waits until the walk ended and every queue is empty. */
  backfill(sourceId: string, options?: BackfillStartOptions): Promise<WalkState>;
  /** Waits until the source's walk ended and every queue is empty. */
  walkEnded(sourceId: string): Promise<WalkState>;
  close(): Promise<void>;
}

export interface TestPipelineOptions {
  sources: Source[];
  profiles?: Map<string, Profile>;
  ministries?: Ministry[];
  /** Separate apps (own Redis connections and BullMQ workers), like separate worker processes. */
  workers?: number;
  concurrency?: number;
  /** CIDRs allowed among private addresses; the fixture servers live on 127.0.0.1. */
  allowPrivateNetworks?: string[];
  fetchTimeoutMs?: number;
  maxBytes?: number;
  /** The pipeline's clock, shared by every simulated process (see `testClock`). */
  now?: () => Date;
  /** More environment, e.g. `{ HOST_SPACING: '200ms' }` (the helper sets no spacing by default). */
  env?: Record<string, string>;
}

export interface TestClock {
  now: () => Date;
  /** Moves the clock forward, as if that much time had passed. */
  advance(ms: number): void;
}

/** A clock that stands still until a test moves it, starting at the real time. */
export function testClock(start = new Date()): TestClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance(ms) {
      at += ms;
    },
  };
}

const silent = pino({ level: 'silent' });

/** A source on a loopback fixture server, with the defaults of config/sources.yaml. */
export function testSource(partial: Partial<Source> & Pick<Source, 'id' | 'url'>): Source {
  return {
    name: partial.id,
    type: 'listing',
    profile: 'hessen-drupal',
    intervalMs: 15 * 60_000,
    hosts: [new URL(partial.url).hostname],
    maxPages: 3,
    ...partial,
  };
}

export async function startTestPipeline(options: TestPipelineOptions): Promise<TestPipeline> {
  const prefix = uniquePrefix('pipe');
  const env = loadEnv({
    REDIS_URL: TEST_REDIS_URL,
    KEY_PREFIX: prefix,
    ALLOW_PRIVATE_NETWORKS: (options.allowPrivateNetworks ?? ['127.0.0.1/32']).join(','),
    LOG_LEVEL: 'silent',
    HOST_SPACING: '0',
    ...options.env,
  });
  const shipped = await loadShippedConfig();
  const config: Config = {
    sources: options.sources,
    ministries: options.ministries ?? shipped.ministries,
    profiles: options.profiles ?? shipped.profiles,
  };
  const events: JobDoneEvent[] = [];
  const apps: App[] = [];
  const workerSets: WorkerSet[] = [];
  for (let i = 0; i < (options.workers ?? 1); i++) {
    const app = await openApp(env, config, silent, {
      retry: { attempts: 2, backoffMs: 50 },
      now: options.now,
      fetchPolicy: {
        ...(options.fetchTimeoutMs ? { totalTimeoutMs: options.fetchTimeoutMs, connectTimeoutMs: options.fetchTimeoutMs } : {}),
        ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
      },
    });
    apps.push(app);
  }
  const startWorkers = (): void => {
    for (const app of apps) workerSets.push(app.startWorkers({ queues: QUEUE_NAMES, concurrency: options.concurrency ?? 4, onJobDone: (e) => events.push(e) }));
  };
  startWorkers();
  const app = apps[0]!;
  const walkEnded = async (sourceId: string): Promise<WalkState> => {
    for (;;) {
      const [walk, pending] = await Promise.all([app.store.getWalk(sourceId), countPendingJobs(app.queues)]);
      if (walk && walk.status !== 'running' && pending.poll + pending.scrape + pending.ingest + pending.backfill === 0) return walk;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    prefix,
    apps,
    app,
    events,
    workersRunning: () => workerSets.every((w) => w.isRunning()),
    async stopWorkers() {
      await Promise.all(workerSets.splice(0).map((w) => w.close()));
    },
    startWorkers,
    async pollAll(sourceIds = options.sources.map((s) => s.id)) {
      await enqueuePolls(app.queues.poll, sourceIds, 'manual');
      for (;;) {
        const pending = await countPendingJobs(app.queues);
        if (pending.poll + pending.scrape + pending.ingest === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async backfill(sourceId, backfillOptions = {}) {
      const source = app.config.sources.find((s) => s.id === sourceId);
      if (!source) throw new Error(`no source ${sourceId} in the test pipeline`);
      await startBackfill(app.deps, source, backfillOptions);
      return walkEnded(sourceId);
    },
    walkEnded,
    async close() {
      await Promise.all(workerSets.map((w) => w.close()));
      await Promise.all(apps.map((a) => a.close()));
      const redis = connectRedis();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
