import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SmsKind } from '../notification-messages.js';

/** WARNING: persisted (sms_message.status, .driver): never rename. */
export const SMS_STATUSES = ['queued', 'sent', 'failed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];
export type SmsDriver = 'log' | 'http';

/** One SMS to a resident (table created by migration SmsMessages); one per ticket and kind. */
@Entity({ name: 'sms_message' })
export class SmsMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @Column({ type: 'text' })
  kind: SmsKind;

  /** 138****5678: what lists show */
  @Column({ type: 'text' })
  phoneMask: string;

  /** PiiCipher ciphertext (the ticket's reporter phone): only the sender decrypts it */
  @Column({ type: 'text' })
  phoneEnc: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text' })
  driver: SmsDriver;

  @Column({ type: 'text' })
  status: SmsStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

/** An SMS as admins see it: the phone masked, never in full. */
export interface SmsView {
  id: string;
  ticketId: string;
  ticketNumber: string;
  kind: SmsKind;
  phone: string;
  text: string;
  driver: SmsDriver;
  status: SmsStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}
