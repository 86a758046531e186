import { BlockList } from 'node:net';
import { embeddedIPv4, familyOf, stripAddressDecoration, type IpFamily } from './ip-address.js';

/**
 * Which addresses a fetch may connect to. Feeds and pages come from public web servers; anything
 * else (the operator's own network, cloud metadata at 169.254.169.254, Redis on localhost) is
 * refused unless the operator opted in, so a hostile feed or redirect cannot reach inside.
 */

/** Address ranges that are not the public internet, grouped by what they are. */
const REFUSED_RANGES: Record<string, string[]> = {
  unspecified: ['0.0.0.0/8', '::/128'],
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fec0::/10'],
  'link-local': ['169.254.0.0/16', 'fe80::/10'],
  'unique-local': ['fc00::/7'],
  'carrier-grade NAT': ['100.64.0.0/10'],
  multicast: ['224.0.0.0/4', 'ff00::/8'],
  reserved: [
    '192.0.0.0/24',
    '192.0.2.0/24',
    '198.18.0.0/15',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '240.0.0.0/4',
    '::/96',
    '64:ff9b:1::/48',
    '100::/64',
    '2001::/23',
    '2001:db8::/32',
  ],
};

export interface Cidr {
  address: string;
  prefix: number;
  family: IpFamily;
}

/** A refused connection target: the address and the kind of network it belongs to. */
export interface AddressVerdict {
  address: string;
  /** e.g. "loopback", "private" */
  range: string;
}

/** Decides per address; `undefined` means the address may be connected to. */
export type AddressGuard = (address: string) => AddressVerdict | undefined;

const RANGE_LISTS: [string, BlockList][] = Object.entries(REFUSED_RANGES).map(([range, cidrs]) => [
  range,
  toBlockList(cidrs.map((cidr) => parseCidr(cidr))),
]);

/**
 * Parses `10.0.0.0/8`, `fd00::/8` or a bare address (meaning that one address). Throws an error
 * that names the offending text, because it usually comes straight from configuration.
 */
export function parseCidr(text: string): Cidr {
  const [rawAddress = '', prefixText, extra] = text.trim().split('/');
  const address = stripAddressDecoration(rawAddress);
  const family = familyOf(address);
  if (family === undefined || extra !== undefined) {
    throw new Error(`"${text}" is not a valid CIDR: expected an IP address with an optional /prefix, e.g. 10.0.0.0/8 or fd00::/8`);
  }
  const maxBits = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: maxBits, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxBits) {
    throw new Error(`"${text}" is not a valid CIDR: the prefix must be a number from 0 to ${maxBits}`);
  }
  return { address, prefix: Number(prefixText), family };
}

/** The kind of non-public network an address belongs to, or undefined for a public address. */
export function classifyAddress(address: string): string | undefined {
  const plain = stripAddressDecoration(address);
  const target = embeddedIPv4(plain) ?? plain;
  const family = familyOf(target);
  if (!family) return 'invalid';
  for (const [range, list] of RANGE_LISTS) {
    if (list.check(target, family)) return range;
  }
  return undefined;
}

/**
 * Builds the guard for `allowPrivateNetworks`: false refuses every non-public address, true
 * allows all, a list of CIDRs allows just the non-public addresses inside them.
 */
export function createAddressGuard(allowPrivateNetworks: boolean | readonly string[]): AddressGuard {
  if (allowPrivateNetworks === true) return () => undefined;
  const allowed = allowPrivateNetworks === false ? undefined : toBlockList(allowPrivateNetworks.map((cidr) => parseCidr(cidr)));
  return (address) => {
    const range = classifyAddress(address);
    if (range === undefined) return undefined;
    if (allowed && isInList(allowed, address)) return undefined;
    return { address: stripAddressDecoration(address), range };
  };
}

function isInList(list: BlockList, address: string): boolean {
  const plain = stripAddressDecoration(address);
  return [plain, embeddedIPv4(plain)].some((candidate) => {
    const family = candidate === undefined ? undefined : familyOf(candidate);
    return candidate !== undefined && family !== undefined && list.check(candidate, family);
  });
}

function toBlockList(cidrs: Cidr[]): BlockList {
  const list = new BlockList();
  for (const { address, prefix, family } of cidrs) list.addSubnet(address, prefix, family);
  return list;
}
