/**
 * The private redis-server that `npm start` starts when no Redis answers at the default address:
 * its own process group (Ctrl-C in the terminal must not stop it while jobs drain), stopped by
 * the app once everything else has closed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app/index.js';
import { loadEnv } from '../src/config/index.js';
import { loadShippedConfig } from './helpers/config.js';
import { freePort } from './helpers/redis-server.js';

/** The process group of `pid` (field 5 of /proc/<pid>/stat). */
function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

describe('the private redis-server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-private-redis-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs in a process group of its own, holds the store, and stops when the app closes', async () => {
    const port = await freePort();
    // As without REDIS_URL: the default address does not answer, so hessenfeed starts its own.
    const env = { ...loadEnv({ LOG_LEVEL: 'silent' }), redisUrl: `redis://127.0.0.1:${port}`, redisUrlExplicit: false };
    const app = await openApp(env, await loadShippedConfig(), pino({ level: 'silent' }), { dataDir: dir, searchPath: process.env.PATH });
    const child = app.redis.child;
    expect(child?.pid).toBeDefined();
    expect(processGroupOf(child!.pid!)).toBe(child!.pid);
    expect(processGroupOf(child!.pid!)).not.toBe(processGroupOf(process.pid));
    expect(await app.store.countItems()).toBe(0);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    await app.close();
    expect(await exited).toBe(0);
  });
});
