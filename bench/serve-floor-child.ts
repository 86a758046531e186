/**
 * Child process of the serve bench: the bare Node `http` server. It answers each path with the
 * status, headers and body hessenfeed answered it with (fetched by the bench and handed over in
 * a JSON file), and with hessenfeed's 304 when If-None-Match names the ETag. Node adds Date and
 * the keep-alive headers itself, as it does for Fastify. Exits when the parent disconnects.
 */
import { readFileSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FloorRoute } from './serve-floor.js';

interface Answer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

const routes = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as FloorRoute[];
const full = new Map<string, Answer>();
const notModified = new Map<string, Answer & { etag: string }>();
for (const route of routes) {
  const answer = { status: route.status, headers: route.headers, body: Buffer.from(route.body, 'base64') };
  if (route.status === 304) notModified.set(route.path, { ...answer, etag: String(route.headers.etag) });
  else full.set(route.path, answer);
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const revalidated = notModified.get(url);
  const answer = revalidated && req.headers['if-none-match'] === revalidated.etag ? revalidated : full.get(url);
  if (answer === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(answer.status, answer.headers).end(answer.body);
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.once('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
