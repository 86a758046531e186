/**
 * Serves the generated sites: one `http.Server` per host address. By default in a child process
 * (bench/ingest-server-child.ts), so that rendering answers does not take CPU inside the process
 * being measured; `inline` serves them from the bench process itself, to see what that costs.
 */
import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { addressOf, checkLayout, sitePages, type SiteLayout } from './ingest-sites.js';

export type SitesMode = 'process' | 'inline';

export interface RunningSites {
  /** `http://127.0.x.y:port` per host, in host order. */
  origins: string[];
  close(): Promise<void>;
}

/** What the child process says once every server listens. */
export interface SitesReadyMessage {
  origins: string[];
}

/** Pages are rendered to bytes once, up front: a request only looks one up and writes it. */
function startHost(layout: SiteLayout, host: number): Promise<Server> {
  const pages = new Map(sitePages(layout, host).map((page) => [page.path, Buffer.from(page.html)]));
  const server = createServer((req, res) => {
    const body = pages.get(req.url ?? '/');
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, addressOf(host), () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Every host of `layout`, served from this process. */
export async function serveSites(layout: SiteLayout): Promise<RunningSites> {
  checkLayout(layout);
  const servers: Server[] = [];
  try {
    for (let host = 0; host < layout.hosts; host++) servers.push(await startHost(layout, host));
  } catch (err) {
    await Promise.all(servers.map(closeServer));
    throw err;
  }
  return {
    origins: servers.map((server) => {
      const { address, port } = server.address() as AddressInfo;
      return `http://${address}:${port}`;
    }),
    close: async () => void (await Promise.all(servers.map(closeServer))),
  };
}

const CHILD_ENTRY = fileURLToPath(new URL('./ingest-server-child.ts', import.meta.url));

/** Every host of `layout`, served by one child process; close() ends it. */
export async function serveSitesInChild(layout: SiteLayout): Promise<RunningSites> {
  checkLayout(layout);
  // The child runs TypeScript like the bench does: through tsx's loader.
  const child = fork(CHILD_ENTRY, [JSON.stringify(layout)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<SitesReadyMessage>((resolve, reject) => {
    child.once('message', (message) => resolve(message as SitesReadyMessage));
    child.once('exit', (code) => reject(new Error(`the sites process exited (code ${code}) before it served`)));
    child.once('error', reject);
  });
  return {
    origins: ready.origins,
    close: async () => {
      child.disconnect();
      await exited;
    },
  };
}

export function startSites(layout: SiteLayout, mode: SitesMode): Promise<RunningSites> {
  return mode === 'inline' ? serveSites(layout) : serveSitesInChild(layout);
}
