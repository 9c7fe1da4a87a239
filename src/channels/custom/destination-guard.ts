import { lookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhook deliveries may go. A DeliveryUri comes from a customer, and Pinion runs inside
 * someone's network: without a guard it could be pointed at metadata services or internal
 * admin ports (SSRF). Only https URLs, and only public addresses unless the operator allows
 * private ones; the check runs on the address actually connected to (a DNS lookup hook), so a
 * name that resolves to 169.254.169.254 is refused too.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]!);
  // …also in the hex form URL parsing normalizes it to (::ffff:a00:1).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return isPrivateAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface DestinationPolicy {
  /** Loopback and private networks allowed (tests, or an operator whose receivers are internal). */
  readonly allowPrivate: boolean;
  /** http:// allowed besides https:// (only sensible with allowPrivate, for loopback receivers). */
  readonly allowHttp: boolean;
}

/** Why the URL may not be used, or undefined. */
export function destinationProblem(uri: string, policy: DestinationPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) return 'must be an https:// URL';
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !policy.allowPrivate && isPrivateAddress(host)) return 'names a private or reserved address';
  return undefined;
}

/** A dns.lookup for http(s).request that refuses private addresses (unless allowed). */
export function guardedLookup(policy: DestinationPolicy): typeof lookup {
  return ((hostname: string, options: object, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as LookupAddress[];
      const refused = policy.allowPrivate ? [] : list.filter((entry) => isPrivateAddress(entry.address));
      if (refused.length > 0 || list.length === 0) {
        const denial = Object.assign(new Error(`${hostname} resolves to a private or reserved address`), { code: 'EPRIVATEADDRESS' });
        return callback(denial, '');
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  }) as unknown as typeof lookup;
}
