/**
 * A service started while Redis is briefly down waits for it (REDIS_WAIT), saying so, like a
 * process that loses Redis later; a command run by hand says at once that Redis is not there.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { CapturedOutput, cliEnv, runCli, TestSignals } from './helpers/cli.js';
import { freePort, startRedisServer, stopRedisServer, waitFor } from './helpers/redis-server.js';
import { uniquePrefix } from './helpers/redis.js';

describe('a service started while Redis is down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hf-redis-wait-'));
  let redis: ChildProcess | undefined;
  afterAll(async () => {
    if (redis) await stopRedisServer(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps trying with growing pauses, logging each, and runs once Redis answers', async () => {
    const port = await freePort();
    const stdout = new CapturedOutput();
    const signals = new TestSignals();
    const env = cliEnv({ REDIS_URL: `redis://127.0.0.1:${port}`, KEY_PREFIX: uniquePrefix('wait'), REDIS_WAIT: '30s', SOURCES_FILE: 'config/sources.yaml' });
    const worker = main(['worker', '--queues', 'ingest'], { env, stdout, stderr: new CapturedOutput(), stdin: Readable.from([]), signals });
    const lines = (): { msg: string; retry_in_ms?: number }[] =>
      stdout.text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; retry_in_ms?: number });

    const retries = await waitFor('two retries logged', async () => {
      const found = lines().filter((l) => l.msg.includes('does not answer'));
      return found.length >= 2 ? found : undefined;
    });
    expect(retries[0]!.msg).toMatch(new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${port} does not answer .*; trying again in \\d+\\.\\d s$`));
    expect(retries[1]!.retry_in_ms).toBeGreaterThan(retries[0]!.retry_in_ms!);

    redis = await startRedisServer(port, dir);
    await waitFor('the workers to start', async () => (lines().some((l) => l.msg.startsWith('Workers started')) ? true : undefined));
    signals.send('SIGTERM');
    expect(await worker).toBe(0);
  });

  it('gives up after REDIS_WAIT with a message that names the wait; 0 gives up at once', async () => {
    const port = await freePort();
    const result = await runCli(['worker'], { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_WAIT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Redis at redis://127.0.0.1:${port} does not answer`);
    const waited = await runCli(['scheduler'], { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_WAIT: '1s' });
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain('after trying for 1 s (REDIS_WAIT)');
  });
});
