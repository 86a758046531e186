/**
 * Probes for orchestrators and load balancers. `/healthz` (liveness) only says the process serves
 * HTTP, so a Redis outage never gets the web process restarted for nothing; `/readyz` says whether
 * it can do its job now (see readiness.ts). Neither is cached anywhere.
 */
import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../context.js';
import { checkReadiness } from '../readiness.js';

export async function healthRoutes(server: FastifyInstance, ctx: WebContext): Promise<void> {
  server.get('/healthz', async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });

  server.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness({
      redis: ctx.redis,
      queues: ctx.queues,
      workers: ctx.workers,
      sources: ctx.config.sources,
    });
    reply.header('cache-control', 'no-store');
    if (readiness.ready) return reply.send({ status: 'ready', checks: readiness.checks });
    return reply.code(503).send({ status: 'not ready', reasons: readiness.reasons, checks: readiness.checks });
  });
}
