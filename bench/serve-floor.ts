/**
 * The floor of the serve bench: a bare Node `http` server in a child process
 * (serve-floor-child.ts) that sends the very same bytes and headers as hessenfeed, fetched from
 * hessenfeed first. The gap between the two is what Fastify, the routes and the cache cost.
 */
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One answer of hessenfeed, as the bare server repeats it. */
export interface FloorRoute {
  path: string;
  status: number;
  headers: OutgoingHttpHeaders;
  /** base64 */
  body: string;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

/** Headers Node's http server writes itself. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** A GET whose body is kept as sent (no decompression), timed from the call to the last byte. */
export function getRaw(origin: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(origin + path, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function routeOf(path: string, answer: RawAnswer): FloorRoute {
  const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !PER_CONNECTION.has(name))) as OutgoingHttpHeaders;
  return { path, status: answer.status, headers, body: answer.body.toString('base64') };
}

/** hessenfeed's answers to `paths` (with `headers`), and for `revalidate` its 304 to their ETag too. */
export async function captureRoutes(origin: string, paths: readonly string[], headers: Record<string, string>, revalidate: readonly string[] = []): Promise<FloorRoute[]> {
  const routes: FloorRoute[] = [];
  for (const path of paths) {
    const answer = await getRaw(origin, path, headers);
    if (answer.status !== 200) throw new Error(`GET ${origin}${path}: ${answer.status} ${answer.body.toString().slice(0, 200)}`);
    routes.push(routeOf(path, answer));
    if (!revalidate.includes(path)) continue;
    const again = await getRaw(origin, path, { ...headers, 'if-none-match': String(answer.headers.etag) });
    if (again.status !== 304) throw new Error(`GET ${path} with If-None-Match ${answer.headers.etag}: ${again.status}, not 304`);
    routes.push(routeOf(path, again));
  }
  return routes;
}

export interface RunningFloor {
  origin: string;
  pid: number;
  close(): Promise<void>;
}

const CHILD_ENTRY = fileURLToPath(new URL('./serve-floor-child.ts', import.meta.url));

/** The bare server in a child process, answering `routes`. */
export async function startFloor(dir: string, routes: readonly FloorRoute[]): Promise<RunningFloor> {
  const file = join(dir, `floor-routes-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(routes));
  const child = fork(CHILD_ENTRY, [file], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { port: number }));
    child.once('exit', (code) => reject(new Error(`the bare server exited (code ${code}) before it listened`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    close: async () => {
      child.disconnect();
      await exited;
    },
  };
}

/** Resident memory of a process (MiB), from /proc. */
export function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}
