/**
 * Everything under /admin: Bull Board at /admin/queues and the sources table at /admin/sources.
 * Both live in one encapsulated plugin whose onRequest hook (admin-guard.ts) runs before any of
 * their routes, Bull Board's scripts, styles and JSON API included. Without ADMIN_PASSWORD the
 * plugin holds nothing but an answer that says the pages are off, and Bull Board is not even
 * loaded (it would hold several MiB of a web process's memory for nothing).
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Ministry, Source } from '../../model/index.js';
import { readSourceRows } from '../../ops/index.js';
import { renderSourcesPage } from '../../publish/index.js';
import { enqueuePolls, type Queues } from '../../queue/index.js';
import type { Store } from '../../store/index.js';
import { adminGuard, adminOffProblem, type AdminSettings } from '../admin-guard.js';
import { ProblemError } from '../problem.js';

export interface AdminRouteOptions {
  settings: AdminSettings;
  publicUrl?: string;
  sources: readonly Source[];
  ministries: readonly Ministry[];
  store: Store;
  version: string;
  /** Required when a password is set. */
  queues?: Queues;
  redis?: Redis;
}

const QUEUES_PATH = '/admin/queues';
const SOURCES_PATH = '/admin/sources';

/** Registered with `prefix: '/admin'`. */
export async function adminRoutes(server: FastifyInstance, opts: AdminRouteOptions): Promise<void> {
  if (opts.settings.password === undefined) {
    const off = async (): Promise<never> => {
      throw adminOffProblem();
    };
    server.all('/', off);
    server.all('/*', off);
    return;
  }
  const { queues, redis } = opts;
  if (!queues || !redis) throw new Error('The admin pages need the queues and the Redis connection (WebContext.queues, WebContext.redis)');
  // Everything registered below, in this plugin and its children, passes the guard first.
  server.addHook('onRequest', adminGuard(opts.settings, opts.publicUrl));
  await server.register(queueDashboard, { queues, readonly: opts.settings.readonly });
  // Not `...opts`: it holds this plugin's own `prefix`, which would nest the routes once more.
  const { settings, sources, ministries, store, version } = opts;
  await server.register(sourcesPage, { settings, sources, ministries, store, version, queues, redis });
}

/**
 * The dashboard loads nothing from elsewhere: public-sector operators must not hand their
 * visitors' addresses to third parties. Bull Board's page links web fonts from an external host;
 * the link is dropped (the dashboard falls back to the system's fonts) and the policy forbids any
 * other host, should a later version add one.
 */
const DASHBOARD_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  // Bull Board's loading screen and React components set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "script-src 'self'",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `<link …href="https://…">` elements: stylesheets or fonts from another host. */
const EXTERNAL_LINK = /<link\b[^>]*\bhref="(?:https?:)?\/\/[^"]*"[^>]*>\s*/gi;

async function queueDashboard(server: FastifyInstance, opts: { queues: Queues; readonly: boolean }): Promise<void> {
  server.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', DASHBOARD_CONTENT_SECURITY_POLICY);
    const html = typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    return html ? payload.replace(EXTERNAL_LINK, '') : payload;
  });
  const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/fastify'),
  ]);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  const { poll, scrape, ingest, backfill } = opts.queues;
  createBullBoard({
    queues: [poll, scrape, ingest, backfill].map((queue) => new BullMQAdapter(queue, { readOnlyMode: opts.readonly })),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'hessenfeed queues',
        miscLinks: [{ text: 'Sources', url: SOURCES_PATH }],
      },
    },
  });
  await server.register(serverAdapter.registerPlugin(), { prefix: '/queues' });
}

interface SourcesPageOptions {
  settings: AdminSettings;
  sources: readonly Source[];
  ministries: readonly Ministry[];
  store: Store;
  version: string;
  queues: Queues;
  redis: Redis;
}

async function sourcesPage(server: FastifyInstance, opts: SourcesPageOptions): Promise<void> {
  // Only here: the rest of the server has no use for form bodies. "Poll now" posts an empty form.
  await server.register(import('@fastify/formbody'));
  const byId = new Map(opts.sources.map((s) => [s.id, s]));

  server.get<{ Querystring: { polled?: string } }>('/sources', async (request, reply) => {
    const now = new Date();
    const rows = await readSourceRows({ sources: opts.sources, store: opts.store, queues: opts.queues, redis: opts.redis }, now);
    const html = renderSourcesPage({ rows, readonly: opts.settings.readonly, now, version: opts.version, polled: request.query.polled, ministries: opts.ministries });
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .send(html);
  });

  server.post<{ Params: { id: string } }>('/sources/:id/poll', async (request, reply) => {
    const source = byId.get(request.params.id);
    if (!source) {
      throw new ProblemError(404, 'Unknown source', `There is no source "${request.params.id}" in the configuration; ${SOURCES_PATH} lists them.`);
    }
    await enqueuePolls(opts.queues.poll, [source.id], 'manual');
    request.log.info({ source_id: source.id }, 'Manual poll queued from the admin page');
    return reply.redirect(`${SOURCES_PATH}?polled=${encodeURIComponent(source.id)}`, 303);
  });
}
