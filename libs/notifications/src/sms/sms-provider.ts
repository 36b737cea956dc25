/** One SMS as a provider sends it: the phone in full (decrypted just before), the signed text. */
export interface OutgoingSms {
  /** the sms_message id: the gateway may de-duplicate retries by it */
  id: string;
  phone: string;
  /** the text without the sign name */
  text: string;
  signName: string;
}

/**
 * A failed send. `retryable`: worth trying again later (network errors, timeouts, 408/429/5xx);
 * otherwise the gateway refused the message itself (other 4xx) and it is failed at once.
 * The message never contains the phone number.
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** Where SMS go: the driver named by SMS_DRIVER. Resolves when the message is accepted. */
export interface SmsProvider {
  readonly driver: 'log' | 'http';
  send(sms: OutgoingSms): Promise<void>;
}

/** Injection token of the configured provider. */
export const SMS_PROVIDER = Symbol('SMS_PROVIDER');
