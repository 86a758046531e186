/**
 * The bin keeps the maps of Node's tick objects alive (src/runtime): without it, one full
 * collection at a moment when no tick object is alive turns `process.nextTick`'s literal
 * megamorphic for the rest of the process, and every tick object is then built in V8's runtime
 * (the "slow kind" of web process, docs/performance-log.md). The process is the subject here: a
 * preload with V8's natives syntax waits until the command has finished, makes tick objects,
 * collects once with none alive, makes more, and prints V8's own account of nextTick's feedback.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, PROJECT_ROOT } from './helpers/cli.js';
import { BIN } from './helpers/cli-service.js';

// Written out at test time: `%DebugPrint` is not JavaScript any tool here reads.
const PROBE = `
process.once('beforeExit', async () => {
  const tick = () => new Promise((resolve) => process.nextTick(resolve));
  for (let i = 0; i < 50; i++) await tick();
  gc();
  for (let i = 0; i < 50; i++) await tick();
  %DebugPrint(process.nextTick);
});
`;

/** The states of nextTick's literal stores, from `%DebugPrint`'s list of feedback slots. */
function literalStates(stdout: string): string[] {
  return [...stdout.matchAll(/slot #\d+ DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((match) => match[1]!);
}

describe('tick objects after a full collection with none alive', () => {
  let dir: string;
  let probe: string;
  // V8 prints to the process's stdout with C's stdio, and Node makes a pipe there non-blocking
  // once the command writes to it: a file takes the whole print.
  let runs = 0;
  const run = async (...args: string[]): Promise<{ states: string[]; stdout: string }> => {
    const out = join(dir, `stdout-${++runs}.txt`);
    const fd = openSync(out, 'w');
    try {
      const child = spawn(process.execPath, ['--allow-natives-syntax', '--expose-gc', `--import=${probe}`, ...args], { cwd: PROJECT_ROOT, env: cliEnv({}), stdio: ['ignore', fd, 'inherit'] });
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      closeSync(fd);
    }
    const stdout = readFileSync(out, 'utf8');
    return { states: literalStates(stdout), stdout };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hf-tick-shape-'));
    probe = join(dir, 'probe.mjs');
    writeFileSync(probe, PROBE);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turn nextTick megamorphic in a plain node process (what the bin prevents)', async () => {
    const { states, stdout } = await run('-e', '');
    // The two ids, callback and args (and Node 22's context frame): the stores after the first go megamorphic.
    expect(states.length, stdout).toBeGreaterThanOrEqual(4);
    expect(states).toContain('MEGAMORPHIC');
  });

  it('keep nextTick monomorphic in a hessenfeed process', async () => {
    const { states, stdout } = await run(BIN, '--version');
    expect(states.length, stdout).toBeGreaterThanOrEqual(4);
    expect(states.every((state) => state === 'MONOMORPHIC')).toBe(true);
  });
});
