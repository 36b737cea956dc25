import { Logger } from '@nestjs/common';
import { maskPhone } from '@gridflow/domain';
import type { OutgoingSms, SmsProvider } from './sms-provider.js';

/**
 * SMS_DRIVER=log (the default): sends nothing. The message is in sms_message (the console's
 * 短信记录 shows it) and in the log, with the phone masked.
 */
export class LogSmsProvider implements SmsProvider {
  readonly driver = 'log' as const;
  private readonly logger = new Logger('Sms');

  send(sms: OutgoingSms): Promise<void> {
    this.logger.log(`SMS ${sms.id} to ${maskPhone(sms.phone)}: 【${sms.signName}】${sms.text}`);
    return Promise.resolve();
  }
}
