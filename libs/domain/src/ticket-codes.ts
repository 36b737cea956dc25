import type { LimitStep } from './catalog.js';

/** Tracking codes avoid look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B) so residents can read them out. */
export const TRACKING_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const TRACKING_CODE_LENGTH = 8;

/** A tracking code from a source of random integers in [0, n) (crypto.randomInt in production). */
export function trackingCode(randomInt: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return code;
}

export function isTrackingCode(s: string): boolean {
  return s.length === TRACKING_CODE_LENGTH && [...s].every((c) => TRACKING_ALPHABET.includes(c));
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai calendar date of an instant, YYYY-MM-DD (China keeps UTC+8 all year). */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Ticket number: YYYYMMDD (Asia/Shanghai) + a 6-digit daily sequence, e.g. 20261121000042. */
export function ticketNumber(day: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`daily sequence out of range: ${seq}`);
  return `${day.replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
}

/** Great-circle distance in metres (haversine), for "within 200 m" duplicate hints. */
export function distanceMetres(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Which step's limit runs while a ticket is in a status (null when no step is pending). */
export function stepOfStatus(status: string): LimitStep | null {
  switch (status) {
    case 'submitted':
      return 'accept';
    case 'accepted':
      return 'dispatch';
    case 'dispatched':
      return 'claim';
    case 'claimed':
      return 'resolve';
    case 'resolved':
      return 'verify';
    case 'verified':
      return 'archive';
    default:
      return null;
  }
}
