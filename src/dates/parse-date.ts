/**
 * Dates as the sources print them (DESIGN.md §5): "23.09.2024", "23.09.2024, 14:30 Uhr",
 * "23. September 2024", ISO 8601 in `datetime`/meta attributes, RFC 822 in feeds. A date or time
 * without an offset is Europe/Berlin local time. The result is always a UTC instant
 * (`toISOString()`), or undefined when the text is not a plausible publication date.
 */
import { berlinWallClockToUtc, type WallClock } from './berlin.js';

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const MONTHS: Record<string, number> = {
  januar: 1, jänner: 1, january: 1, jan: 1, jän: 1,
  februar: 2, february: 2, feb: 2,
  märz: 3, maerz: 3, marz: 3, march: 3, mär: 3, mrz: 3, mar: 3,
  april: 4, apr: 4,
  mai: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  august: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nov: 11,
  dezember: 12, december: 12, dez: 12, dec: 12,
};

/** RFC 822 zone names plus the German ones; offsets in minutes. */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0,
  cet: 60, mez: 60, cest: 120, mesz: 120,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

/** A date as printed: wall-clock fields, in Berlin time unless an offset is given. */
interface DateParts extends WallClock {
  millisecond: number;
  /** Minutes east of UTC; undefined means Europe/Berlin local time. */
  offset?: number;
}

const WEEKDAY = String.raw`(?:[A-Za-zÄÖÜäöü]{2,10}\.?,?\s+)?`;
const TIME = String.raw`(?:(?:\s*,\s*|\s+-\s+|\s+–\s+|\s+um\s+|\s+)(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*Uhr)?)?`;

const NUMERIC_DE = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})${TIME}$`, 'i');
const NAMED_DE = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})\.?\s+([A-Za-zÄÖÜäöü]{3,10})\.?\s+(\d{4})${TIME}$`, 'i');
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC822 = /^(?:[A-Za-zÄÖÜäöü]{2,10}\.?,?\s*)?(\d{1,2})\s+([A-Za-zÄÖÜäöü]{3,10})\.?\s+(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*([+-]\d{4}|[A-Za-z]{1,5}))?$/;

/** Parses a publication date; see the module comment for the accepted forms. */
export function parseDate(text: string): string | undefined {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (trimmed === '') return undefined;
  const parts = matchIso(trimmed) ?? matchNumericGerman(trimmed) ?? matchNamedGerman(trimmed) ?? matchRfc822(trimmed);
  if (!parts || !isValid(parts)) return undefined;
  return toInstant(parts).toISOString();
}

function num(value: string | undefined, fallback = 0): number {
  return value === undefined ? fallback : Number(value);
}

function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')];
}

function matchIso(text: string): DateParts | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const fraction = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  return {
    year: num(m[1]), month: num(m[2]), day: num(m[3]),
    hour: num(m[4]), minute: num(m[5]), second: num(m[6]), millisecond: fraction,
    offset: m[8] === undefined ? undefined : parseOffset(m[8]),
  };
}

function matchNumericGerman(text: string): DateParts | undefined {
  const m = NUMERIC_DE.exec(text);
  if (!m) return undefined;
  return { day: num(m[1]), month: num(m[2]), year: num(m[3]), hour: num(m[4]), minute: num(m[5]), second: num(m[6]), millisecond: 0 };
}

function matchNamedGerman(text: string): DateParts | undefined {
  const m = NAMED_DE.exec(text);
  const month = m?.[2] === undefined ? undefined : monthNumber(m[2]);
  if (!m || month === undefined) return undefined;
  return { day: num(m[1]), month, year: num(m[3]), hour: num(m[4]), minute: num(m[5]), second: num(m[6]), millisecond: 0 };
}

function matchRfc822(text: string): DateParts | undefined {
  const m = RFC822.exec(text);
  const month = m?.[2] === undefined ? undefined : monthNumber(m[2]);
  if (!m || month === undefined) return undefined;
  let offset: number | undefined;
  if (m[7] !== undefined) {
    offset = parseOffset(m[7]);
    if (offset === undefined) return undefined;
  }
  const rawYear = num(m[3]);
  // RFC 822 allows two-digit years; RFC 2822 says 00–49 are 20xx.
  const year = m[3]?.length === 2 ? (rawYear < 50 ? 2000 + rawYear : 1900 + rawYear) : rawYear;
  return { day: num(m[1]), month, year, hour: num(m[4]), minute: num(m[5]), second: num(m[6]), millisecond: 0, offset };
}

/** "+0200", "+02:00", "+02", "Z", "GMT", "CEST" → minutes east of UTC. */
function parseOffset(text: string): number | undefined {
  const zone = ZONES[text.toLowerCase()];
  if (zone !== undefined) return zone;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return undefined;
  const minutes = num(m[2]) * 60 + num(m[3]);
  if (minutes > 14 * 60) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

function isValid(p: DateParts): boolean {
  if (p.year < MIN_YEAR || p.year > MAX_YEAR) return false;
  if (p.month < 1 || p.month > 12) return false;
  const daysInMonth = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  if (p.day < 1 || p.day > daysInMonth) return false;
  return p.hour <= 23 && p.minute <= 59 && p.second <= 59;
}

function toInstant(p: DateParts): Date {
  const wallClock = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  if (p.offset !== undefined) return new Date(wallClock - p.offset * 60_000);
  return new Date(berlinWallClockToUtc(wallClock));
}

const DATE_IN_TEXT = [
  /\d{4}-\d{2}-\d{2}(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?/i,
  /\d{1,2}\.\s?\d{1,2}\.\s?\d{4}(?:(?:\s*,\s*|\s+-\s+|\s+–\s+|\s+um\s+|\s+)\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?/i,
  /\d{1,2}\.?\s+[A-Za-zÄÖÜäöü]{3,10}\.?\s+\d{4}(?:(?:\s*,\s*|\s+-\s+|\s+–\s+|\s+um\s+|\s+)\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?/i,
];

/**
 * Finds the first date inside a longer label ("Pressemitteilung vom 23.09.2024", "Stand: 23.
 * September 2024"). Used on page text; feeds and attributes go through parseDate directly.
 */
export function findDateInText(text: string): string | undefined {
  const collapsed = text.replace(/\s+/g, ' ');
  const whole = parseDate(collapsed);
  if (whole) return whole;
  for (const pattern of DATE_IN_TEXT) {
    const m = pattern.exec(collapsed);
    const parsed = m ? parseDate(m[0]) : undefined;
    if (parsed) return parsed;
  }
  return undefined;
}
