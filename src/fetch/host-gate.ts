import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/index.js';
import { normalizeHost } from './allowed-hosts.js';

/** Per-host politeness: how many requests may run at once and how far apart they start. */
export interface HostGate {
  /** Waits for a slot on `host`; resolves with the function that gives it back. */
  acquire(host: string, signal?: AbortSignal): Promise<() => Promise<void>>;
  /** No new request to `host` before `ms` from now (the server asked for a pause). */
  deferHost(host: string, ms: number): Promise<void>;
}

export interface RedisHostGateOptions {
  /** Requests to one host at the same time. @defaultValue 2 */
  maxInFlight?: number;
  /** Minimum time between two request starts on one host. @defaultValue 1000 */
  minSpacingMs?: number;
  /** A slot not given back within this time is freed (its worker crashed). Must exceed the fetch total timeout. @defaultValue 60 000 */
  leaseMs?: number;
}

/** For tools and tests that fetch once and need no coordination. */
export const unlimitedGate: HostGate = {
  acquire: () => Promise.resolve(() => Promise.resolve()),
  deferHost: () => Promise.resolve(),
};

/** Waiting for a busy host: poll often enough to notice a release soon, rarely enough to be cheap. */
const BUSY_POLL_MS = 100;
const POLL_JITTER_MS = 25;

type ScriptReply = [number, number];

/**
 * The HostGate every worker process shares: leases and the next allowed start live in Redis
 * under `${prefix}:host:<host>:…`, updated by one Lua script (lua/host-gate-2.lua) so that check
 * and take are atomic.
 */
export class RedisHostGate implements HostGate {
  private readonly maxInFlight: number;
  private readonly minSpacingMs: number;
  private readonly leaseMs: number;
  private readonly script = new LuaScript(new URL('./lua/host-gate-2.lua', import.meta.url));

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    opts: RedisHostGateOptions = {},
  ) {
    this.maxInFlight = opts.maxInFlight ?? 2;
    this.minSpacingMs = opts.minSpacingMs ?? 1000;
    this.leaseMs = opts.leaseMs ?? 60_000;
    requireWhole('maxInFlight', this.maxInFlight, 1);
    requireWhole('minSpacingMs', this.minSpacingMs, 0);
    requireWhole('leaseMs', this.leaseMs, 1);
  }

  async acquire(host: string, signal?: AbortSignal): Promise<() => Promise<void>> {
    const keys = this.keysFor(host);
    const token = randomUUID();
    for (;;) {
      signal?.throwIfAborted();
      const [status, waitMs] = await this.runScript(keys, ['acquire', token, this.maxInFlight, this.minSpacingMs, this.leaseMs]);
      if (status === 1) return () => this.release(keys[0], token);
      // A busy host frees a slot whenever a holder finishes, so poll; spacing ends at a known time.
      const pause = status === 0 ? Math.min(waitMs, BUSY_POLL_MS) : waitMs;
      await sleep(pause + Math.floor(Math.random() * POLL_JITTER_MS), signal);
    }
  }

  async deferHost(host: string, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    await this.runScript(this.keysFor(host), ['defer', Math.ceil(ms)]);
  }

  private async release(leasesKey: string, token: string): Promise<void> {
    await this.redis.zrem(leasesKey, token);
  }

  private keysFor(host: string): [string, string] {
    const base = `${this.prefix}:host:${normalizeHost(host)}`;
    return [`${base}:leases`, `${base}:next`];
  }

  private async runScript(keys: [string, string], args: (string | number)[]): Promise<ScriptReply> {
    return (await this.script.run(this.redis, keys, args)) as ScriptReply;
  }
}

/** setTimeout that an AbortSignal cuts short (rejecting with the signal's reason). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function requireWhole(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`RedisHostGate: ${name} must be a whole number of at least ${min}, got ${value}`);
  }
}
