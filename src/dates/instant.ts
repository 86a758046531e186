/**
 * Stored instants as every output needs them: parsed strictly (never `Date.parse` on free text,
 * whose result for zone-less strings depends on the server's time zone), checked against a range
 * every feed format and reader can represent, and formatted for RFC 3339 (Atom, JSON Feed, HTML
 * `<time datetime>`) or RFC 822 (RSS).
 */

/**
 * Earliest and latest instants we publish. RFC 3339 needs a four-digit year (so no 275760, no
 * year 0 or negative years), and no Hessian press release predates 1900 — a date before that is a
 * parsing accident, not history.
 */
const EARLIEST_MS = Date.UTC(1900, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * The instant an ISO 8601 / RFC 3339 string names, or undefined when it is malformed, names an
 * impossible calendar day (2024-02-30) or lies outside the publishable range. A time without
 * offset is read as UTC so the output never depends on where the server runs.
 */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_8601.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone] = match;
  const fields = [Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)] as const;
  // A leap second (:60) is folded into :59 — JavaScript dates cannot hold it.
  const seconds = Math.min(Number(second), 59);
  const millis = Math.floor(Number(`0.${fraction}`) * 1000);
  const local = new Date(Date.UTC(...fields, seconds, millis));
  if (!isSameCalendarTime(local, fields) || Number(second) > 60) return undefined;
  const offsetMinutes = parseOffsetMinutes(zone);
  if (offsetMinutes === undefined) return undefined;
  const instant = local.getTime() - offsetMinutes * 60_000;
  return isPublishable(instant) ? new Date(instant) : undefined;
}

/** The first candidate that is a valid, publishable instant. */
export function pickInstant(candidates: readonly unknown[]): Date | undefined {
  for (const candidate of candidates) {
    const instant = candidate instanceof Date ? validDate(candidate) : parseInstant(candidate);
    if (instant) return instant;
  }
  return undefined;
}

/** RFC 3339 in UTC, milliseconds only when there are some: `2024-09-23T08:00:00Z`. */
export function formatRfc3339(instant: Date): string {
  return instant.toISOString().replace('.000Z', 'Z');
}

/** RFC 822 (with the four-digit year of RFC 1123) as RSS 2.0 wants: `Mon, 23 Sep 2024 08:00:00 GMT`. */
export function formatRfc822(instant: Date): string {
  return instant.toUTCString();
}

function validDate(value: Date): Date | undefined {
  return isPublishable(value.getTime()) ? new Date(value.getTime()) : undefined;
}

function isPublishable(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

function isSameCalendarTime(date: Date, fields: readonly [number, number, number, number, number]): boolean {
  const [year, month, day, hour, minute] = fields;
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute
  );
}

function parseOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}
