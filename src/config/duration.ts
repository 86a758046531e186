/** Shortest poll interval a source may ask for: anything faster is impolite to the ministries' servers. */
export const MIN_INTERVAL_MS = 30_000;

/** Longest host spacing that still makes sense: beyond it a host gets about one request a minute. */
export const MAX_SPACING_MS = 60_000;

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

/** A host spacing: `0` (none) or a duration up to MAX_SPACING_MS; undefined for anything else. */
export function parseSpacing(text: string): number | undefined {
  const ms = text.trim() === '0' ? 0 : parseDuration(text);
  return ms !== undefined && ms <= MAX_SPACING_MS ? ms : undefined;
}

/** How HOST_SPACING and a source's `spacing` describe what they take. */
export const SPACING_EXPECTED = 'a duration up to 60s like 1s, 500ms or 0 (no spacing)';

/** Requests in flight to one host: HOST_CONCURRENCY and a source's `concurrency`. */
export const CONCURRENCY_RANGE = { min: 1, max: 16 } as const;
