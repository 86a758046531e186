/**
 * Milliseconds to wait according to a Retry-After header (RFC 9110 §10.2.3): either a number of
 * seconds or an HTTP-date. A date in the past means "now" (0). Anything unreadable is ignored.
 */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only real dates: Date.parse also accepts bare numbers like "-5" or "1.5".
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
