import { isIPv4, isIPv6 } from 'node:net';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

/**
 * Lower-cases a host as `URL#hostname` would show it (no port: hosts are compared with the
 * hostname of a link), or returns undefined when the text is not a host name or IP address.
 * IPv6 addresses are bracketed, as in URLs.
 */
export function normalizeHost(text: string): string | undefined {
  const host = text.trim().toLowerCase();
  if (isIPv4(host)) return host;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIPv6(bare)) return `[${bare}]`;
  return host.length <= 253 && HOST_NAME.test(host) ? host : undefined;
}

/** An absolute http(s) URL with a host; anything else cannot be fetched. */
export function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}
