import { parseCidr } from './address-policy.js';

/** How every fetch behaves; built once at the entry point with `createFetchPolicy`. */
export interface FetchPolicy {
  /** `hessenfeed/<version> (+<project URL>)`, so site operators know who is asking. */
  userAgent: string;
  /**
   * false: refuse loopback, private, link-local … addresses; true: allow them all; a list of
   * CIDRs (`['127.0.0.1/32']`): allow only the non-public addresses inside those networks.
   * @defaultValue false
   */
  allowPrivateNetworks: boolean | string[];
  /** Cap on the body after decompression. @defaultValue 15 MiB */
  maxBytes: number;
  /** @defaultValue 5 */
  maxRedirects: number;
  /** From the start of a request to an open connection (DNS included). @defaultValue 10 000 */
  connectTimeoutMs: number;
  /** From the first request to the last byte, across redirects. @defaultValue 20 000 */
  totalTimeoutMs: number;
}

export const DEFAULT_FETCH_POLICY: Omit<FetchPolicy, 'userAgent'> = {
  allowPrivateNetworks: false,
  maxBytes: 15 * 1024 * 1024,
  maxRedirects: 5,
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 20_000,
};

/**
 * Fills in defaults and checks every value, failing with a message that names the setting (and
 * the bad CIDR) so a configuration slip stops the process at start, not at the first fetch.
 */
export function createFetchPolicy(overrides: Partial<FetchPolicy> & { userAgent: string }): FetchPolicy {
  const policy: FetchPolicy = {
    userAgent: overrides.userAgent,
    allowPrivateNetworks: normalizeAllowPrivateNetworks(overrides.allowPrivateNetworks ?? DEFAULT_FETCH_POLICY.allowPrivateNetworks),
    maxBytes: overrides.maxBytes ?? DEFAULT_FETCH_POLICY.maxBytes,
    maxRedirects: overrides.maxRedirects ?? DEFAULT_FETCH_POLICY.maxRedirects,
    connectTimeoutMs: overrides.connectTimeoutMs ?? DEFAULT_FETCH_POLICY.connectTimeoutMs,
    totalTimeoutMs: overrides.totalTimeoutMs ?? DEFAULT_FETCH_POLICY.totalTimeoutMs,
  };
  if (policy.userAgent.trim() === '') throw new Error('fetch policy: userAgent must not be empty');
  requireInteger('maxBytes', policy.maxBytes, 1);
  requireInteger('maxRedirects', policy.maxRedirects, 0);
  requireInteger('connectTimeoutMs', policy.connectTimeoutMs, 1);
  requireInteger('totalTimeoutMs', policy.totalTimeoutMs, 1);
  return policy;
}

function normalizeAllowPrivateNetworks(value: boolean | string[]): boolean | string[] {
  if (typeof value === 'boolean') return value;
  return value.map((text) => {
    try {
      const { address, prefix } = parseCidr(text);
      return `${address}/${prefix}`;
    } catch (err) {
      throw new Error(`fetch policy: allowPrivateNetworks: ${(err as Error).message}`);
    }
  });
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`fetch policy: ${name} must be a whole number of at least ${min}, got ${value}`);
  }
}
