import type { FastifyInstance } from 'fastify';
import { packageInfo } from '../about/index.js';
import type { App } from './open-app.js';
import { StartupError } from './redis.js';
import { createMetricsRegistry } from '../metrics/index.js';
import { FeedService, watchedVersion } from '../publish/index.js';
import { forgetInflatedBodies, watchStoreVersion } from '../store/index.js';
import { buildServer } from '../web/index.js';
import { capYoungGeneration, compactWhileQuiet, restWhenIdle } from './heap.js';

export interface StartWebOptions {
  /** The workers this process runs, so /readyz can report them. */
  workers?: { isRunning(): boolean };
}

/** Starts the HTTP server of the `web` role on HOST:PORT; resolves once it listens. */
export async function startWeb(app: App, options: StartWebOptions = {}): Promise<FastifyInstance> {
  // The store version without a Redis round trip per request: a subscription to its change
  // announcements on a connection of its own, and a periodic read as the fallback.
  const subscriber = app.redis.connect();
  const watch = await watchStoreVersion(app.connection, app.store.keys, { subscriber });
  const compaction = compactWhileQuiet();
  const youngGeneration = capYoungGeneration();
  // Once no render has run and the store has not changed for a while, the process rests until
  // the next of either: what renders keep is let go, the old generation collected, and the young
  // generation given back while the process holds more than its resident target.
  const feeds = new FeedService(app.store, {
    ministries: app.config.ministries,
    generator: { name: 'hessenfeed', version: packageInfo.version, uri: packageInfo.homepage },
    version: watchedVersion(watch),
    // Renders start in later turns only (requests, store changes), once `rest` below exists.
    onRender: () => rest.wake(),
  });
  const rest = restWhenIdle({
    forget: () => {
      forgetInflatedBodies();
      feeds.forgetKeptEntries();
    },
    youngGeneration,
  });
  watch.onChange(() => {
    compaction.storeChanged();
    rest.wake();
  });
  const server = await buildServer({
    env: app.env,
    config: app.config,
    store: app.store,
    feeds,
    log: app.log,
    version: packageInfo.version,
    queues: app.queues,
    redis: app.connection,
    workers: options.workers,
    admin: { password: app.env.adminPassword, readonly: app.env.adminReadonly },
    metrics: createMetricsRegistry({
      redis: app.connection,
      prefix: app.env.keyPrefix,
      queues: app.queues,
      store: app.store,
      sources: app.config.sources,
      recorder: app.metrics,
      caches: () => ({ renders: feeds.cachedBytes, entries: feeds.keptEntryBytes }),
    }),
  });
  server.addHook('onClose', async () => {
    await watch.close();
    compaction.stop();
    youngGeneration.stop();
    rest.stop();
    subscriber.disconnect();
  });
  const address = await server.listen({ host: app.env.host, port: app.env.port }).catch(async (err: unknown) => {
    await server.close();
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${app.env.host}:${app.env.port}`;
    if (code === 'EADDRINUSE') throw new StartupError(`cannot listen on ${where}: the port is in use; stop the other process or set PORT`);
    if (code === 'EADDRNOTAVAIL') throw new StartupError(`cannot listen on ${where}: no such address on this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0)`);
    throw err;
  });
  app.log.info({ url: address }, `Web server listening on ${address}`);
  if (app.env.adminPassword === undefined) app.log.info('Admin pages are off; set ADMIN_PASSWORD to turn on /admin/queues and /admin/sources');
  return server;
}
