import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/index.js';
import { normalizeHost } from './allowed-hosts.js';

/** How polite to be to one host: requests at once, and the least time between two starts. */
export interface HostPoliteness {
  /** Requests to the host at the same time. @defaultValue 2 */
  maxInFlight: number;
  /** Least time between two request starts on the host. @defaultValue 1000 */
  minSpacingMs: number;
}

/**
 * Gives the slot back; the time it was held teaches the gate how long the host takes. `sentAt`
 * (performance.now() when the request went out on its connection) moves the host's next start
 * to at least the spacing after it: the gate spaces the grants, and a grant whose request waited
 * for a new connection (a TCP or TLS handshake, a busy event loop) would otherwise reach the host
 * closer to the next one, which goes out at once on a connection kept open.
 */
export type ReleaseSlot = (sentAt?: number) => Promise<void>;

export type TakeResult = { granted: true; release: ReleaseSlot } | { granted: false; waitMs: number };

/** Per-host politeness: how many requests may run at once and how far apart they start. */
export interface HostGate {
  /**
   * A slot on `host` now, or the time to come back. `token` is the caller's place in the host's
   * line: asking again with it keeps the place (a job id does that across runs of the job).
   */
  take(host: string, token: string): Promise<TakeResult>;
  /** Waits for a slot on `host`; resolves with the function that gives it back. */
  acquire(host: string, signal?: AbortSignal): Promise<ReleaseSlot>;
  /** No new request to `host` before `ms` from now (the server asked for a pause). */
  deferHost(host: string, ms: number): Promise<void>;
}

/**
 * The host has no free slot for a caller that must not wait (a job: it gives its worker slot back
 * and comes back after `waitMs`, keeping its place in the host's line).
 */
export class HostBusyError extends Error {
  override readonly name = 'HostBusyError';
  constructor(
    readonly host: string,
    readonly waitMs: number,
  ) {
    super(`${host} is busy; come back in ${waitMs} ms`);
  }
}

export interface RedisHostGateOptions extends Partial<HostPoliteness> {
  /** A slot not given back within this time is freed (its worker crashed). Must exceed the fetch total timeout. @defaultValue 60 000 */
  leaseMs?: number;
  /** Hosts treated otherwise than the defaults (a source's `spacing` and `concurrency`), by normalized host name. */
  hosts?: ReadonlyMap<string, HostPoliteness>;
}

/** For tools and tests that fetch once and need no coordination. */
export const unlimitedGate: HostGate = {
  take: () => Promise.resolve({ granted: true, release: () => Promise.resolve() }),
  acquire: () => Promise.resolve(() => Promise.resolve()),
  deferHost: () => Promise.resolve(),
};

type ScriptReply = [number, number];
type HostKeys = [leases: string, next: string, line: string, took: string];

/**
 * The HostGate every worker process shares: leases, the next allowed start, the line of callers
 * and how long the host takes live in Redis under `${prefix}:host:<host>:…`, updated by one Lua
 * script (lua/host-gate-4.lua) so that check and take are atomic. See the script for why the
 * line makes waiting cheap without making politeness any less strict.
 */
export class RedisHostGate implements HostGate {
  private readonly defaults: HostPoliteness;
  private readonly leaseMs: number;
  private readonly hosts: ReadonlyMap<string, HostPoliteness>;
  private readonly script = new LuaScript(new URL('./lua/host-gate-4.lua', import.meta.url));

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    opts: RedisHostGateOptions = {},
  ) {
    this.defaults = { maxInFlight: opts.maxInFlight ?? 2, minSpacingMs: opts.minSpacingMs ?? 1000 };
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.hosts = opts.hosts ?? new Map();
    for (const [host, politeness] of [['(default)', this.defaults] as const, ...this.hosts]) {
      requireWhole(`maxInFlight of ${host}`, politeness.maxInFlight, 1);
      requireWhole(`minSpacingMs of ${host}`, politeness.minSpacingMs, 0);
    }
    requireWhole('leaseMs', this.leaseMs, 1);
  }

  /** The politeness `host` gets. */
  politenessFor(host: string): HostPoliteness {
    return this.hosts.get(normalizeHost(host)) ?? this.defaults;
  }

  async take(host: string, token: string): Promise<TakeResult> {
    const keys = this.keysFor(host);
    const { maxInFlight, minSpacingMs } = this.politenessFor(host);
    const [status, waitMs] = await this.runScript(keys, ['take', token, maxInFlight, minSpacingMs, this.leaseMs]);
    if (status !== 1) return { granted: false, waitMs };
    const grantedAt = performance.now();
    return {
      granted: true,
      release: (sentAt) => {
        const now = performance.now();
        return this.release(keys, token, now - grantedAt, sentAt === undefined ? undefined : now - sentAt, minSpacingMs);
      },
    };
  }

  async acquire(host: string, signal?: AbortSignal): Promise<ReleaseSlot> {
    // One token for all tries: it keeps this caller's place in the host's line.
    const token = randomUUID();
    for (;;) {
      signal?.throwIfAborted();
      const taken = await this.take(host, token);
      if (taken.granted) return taken.release;
      await sleep(taken.waitMs, signal);
    }
  }

  async deferHost(host: string, ms: number): Promise<void> {
    if (!(ms > 0)) return;
    await this.runScript(this.keysFor(host), ['defer', Math.ceil(ms)]);
  }

  private async release(keys: HostKeys, token: string, tookMs: number, sinceSentMs: number | undefined, spacingMs: number): Promise<void> {
    const spaced = sinceSentMs === undefined || spacingMs === 0 ? [] : [Math.max(0, Math.floor(sinceSentMs)), spacingMs];
    await this.runScript(keys, ['release', token, Math.round(tookMs), ...spaced]);
  }

  private keysFor(host: string): HostKeys {
    const base = `${this.prefix}:host:${normalizeHost(host)}`;
    return [`${base}:leases`, `${base}:next`, `${base}:line`, `${base}:took`];
  }

  private async runScript(keys: HostKeys, args: (string | number)[]): Promise<ScriptReply> {
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
