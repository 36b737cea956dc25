import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './signature.js';

describe('webhook signatures', () => {
  const secret = 'a'.repeat(64);
  const body = '{"id":"d1","event":"filed","seq":1}';
  const now = Date.UTC(2026, 0, 15, 8, 30, 0);
  const ts = Math.floor(now / 1000);
  const headersFor = (timestamp: number | string, signature = signWebhook(secret, timestamp, body)) => ({
    'x-gridflow-timestamp': String(timestamp),
    'x-gridflow-signature': signature,
  });

  describe('signWebhook', () => {
    it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret', () => {
      const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
      expect(signWebhook(secret, ts, body)).toBe(`sha256=${expected}`);
      expect(signWebhook(secret, ts, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    });

    it('signs strings and buffers alike, and a number or string timestamp alike', () => {
      expect(signWebhook(secret, ts, Buffer.from(body))).toBe(signWebhook(secret, String(ts), body));
    });

    it('changes with the secret, the timestamp and the body', () => {
      const base = signWebhook(secret, ts, body);
      expect(signWebhook('b'.repeat(64), ts, body)).not.toBe(base);
      expect(signWebhook(secret, ts + 1, body)).not.toBe(base);
      expect(signWebhook(secret, ts, `${body} `)).not.toBe(base);
    });
  });

  describe('verifyWebhookSignature', () => {
    it('accepts a fresh, correctly signed request', () => {
      expect(verifyWebhookSignature(secret, headersFor(ts), body, 300, now)).toBe(true);
      expect(verifyWebhookSignature(secret, headersFor(ts), Buffer.from(body), 300, now)).toBe(true);
    });

    it('reads header names case-insensitively, from records, arrays and fetch Headers', () => {
      const signature = signWebhook(secret, ts, body);
      expect(
        verifyWebhookSignature(
          secret,
          { 'X-GridFlow-Timestamp': String(ts), 'X-GridFlow-Signature': [signature] },
          body,
          300,
          now,
        ),
      ).toBe(true);
      const fetchHeaders = new Headers({ 'X-GridFlow-Timestamp': String(ts), 'X-GridFlow-Signature': signature });
      expect(verifyWebhookSignature(secret, fetchHeaders, body, 300, now)).toBe(true);
    });

    it('refuses another secret, a changed body or a forged signature', () => {
      expect(verifyWebhookSignature('b'.repeat(64), headersFor(ts), body, 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, headersFor(ts), body.replace('filed', 'rated'), 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, headersFor(ts, `sha256=${'0'.repeat(64)}`), body, 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, headersFor(ts, 'sha256=short'), body, 300, now)).toBe(false);
    });

    it('refuses a signature moved to another timestamp (replay with a fresh time)', () => {
      const old = signWebhook(secret, ts - 3600, body);
      expect(verifyWebhookSignature(secret, headersFor(ts, old), body, 300, now)).toBe(false);
    });

    it('refuses timestamps outside the tolerance, in the past or the future', () => {
      expect(verifyWebhookSignature(secret, headersFor(ts - 300), body, 300, now)).toBe(true);
      expect(verifyWebhookSignature(secret, headersFor(ts - 301), body, 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, headersFor(ts + 301), body, 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, headersFor(ts - 3600), body, 7200, now)).toBe(true);
    });

    it('uses the current time and a 300 s tolerance by default', () => {
      const nowTs = Math.floor(Date.now() / 1000);
      expect(verifyWebhookSignature(secret, headersFor(nowTs), body)).toBe(true);
      expect(verifyWebhookSignature(secret, headersFor(nowTs - 600), body)).toBe(false);
    });

    it('refuses missing or malformed headers', () => {
      const signature = signWebhook(secret, ts, body);
      expect(verifyWebhookSignature(secret, {}, body, 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, { 'x-gridflow-signature': signature }, body, 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, { 'x-gridflow-timestamp': String(ts) }, body, 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, headersFor('12.5', signature), body, 300, now)).toBe(false);
      expect(verifyWebhookSignature(secret, headersFor('', signature), body, 300, now)).toBe(false);
    });
  });
});
