/**
 * Dates as a reader in Hesse expects them: the calendar day in Europe/Berlin, not in UTC (a
 * release published at 00:30 local time belongs to that day), `23.09.2024` in German and
 * `23 Sep 2024` in English. Month names are our own, not the ICU data's, so the output does not
 * change with the Node version (newer ICU writes "Sept" for en-GB). The Berlin clock and the
 * strict reading of stored instants are src/dates'; only the wording is the page's.
 */
import { berlinWallClock, formatRfc3339, parseInstant, type WallClock } from '../../dates/index.js';
import type { Lang } from './language.js';

const ENGLISH_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number): string => String(n).padStart(2, '0');

function formatDay(local: WallClock, lang: Lang): string {
  return lang === 'de'
    ? `${pad(local.day)}.${pad(local.month)}.${local.year}`
    : `${local.day} ${ENGLISH_MONTHS[local.month - 1]} ${local.year}`;
}

export interface DisplayDate {
  /** RFC 3339 in UTC, for `<time datetime>`. */
  iso: string;
  text: string;
}

/** The day an ISO instant falls on in Berlin, or undefined when the value is not a valid instant. */
export function displayDay(value: string, lang: Lang): DisplayDate | undefined {
  const instant = parseInstant(value);
  return instant && { iso: formatRfc3339(instant), text: formatDay(berlinWallClock(instant), lang) };
}

/** Day and Berlin wall-clock time: `24.09.2024, 09:30 Uhr` / `24 Sep 2024, 09:30`. */
export function displayDayAndTime(value: string, lang: Lang): DisplayDate | undefined {
  const instant = parseInstant(value);
  if (!instant) return undefined;
  const local = berlinWallClock(instant);
  const time = `${pad(local.hour)}:${pad(local.minute)}`;
  return { iso: formatRfc3339(instant), text: `${formatDay(local, lang)}, ${lang === 'de' ? `${time} Uhr` : time}` };
}
