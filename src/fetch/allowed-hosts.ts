import { stripAddressDecoration } from './ip-address.js';

/**
 * Host comparison for the allow-list: lower case, no port, no trailing dot, no IPv6 brackets,
 * so `Example.org:443`, `example.org.` and `example.org` are one host.
 */
export function normalizeHost(host: string): string {
  let text = host.trim().toLowerCase();
  if (text.startsWith('[')) text = text.slice(0, text.indexOf(']') + 1);
  else if (text.split(':').length === 2) text = text.slice(0, text.indexOf(':'));
  return stripAddressDecoration(text).replace(/\.$/, '');
}

/** The host of a URL as the gate and the allow-list see it. */
export function hostOf(url: URL): string {
  return normalizeHost(url.hostname);
}

export function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = hostOf(url);
  return allowedHosts.some((allowed) => normalizeHost(allowed) === host);
}
