/**
 * What the HTTP server is built from. In a file of its own so that the routes, which all take it,
 * never import the server that registers them.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config, Env } from '../config/index.js';
import type { MetricsRegistry } from '../metrics/index.js';
import type { FeedService } from '../publish/index.js';
import type { Queues } from '../queue/index.js';
import type { Store } from '../store/index.js';
import type { AdminSettings } from './admin-guard.js';

export interface WebContext {
  env: Pick<Env, 'publicUrl'>;
  config: Pick<Config, 'ministries' | 'sources'>;
  store: Store;
  feeds: FeedService;
  log: Logger;
  version: string;
  /** The deployment's queues: the dashboard, "poll now" and the scheduler check of /readyz. */
  queues?: Queues;
  /** The Redis connection /readyz pings and the admin pages read through. */
  redis?: Redis;
  /** This process's workers, when it runs any: /readyz reports whether they run. */
  workers?: { isRunning(): boolean };
  /** The /admin pages; off (404) unless a password is set. Needs `queues` and `redis` when on. */
  admin?: AdminSettings;
  /** `/metrics` and request timing; both off when absent. */
  metrics?: MetricsRegistry;
}
