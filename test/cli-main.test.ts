import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, PROJECT_ROOT, runCli } from './helpers/cli.js';
import { BIN } from './helpers/cli-service.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('the hessenfeed command line', () => {
  /** Stands in for Redis: counts every connection, so a test can show that none was made. */
  let redisStandIn: Server;
  let connections = 0;
  let env: Record<string, string>;

  beforeAll(async () => {
    redisStandIn = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => redisStandIn.listen(0, '127.0.0.1', resolve));
    const { port } = redisStandIn.address() as { port: number };
    env = { REDIS_URL: `redis://127.0.0.1:${port}` };
  });

  afterAll(async () => {
    await new Promise((resolve) => redisStandIn?.close(resolve));
  });

  it('prints the usage and exits 2 when no command is given, starting nothing and connecting to nothing', async () => {
    const result = await runCli([], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: hessenfeed <command> [options]');
    expect(result.stderr).toContain('`hessenfeed start` runs the service');
    expect(connections).toBe(0);
  });

  it.each([
    [['stauts'], 'unknown command "stauts"; did you mean `hessenfeed status`?'],
    [['sheduler'], 'unknown command "sheduler"; did you mean `hessenfeed scheduler`?'],
    [['retryfailed'], 'unknown command "retryfailed"; did you mean `hessenfeed retry-failed`?'],
    [['frobnicate'], 'unknown command "frobnicate"\n'],
    [['status', '--jsno'], 'unknown option --jsno; did you mean `--json`?'],
    [['worker', '--queue', 'scrape'], 'worker does not take --queue; it takes --queues'],
    [['once', '--json'], 'once does not take --json; it takes no options'],
    [['start', 'now'], 'start: unexpected argument "now"'],
    [['export', '--limit', '5'], '--base-url and --limit belong to export --out DIR'],
  ])('%j is a usage error (exit 2) that names the mistake: %s', async (args, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`hessenfeed: ${message}`);
    expect(result.stderr).toContain('Run `hessenfeed --help`');
    expect(connections).toBe(0);
  });

  it.each([['--version'], ['-v'], ['status', '--version']])('%j prints the version and nothing else', async (...args) => {
    const result = await runCli(args, env);
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it.each([['--help'], ['-h'], ['help']])('%j prints every command on stdout', async (...args) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(0);
    for (const command of ['start', 'web', 'worker', 'scheduler', 'once', 'export', 'status', 'poll', 'retry-failed', 'rescrape', 'sources check', 'backup', 'restore']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(connections).toBe(0);
  });

  it('the npm bin runs the compiled command line in a process of its own', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, '--version'], { cwd: PROJECT_ROOT, env: cliEnv({}) });
    expect(stdout).toBe(`${VERSION}\n`);
    const bin = readFileSync(BIN, 'utf8');
    expect(bin).toContain('../dist/src/cli/main.js');
    expect(bin).not.toMatch(/tsx/);
  });

  it('the npm bin names a build that lacks a file it loads, and how to build', async () => {
    // A copy of the bin over a dist/ with the command line but without src/runtime (built before it).
    const root = mkdtempSync(join(tmpdir(), 'hf-bin-'));
    try {
      mkdirSync(join(root, 'bin'));
      mkdirSync(join(root, 'dist/src/cli'), { recursive: true });
      copyFileSync(BIN, join(root, 'bin/hessenfeed.js'));
      writeFileSync(join(root, 'dist/src/cli/main.js'), 'export async function main() { return 0; }\n');
      const failed = await promisify(execFile)(process.execPath, [join(root, 'bin/hessenfeed.js'), '--version'], { env: cliEnv({}) }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain(`${join(root, 'dist/src/runtime/index.js')} is missing`);
      expect(failed?.stderr).toContain('run `npm run build`');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
