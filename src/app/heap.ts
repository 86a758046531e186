/**
 * The one V8 setting a web process makes for itself: while the store is quiet, every full
 * collection compacts the old generation (README, Serving: memory).
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
 * given back by the first full collection after it.
 *
 * V8 reads the setting at each full collection, so it is set at run time (node's command line is
 * not the service's to choose); it applies to the whole process, workers included when `serve`
 * runs them beside the web server.
 */
import { setFlagsFromString } from 'node:v8';

/** How long the store must stay unchanged before full collections compact again. */
const QUIET_MS = 20_000;

export interface QuietCompaction {
  /** Tell of a store change: compaction off until the store has been quiet for QUIET_MS again. */
  storeChanged(): void;
  /** Ends the timer and gives V8 its default back (a test process goes on without the setting). */
  stop(): void;
}

/** `setFlags` is V8's own unless a test watches what is set. */
export function compactWhileQuiet(setFlags: (flags: string) => void = setFlagsFromString): QuietCompaction {
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
      const left = lastChange + QUIET_MS - Date.now();
      if (left > 0) return arm(left);
      timer = undefined;
      set(true);
    }, ms);
    timer.unref();
  };
  set(true);
  return {
    storeChanged() {
      lastChange = Date.now();
      set(false);
      if (timer === undefined) arm(QUIET_MS);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      set(false);
    },
  };
}
