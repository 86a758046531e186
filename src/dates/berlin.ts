/**
 * The Europe/Berlin wall clock, in both directions: the sources print Berlin time without an
 * offset, and readers in Hesse expect the day and time they see to be Berlin's, not UTC's. The
 * zone rules come from the ICU data; numbering system and calendar are fixed in the locale, so the
 * fields are Latin digits of the Gregorian calendar whatever the server's default locale is.
 */

export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
}

const BERLIN_PARTS = new Intl.DateTimeFormat('en-US-u-nu-latn-ca-gregory', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** What a clock in Berlin shows at `instant`. */
export function berlinWallClock(instant: Date): WallClock {
  const fields: Record<string, number> = {};
  for (const part of BERLIN_PARTS.formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields['year'] ?? 0,
    month: fields['month'] ?? 1,
    day: fields['day'] ?? 1,
    hour: fields['hour'] ?? 0,
    minute: fields['minute'] ?? 0,
    second: fields['second'] ?? 0,
  };
}

/**
 * Since 1980 Germany's clocks change at 01:00 UTC only, so the offset is one number for a whole
 * UTC hour and is asked of ICU (slow: formatToParts) once per hour. Earlier instants (hours of
 * other switches, local mean time before 1893) are always asked.
 */
const WHOLE_HOUR_SWITCHES_SINCE = Date.UTC(1980, 0, 1);
const HOUR_MS = 3_600_000;
const offsetByHour = new Map<number, number>();
/** Bounds the memory of the cache: far more hours than a run of releases ever has. */
const MAX_CACHED_HOURS = 100_000;

/** Offset of Europe/Berlin from UTC at `utcMs`, in milliseconds (+1 h in winter, +2 h in summer). */
function berlinOffsetMs(utcMs: number): number {
  if (!(utcMs >= WHOLE_HOUR_SWITCHES_SINCE)) return askOffsetMs(utcMs);
  const hour = Math.floor(utcMs / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = askOffsetMs(hour * HOUR_MS);
    if (offsetByHour.size >= MAX_CACHED_HOURS) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

function askOffsetMs(utcMs: number): number {
  const local = berlinWallClock(new Date(utcMs));
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Berlin wall-clock time (encoded as if it were UTC) → UTC epoch ms. Two passes, because the offset
 * depends on the instant we are solving for; around the DST switch the second pass corrects the
 * first. Times in the spring-forward gap land one hour later, ambiguous autumn times on CET.
 */
export function berlinWallClockToUtc(wallClock: number): number {
  const guess = wallClock - berlinOffsetMs(wallClock);
  return wallClock - berlinOffsetMs(guess);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * `instant` as ISO 8601 in Berlin time with its offset, e.g. `2024-09-23T00:00:00+02:00`: the day
 * and time a reader in Hesse sees, still one exact instant for a machine.
 */
export function formatBerlinIso(instant: Date): string {
  const c = berlinWallClock(instant);
  const offsetMinutes = Math.round(berlinOffsetMs(instant.getTime()) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${offset}`;
}
