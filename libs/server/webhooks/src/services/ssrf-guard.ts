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
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** An IPv6 address that embeds an IPv4 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96) is judged by that IPv4. */
function embeddedIpv4(ip: string): string | null {
  const lower = ip.toLowerCase();
  const m = /^(?:::ffff:|64:ff9b::)(?:0:)?([0-9.]+)$/.exec(lower);
  if (m?.[1] && isIP(m[1]) === 4) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const a = parseInt(hex[1], 16);
    const b = parseInt(hex[2], 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return null;
}

export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !BLOCKED.check(ip, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4) return !BLOCKED.check(v4, 'ipv4');
    return !BLOCKED.check(ip, 'ipv6');
  }
  return false;
}

export interface SsrfPolicy {
  allowPrivateNetworks: boolean;
  /** Hostnames, IPs and CIDRs allowed even though private. */
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

function allowListMatches(policy: SsrfPolicy, hostname: string, ip: string): boolean {
  const list = new BlockList();
  for (const entry of policy.allowedHosts) {
    if (entry === hostname) return true;
    const [net, bits] = entry.split('/');
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
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SsrfError('scheme', 'Only http and https URLs are allowed.');
  if (url.username || url.password) throw new SsrfError('credentials', 'URLs with embedded credentials are not allowed.');
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
    if (!isPublicAddress(a.address) && !allowListMatches(policy, hostname, a.address)) {
      throw new SsrfError('blocked_address', `The host ${hostname} resolves to a non-public address (${a.address}).`);
    }
  }
  return addresses;
}
