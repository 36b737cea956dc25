/** How often and how patiently an SMS is retried (BullMQ attempts, exponential backoff). */
export interface SmsRetry {
  /** tries in all, the first included */
  attempts: number;
  /** the first retry waits this long, each next one twice as long */
  backoffMs: number;
}

/** Injection token of the retry policy; tests may override it. */
export const SMS_RETRY = Symbol('SMS_RETRY');

/** 6 tries over about 2.5 minutes: 5 s, 10 s, 20 s, 40 s, 80 s between them. */
export const DEFAULT_SMS_RETRY: SmsRetry = { attempts: 6, backoffMs: 5_000 };
