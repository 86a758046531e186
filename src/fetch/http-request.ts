import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { AddressGuard } from './address-policy.js';
import { AddressRefusedError, createGuardedLookup } from './guarded-lookup.js';
import { stripAddressDecoration } from './ip-address.js';

/** The connection was not open within the connect timeout. */
export class ConnectTimeoutError extends Error {
  override readonly name = 'ConnectTimeoutError';
}

export interface SendRequestOptions {
  url: URL;
  headers: OutgoingHttpHeaders;
  guard: AddressGuard;
  connectTimeoutMs: number;
  /** Aborts the request and its response (the total timeout). */
  signal: AbortSignal;
  /**
   * The address policy the guard enforces, as a string (for example `'["127.0.0.1/32"]'`):
   * connections are reused only among requests of the same policy.
   */
  pool: string;
  /** Called when the request goes out: at once on a connection kept open, else once it is connected. */
  onSent?: () => void;
}

/**
 * Connections kept open between requests: a new TCP connection per page cost the worker more
 * than parsing it. One pair of agents per address policy, so a socket opened (and its address
 * checked) under one policy is never reused under another. An idle socket is closed after 4 s,
 * or a second before the server's own Keep-Alive timeout when that is shorter, so a request is
 * not sent on a connection the server is closing; idle sockets never keep a process alive.
 */
const agents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();
const KEEP_ALIVE = { keepAlive: true, timeout: 4_000, maxFreeSockets: 64 };

function agentFor(url: URL, pool: string): HttpAgent {
  let pair = agents.get(pool);
  if (!pair) agents.set(pool, (pair = { http: new HttpAgent(KEEP_ALIVE), https: new HttpsAgent(KEEP_ALIVE) }));
  return url.protocol === 'https:' ? pair.https : pair.http;
}

/**
 * Sends one GET and resolves with the response as soon as its headers are in; the body is left
 * to the caller, who reads it to the end or destroys it (only a socket whose response was read
 * to the end is reused). A new socket's address is checked by the guarded lookup and again once
 * it is connected.
 */
export function sendRequest(options: SendRequestOptions): Promise<IncomingMessage> {
  const { url, headers, guard, connectTimeoutMs, signal, pool, onSent } = options;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send({
      protocol: url.protocol,
      hostname: stripAddressDecoration(url.hostname),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      agent: agentFor(url, pool),
      lookup: createGuardedLookup(guard),
      signal,
    });
    req.once('socket', (socket) => {
      const sent = (): void => onSent?.();
      if (socket.connecting) socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', sent);
      else sent();
      watchConnect(socket, req.destroy.bind(req), guard, connectTimeoutMs);
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** Connect timeout, plus a last check of the address actually connected to. */
function watchConnect(socket: Socket, destroy: (err: Error) => void, guard: AddressGuard, connectTimeoutMs: number): void {
  if (!socket.connecting) return;
  const timer = setTimeout(() => destroy(new ConnectTimeoutError('connect timeout')), connectTimeoutMs);
  const clear = (): void => clearTimeout(timer);
  socket.once('close', clear);
  socket.once('connect', () => {
    clear();
    const verdict = socket.remoteAddress === undefined ? undefined : guard(socket.remoteAddress);
    if (verdict) destroy(new AddressRefusedError(verdict));
  });
}
