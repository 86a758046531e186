/** `/favicon.ico`, `/favicon.svg` and `/robots.txt`: fixed files, with ETag and 304 like every response. */
import type { FastifyInstance } from 'fastify';
import { httpDate, RenderedResponse, SITE_FILES } from '../../publish/index.js';
import { sendRendered } from '../conditional.js';

export async function siteFileRoutes(server: FastifyInstance): Promise<void> {
  // The files are part of the program: they change with a new version, so its start is their date.
  const since = httpDate(new Date().toISOString());
  for (const file of SITE_FILES) {
    const prepared = RenderedResponse.prepare(file.body, file.contentType, since);
    server.get(file.path, async (request, reply) => sendRendered(request, reply, await prepared));
  }
}
