import { isIPv4, isIPv6 } from 'node:net';

/**
 * Normalizes one network for ALLOW_PRIVATE_NETWORKS: `10.0.0.0/8`, `fd00::/8`, or a bare address
 * (which means that single address, `/32` or `/128`). Returns undefined when it is not a network.
 */
export function normalizeCidr(text: string): string | undefined {
  const [address = '', prefix, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const maxBits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : undefined;
  if (maxBits === undefined) return undefined;
  if (prefix === undefined) return `${address}/${maxBits}`;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxBits) return undefined;
  return `${address}/${Number(prefix)}`;
}
