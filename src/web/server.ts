/**
 * The HTTP interface (DESIGN.md §6): feeds, the HTML pages (overview, selections, releases), OPML and JSON API, the probes
 * /healthz and /readyz, /metrics, and the password-protected /admin pages. Routes only parse
 * and validate the request and pick a response; reading is the store's job, rendering publish's,
 * and caching FeedService's.
 */
import { createServer } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { WebContext } from './context.js';
import { FastPath } from './fast-path.js';
import { answerClientError, frameworkProblem, installProblemHandlers, PROBLEM_CONTENT_TYPE } from './problem.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { feedRoutes } from './routes/feeds.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes, recordHttpMetrics } from './routes/metrics.js';
import { overviewRoutes, selectionPageHandler } from './routes/overview.js';
import { siteFileRoutes } from './routes/site-files.js';

/** Answers slower than this are logged at info. */
const SLOW_REQUEST_MS = 1000;

/** Probes come every few seconds; a slow one is no news worth a line at info. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export async function buildServer(ctx: WebContext): Promise<FastifyInstance> {
  // Kept feeds that may be sent now are sent before Fastify sees the request (fast-path.ts); with debug
  // logging on, every request goes through Fastify so that each gets its access log line.
  const fastPath = ctx.log.isLevelEnabled('debug') ? undefined : new FastPath({ ready: (key) => ctx.feeds.ready(key), series: ctx.metrics?.httpSeries });
  const server = Fastify({
    // Fastify's own server (lib/server.js) with the fast path in front of its handler.
    serverFactory: (handler, options) => {
      // Fastify has filled these in with its defaults by now.
      const timeouts = options as { keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number };
      const http = createServer((req, res) => void (fastPath?.answer(req, res) || handler(req, res)));
      http.keepAliveTimeout = timeouts.keepAliveTimeout;
      http.requestTimeout = timeouts.requestTimeout;
      http.setTimeout(timeouts.connectionTimeout);
      return http;
    },
    loggerInstance: ctx.log as FastifyBaseLogger,
    // One log line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // Errors found before routing and requests the HTTP parser refused: problem+json too.
    frameworkErrors: (err, request, reply) => {
      const problem = frameworkProblem(err, request.url);
      void (reply as FastifyReply).code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.body(request.url));
    },
    clientErrorHandler: answerClientError,
  });
  // Access log lines are level-gated: one per request at debug (LOG_LEVEL=debug shows them), so
  // at the default level a busy feed costs no logging; server errors and slow answers stand out
  // at warn and info. /metrics counts every request either way.
  server.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    const level = status >= 500 ? 'warn' : durationMs >= SLOW_REQUEST_MS && !QUIET_PATHS.has(request.url) ? 'info' : 'debug';
    // pino drops a line below its level before building it; the object here is all it costs.
    request.log[level]({ method: request.method, url: request.url, status, duration_ms: Math.round(durationMs) }, level === 'info' ? 'slow request' : 'request');
  });
  server.addHook('preClose', async () => fastPath?.close());
  installProblemHandlers(server);
  if (ctx.metrics) {
    recordHttpMetrics(server, ctx.metrics.observeHttp);
    await server.register(metricsRoutes, { registry: ctx.metrics.registry });
  }
  const pages = { ...ctx, selectionPage: selectionPageHandler(ctx) };
  await server.register(feedRoutes, { ...pages, fastPath });
  await server.register(apiRoutes, ctx);
  await server.register(overviewRoutes, pages);
  await server.register(healthRoutes, ctx);
  await server.register(siteFileRoutes);
  await server.register(adminRoutes, {
    prefix: '/admin',
    settings: ctx.admin ?? { readonly: false },
    publicUrl: ctx.env.publicUrl,
    sources: ctx.config.sources,
    ministries: ctx.config.ministries,
    store: ctx.store,
    version: ctx.version,
    queues: ctx.queues,
    redis: ctx.redis,
  });
  return server;
}
