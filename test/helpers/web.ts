/** A real hessenfeed HTTP server on loopback over a real Redis store, and a raw HTTP client. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { createMetricsRegistry } from '../../src/metrics/index.js';
import { FeedService, watchedVersion } from '../../src/publish/index.js';
import { createQueues, type Queues } from '../../src/queue/index.js';
import { Store, watchStoreVersion, type StoreVersionWatch } from '../../src/store/index.js';
import type { AdminSettings } from '../../src/web/admin-guard.js';
import { buildServer } from '../../src/web/index.js';
import { loadShippedConfig } from './config.js';
import { connectRedis, deletePrefix, uniquePrefix } from './redis.js';

export interface TestWeb {
  url: string;
  prefix: string;
  redis: Redis;
  store: Store;
  feeds: FeedService;
  /** The BullMQ queues under `prefix` (no workers run on them). */
  queues: Queues;
  server: FastifyInstance;
  /** The store version as the server knows it; `watch.check()` makes it read the version now. */
  watch: StoreVersionWatch;
  close(): Promise<void>;
}

export interface TestWebOptions {
  publicUrl?: string;
  /** Serve the store under this prefix (a test pipeline's) instead of a new one; deleted at close. */
  prefix?: string;
  /** Admin pages; off when omitted (as without ADMIN_PASSWORD). */
  admin?: AdminSettings;
  /** The server's logger. @defaultValue silent (TEST_WEB_LOG sets a level) */
  log?: Logger;
}

export async function startTestWeb(options: TestWebOptions = {}): Promise<TestWeb> {
  const prefix = options.prefix ?? uniquePrefix('web');
  const redis = connectRedis();
  const store = new Store(redis, prefix);
  const config = await loadShippedConfig();
  // As in the web process: the store version from a watch (subscription and periodic read).
  const subscriber = connectRedis();
  const watch = await watchStoreVersion(redis, store.keys, { subscriber });
  const feeds = new FeedService(store, {
    ministries: config.ministries,
    generator: { name: 'hessenfeed', version: '0.0.0-test' },
    version: watchedVersion(watch),
  });
  const queues = createQueues(redis, prefix);
  const server = await buildServer({
    env: { publicUrl: options.publicUrl },
    config,
    store,
    feeds,
    log: options.log ?? pino({ level: process.env.TEST_WEB_LOG ?? 'silent' }),
    version: '0.0.0-test',
    queues,
    redis,
    admin: options.admin,
    metrics: createMetricsRegistry({ redis, prefix, queues, store, sources: config.sources, processMetrics: false }),
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    prefix,
    redis,
    store,
    feeds,
    queues,
    server,
    watch,
    async close() {
      await server.close();
      await watch.close();
      subscriber.disconnect();
      await queues.close();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent (still compressed when Content-Encoding says so). */
  body: Buffer;
  text: string;
}

/** GET without any automatic decompression or header, so tests see exactly what the server sent. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return httpSend('GET', url, headers);
}

/** Any method, with an optional body, and the raw answer (redirects are not followed). */
export function httpSend(method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, text: data.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
