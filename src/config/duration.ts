/** Shortest poll interval a source may ask for: anything faster is impolite to the ministries' servers. */
export const MIN_INTERVAL_MS = 30_000;

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Parses `30s`, `15m`, `1h`, `1h30m`, `500ms` (units in the order h, m, s, ms) into milliseconds.
 * Returns undefined for anything else, including an empty string and bare numbers, because a
 * bare `15` could mean seconds or minutes.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  const [, hours = '0', minutes = '0', seconds = '0', millis = '0'] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
}
