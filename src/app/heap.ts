/**
 * The V8 settings a web process makes for itself: while the store is quiet, every full
 * collection compacts the old generation, and the young generation stops growing at 16 MiB
 * (capYoungGeneration below; docs/performance-log.md, Serving). And once no render has run for a
 * while, what renders keep for the next ones is let go and the process rests: its old generation
 * collected and, while it holds more than RESTING_RESIDENT_TARGET, its young generation given
 * back and capped lower, until the next render or store change (restWhenIdle).
 *
 * Without it V8 compacts only the few pages it picks as most fragmented and keeps the rest
 * committed: a web process that had rendered 500 feeds of a 50,000-release store held 87 MiB of
 * old generation for 35–42 MiB of objects all through the load that followed, and gave it back
 * only once the load stopped (V8's memory reducer waits for a quiet moment, which a busy server
 * never has). Compacting at every full collection keeps the committed old generation at what it
 * holds (39–48 MiB under the same load, about 45 MiB less resident memory). It changes what a full
 * collection does, not when one runs, but each then moves every live object of the old
 * generation: while workers ingest and the busy feeds are rendered again after every change, the
 * one run made with it always on gave a feed p99 at 200 req/s of 64 ms against 36 ms without (a
 * noisy machine, but the pauses are real). So compaction is on only once the store has not
 * changed for QUIET_MS, and off again at the next change; the memory a burst of renders grew is
 * given back by a full collection when the store goes quiet (compactWhileQuiet).
 *
 * V8 reads the compaction setting at each full collection, so it is set at run time (node's
 * command line is not the service's to choose); it applies to the whole process, workers included
 * when `serve` runs them beside the web server, and so does the young generation's cap.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long the store must stay unchanged before full collections compact again. */
const QUIET_MS = 20_000;

export interface QuietCompaction {
  /** Tell of a store change: compaction off until the store has been quiet for QUIET_MS again. */
  storeChanged(): void;
  /** Ends the timer and gives V8 its default back (a test process goes on without the setting). */
  stop(): void;
}

export interface QuietCompactionOptions {
  /** V8's own unless a test watches what is set. */
  setFlags?: (flags: string) => void;
  /** Called when the store has gone quiet after a change: by default fullCollection. */
  collect?: () => void;
  /** @defaultValue QUIET_MS */
  quietMs?: number;
}

let exposedGc: (() => void) | undefined;

/**
 * One full collection now. V8's `gc` is exposed for this at run time (`--expose-gc`, read when a
 * context is made) rather than on node's command line, which is not the service's to choose.
 * How much of the heap is garbage is not known before (V8's used size counts dead objects until
 * a collection finds them), so it is not asked.
 */
export function fullCollection(): void {
  if (exposedGc === undefined) {
    setFlagsFromString('--expose-gc');
    exposedGc = runInNewContext('gc') as () => void;
  }
  exposedGc();
}

/**
 * Compaction on while the store is quiet, off from a change until it has been quiet for QUIET_MS.
 * The heap that grew meanwhile (while workers ingest, renders after every change fill the old
 * generation) is compacted by the next full collection, but a process then busy sending kept
 * answers allocates little that lives long and may not see one for a long time: measured after
 * part (d), 60 s over 500 feeds left it at 142 MiB of heap for 48 MiB of objects (245 MiB
 * resident). So the change to quiet also brings one full collection: a pause of some tens of
 * milliseconds, once per quiet spell, QUIET_MS after the last change.
 */
export function compactWhileQuiet(options: QuietCompactionOptions = {}): QuietCompaction {
  const setFlags = options.setFlags ?? setFlagsFromString;
  const quietMs = options.quietMs ?? QUIET_MS;
  let compacting = false;
  let lastChange = 0;
  let timer: NodeJS.Timeout | undefined;
  const set = (on: boolean): void => {
    if (on === compacting) return;
    compacting = on;
    setFlags(on ? '--compact-on-every-full-gc' : '--no-compact-on-every-full-gc');
  };
  // One timer at a time, re-armed for what is left of the quiet time: a store changing many times
  // a second costs no timer per change.
  const arm = (ms: number): void => {
    timer = setTimeout(() => {
      const left = lastChange + quietMs - Date.now();
      if (left > 0) return arm(left);
      timer = undefined;
      set(true);
      (options.collect ?? fullCollection)();
    }, ms);
    timer.unref();
  };
  set(true);
  return {
    storeChanged() {
      lastChange = Date.now();
      set(false);
      if (timer === undefined) arm(quietMs);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      set(false);
    },
  };
}

/**
 * The young generation (both semi-spaces) of a web process stops growing at this size. V8 grows it
 * (1, 2, 4, … up to 16 MiB a semi-space) when many objects survive a collection, as the renders'
 * objects do in a burst of renders (every client right after a start, a crawler), and never gives
 * it back while requests keep coming. Over 500 feeds of a 50,000-release store it ended at 16 MiB
 * in some runs of part (e) and at 32 MiB in others, 16 MiB of resident memory apart for the rest of
 * the process's life. Smaller than 16 MiB costs more than it saves: with 8 MiB
 * (`--max-semi-space-size=4`) the renders' objects are promoted to the old generation, and the
 * process held 183 MiB at the end of a 150 s run where it held 140–154 without (docs/performance-log.md, Serving).
 */
export const YOUNG_GENERATION_CAP = 16 * 1024 * 1024;

/**
 * The cap while the process rests (restWhenIdle), sending kept answers only. What survives a
 * collection then is the answers under way, and the smaller the space the more often it is
 * collected. One web process, resting, awake at 16 MiB, resting again, 8 s of wrk each, two such
 * rounds per size on a noisy machine: held at the 1–2 MiB V8 shrinks it to, it answered about
 * 9 % fewer 304s per second resting than awake; capped at 4 MiB about 8 %, at 8 MiB about 4 %
 * (a collection's cost grows with how often it runs: about 4 % and 1 % by that count). In bench
 * part (e) the web process then held 141, 142 and 151 MiB. 4 MiB is the largest cap that keeps
 * it under the goal of 150 MiB.
 */
export const RESTING_YOUNG_GENERATION_CAP = 4 * 1024 * 1024;

/** V8's default, given back by `stop`. */
const DEFAULT_GROWTH_FACTOR = 2;

export interface YoungGenerationCap {
  /** While resting the young generation stops growing at RESTING_YOUNG_GENERATION_CAP (restWhenIdle). */
  rest(on: boolean): void;
  stop(): void;
}

function newSpaceSize(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Watches the young generation after every collection and holds it where it is while it is at
 * `cap` (at RESTING_YOUNG_GENERATION_CAP while a resting process has given it back,
 * restWhenIdle). `--max-semi-space-size` is read only when V8 starts (node's command line, not
 * the service's to choose); the growth factor is read each time V8 grows the space, so a factor
 * of 1 set at run time stops the growth. The size is looked at once the collection's entry
 * reaches JavaScript (two turns of the event loop later), so a burst that survives collections
 * worth the whole space before the loop turns can grow it one step past the cap; renders take turns
 * (publish/feed-service.ts), a few megabytes each. When V8 shrinks the space (its memory reducer
 * does, in a quiet moment), the default factor is set again, so it can grow back to the cap: held
 * at the 2 MiB it shrank to, the renders after the next store change would promote their objects
 * to the old generation.
 */
export function capYoungGeneration(cap = YOUNG_GENERATION_CAP, setFlags: (flags: string) => void = setFlagsFromString, size: () => number = newSpaceSize): YoungGenerationCap {
  let held = false;
  let resting = false;
  const check = (): void => {
    const stop = size() >= (resting ? Math.min(cap, RESTING_YOUNG_GENERATION_CAP) : cap);
    if (stop === held) return;
    held = stop;
    setFlags(`--semi-space-growth-factor=${stop ? 1 : DEFAULT_GROWTH_FACTOR}`);
  };
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  check();
  return {
    rest(on) {
      resting = on;
      check();
    },
    stop() {
      observer.disconnect();
      if (held) setFlags(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
      held = false;
    },
  };
}

/** How often a web process looks whether a feed was rendered or the store changed since the last look. */
export const RENDER_IDLE_MS = 30_000;

/**
 * A resting process gives its young generation back only while it holds more resident memory
 * than this, and takes it back once it holds a young generation's cap less (so the two do not
 * take turns at every look). The smaller young generation costs a process that sends kept
 * answers as fast as it can about a tenth of its 304s per second: one web process over the
 * bench's 10,000-release store, awake and then resting, six such pairs (three processes) with the
 * flag on throughout the rest and six with it on only until V8 had shrunk the space, gave 0.91×
 * of the awake rate either way (0.80–0.97×; docs/performance-log.md, Serving). It saves about
 * 10 MiB of resident memory. So a process with room to spare keeps its speed, as Go's GOMEMLIMIT
 * lets a program with room keep its heap: serving a few feeds of that store, a web process holds
 * 100–115 MiB; after 500 feeds of a 50,000-release store it holds more, rests small and ends at
 * 140–144 MiB (bench part (e)).
 */
export const RESTING_RESIDENT_TARGET = 128 * 1024 * 1024;

export interface RestOptions {
  /** Lets go of what renders keep for the next ones. */
  forget: () => void;
  /** Told when the resting process gives its young generation back, and when it takes it again. */
  youngGeneration?: Pick<YoungGenerationCap, 'rest'>;
  /** V8's own unless a test watches what is set. */
  setFlags?: (flags: string) => void;
  /** @defaultValue fullCollection */
  collect?: () => void;
  /** Resident memory in bytes. @defaultValue process.memoryUsage.rss */
  resident?: () => number;
  /** @defaultValue RESTING_RESIDENT_TARGET */
  residentTarget?: number;
  /** @defaultValue RENDER_IDLE_MS */
  idleMs?: number;
}

export interface Rest {
  /**
   * Tell of work: a render starting, or a store change (renders follow it, and in a process that
   * also runs workers, so does their work). A resting process wakes at once.
   */
  wake(): void;
  stop(): void;
}

/**
 * Rests once no render has started and the store has not changed for a whole RENDER_IDLE_MS,
 * until the next of either (`wake`): the process then only sends kept answers, as after a crawl
 * over hundreds of feeds.
 *
 * - `forget`: what renders keep for the next ones (the inflated bodies, store/item-codec.ts: up to
 *   2 million characters with their keys; the written entries) is dead weight; the next render
 *   inflates and writes anew.
 * - A full collection: the renders of a crawl leave their garbage in the old generation, and a
 *   process that only sends kept answers reaches V8's next major collection only after minutes.
 *   Measured over 500 feeds of a 50,000-release store (bench part (e)): the old generation held
 *   85 MiB, 23 of it alive, for about two minutes, until V8 collected (230 MiB resident and more);
 *   collected at the first idle look, it is back to what is alive 30–60 s after the last render.
 *   A pause of some tens of milliseconds.
 * - While the process holds more than RESTING_RESIDENT_TARGET, at this look or a later one: the
 *   young generation given back and capped lower. Renders grow it to its cap (16 MiB), and
 *   sending kept answers alone keeps it there (each collection finds some answers under way,
 *   and V8 grows the space once those survivors add up to its size), though about 2 MiB of it is
 *   in use. `--optimize-for-size` makes V8's own major collections shrink it (a collection asked
 *   for from JavaScript does not), and it grows back only to RESTING_YOUNG_GENERATION_CAP. Both
 *   are undone at the next render or store change (bench part (c) run with the flag on throughout
 *   took 13.0 and 44.3 ms per uncached render against 10.8 and 29.1 without), or at a look that
 *   finds the process a young generation's cap under the target. In part (e) (500 feeds of a
 *   50,000-release store, the last minute of five) resident memory was 142 MiB, against 153–157
 *   without.
 */
export function restWhenIdle(options: RestOptions): Rest {
  const setFlags = options.setFlags ?? setFlagsFromString;
  const resident = options.resident ?? (() => process.memoryUsage.rss());
  const target = options.residentTarget ?? RESTING_RESIDENT_TARGET;
  let wokenSinceLook = false;
  let resting = false;
  let small = false;
  const smaller = (on: boolean): void => {
    small = on;
    options.youngGeneration?.rest(on);
    setFlags(on ? '--optimize-for-size' : '--no-optimize-for-size');
  };
  const timer = setInterval(() => {
    if (wokenSinceLook) {
      wokenSinceLook = false;
      return;
    }
    if (!resting) {
      resting = true;
      options.forget();
      (options.collect ?? fullCollection)();
    }
    const held = resident();
    if (!small && held > target) smaller(true);
    else if (small && held < target - YOUNG_GENERATION_CAP) smaller(false);
  }, options.idleMs ?? RENDER_IDLE_MS);
  timer.unref();
  const awake = (): void => {
    resting = false;
    if (small) smaller(false);
  };
  return {
    wake() {
      wokenSinceLook = true;
      if (resting) awake();
    },
    stop() {
      clearInterval(timer);
      awake();
    },
  };
}
