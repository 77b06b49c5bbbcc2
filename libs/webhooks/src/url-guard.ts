import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Why a webhook URL was refused; the service answers it as `422 unprocessable`, the dispatcher records it. */
export class UnsafeWebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeWebhookUrlError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** A URL that passed every check, with the address the connection must go to (no second DNS answer is trusted). */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export interface UrlGuardOptions {
  /** `WEBHOOKS_ALLOW_PRIVATE_URLS`: plain http and private addresses are allowed (development and tests). */
  allowPrivate: boolean;
  resolve?: HostResolver;
}

const resolveWithSystem: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/**
 * The ipaddr.js range of an address, IPv4-mapped IPv6 (`::ffff:10.0.0.1`) judged as the IPv4 address it carries.
 * ipaddr.js also reads the decimal, hexadecimal and octal IPv4 forms (`2130706433`, `0x7f.1`, `0177.0.0.1`).
 */
export function addressRange(address: string): string {
  const parsed = ipaddr.parse(address);
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) return parsed.toIPv4Address().range();
  return parsed.range();
}

/**
 * Only globally routable unicast addresses are public. Every named range is refused: loopback, RFC 1918, CGNAT,
 * link-local (cloud metadata at 169.254.169.254), IPv6 ULA, multicast, documentation, NAT64/6to4/Teredo (which
 * can carry a private IPv4 address), and IPv6 outside the global unicast block 2000::/3.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  if (addressRange(address) !== 'unicast') return false;
  const parsed = ipaddr.parse(address);
  if (parsed instanceof ipaddr.IPv6 && !parsed.isIPv4MappedAddress()) {
    return parsed.match(ipaddr.IPv6.parse('2000::'), 3);
  }
  return true;
}

/** Parses and checks a webhook URL without resolving it: scheme and credentials. */
export function parseWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeWebhookUrlError('The webhook URL is not a valid absolute URL.');
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw new UnsafeWebhookUrlError('The webhook URL must use https.');
  if (url.username || url.password) throw new UnsafeWebhookUrlError('The webhook URL must not contain credentials.');
  return url;
}

/**
 * Checks a webhook URL at creation and again before every delivery: the scheme, no credentials, and every address
 * the host resolves to must be public. The caller connects to the returned address, so a DNS answer that changes
 * between the check and the connection (DNS rebinding) cannot send the request elsewhere.
 */
export async function checkWebhookUrl(raw: string, options: UrlGuardOptions): Promise<CheckedTarget> {
  const url = parseWebhookUrl(raw, options.allowPrivate);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? resolveWithSystem)(host);
    } catch {
      addresses = [];
    }
    if (!addresses.length) throw new UnsafeWebhookUrlError(`The webhook host ${host} does not resolve.`);
  }
  if (!options.allowPrivate) {
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) {
      throw new UnsafeWebhookUrlError(
        `The webhook host ${host} resolves to ${refused.address}, which is not a public address.`,
      );
    }
  }
  return { url, address: addresses[0].address, family: addresses[0].family };
}
