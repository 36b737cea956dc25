import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { keysetPage, type PageQuery } from '@gridflow/database';
import { type AuthUser, isMobilePhone, scopeLikePattern } from '@gridflow/domain';
import { JobName, jobIds, QueueProducer, type TicketEventPayload } from '@gridflow/queue';
import { PiiCipher } from '@gridflow/tickets';
import { smsText, type SmsKind } from '../notification-messages.js';
import { SmsMessage, type SmsStatus, type SmsView } from './sms-message.entity.js';
import { SMS_PROVIDER, SmsSendError, type SmsProvider } from './sms-provider.js';
import { SMS_RETRY, type SmsRetry } from './sms-retry.js';

/** Which ticket event texts the resident, and what: the tracking code on filing, the result on 督查兑单. */
const SMS_OF_EVENT: Partial<Record<string, SmsKind>> = { filed: 'filed', verified: 'verified' };
/**
 * Tickets from the 12345 hotline import get none: the hotline answered the caller and owns the
 * call-back, and an import of a backlog must not text hundreds of callers at once.
 */
const NO_SMS_CHANNELS: readonly string[] = ['hotline'];

export interface SmsFilter extends PageQuery {
  ticketId?: string;
  status?: SmsStatus;
}

export type SmsOutcome = 'sent' | 'skipped';

interface TicketFacts {
  number: string;
  channel: string;
  tracking_code: string;
  reporter_phone_enc: string | null;
  reporter_phone_mask: string | null;
  item_name: string | null;
}

/**
 * One row per ticket and kind (created once, however often the event is relayed), whose phone
 * is the ticket's ciphertext and mask, then one job on the Sms queue that sends it through the
 * configured provider, retried with exponential backoff. Returns rows still queued, new or left
 * from an earlier relay of the same event, so a job Redis lost is queued again.
 */
const INSERT_SQL = `
  WITH inserted AS (
    INSERT INTO sms_message (ticket_id, kind, phone_mask, phone_enc, text, driver)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (ticket_id, kind) DO NOTHING
    RETURNING id
  )
  SELECT id FROM inserted
  UNION
  SELECT id FROM sms_message WHERE ticket_id = $1 AND kind = $2 AND status = 'queued'`;

/** Residents' SMS: written on ticket events, sent by the worker, listed for admins. */
@Injectable()
export class SmsService {
  private readonly logger = new Logger('Sms');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(SmsMessage) private readonly messages: Repository<SmsMessage>,
    @Inject(SMS_PROVIDER) private readonly provider: SmsProvider,
    @Inject(SMS_RETRY) private readonly retry: SmsRetry,
    private readonly producer: QueueProducer,
    private readonly pii: PiiCipher,
    private readonly config: AppConfig,
  ) {}

  /** Called by the worker for every ticket event; only tickets with a reporter's mobile number get SMS. */
  async onTicketEvent(e: TicketEventPayload): Promise<void> {
    const kind = SMS_OF_EVENT[e.type];
    if (!kind) return;
    const [ticket]: TicketFacts[] = await this.db.query(
      `SELECT t.number, t.channel, t.tracking_code, t.reporter_phone_enc, t.reporter_phone_mask, m.name AS item_name
       FROM ticket t LEFT JOIN matter_item m ON m.code = t.item_code WHERE t.id = $1`,
      [e.ticketId],
    );
    if (!ticket?.reporter_phone_enc || !ticket.reporter_phone_mask) return;
    if (NO_SMS_CHANNELS.includes(ticket.channel)) return;
    // A landline cannot receive an SMS (an unreadable phone is logged by the cipher).
    const phone = this.pii.tryDecrypt(ticket.reporter_phone_enc);
    if (!phone || !isMobilePhone(phone)) return;
    const text = smsText({
      kind,
      number: ticket.number,
      trackingCode: ticket.tracking_code,
      itemName: ticket.item_name,
      trackingUrl: `${this.config.publicBaseUrl}/t/${ticket.tracking_code}`,
    });
    const rows: { id: string }[] = await this.db.query(INSERT_SQL, [
      e.ticketId,
      kind,
      ticket.reporter_phone_mask,
      ticket.reporter_phone_enc,
      text,
      this.provider.driver,
    ]);
    // A deterministic job id: a queued SMS whose job is still in Redis is not queued twice.
    await Promise.all(
      rows.map(({ id }) =>
        this.producer.add(
          JobName.SmsSend,
          { smsId: id },
          {
            jobId: jobIds.sms(id),
            attempts: this.retry.attempts,
            backoff: { type: 'exponential', delay: this.retry.backoffMs },
          },
        ),
      ),
    );
  }

  /**
   * One attempt (the Sms queue's job). Sent: marked sent. A failure is recorded (attempts, last
   * error) and thrown as SmsSendError; on the last attempt, or when not worth retrying, the row
   * is marked failed first. Already sent or failed: skipped.
   */
  async send(smsId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<SmsOutcome> {
    const sms = await this.messages.findOneBy({ id: smsId });
    if (!sms || sms.status !== 'queued') return 'skipped';
    const failure = await this.attempt(sms);
    if (!failure) {
      await this.messages.update(
        { id: sms.id, status: 'queued' },
        // the driver that did send it (SMS_DRIVER may have changed since the row was written)
        {
          status: 'sent',
          driver: this.provider.driver,
          attempts: () => 'attempts + 1',
          lastError: null,
          sentAt: () => 'now()',
        },
      );
      return 'sent';
    }
    const final = lastAttempt || !failure.retryable;
    await this.messages.update(
      { id: sms.id, status: 'queued' },
      {
        driver: this.provider.driver,
        attempts: () => 'attempts + 1',
        lastError: failure.message.slice(0, 1000),
        ...(final ? { status: 'failed' as const } : {}),
      },
    );
    if (final) this.logger.warn(`SMS ${sms.id} (${sms.phoneMask}) failed for good: ${failure.message}`);
    throw new SmsSendError(`SMS ${sms.id}: ${failure.message}`, failure.retryable && !final);
  }

  /** Decrypts the phone and hands the message to the provider: null when sent, else why not. */
  private async attempt(sms: SmsMessage): Promise<SmsSendError | null> {
    let phone: string;
    try {
      phone = this.pii.decrypt(sms.phoneEnc);
    } catch (err) {
      // A key that opens no ciphertext will not open it later either.
      return new SmsSendError(`phone unreadable: ${(err as Error).message}`, false);
    }
    try {
      await this.provider.send({ id: sms.id, phone, text: sms.text, signName: this.config.sms.signName });
      return null;
    } catch (err) {
      return err instanceof SmsSendError ? err : new SmsSendError((err as Error).message, true);
    }
  }

  /** Admins: the SMS of tickets in their scope, newest first; phones masked. */
  async list(actor: AuthUser, filter: SmsFilter) {
    const qb = this.messages
      .createQueryBuilder('s')
      .innerJoin('ticket', 't', 't.id = s.ticket_id')
      .where('t.org_code LIKE :scope', { scope: scopeLikePattern(actor.scopeCode) });
    if (filter.ticketId) qb.andWhere('s.ticket_id = :ticketId', { ticketId: filter.ticketId });
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    const page = await keysetPage(qb, filter, { table: 'sms_message', alias: 's', key: 'id' }, (s) => s.id);
    const numbers = await this.numbersOf(page.items.map((s) => s.ticketId));
    return { items: page.items.map((s) => smsView(s, numbers.get(s.ticketId) ?? '')), nextCursor: page.nextCursor };
  }

  private async numbersOf(ticketIds: string[]): Promise<Map<string, string>> {
    if (ticketIds.length === 0) return new Map();
    const rows: { id: string; number: string }[] = await this.db.query(
      `SELECT id, number FROM ticket WHERE id = ANY($1::uuid[])`,
      [[...new Set(ticketIds)]],
    );
    return new Map(rows.map((r) => [r.id, r.number]));
  }
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

function smsView(s: SmsMessage, ticketNumber: string): SmsView {
  return {
    id: s.id,
    ticketId: s.ticketId,
    ticketNumber,
    kind: s.kind,
    phone: s.phoneMask,
    text: s.text,
    driver: s.driver,
    status: s.status,
    attempts: s.attempts,
    lastError: s.lastError,
    createdAt: iso(s.createdAt)!,
    updatedAt: iso(s.updatedAt)!,
    sentAt: iso(s.sentAt),
  };
}
