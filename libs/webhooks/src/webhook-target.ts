import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { invalidField } from '@gridflow/domain';

/**
 * Where a webhook may post: public unicast addresses only. Loopback, private (RFC 1918),
 * unique-local, link-local (169.254/16, fe80::/10), unspecified, multicast, broadcast,
 * carrier-grade NAT, documentation/benchmark/reserved ranges and the IPv6 forms that embed
 * an IPv4 address (IPv4-mapped is unwrapped first; NAT64, 6to4, Teredo are refused) are not.
 * `WEBHOOK_ALLOW_PRIVATE_TARGETS=true` lifts this (tests deliver to a local stub server).
 */
export function blockedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'is not an IP address';
  // process() turns ::ffff:a.b.c.d into a.b.c.d, so mapped forms get the IPv4 verdict.
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : `is a ${range} address`;
}

/** The URL's host as an IP literal (WHATWG URL already turned 2130706433, 0x7f.1, 017700000001 into 127.0.0.1). */
function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/**
 * Create/update check of a webhook URL's host (400 VALIDATION_FAILED on `url`): an IP literal
 * in a blocked range, `localhost`, or a name that resolves to any blocked address. A name that
 * does not resolve now is accepted: every delivery resolves and checks again.
 */
export async function checkWebhookTarget(url: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const { hostname } = new URL(url);
  if (isLocalhostName(hostname)) throw invalidField('url', 'must not point to localhost');
  const literal = literalAddress(hostname);
  if (literal) {
    const reason = blockedAddressReason(literal);
    if (reason) throw invalidField('url', `host ${reason}; webhooks post to public addresses only`);
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dns.lookup(hostname, { all: true, verbatim: true });
  } catch {
    return;
  }
  for (const { address } of addresses) {
    const reason = blockedAddressReason(address);
    if (reason)
      throw invalidField('url', `host resolves to ${address}, which ${reason}; webhooks post to public addresses only`);
  }
}

export class BlockedTargetError extends Error {
  readonly code = 'EBLOCKEDTARGET';
  constructor(host: string, address: string, reason: string) {
    super(`target ${host} → ${address} ${reason}; refused`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves, refuses if any address is blocked, and hands
 * the socket exactly the checked addresses — so the connection goes to what was checked
 * (no second resolution that a rebinding DNS server could answer differently).
 */
export function pinnedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    for (const { address } of list) {
      const reason = blockedAddressReason(address);
      if (reason) return callback(new BlockedTargetError(hostname, address, reason), []);
    }
    if (options.all) return callback(null, list);
    const [first] = list;
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}

/**
 * Delivery-time check of an IP-literal host (Node connects to a literal without calling
 * `lookup`); names are checked by `pinnedLookup`. Throws BlockedTargetError.
 */
export function assertLiteralTargetAllowed(hostname: string): void {
  if (isLocalhostName(hostname)) return; // resolved (and refused) by pinnedLookup
  const literal = literalAddress(hostname);
  if (!literal) return;
  const reason = blockedAddressReason(literal);
  if (reason) throw new BlockedTargetError(hostname, literal, reason);
}
