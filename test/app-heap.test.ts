/**
 * While the store is quiet, a web process compacts the old generation at every full collection
 * (app/heap.ts): after its objects die, the old generation it keeps committed shrinks to what is
 * still alive; a store change turns that off until the store has been quiet for a while again.
 * The effect: a child process (the setting is the whole process's) promotes about 40 MiB of
 * objects to the old generation, lets nine in ten of them go and runs a full collection, left to
 * V8's defaults, compacting, and compacting turned off by a store change. The timing: a fake clock.
 * The young generation stops growing at its cap: a child process keeps objects alive across
 * collections, yielding to the event loop between rounds of about a megabyte, as a web process
 * does between renders. Once renders have gone idle the process rests: a child process grows its
 * young generation, rests, and keeps allocating objects that live for a few turns, as a server
 * sending kept answers does, until V8 has run major collections of its own.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { capYoungGeneration, compactWhileQuiet, RENDER_IDLE_MS, RESTING_RESIDENT_TARGET, RESTING_YOUNG_GENERATION_CAP, restWhenIdle, YOUNG_GENERATION_CAP } from '../src/app/heap.js';
import { forgetInflatedBodies, inflatedBodyChars } from '../src/store/index.js';
import { decodeItem, encodeItem } from '../src/store/item-codec.js';
import type { StoredItem } from '../src/store/item-record.js';
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

async function youngGenerationAfterSurvivors(capped: boolean): Promise<number> {
  const heap = JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src/app/heap.ts')).href);
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    ${capped ? `(await import(${heap})).capYoungGeneration();` : ''}
    let live = [];
    for (let round = 0; round < 240; round++) {
      for (let i = 0; i < 5_000; i++) live.push({ round, i, text: 'release ' + i + ' of ' + round });
      if (live.length > 200_000) live = live.slice(-100_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    console.log(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size);
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return Number(stdout);
}

describe('the young generation of a web process', () => {
  it('stops growing at its cap', async () => {
    const [plain, capped] = await Promise.all([youngGenerationAfterSurvivors(false), youngGenerationAfterSurvivors(true)]);
    // Left to V8, the survivors grow it past the cap.
    expect(plain).toBeGreaterThan(YOUNG_GENERATION_CAP);
    expect(capped).toBeGreaterThan(0);
    expect(capped).toBeLessThanOrEqual(YOUNG_GENERATION_CAP);
  }, 30_000);

  it("is held at its cap, may grow again once V8 has shrunk it, and gets V8's default growth back when stopped", async () => {
    const set: string[] = [];
    let size = YOUNG_GENERATION_CAP / 2;
    const cap = capYoungGeneration(YOUNG_GENERATION_CAP, (flags) => void set.push(flags), () => size);
    expect(set).toEqual([]);
    size = YOUNG_GENERATION_CAP;
    // The size is looked at after each collection: garbage until one has run.
    const collected = async (count: number): Promise<void> => {
      for (let round = 0; round < 200 && set.length < count; round++) {
        let garbage: object[] = [];
        for (let i = 0; i < 100_000; i++) garbage.push({ i, text: `entry ${i}` });
        garbage = [];
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await collected(1);
    expect(set).toEqual(['--semi-space-growth-factor=1']);
    size = 2 * 1024 * 1024;
    await collected(2);
    expect(set).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
    size = YOUNG_GENERATION_CAP;
    await collected(3);
    cap.stop();
    expect(set).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2', '--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
  });

  it('stops growing at the resting cap while the process rests, and may grow to its cap again once awake', () => {
    const set: string[] = [];
    let size = RESTING_YOUNG_GENERATION_CAP;
    const cap = capYoungGeneration(YOUNG_GENERATION_CAP, (flags) => void set.push(flags), () => size);
    expect(set).toEqual([]);
    cap.rest(true);
    expect(set).toEqual(['--semi-space-growth-factor=1']);
    cap.rest(false);
    expect(set).toEqual(['--semi-space-growth-factor=1', '--semi-space-growth-factor=2']);
    // Shrunk below the resting cap: it may grow up to it.
    size = 1024 * 1024;
    cap.rest(true);
    expect(set).toHaveLength(2);
    cap.stop();
    expect(set).toHaveLength(2);
  });

  it('is given back and stays small while the process rests', async () => {
    const [awake, resting] = await Promise.all([youngGenerationWhileServing(false), youngGenerationWhileServing(true)]);
    expect(awake.majors).toBeGreaterThanOrEqual(2);
    expect(resting.majors).toBeGreaterThanOrEqual(2);
    // Grown by the burst, and left to itself kept at that size.
    expect(awake.grown).toBeGreaterThanOrEqual(YOUNG_GENERATION_CAP);
    expect(awake.after).toBe(awake.grown);
    expect(resting.grown).toBeGreaterThanOrEqual(YOUNG_GENERATION_CAP);
    expect(resting.after).toBeLessThanOrEqual(RESTING_YOUNG_GENERATION_CAP);
  }, 30_000);
});

/**
 * A child process whose young generation a burst of survivors grows (capped as in a web process),
 * then (resting or not) allocates objects that live for a few turns until V8 has run two major
 * collections of its own: the young generation's size before and after.
 */
async function youngGenerationWhileServing(rests: boolean): Promise<{ grown: number; after: number; majors: number }> {
  const heap = JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src/app/heap.ts')).href);
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    import { setImmediate as turn } from 'node:timers/promises';
    const { capYoungGeneration, restWhenIdle } = await import(${heap});
    const size = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    const youngGeneration = capYoungGeneration();
    let live = [];
    for (let round = 0; round < 60; round++) {
      for (let i = 0; i < 20_000; i++) live.push({ round, i, text: 'release ' + i });
      if (live.length > 60_000) live = live.slice(-40_000);
      await turn();
    }
    live = [];
    const grown = size();
    let rest;
    if (${rests}) {
      rest = restWhenIdle({ forget: () => undefined, youngGeneration, idleMs: 20, residentTarget: 0 });
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    let majors = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors += 1;
    });
    observer.observe({ entryTypes: ['gc'] });
    const started = Date.now();
    let answers = [];
    // Until V8 has run two major collections of its own, and as long again after (the time the
    // survivors would take to grow it back).
    let turns = 0;
    let until = Infinity;
    while (turns < until && Date.now() - started < 15_000) {
      const answer = [];
      for (let i = 0; i < 5_000; i++) answer.push({ i, header: 'etag ' + i });
      answers.push(answer);
      if (answers.length > 40) answers.shift();
      turns += 1;
      if (majors >= 2 && until === Infinity) until = 2 * turns;
      await turn();
    }
    rest?.stop();
    youngGeneration.stop();
    observer.disconnect();
    console.log(JSON.stringify({ grown, after: size(), majors }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return JSON.parse(stdout) as { grown: number; after: number; majors: number };
}

describe('compaction while the store is quiet', () => {
  afterEach(() => vi.useRealTimers());

  it('is on from the start, off at a change, on again once the store has been quiet for 20 s, off when stopped', () => {
    vi.useFakeTimers();
    const set: string[] = [];
    let collections = 0;
    const compaction = compactWhileQuiet({ setFlags: (flags) => void set.push(flags), collect: () => void (collections += 1) });
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
    expect(collections).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(set).toEqual(['--compact-on-every-full-gc', '--no-compact-on-every-full-gc', '--compact-on-every-full-gc']);
    // Gone quiet: one full collection.
    expect(collections).toBe(1);
    // Stopped: V8's default again, and no timer sets the flag later.
    compaction.stop();
    expect(set.at(-1)).toBe('--no-compact-on-every-full-gc');
    vi.advanceTimersByTime(60_000);
    expect(set).toHaveLength(4);
    expect(collections).toBe(1);
  });

  it('gives back the heap that grew while the store changed, once it is quiet, with nothing allocated after', async () => {
    const [given, kept] = await Promise.all([heapAfterQuiet(true), heapAfterQuiet(false)]);
    // Left to V8, a process that allocates nothing more keeps the heap it grew (the dead objects in it too).
    expect(kept.committedMiB).toBeGreaterThan(kept.grownMiB * 0.8);
    expect(given.grownMiB).toBeGreaterThan(150);
    expect(given.committedMiB).toBeLessThan(given.grownMiB / 4);
  }, 30_000);
});

/** A process (no --expose-gc) whose heap grows with compaction off after a store change, most of it dying, then quiet for a while. */
async function heapAfterQuiet(collect: boolean): Promise<{ grownMiB: number; committedMiB: number; usedMiB: number }> {
  const heap = JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'src/app/heap.ts')).href);
  const script = `
    import { getHeapStatistics } from 'node:v8';
    const MiB = 1048576;
    const compaction = (await import(${heap})).compactWhileQuiet({ quietMs: 300${collect ? '' : ', collect: () => undefined'} });
    compaction.storeChanged();
    let objects = [];
    for (let i = 0; i < 1_500_000; i++) objects.push({ i, text: 'release ' + i, tags: [i, i + 1] });
    objects = objects.filter((_, i) => i % 20 === 0);
    const grownMiB = getHeapStatistics().total_heap_size / MiB;
    await new Promise((resolve) => setTimeout(resolve, 900));
    const { total_heap_size, used_heap_size } = getHeapStatistics();
    console.log(JSON.stringify({ grownMiB, committedMiB: total_heap_size / MiB, usedMiB: used_heap_size / MiB, kept: objects.length }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return JSON.parse(stdout) as { grownMiB: number; committedMiB: number; usedMiB: number };
}

describe('bodies inflated for renders', () => {
  afterEach(() => vi.useRealTimers());

  it('are let go once no feed has been rendered for a whole look, and kept while renders go on', () => {
    vi.useFakeTimers();
    forgetInflatedBodies();
    const read = (i: number): string => decodeItem(encodeItem({ id: `i${i}`, contentHtml: `<p>${'Mitteilung '.repeat(50)}${i}</p>` } as unknown as StoredItem)).contentHtml;
    let renders = 0;
    const render = (): void => {
      renders += 1;
      idle.wake();
      read(renders);
    };
    const idle = restWhenIdle({ forget: forgetInflatedBodies, setFlags: () => undefined, collect: () => undefined });
    render();
    expect(inflatedBodyChars()).toBeGreaterThan(0);
    vi.advanceTimersByTime(RENDER_IDLE_MS);
    render();
    vi.advanceTimersByTime(RENDER_IDLE_MS);
    // A render in each stretch: kept.
    expect(inflatedBodyChars()).toBeGreaterThan(0);
    vi.advanceTimersByTime(RENDER_IDLE_MS);
    expect(inflatedBodyChars()).toBe(0);
    render();
    vi.advanceTimersByTime(2 * RENDER_IDLE_MS);
    expect(inflatedBodyChars()).toBe(0);
    render();
    idle.stop();
    vi.advanceTimersByTime(10 * RENDER_IDLE_MS);
    expect(inflatedBodyChars()).toBeGreaterThan(0);
  });
});

describe('a web process whose renders have gone idle', () => {
  afterEach(() => vi.useRealTimers());

  it('rests after a whole look without a render or a store change: lets go, collects, and while it holds more than its target caps the young generation lower and favours memory; wakes at the next of either', () => {
    vi.useFakeTimers();
    const happened: string[] = [];
    let held = RESTING_RESIDENT_TARGET + 1;
    const rest = restWhenIdle({
      forget: () => happened.push('forget'),
      youngGeneration: { rest: (on) => happened.push(`rest ${on}`) },
      setFlags: (flags) => happened.push(flags),
      collect: () => happened.push('collect'),
      resident: () => held,
    });
    rest.wake();
    vi.advanceTimersByTime(RENDER_IDLE_MS);
    expect(happened).toEqual([]);
    vi.advanceTimersByTime(RENDER_IDLE_MS);
    expect(happened).toEqual(['forget', 'collect', 'rest true', '--optimize-for-size']);
    // Still idle: nothing more to give back, no pause more.
    vi.advanceTimersByTime(5 * RENDER_IDLE_MS);
    expect(happened).toHaveLength(4);
    // A render or a store change wakes it at once, not at the next look.
    rest.wake();
    expect(happened.slice(4)).toEqual(['rest false', '--no-optimize-for-size']);
    rest.wake();
    expect(happened).toHaveLength(6);
    // Under its target it rests with its young generation as it is, and gives it back once it holds more.
    held = RESTING_RESIDENT_TARGET;
    vi.advanceTimersByTime(2 * RENDER_IDLE_MS);
    expect(happened.slice(6)).toEqual(['forget', 'collect']);
    held = RESTING_RESIDENT_TARGET + 1;
    vi.advanceTimersByTime(RENDER_IDLE_MS);
    expect(happened.slice(8)).toEqual(['rest true', '--optimize-for-size']);
    // Taken back only a young generation's cap under the target: no turns at every look.
    held = RESTING_RESIDENT_TARGET - YOUNG_GENERATION_CAP + 1;
    vi.advanceTimersByTime(3 * RENDER_IDLE_MS);
    expect(happened).toHaveLength(10);
    held = RESTING_RESIDENT_TARGET - YOUNG_GENERATION_CAP - 1;
    vi.advanceTimersByTime(RENDER_IDLE_MS);
    expect(happened.slice(10)).toEqual(['rest false', '--no-optimize-for-size']);
    held = RESTING_RESIDENT_TARGET + 1;
    vi.advanceTimersByTime(RENDER_IDLE_MS);
    expect(happened.slice(12)).toEqual(['rest true', '--optimize-for-size']);
    // Stopped while resting: V8's defaults again, and no timer rests it later.
    rest.stop();
    expect(happened.slice(14)).toEqual(['rest false', '--no-optimize-for-size']);
    rest.wake();
    vi.advanceTimersByTime(5 * RENDER_IDLE_MS);
    expect(happened).toHaveLength(16);
  });

  it('stopped while resting under its target sets nothing', () => {
    vi.useFakeTimers();
    const happened: string[] = [];
    const rest = restWhenIdle({ forget: () => undefined, setFlags: (flags) => happened.push(flags), collect: () => undefined, resident: () => 0 });
    vi.advanceTimersByTime(3 * RENDER_IDLE_MS);
    rest.stop();
    expect(happened).toEqual([]);
  });
});
