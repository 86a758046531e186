/**
 * fetch: gets feeds and pages over HTTP(S) politely (per-host gate, conditional GET, Retry-After)
 * and safely (allowed hosts, public addresses only, bounded time, size and redirects), and turns
 * the bytes into text. It decides nothing about retries; FetchError says whether one can help.
 */
export { fetchResource, type FetchRequest, type FetchResult } from './fetch-resource.js';
export { createFetchPolicy, DEFAULT_FETCH_POLICY, type FetchPolicy } from './policy.js';
export { FetchError, isPermanentStatus, type FetchErrorKind } from './fetch-error.js';
export { parseRetryAfter } from './retry-after.js';
export {
  HostBusyError,
  RedisHostGate,
  unlimitedGate,
  type HostGate,
  type HostPoliteness,
  type RedisHostGateOptions,
  type ReleaseSlot,
  type TakeResult,
} from './host-gate.js';
export { classifyAddress, createAddressGuard, parseCidr, type AddressGuard, type AddressVerdict, type Cidr } from './address-policy.js';
export { isAllowedHost, normalizeHost } from './allowed-hosts.js';
