/**
 * dates — a leaf: every date hessenfeed reads or writes, in one place. The dates the sources print
 * (German and RFC 822 text, Berlin time without an offset) become UTC instants in `parseDate`; the
 * instants stored become RFC 3339 / RFC 822 for the outputs; the Berlin wall clock is shared by
 * both directions. Imports nothing of the project, so every step may use it.
 */
export { findDateInText, parseDate } from './parse-date.js';
export { formatRfc3339, formatRfc822, parseInstant, pickInstant } from './instant.js';
export { berlinWallClock, berlinWallClockToUtc, formatBerlinIso, type WallClock } from './berlin.js';
