import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FixtureServer {
  /** e.g. "http://127.0.0.1:40123" */
  origin: string;
  host: string;
  port: number;
  /** Every request the server saw, in order. */
  requests: RecordedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  /** Replace or add a route (exact path including query). */
  route(path: string, handler: Handler | string, contentType?: string): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback serving fixture routes. Paths are matched exactly (with query
 * string) first, then without the query string. Unknown paths get 404.
 */
export async function startFixtureServer(
  routes: Record<string, Handler | string> = {},
  options: { host?: string } = {},
): Promise<FixtureServer> {
  const table = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  const toHandler = (h: Handler | string, contentType = 'text/html; charset=utf-8'): Handler =>
    typeof h === 'string'
      ? (_req, res) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(h);
        }
      : h;
  for (const [path, h] of Object.entries(routes)) table.set(path, toHandler(h));

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path: url, headers: req.headers });
    const handler = table.get(url) ?? table.get(url.split('?')[0] ?? url);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  });
  let connections = 0;
  server.on('connection', () => (connections += 1));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    host,
    port,
    requests,
    connections: () => connections,
    route(path, handler, contentType) {
      table.set(path, toHandler(handler, contentType));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
