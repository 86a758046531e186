import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/app/index.js';
import { loadEnv } from '../src/config/index.js';
import { fetchResource } from '../src/fetch/index.js';
import { loadShippedConfig } from './helpers/config.js';
import { startFixtureServer, type FixtureServer } from './helpers/http-server.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';

/** What the fixture saw of one path: request start times and the most requests at once. */
interface Load {
  starts: number[];
  inFlight: number;
  maxInFlight: number;
}

describe('HOST_SPACING and HOST_CONCURRENCY hold for every process sharing the Redis', () => {
  let site: FixtureServer;
  const loads = new Map<string, Load>();
  const apps: App[] = [];
  const prefixes: string[] = [];

  beforeAll(async () => {
    site = await startFixtureServer();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await site?.close();
    const redis = connectRedis();
    for (const prefix of prefixes) await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** A path that answers after `holdMs`, recording its load. */
  function servePath(path: string, holdMs: number): Load {
    const load: Load = { starts: [], inFlight: 0, maxInFlight: 0 };
    loads.set(path, load);
    site.route(path, async (_req, res) => {
      load.starts.push(performance.now());
      load.inFlight += 1;
      load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
      await sleep(holdMs);
      load.inFlight -= 1;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>ok</p>');
    });
    return load;
  }

  /** `count` fetches of `path` spread over two apps, as two worker processes with their own connections. */
  async function fetchFromTwoProcesses(politeness: Record<string, string>, path: string, count: number): Promise<void> {
    const prefix = uniquePrefix('polite');
    prefixes.push(prefix);
    const env = loadEnv({ REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, ALLOW_PRIVATE_NETWORKS: '127.0.0.1/32', ...politeness });
    const config = await loadShippedConfig();
    const pair = [await openApp(env, config, pino({ level: 'silent' })), await openApp(env, config, pino({ level: 'silent' }))];
    apps.push(...pair);
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const app = pair[i % 2]!;
        return fetchResource({ url: `${site.origin}${path}`, allowedHosts: [site.host] }, app.deps.fetchPolicy, app.deps.gate);
      }),
    );
  }

  it('HOST_CONCURRENCY=1 lets one request run at a time, HOST_CONCURRENCY=3 three', async () => {
    const one = servePath('/one', 150);
    await fetchFromTwoProcesses({ HOST_SPACING: '0', HOST_CONCURRENCY: '1' }, '/one', 4);
    expect(one.starts).toHaveLength(4);
    expect(one.maxInFlight).toBe(1);

    const three = servePath('/three', 300);
    await fetchFromTwoProcesses({ HOST_SPACING: '0', HOST_CONCURRENCY: '3' }, '/three', 6);
    expect(three.starts).toHaveLength(6);
    expect(three.maxInFlight).toBe(3);
  });

  it('HOST_SPACING=300ms keeps requests to one host apart, however many slots are free', async () => {
    const spaced = servePath('/spaced', 0);
    await fetchFromTwoProcesses({ HOST_SPACING: '300ms', HOST_CONCURRENCY: '4' }, '/spaced', 4);
    expect(spaced.starts).toHaveLength(4);
    const gaps = spaced.starts.slice(1).map((t, i) => t - spaced.starts[i]!);
    // The gate spaces the starts it grants; the server sees them after connecting and sending,
    // which on a busy machine varies by tens of ms. Without spacing the four would arrive at once.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(200);
  });
});
