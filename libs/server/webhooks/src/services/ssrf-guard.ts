import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", incl. 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + broadcast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local, incl. fd00:ec2::254 metadata
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b:1::', 48], // local-use NAT64: its IPv4 mapping is the operator's own
  ['100::', 64], // discard-only
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** The 16 bytes of an IPv6 literal (zone id dropped, dotted-quad tail allowed); null when it is not one. */
export function ipv6Bytes(ip: string): Uint8Array | null {
  const text = ip.split('%')[0] ?? '';
  if (isIP(text) !== 6) return null;
  const groups: number[] = [];
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (isIP(g) === 4) {
        const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const [head, tail] = text.split('::');
  const h = parse(head ?? '');
  const t = tail === undefined ? [] : parse(tail);
  if (!h || !t) return null;
  groups.push(...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t);
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 255;
  });
  return bytes;
}

const v4 = (b: Uint8Array, at: number, xor = 0): string =>
  [0, 1, 2, 3].map((i) => ((b[at + i] ?? 0) ^ xor) & 255).join('.');
const zero = (b: Uint8Array, from: number, to: number): boolean => b.subarray(from, to).every((x) => x === 0);

/**
 * Every IPv4 address an IPv6 one embeds, so it is judged by them: IPv4-mapped (::ffff:0:0/96), SIIT
 * (::ffff:0:0:0/96), IPv4-compatible (::/96), NAT64 (64:ff9b::/96), 6to4 (2002::/16, the relay's IPv4 in bits
 * 16-47) and Teredo (2001::/32: the server's IPv4, and the client's, stored inverted).
 */
export function embeddedIpv4(ip: string): string[] {
  const b = ipv6Bytes(ip);
  if (!b) return [];
  const word = (i: number): number => ((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0);
  if (zero(b, 0, 10) && word(5) === 0xffff) return [v4(b, 12)];
  if (zero(b, 0, 8) && word(4) === 0xffff && word(5) === 0) return [v4(b, 12)];
  if (zero(b, 0, 12)) return [v4(b, 12)];
  if (word(0) === 0x64 && word(1) === 0xff9b && zero(b, 4, 12)) return [v4(b, 12)];
  if (word(0) === 0x2002) return [v4(b, 2)];
  if (word(0) === 0x2001 && word(1) === 0) return [v4(b, 4), v4(b, 12, 0xff)];
  return [];
}

export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !BLOCKED.check(ip, 'ipv4');
  if (family === 6) {
    const embedded = embeddedIpv4(ip);
    if (embedded.length > 0) return embedded.every((a) => !BLOCKED.check(a, 'ipv4'));
    return !BLOCKED.check(ip.split('%')[0] ?? ip, 'ipv6');
  }
  return false;
}

export interface SsrfPolicy {
  allowPrivateNetworks: boolean;
  /** Hostnames, IPs and CIDRs allowed even though private, each optionally limited to one port (`host:port`). */
  allowedHosts: string[];
}

export function parseAllowedHosts(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

export class SsrfError extends Error {
  constructor(
    readonly reason: 'scheme' | 'credentials' | 'unresolvable' | 'blocked_address',
    message: string,
  ) {
    super(message);
  }
}

/** One allow-list entry: a hostname, IP or CIDR, optionally with a port (`127.0.0.1:4100`, `[::1]:4100`). */
export function parseAllowEntry(entry: string): { host: string; port: number | null } {
  const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (v6?.[1]) return { host: v6[1], port: v6[2] ? Number(v6[2]) : null };
  const withPort = /^([^:]+):(\d{1,5})$/.exec(entry);
  if (withPort?.[1] && withPort[2]) return { host: withPort[1], port: Number(withPort[2]) };
  return { host: entry, port: null };
}

/** Entries without a port open every port of their host(s) to webhook deliveries: worth a loud warning. */
export function portlessEntries(policy: SsrfPolicy): string[] {
  return policy.allowedHosts.filter((e) => parseAllowEntry(e).port === null);
}

function urlPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function allowListMatches(policy: SsrfPolicy, hostname: string, ip: string, port: number): boolean {
  const list = new BlockList();
  for (const entry of policy.allowedHosts) {
    const { host, port: only } = parseAllowEntry(entry);
    if (only !== null && only !== port) continue;
    if (host === hostname) return true;
    const [net, bits] = host.split('/');
    const family = net ? isIP(net) : 0;
    if (!net || family === 0) continue;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(net, type);
    else list.addSubnet(net, Number(bits), type);
  }
  const family = isIP(ip);
  return family !== 0 && list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** Strips the brackets of an IPv6 literal host. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Static checks on the URL itself (scheme, credentials). */
export function checkUrlShape(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SsrfError('scheme', 'The URL is not valid.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new SsrfError('scheme', 'Only http and https URLs are allowed.');
  if (url.username || url.password)
    throw new SsrfError('credentials', 'URLs with embedded credentials are not allowed.');
  return url;
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Resolves the host and vets every address (one bad address is enough to refuse: DNS answers can rotate).
 * Returns the vetted addresses; the HTTP client connects to one of them, never re-resolving (no DNS rebinding).
 */
export async function vetHost(
  url: URL,
  policy: SsrfPolicy,
  resolve: Resolver = systemResolver,
): Promise<{ address: string; family: number }[]> {
  const hostname = bareHostname(url);
  let addresses: { address: string; family: number }[];
  if (isIP(hostname)) addresses = [{ address: hostname, family: isIP(hostname) }];
  else {
    try {
      addresses = await resolve(hostname);
    } catch {
      throw new SsrfError('unresolvable', `The host ${hostname} does not resolve.`);
    }
  }
  if (addresses.length === 0) throw new SsrfError('unresolvable', `The host ${hostname} does not resolve.`);
  if (policy.allowPrivateNetworks) return addresses;
  for (const a of addresses) {
    if (!isPublicAddress(a.address) && !allowListMatches(policy, hostname, a.address, urlPort(url))) {
      throw new SsrfError('blocked_address', `The host ${hostname} resolves to a non-public address (${a.address}).`);
    }
  }
  return addresses;
}
