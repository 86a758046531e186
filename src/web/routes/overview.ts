/** `GET /`: the overview page, cached like the feeds (per base URL and language). */
import type { FastifyInstance } from 'fastify';
import {
  httpDate,
  OVERVIEW_CONTENT_SECURITY_POLICY,
  OVERVIEW_CONTENT_TYPE,
  preferredLanguage,
  readOverviewData,
  renderOverview,
  RenderedResponse,
} from '../../publish/index.js';
import { baseUrlFor } from '../base-url.js';
import { sendRendered } from '../conditional.js';
import type { WebContext } from '../context.js';

export async function overviewRoutes(server: FastifyInstance, ctx: WebContext): Promise<void> {
  const source = { store: ctx.store, ministries: ctx.config.ministries, version: ctx.version };
  server.get('/', async (request, reply) => {
    const baseUrl = baseUrlFor(request, ctx.env.publicUrl);
    const lang = preferredLanguage(request.headers['accept-language']);
    const rendered = await ctx.feeds.cached(`overview\n${baseUrl}\n${lang}`, async () => {
      const data = await readOverviewData(source, baseUrl, lang);
      return RenderedResponse.prepare(Buffer.from(renderOverview(data), 'utf8'), OVERVIEW_CONTENT_TYPE, httpDate(data.lastChanged));
    });
    // The language depends on Accept-Language: caches must keep the variants apart.
    reply.header('content-language', lang).header('content-security-policy', OVERVIEW_CONTENT_SECURITY_POLICY);
    return sendRendered(request, reply, rendered, ['Accept-Language']);
  });
}
