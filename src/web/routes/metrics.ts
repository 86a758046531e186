/**
 * `GET /metrics` in the Prometheus text format, and the hook that times every request for
 * `hessenfeed_http_request_duration_seconds`. The registry comes from createMetricsRegistry
 * (src/metrics): pipeline numbers of all workers from Redis, this process's own numbers in memory.
 */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export async function metricsRoutes(server: FastifyInstance, opts: { registry: Registry }): Promise<void> {
  server.get('/metrics', async (_request, reply) => {
    const body = await opts.registry.metrics();
    return reply.type(opts.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}

export type ObserveHttp = (route: string, method: string, statusCode: number, seconds: number) => void;

/** Label for requests that matched no route: one series for all of them, not one per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request of `server` and its child plugins. Call it on the root instance; the
 * route label is the route pattern (`/tags/:slug`), so the number of series stays bounded.
 */
export function recordHttpMetrics(server: FastifyInstance, observe: ObserveHttp): void {
  server.addHook('onResponse', async (request, reply) => {
    observe(request.routeOptions.url ?? UNMATCHED_ROUTE, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
}
