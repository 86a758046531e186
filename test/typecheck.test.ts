/**
 * The whole project type-checks (sources, tests, bench, demo: tsconfig.json), as part of the
 * suite: `tsc --noEmit` runs as a child process beside the other test files instead of before
 * them, so its ten seconds overlap with tests that wait on processes and browsers.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/cli.js';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('the type check', () => {
  it('finds no type error anywhere in the project (tsc --noEmit)', async () => {
    const run = await promisify(execFile)(process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
    );
    expect(run.output).toBe('');
    expect(run.code).toBe(0);
  }, 180_000);
});
