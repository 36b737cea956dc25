import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers a receiver reads; names are case-insensitive. */
export const WEBHOOK_HEADERS = {
  event: 'X-GridFlow-Event',
  delivery: 'X-GridFlow-Delivery',
  timestamp: 'X-GridFlow-Timestamp',
  signature: 'X-GridFlow-Signature',
} as const;

/**
 * `sha256=` + hex HMAC-SHA256 keyed with the webhook's secret (the hex string as given) over
 * `${timestamp}.${body}`: signing the timestamp too means a captured request cannot be
 * replayed later with a fresh timestamp.
 */
export function signWebhook(secret: string, timestamp: number | string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** Node's IncomingHttpHeaders, a fetch Headers, or any plain record of header names. */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | number | undefined>;

function header(headers: HeadersLike, name: string): string | undefined {
  if (typeof headers.get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : String(value);
  }
  return undefined;
}

/**
 * For receivers: true when the request carries a valid signature for this exact body and its
 * timestamp is within `toleranceSeconds` of now (stale or future requests are refused).
 * Pass the raw body bytes as received — a re-serialised JSON object will not match.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: HeadersLike,
  body: string | Buffer,
  toleranceSeconds = 300,
  nowMs = Date.now(),
): boolean {
  const timestamp = header(headers, WEBHOOK_HEADERS.timestamp);
  const signature = header(headers, WEBHOOK_HEADERS.signature);
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
