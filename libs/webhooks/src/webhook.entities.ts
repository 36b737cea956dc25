import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An admin's subscription: ticket events in `scopeCode` of `eventTypes` are POSTed to `url`. */
@Entity({ name: 'webhook' })
export class Webhook {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  url: string;

  /** Signs every delivery; shown to the admin only when created or rotated. */
  @Column({ type: 'text' })
  secret: string;

  /** Event types, or ['*'] for all. */
  @Column({ type: 'text', array: true })
  eventTypes: string[];

  @Column({ type: 'text' })
  scopeCode: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** WARNING: persisted (webhook_delivery.status, checked by the database): never rename. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event for one webhook; unique per (webhook, event) so a replayed event is sent once. */
@Entity({ name: 'webhook_delivery' })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  webhookId: string;

  @Column({ type: 'text' })
  eventType: string;

  /** `${ticketId}:${seq}` */
  @Column({ type: 'text' })
  eventKey: string;

  @Column({ type: 'jsonb' })
  payload: WebhookEventBody;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'integer', nullable: true })
  lastStatus: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}

/** The JSON body a receiver gets (and the stored payload). WARNING: a public contract. */
export interface WebhookEventBody {
  /** the delivery id, also in X-GridFlow-Delivery: receivers de-duplicate on it */
  id: string;
  event: string;
  ticketId: string;
  seq: number;
  fromStatus: string | null;
  toStatus: string | null;
  level: string;
  /** null: an unlocated request (待定位) */
  gridCode: string | null;
  occurredAt: string;
}

/** The body in a fixed key order (jsonb does not keep the order it was given). */
export function renderWebhookBody(p: WebhookEventBody): string {
  const body: WebhookEventBody = {
    id: p.id,
    event: p.event,
    ticketId: p.ticketId,
    seq: p.seq,
    fromStatus: p.fromStatus,
    toStatus: p.toStatus,
    level: p.level,
    gridCode: p.gridCode,
    occurredAt: p.occurredAt,
  };
  return JSON.stringify(body);
}
