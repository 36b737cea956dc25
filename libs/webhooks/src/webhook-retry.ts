/** How often and how patiently a delivery is retried (BullMQ attempts, exponential backoff). */
export interface WebhookRetry {
  /** tries in all, the first included */
  attempts: number;
  /** the first retry waits this long, each next one twice as long */
  backoffMs: number;
}

/** Injection token of the retry policy; tests override it with a short backoff. */
export const WEBHOOK_RETRY = Symbol('WEBHOOK_RETRY');

/** 8 tries over about 10.6 minutes: 5 s, 10 s, 20 s, … 320 s between them. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetry = { attempts: 8, backoffMs: 5_000 };

/** A receiver that does not answer within this long counts as a failed attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
