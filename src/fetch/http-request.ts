import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
}

/**
 * Sends one GET and resolves with the response as soon as its headers are in; the body is left
 * to the caller. Each call opens its own connection (no shared agent), so a socket opened under
 * one address policy is never reused under another.
 */
export function sendRequest(options: SendRequestOptions): Promise<IncomingMessage> {
  const { url, headers, guard, connectTimeoutMs, signal } = options;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send({
      protocol: url.protocol,
      hostname: stripAddressDecoration(url.hostname),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      agent: false,
      lookup: createGuardedLookup(guard),
      signal,
    });
    req.once('socket', (socket) => watchConnect(socket, req.destroy.bind(req), guard, connectTimeoutMs));
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
