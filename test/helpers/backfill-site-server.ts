/**
 * Child process that serves a generated listing site (backfill-site.ts) for tests whose own
 * process must stay responsive while thousands of pages are fetched: every page rendered once up
 * front, each answer held back `holdMs` so that requests can overlap (and too many at once would
 * show). It counts requests per path and the most in flight at once, and answers the parent's
 * `stats` message with them; it exits when the parent disconnects (or dies).
 *
 * argv[2]: JSON of { site: ListingSiteOptions, host, holdMs }.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { releasePages, renderListingPage, siteReleases, type ListingSiteOptions } from './backfill-site.js';

export interface SiteServerArgs {
  site: ListingSiteOptions;
  host: string;
  holdMs: number;
}

export interface SiteServerStats {
  /** Requests per path (with query). */
  requests: Record<string, number>;
  maxInFlight: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as SiteServerArgs;
const releases = siteReleases(args.site);
const pages = new Map<string, Buffer>();
for (let page = 0; page <= args.site.pages; page++) {
  const html = renderListingPage(args.site, releases, page);
  if (html !== undefined) pages.set(page === 0 ? (args.site.path ?? '/presse') : `${args.site.path ?? '/presse'}?page=${page}`, Buffer.from(html));
}
for (const [path, html] of releasePages(releases)) pages.set(path, Buffer.from(html));

const requests = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  requests.set(path, (requests.get(path) ?? 0) + 1);
  inFlight += 1;
  maxInFlight = Math.max(maxInFlight, inFlight);
  // Ends when the answer was sent or the client went away (a killed worker's connection).
  res.once('close', () => (inFlight -= 1));
  setTimeout(() => {
    const body = pages.get(path);
    if (body === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body);
  }, args.holdMs);
});

server.listen(0, args.host, () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', origin: `http://${args.host}:${port}` });
});
process.on('message', (message: { type?: string }) => {
  if (message.type !== 'stats') return;
  const stats: SiteServerStats = { requests: Object.fromEntries(requests), maxInFlight };
  process.send?.({ type: 'stats', stats });
});
process.once('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
