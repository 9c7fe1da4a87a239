/**
 * IPv4/IPv6 addresses and CIDR blocks for the IpAddress / NotIpAddress operators.
 *
 * Rules (IAM User Guide, IP address condition operators, plus what "sensible" means for mapped
 * addresses):
 * - A value without `/` is a single host: /32 for IPv4, /128 for IPv6.
 * - Host bits set under the prefix (10.0.0.1/24) are ignored, the block is 10.0.0.0/24.
 * - An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is the IPv4 address, on either side; an
 *   IPv6 block that covers the mapped range (::/0, ::ffff:0:0/96, ::ffff:c000:200/120) therefore
 *   also holds the corresponding IPv4 addresses. A plain IPv4 block never holds a native IPv6 host.
 * - Zone ids (fe80::1%eth0) are dropped.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** An address: IPv4 as one uint32, IPv6 as four uint32 words (most significant first). */
export type IpAddress = { readonly v: 4; readonly n: number } | { readonly v: 6; readonly w: readonly [number, number, number, number] };
export type CidrBlock = { readonly address: IpAddress; readonly prefix: number };

function parseV4(text: string): number {
  let n = 0;
  for (const part of text.split('.')) n = n * 256 + Number(part);
  return n >>> 0;
}

export function parseIp(raw: string): IpAddress | undefined {
  const text = raw.trim();
  if (isIPv4(text)) return { v: 4, n: parseV4(text) };
  const bare = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (!isIPv6(bare)) return undefined;
  const groups = ipv6Groups(bare);
  const w: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) w[i] = ((groups[2 * i]! << 16) | groups[2 * i + 1]!) >>> 0;
  if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) return { v: 4, n: w[3] };
  return { v: 6, w };
}

/** The eight 16-bit groups of a valid IPv6 address (node:net already validated the syntax). */
function ipv6Groups(text: string): number[] {
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    // Embedded IPv4 (::ffff:1.2.3.4): the dotted quad is the last two groups.
    const n = parseV4(body.slice(lastColon + 1));
    tail.push(n >>> 16, n & 0xffff);
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const toGroups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const gap = body.indexOf('::');
  if (gap < 0) return [...toGroups(body), ...tail];
  const head = toGroups(body.slice(0, gap));
  const rest = toGroups(body.slice(gap + 2));
  const zeros = new Array<number>(8 - tail.length - head.length - rest.length).fill(0);
  return [...head, ...zeros, ...rest, ...tail];
}

/** Parses `addr` or `addr/prefix`; undefined when either part is invalid. */
export function parseCidr(raw: string): CidrBlock | undefined {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const isMappedV6 = address.v === 4 && slash >= 0 && text.slice(0, slash).includes(':');
  const max = address.v === 4 && !isMappedV6 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > max) return undefined;
  }
  if (isMappedV6) {
    // ::ffff:a.b.c.d/p with p >= 96 is the IPv4 block /(p-96); a wider prefix stays IPv6.
    if (prefix >= 96) return { address, prefix: prefix - 96 };
    return { address: { v: 6, w: [0, 0, 0xffff, address.n] }, prefix };
  }
  return { address, prefix: slash < 0 ? (address.v === 4 ? 32 : 128) : prefix };
}

function sameUnderMask(a: number, b: number, bits: number): boolean {
  if (bits <= 0) return true;
  if (bits >= 32) return a === b;
  return (a ^ b) >>> (32 - bits) === 0;
}

export function cidrContains(block: CidrBlock, ip: IpAddress): boolean {
  const base = block.address;
  if (base.v === 4) return ip.v === 4 && sameUnderMask(base.n, ip.n, block.prefix);
  const words = ip.v === 6 ? ip.w : ([0, 0, 0xffff, ip.n] as const);
  for (let i = 0; i < 4; i++) {
    if (!sameUnderMask(base.w[i]!, words[i]!, block.prefix - 32 * i)) return false;
  }
  return true;
}
