import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressGuard, AddressVerdict } from './address-policy.js';

/** Raised inside the socket layer when every address of a host is refused by the policy. */
export class AddressRefusedError extends Error {
  override readonly name = 'AddressRefusedError';
  readonly code = 'EADDRREFUSED';
  /** `hostname` is undefined when the refused address was not found through DNS. */
  constructor(
    readonly verdict: AddressVerdict,
    readonly hostname?: string,
  ) {
    const target = `${verdict.range} address ${verdict.address}`;
    super(hostname === undefined ? `refused to connect to ${target}` : `refused to connect: ${hostname} resolves to ${target}`);
  }
}

/**
 * A `lookup` for the socket: resolves the name, drops every address the policy refuses and hands
 * only the rest to the connect call. The address checked is the address connected to, so a DNS
 * answer that changes between a check and the connect (rebinding) cannot slip through.
 */
export function createGuardedLookup(guard: AddressGuard): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' }), '', 0);
      const allowed = addresses.filter((entry) => guard(entry.address) === undefined);
      const first = allowed[0];
      if (!first) {
        const verdict = guard(addresses[0]?.address ?? '') ?? { address: '', range: 'unknown' };
        return callback(new AddressRefusedError(verdict, hostname), '', 0);
      }
      if (options.all) return callback(null, allowed);
      return callback(null, first.address, first.family);
    });
  };
}
