/**
 * How polite to be to each host: HOST_SPACING and HOST_CONCURRENCY for all, and a source's own
 * `spacing` and `concurrency` for the hosts it names (a site that asked for gentler treatment).
 * Where several sources name one host and set either, the strictest setting wins: the site sees
 * one crawler, whichever source asked.
 */
import { normalizeHost, type HostPoliteness } from '../fetch/index.js';
import type { Source } from '../model/index.js';

/** The hosts that get other than `defaults`, by normalized host name. */
export function politenessByHost(sources: readonly Source[], defaults: HostPoliteness): Map<string, HostPoliteness> {
  const byHost = new Map<string, HostPoliteness>();
  for (const source of sources) {
    if (source.spacingMs === undefined && source.concurrency === undefined) continue;
    const own: HostPoliteness = { minSpacingMs: source.spacingMs ?? defaults.minSpacingMs, maxInFlight: source.concurrency ?? defaults.maxInFlight };
    for (const host of source.hosts.map(normalizeHost)) {
      const other = byHost.get(host);
      byHost.set(
        host,
        other === undefined ? own : { minSpacingMs: Math.max(other.minSpacingMs, own.minSpacingMs), maxInFlight: Math.min(other.maxInFlight, own.maxInFlight) },
      );
    }
  }
  return byHost;
}
