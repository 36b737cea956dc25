import fc from 'fast-check';
import {
  distanceMetres,
  isTrackingCode,
  shanghaiDate,
  stepOfStatus,
  ticketNumber,
  TRACKING_ALPHABET,
  trackingCode,
} from './ticket-codes.js';

describe('ticket codes', () => {
  it('tracking codes have 8 characters and no look-alikes', () => {
    for (const c of '0O1IL2Z5S8B') expect(TRACKING_ALPHABET).not.toContain(c);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (picks) => {
        let i = 0;
        const code = trackingCode((n) => picks[i++] % n);
        expect(code).toHaveLength(8);
        expect(isTrackingCode(code)).toBe(true);
      }),
    );
    expect(isTrackingCode('ACDEFGH0')).toBe(false);
    expect(isTrackingCode('ACDEFGH')).toBe(false);
  });

  it('numbers tickets by the Asia/Shanghai date', () => {
    // 2026-11-21 17:30 UTC is already 2026-11-22 01:30 in Shanghai
    expect(shanghaiDate(new Date('2026-11-21T17:30:00Z'))).toBe('2026-11-22');
    expect(shanghaiDate(new Date('2026-11-21T15:59:59Z'))).toBe('2026-11-21');
    expect(ticketNumber('2026-11-22', 42)).toBe('20261122000042');
    expect(() => ticketNumber('2026-11-22', 0)).toThrow(RangeError);
    expect(() => ticketNumber('2026-11-22', 1_000_000)).toThrow(RangeError);
  });

  it('property: numbers are 14 digits and order like their sequence within a day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_998 }), (seq) => {
        const a = ticketNumber('2026-01-01', seq);
        const b = ticketNumber('2026-01-01', seq + 1);
        expect(a).toMatch(/^\d{14}$/);
        expect(a < b).toBe(true);
      }),
    );
  });

  it('measures distances in metres', () => {
    const a = { lng: 113.3, lat: 40.08 };
    expect(distanceMetres(a, a)).toBe(0);
    // 0.001° of latitude ≈ 111 m
    expect(distanceMetres(a, { lng: 113.3, lat: 40.081 })).toBeCloseTo(111.2, 0);
    expect(distanceMetres(a, { lng: 113.3, lat: 40.0828 })).toBeGreaterThan(200);
  });

  it('maps statuses to the step whose limit runs', () => {
    expect(stepOfStatus('submitted')).toBe('accept');
    expect(stepOfStatus('claimed')).toBe('resolve');
    expect(stepOfStatus('verified')).toBe('archive');
    expect(stepOfStatus('archived')).toBeNull();
    expect(stepOfStatus('rejected')).toBeNull();
  });
});
