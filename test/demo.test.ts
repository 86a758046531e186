import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { attribute, checkAtomFeed, children, parseXml, text } from './helpers/atom-checker.js';
import { PROJECT_ROOT } from './helpers/cli.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from './helpers/redis.js';
import { httpGet } from './helpers/web.js';

const prefix = uniquePrefix('demo');
const SEED_HEADING = 'Integration ist eine gemeinschaftliche Aufgabe';

let child: ChildProcess | undefined;
let stdout = '';
let stderr = '';

/** Starts `npm run demo`'s script as a child process; resolves with the address it announces. */
function startDemo(): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REDIS_URL: TEST_REDIS_URL, DEMO_KEY_PREFIX: prefix, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => reject(new Error(`the demo did not get ready\nstdout: ${stdout}\nstderr: ${stderr}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /Demo ready: (http:\/\/\S+)/.exec(stdout);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code} before it was ready\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

function exitCode(process: ChildProcess): Promise<number | null> {
  if (process.exitCode !== null) return Promise.resolve(process.exitCode);
  return new Promise((resolve) => process.once('exit', (code) => resolve(code)));
}

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  const redis = connectRedis();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('npm run demo', () => {
  it('serves the sample ministries through the whole pipeline, the seed release once, and stops cleanly on Ctrl-C', { timeout: 150_000 }, async () => {
    const url = await startDemo();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const overview = await httpGet(url);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('Integrationskonferenz konstituiert sich in Weiterstadt');

    const feed = await httpGet(`${url}feed.atom`);
    expect(feed.status).toBe(200);
    expect(checkAtomFeed(feed.text)).toEqual([]);
    const entries = children(children(parseXml(feed.text), 'feed')[0]!, 'entry');
    // Releases of several sample ministries arrived, not just one site's.
    expect(entries.length).toBeGreaterThan(10);
    const seed = entries.filter((entry) => (text(children(entry, 'content')[0]) ?? '').includes(SEED_HEADING));
    // The ministry's page and the portal's copy (another layout, another address) are one entry …
    expect(seed).toHaveLength(1);
    // … that keeps both addresses.
    const links = children(seed[0]!, 'link')
      .filter((link) => ['alternate', 'related'].includes(attribute(link, 'rel') ?? ''))
      .map((link) => attribute(link, 'href')!);
    expect(links).toHaveLength(2);
    expect(new Set(links.map((link) => new URL(link).port)).size).toBe(2);
    expect(links.every((link) => link.endsWith('/presse/integrationskonferenz-konstituiert-sich-in-weiterstadt'))).toBe(true);

    child!.kill('SIGINT');
    expect(await exitCode(child!), stderr).toBe(0);
  });
});
