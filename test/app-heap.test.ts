/**
 * While the store is quiet, a web process compacts the old generation at every full collection
 * (app/heap.ts): after its objects die, the old generation it keeps committed shrinks to what is
 * still alive; a store change turns that off until the store has been quiet for a while again.
 * The effect: a child process (the setting is the whole process's) promotes about 40 MiB of
 * objects to the old generation, lets nine in ten of them go and runs a full collection, left to
 * V8's defaults, compacting, and compacting turned off by a store change. The timing: a fake clock.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compactWhileQuiet } from '../src/app/heap.js';
import { PROJECT_ROOT } from './helpers/cli.js';

interface OldSpace {
  committedMiB: number;
  usedMiB: number;
}

async function oldSpaceAfterDying(setting: 'defaults' | 'quiet' | 'changed'): Promise<OldSpace> {
  const heap = JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src/app/heap.ts')).href);
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    ${setting === 'defaults' ? '' : `const compaction = (await import(${heap})).compactWhileQuiet();`}
    ${setting === 'changed' ? 'compaction.storeChanged();' : ''}
    let objects = [];
    for (let i = 0; i < 400_000; i++) objects.push({ i, text: 'release ' + i, tags: [i, i + 1] });
    gc(); gc();
    objects = objects.filter((_, i) => i % 10 === 0);
    gc();
    const old = getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');
    console.log(JSON.stringify({ committedMiB: old.space_size / 1048576, usedMiB: old.space_used_size / 1048576, kept: objects.length }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return JSON.parse(stdout) as OldSpace;
}

describe('the old generation of a web process', () => {
  it('shrinks to what is alive at a full collection', async () => {
    const [plain, compacted, changed] = await Promise.all([oldSpaceAfterDying('defaults'), oldSpaceAfterDying('quiet'), oldSpaceAfterDying('changed')]);
    // The scene fragments the old generation: left to itself, V8 keeps most of it committed.
    expect(plain.committedMiB).toBeGreaterThan(3 * plain.usedMiB);
    expect(compacted.committedMiB).toBeLessThan(1.5 * compacted.usedMiB);
    expect(compacted.committedMiB).toBeLessThan(plain.committedMiB / 2);
    // Right after a store change V8 is left to its defaults again.
    expect(changed.committedMiB).toBeGreaterThan(3 * changed.usedMiB);
  }, 30_000);
});

describe('compaction while the store is quiet', () => {
  afterEach(() => vi.useRealTimers());

  it('is on from the start, off at a change, on again once the store has been quiet for 20 s, off when stopped', () => {
    vi.useFakeTimers();
    const set: string[] = [];
    const compaction = compactWhileQuiet((flags) => void set.push(flags));
    expect(set).toEqual(['--compact-on-every-full-gc']);
    compaction.storeChanged();
    expect(set.at(-1)).toBe('--no-compact-on-every-full-gc');
    vi.advanceTimersByTime(15_000);
    // Changes keep coming: each one restarts the quiet time, and none sets the flag again.
    compaction.storeChanged();
    compaction.storeChanged();
    expect(set).toHaveLength(2);
    vi.advanceTimersByTime(19_000);
    expect(set).toHaveLength(2);
    vi.advanceTimersByTime(1_000);
    expect(set).toEqual(['--compact-on-every-full-gc', '--no-compact-on-every-full-gc', '--compact-on-every-full-gc']);
    // Stopped: V8's default again, and no timer sets the flag later.
    compaction.stop();
    expect(set.at(-1)).toBe('--no-compact-on-every-full-gc');
    vi.advanceTimersByTime(60_000);
    expect(set).toHaveLength(4);
  });
});
