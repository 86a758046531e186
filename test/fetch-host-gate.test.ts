import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchResource, RedisHostGate } from '../src/fetch/index.js';
import { connectRedis, deletePrefix, uniquePrefix } from './helpers/redis.js';
import { startFixtureServer } from './helpers/http-server.js';
import { createTestPolicy } from './fetch-helpers.js';

const prefix = uniquePrefix('fetch-gate');
/** Two connections stand for two worker processes sharing one Redis. */
const redisA = connectRedis();
const redisB = connectRedis();

afterAll(async () => {
  await deletePrefix(redisA, prefix);
  redisA.disconnect();
  redisB.disconnect();
});

/**
 * Real time, on purpose: the gate reads the Redis server's clock (TIME) so that workers on other
 * machines agree on leases and spacing, and no fake clock in this process can move it. Where time
 * itself is the subject (spacing, a lease running out) the tests wait for it, as briefly as the
 * assertion allows. Where a test shows that a request is kept out, it gives a broken gate
 * `REFUSAL_MS` to let it in: a gate that lets it in does so on its first Redis round trip, and a
 * longer wait would only slow the suite, never make it pass a gate that is correct.
 */
const REFUSAL_MS = 50;

/** A fresh host per test, so tests never share slots or spacing. */
let hostCounter = 0;
function freshHost(): string {
  hostCounter += 1;
  return `host-${hostCounter}.example`;
}

describe('RedisHostGate', () => {
  it('never lets more than maxInFlight requests to one host run at once, across workers', async () => {
    const host = freshHost();
    const workers = [new RedisHostGate(redisA, prefix, { maxInFlight: 2, minSpacingMs: 0 }), new RedisHostGate(redisB, prefix, { maxInFlight: 2, minSpacingMs: 0 })];
    let inFlight = 0;
    let maxSeen = 0;
    let completed = 0;
    // The first two holders wait for each other: if the gate allowed only one, this would hang.
    let openBarrier!: () => void;
    const barrier = new Promise<void>((resolve) => (openBarrier = resolve));

    await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const release = await workers[i % 2]!.acquire(host);
        inFlight += 1;
        maxSeen = Math.max(maxSeen, inFlight);
        if (inFlight === 2) openBarrier();
        await barrier;
        // Hold the slot for a moment, as a request does, so that a holder a broken gate let in too
        // early would overlap with the two already in.
        await sleep(10);
        inFlight -= 1;
        completed += 1;
        await release();
      }),
    );

    expect(completed).toBe(5);
    expect(maxSeen).toBe(2);
  });

  it('spaces the starts on one host by minSpacingMs', async () => {
    const host = freshHost();
    const gate = new RedisHostGate(redisA, prefix, { maxInFlight: 5, minSpacingMs: 100 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        const release = await gate.acquire(host);
        starts.push(performance.now());
        await release();
      }),
    );
    const gaps = starts.slice(1).map((start, i) => start - starts[i]!);
    // Loose bound (half the spacing, for a busy event loop): without spacing the three starts
    // would be a millisecond or two apart.
    for (const gap of gaps) expect(gap).toBeGreaterThan(50);
  });

  it('keeps a waiting request out until the spacing has passed, and gives up when its signal aborts', async () => {
    const host = freshHost();
    const gate = new RedisHostGate(redisA, prefix, { maxInFlight: 5, minSpacingMs: 60_000 });
    const release = await gate.acquire(host);
    await release();
    await expect(gate.acquire(host, AbortSignal.timeout(REFUSAL_MS))).rejects.toMatchObject({ name: 'TimeoutError' });
    // Another host has its own spacing.
    const other = await gate.acquire(freshHost());
    await other();
  });

  it('counts the spacing from when the request went out, for a request that waited for its connection', async () => {
    const host = freshHost();
    const gate = new RedisHostGate(redisA, prefix, { maxInFlight: 1, minSpacingMs: 1000 });
    const first = await gate.take(host, 'first');
    if (!first.granted) throw new Error('the first request was refused');
    // Its connection took 300 ms: the host saw it 300 ms after the grant.
    await sleep(300);
    await first.release(performance.now());
    // Spaced from the grant, the next could go in about 700 ms; spaced as the host saw it, in about 1000.
    const next = await gate.take(host, 'next');
    expect(next.granted).toBe(false);
    expect(next.granted ? 0 : next.waitMs).toBeGreaterThan(850);
  });

  it('frees the slot of a holder that crashed once its lease expires', async () => {
    const host = freshHost();
    // The lease is ten times the refusal window, so the survivor is refused while it still holds.
    const crashed = new RedisHostGate(redisB, prefix, { maxInFlight: 1, minSpacingMs: 0, leaseMs: 10 * REFUSAL_MS });
    const survivor = new RedisHostGate(redisA, prefix, { maxInFlight: 1, minSpacingMs: 0, leaseMs: 10 * REFUSAL_MS });
    await crashed.acquire(host); // never released

    await expect(survivor.acquire(host, AbortSignal.timeout(REFUSAL_MS))).rejects.toMatchObject({ name: 'TimeoutError' });
    const release = await survivor.acquire(host, AbortSignal.timeout(10_000));
    await release();
  });

  it('hands a released slot to the next request', async () => {
    const host = freshHost();
    const gate = new RedisHostGate(redisA, prefix, { maxInFlight: 1, minSpacingMs: 0, leaseMs: 60_000 });
    const first = await gate.acquire(host);
    await first();
    const second = await gate.acquire(host, AbortSignal.timeout(5_000));
    await second();
  });

  it('defers a host for every worker, and only that host', async () => {
    const host = freshHost();
    const gateA = new RedisHostGate(redisA, prefix, { minSpacingMs: 0 });
    const gateB = new RedisHostGate(redisB, prefix, { minSpacingMs: 0 });
    await gateA.deferHost(host, 60_000);
    await expect(gateB.acquire(host, AbortSignal.timeout(REFUSAL_MS))).rejects.toMatchObject({ name: 'TimeoutError' });
    // A shorter deferral does not shorten a longer one.
    await gateB.deferHost(host, 10);
    expect(await redisA.pttl(`${prefix}:host:${host}:next`)).toBeGreaterThan(50_000);
    const other = await gateB.acquire(freshHost(), AbortSignal.timeout(5_000));
    await other();
  });

  it('keeps its keys under the prefix, per host', async () => {
    const host = freshHost();
    const gate = new RedisHostGate(redisA, prefix, { minSpacingMs: 1000 });
    const release = await gate.acquire(host.toUpperCase());
    expect(await redisA.zcard(`${prefix}:host:${host}:leases`)).toBe(1);
    expect(await redisA.exists(`${prefix}:host:${host}:next`)).toBe(1);
    await release();
    expect(await redisA.zcard(`${prefix}:host:${host}:leases`)).toBe(0);
  });

  it('rejects options that make no sense', () => {
    expect(() => new RedisHostGate(redisA, prefix, { maxInFlight: 0 })).toThrow('maxInFlight');
    expect(() => new RedisHostGate(redisA, prefix, { leaseMs: 0 })).toThrow('leaseMs');
  });
});

describe('fetchResource with a host gate', () => {
  it('does not send a request while the host has no free slot', async () => {
    const server = await startFixtureServer({ '/': 'ok' });
    try {
      const gate = new RedisHostGate(redisA, prefix, { maxInFlight: 1, minSpacingMs: 0 });
      const holder = await gate.acquire('127.0.0.1');
      const pending = fetchResource({ url: `${server.origin}/`, allowedHosts: ['127.0.0.1'] }, createTestPolicy(), gate);
      // Long enough for fetchResource to ask the gate twice (it polls a busy host every ~100 ms).
      await sleep(150);
      expect(server.requests).toHaveLength(0);
      await holder();
      await expect(pending).resolves.toMatchObject({ status: 'ok', text: 'ok' });
      expect(server.requests).toHaveLength(1);
      // fetchResource gave its slot back
      expect(await redisA.zcard(`${prefix}:host:127.0.0.1:leases`)).toBe(0);
    } finally {
      await server.close();
    }
  });
});
