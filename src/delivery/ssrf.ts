import { isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses a webhook may be sent to. Pure: no DNS, no I/O. A sender of
 * webhooks makes requests for strangers, so every address that reaches into the network
 * hookflow runs in (loopback, RFC 1918, CGNAT, link-local and cloud metadata,
 * unique-local IPv6, ...) or that is not a real unicast destination (multicast,
 * broadcast, unspecified, reserved, documentation) is refused. IPv6 forms that carry an
 * IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by that IPv4 address too.
 * `ALLOWED_TARGET_CIDRS` opens ranges on purpose (loopback for `npm run dev` and tests).
 */

export interface IpAddress {
  family: 4 | 6;
  /** The address as an unsigned integer of 32 or 128 bits. */
  value: bigint;
}

export interface Cidr extends IpAddress {
  prefix: number;
}

/** Why an address is refused: a stable kind and words a tenant can read. */
export interface BlockedAddress {
  address: string;
  kind: BlockKind;
  /** The range's name, e.g. `loopback` or `private (RFC 1918)`. */
  label: string;
  reason: string;
}

export type BlockKind =
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'invalid';

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

function parseIpv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseIpv6(text: string): bigint {
  // An embedded dotted IPv4 tail (::ffff:1.2.3.4) becomes two 16-bit groups.
  let body = text;
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = body.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = rest === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...restGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/**
 * Parses a textual IPv4 (dotted quad only, as DNS and the WHATWG URL parser produce) or
 * IPv6 address (brackets and a zone id such as `%eth0` are ignored). Anything else is
 * undefined: obfuscated forms like `0x7f.1` are normalised by the URL parser before here.
 */
export function parseIp(text: string): IpAddress | undefined {
  let address = text.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  if (isIPv4(address)) return { family: 4, value: parseIpv4(address) };
  if (isIPv6(address)) return { family: 6, value: parseIpv6(address) };
  return undefined;
}

/** `10.0.0.0/8`, `fc00::/7`; a bare address is a single-address range (/32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const [addressText = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addressText);
  if (!ip) return undefined;
  const max = bits(ip.family);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  // Keep the network part only, so 10.1.2.3/8 means 10.0.0.0/8.
  const shift = BigInt(max - prefix);
  return { family: ip.family, value: (ip.value >> shift) << shift, prefix };
}

/** A comma-separated list of CIDRs; the invalid entries are returned for the error message. */
export function parseCidrList(text: string): { cidrs: Cidr[]; invalid: string[] } {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const cidrs: Cidr[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    const cidr = parseCidr(entry);
    if (cidr) cidrs.push(cidr);
    else invalid.push(entry);
  }
  return { cidrs, invalid };
}

export function inCidr(ip: IpAddress, cidr: Cidr): boolean {
  if (ip.family !== cidr.family) return false;
  const shift = BigInt(bits(ip.family) - cidr.prefix);
  return ip.value >> shift === cidr.value >> shift;
}

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad built-in CIDR ${text}`);
  return parsed;
};

interface Rule {
  range: Cidr;
  kind: BlockKind;
  label: string;
}
const rule = (range: string, kind: BlockKind, label: string): Rule => ({ range: cidr(range), kind, label });

/** IPv4 ranges refused, most specific first (the first match names the reason). IANA special-purpose registry. */
const IPV4_RULES: readonly Rule[] = [
  rule('169.254.169.254/32', 'metadata', 'cloud metadata'),
  rule('100.100.100.200/32', 'metadata', 'cloud metadata'),
  rule('168.63.129.16/32', 'metadata', 'cloud metadata (Azure host)'),
  rule('255.255.255.255/32', 'broadcast', 'broadcast'),
  rule('0.0.0.0/8', 'unspecified', 'unspecified ("this network")'),
  rule('10.0.0.0/8', 'private', 'private (RFC 1918)'),
  rule('100.64.0.0/10', 'cgnat', 'shared (CGNAT, RFC 6598)'),
  rule('127.0.0.0/8', 'loopback', 'loopback'),
  rule('169.254.0.0/16', 'link-local', 'link-local'),
  rule('172.16.0.0/12', 'private', 'private (RFC 1918)'),
  rule('192.0.0.0/24', 'reserved', 'reserved (IETF protocol assignments)'),
  rule('192.0.2.0/24', 'documentation', 'documentation (TEST-NET-1)'),
  rule('192.88.99.0/24', 'reserved', 'reserved (6to4 relay anycast)'),
  rule('192.168.0.0/16', 'private', 'private (RFC 1918)'),
  rule('198.18.0.0/15', 'reserved', 'reserved (benchmarking)'),
  rule('198.51.100.0/24', 'documentation', 'documentation (TEST-NET-2)'),
  rule('203.0.113.0/24', 'documentation', 'documentation (TEST-NET-3)'),
  rule('224.0.0.0/4', 'multicast', 'multicast'),
  rule('240.0.0.0/4', 'reserved', 'reserved'),
];

/** IPv6 ranges refused outright, most specific first. Everything outside 2000::/3 is refused too. */
const IPV6_RULES: readonly Rule[] = [
  rule('::/128', 'unspecified', 'unspecified'),
  rule('::1/128', 'loopback', 'loopback'),
  rule('fd00:ec2::254/128', 'metadata', 'cloud metadata'),
  rule('fc00::/7', 'private', 'private (unique local)'),
  rule('fe80::/10', 'link-local', 'link-local'),
  rule('fec0::/10', 'private', 'private (site-local)'),
  rule('ff00::/8', 'multicast', 'multicast'),
  rule('64:ff9b:1::/48', 'reserved', 'reserved (local-use NAT64)'),
  rule('100::/64', 'reserved', 'reserved (discard-only)'),
  rule('2001:db8::/32', 'documentation', 'documentation'),
  rule('2001::/23', 'reserved', 'reserved (IETF protocol assignments, Teredo)'),
  rule('3fff::/20', 'documentation', 'documentation'),
];

const GLOBAL_UNICAST = cidr('2000::/3');
const IPV4_MAPPED = cidr('::ffff:0:0/96');
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** The IPv4 address an IPv6 address stands for, if it is one of the forms that carry one. */
function embeddedIpv4(ip: IpAddress): { v4: IpAddress; via: string } | undefined {
  if (ip.family !== 6) return undefined;
  if (inCidr(ip, IPV4_MAPPED)) return { v4: { family: 4, value: ip.value & 0xffffffffn }, via: 'IPv4-mapped' };
  if (inCidr(ip, NAT64)) return { v4: { family: 4, value: ip.value & 0xffffffffn }, via: 'NAT64' };
  if (inCidr(ip, SIX_TO_FOUR)) return { v4: { family: 4, value: (ip.value >> 80n) & 0xffffffffn }, via: '6to4' };
  return undefined;
}

function classifyParsed(ip: IpAddress): { kind: BlockKind; label: string } | undefined {
  const embedded = embeddedIpv4(ip);
  if (embedded) {
    const inner = classifyParsed(embedded.v4);
    return inner ? { kind: inner.kind, label: `${inner.label}, as ${embedded.via} ${formatIpv4(embedded.v4.value)}` } : undefined;
  }
  const rules = ip.family === 4 ? IPV4_RULES : IPV6_RULES;
  const match = rules.find((r) => inCidr(ip, r.range));
  if (match) return { kind: match.kind, label: match.label };
  if (ip.family === 6 && !inCidr(ip, GLOBAL_UNICAST)) return { kind: 'reserved', label: 'reserved (not global unicast)' };
  return undefined;
}

/** The kind of a refused address, or undefined for a public unicast one (ignoring any allow-list). */
export function classifyAddress(address: string): { kind: BlockKind; label: string } | undefined {
  const ip = parseIp(address);
  if (!ip) return { kind: 'invalid', label: 'not an IP address' };
  return classifyParsed(ip);
}

function isAllowed(ip: IpAddress, allowList: readonly Cidr[]): boolean {
  if (allowList.some((range) => inCidr(ip, range))) return true;
  const embedded = embeddedIpv4(ip);
  return embedded !== undefined && allowList.some((range) => inCidr(embedded.v4, range));
}

/**
 * Whether hookflow may connect to `address`: undefined when it may, else why not. The
 * allow-list wins over every rule (an IPv4-mapped or NAT64 address is allowed when its
 * IPv4 address is).
 */
export function checkAddress(address: string, allowList: readonly Cidr[] = []): BlockedAddress | undefined {
  const ip = parseIp(address);
  if (!ip) return { address, kind: 'invalid', label: 'not an IP address', reason: `${address} is not an IP address` };
  if (isAllowed(ip, allowList)) return undefined;
  const verdict = classifyParsed(ip);
  return verdict ? { address, ...verdict, reason: `${address} is in a blocked range (${verdict.label})` } : undefined;
}

/**
 * `localhost` and every `*.localhost` name are loopback by definition (RFC 6761), whatever
 * a resolver says; trailing dots (`localhost.`) and case do not change that.
 */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
