import { signWebhook } from '@gridflow/webhooks';
import { SmsSendError, type OutgoingSms, type SmsProvider } from './sms-provider.js';

/** The headers of a gateway request (names case-insensitive); the signature is the webhooks'. */
export const SMS_GATEWAY_HEADERS = {
  id: 'X-GridFlow-Sms-Id',
  timestamp: 'X-GridFlow-Timestamp',
  signature: 'X-GridFlow-Signature',
} as const;

/** A gateway that does not answer within this long counts as a failed (retried) attempt. */
export const SMS_GATEWAY_TIMEOUT_MS = 10_000;

/** Answers worth another try besides 5xx: timeout and throttling. */
const RETRYABLE_4XX = [408, 429];

/**
 * SMS_DRIVER=http: one signed JSON POST per attempt to SMS_GATEWAY_URL,
 * `{id, phone, signName, text}`, with `X-GridFlow-Timestamp` and `X-GridFlow-Signature:
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with SMS_GATEWAY_SECRET>`. A 2xx is
 * sent; redirects are not followed. The gateway is operator config, so private addresses are
 * allowed (unlike webhooks).
 */
export class HttpSmsProvider implements SmsProvider {
  readonly driver = 'http' as const;

  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  async send(sms: OutgoingSms): Promise<void> {
    const body = JSON.stringify({ id: sms.id, phone: sms.phone, signName: sms.signName, text: sms.text });
    const timestamp = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'GridFlow-Sms/1',
          [SMS_GATEWAY_HEADERS.id]: sms.id,
          [SMS_GATEWAY_HEADERS.timestamp]: String(timestamp),
          [SMS_GATEWAY_HEADERS.signature]: signWebhook(this.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(SMS_GATEWAY_TIMEOUT_MS),
      });
    } catch (err) {
      throw new SmsSendError(describeError(err), true);
    }
    // The gateway's answer body is not read (it may echo the phone).
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return;
    const retryable = res.status >= 500 || RETRYABLE_4XX.includes(res.status);
    throw new SmsSendError(`gateway answered HTTP ${res.status}`, retryable);
  }
}

function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `no answer within ${SMS_GATEWAY_TIMEOUT_MS / 1000} s`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `gateway unreachable${cause ? `: ${cause}` : e?.message ? `: ${e.message}` : ''}`;
}
