import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One message in a user's inbox (table created by migration QueuesNotifications). */
@Entity({ name: 'notification' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  /** the ticket event type that caused it (filed, dispatched, warning, …) */
  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  /** `${ticketId}:${seq}:${type}`: one notification per user per event, however often it is delivered */
  @Column({ type: 'text' })
  dedupeKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}

/** A notification as the API shows it to its owner. */
export interface NotificationView {
  id: string;
  type: string;
  ticketId: string | null;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function notificationView(n: Notification): NotificationView {
  return {
    id: n.id,
    type: n.type,
    ticketId: n.ticketId,
    title: n.title,
    body: n.body,
    data: n.data,
    createdAt: iso(n.createdAt)!,
    readAt: iso(n.readAt),
  };
}

/** The same from a raw `notification` row (INSERT … RETURNING *). */
export function notificationViewOfRow(row: Record<string, unknown>): NotificationView {
  return {
    id: row.id as string,
    type: row.type as string,
    ticketId: (row.ticket_id as string | null) ?? null,
    title: row.title as string,
    body: (row.body as string | null) ?? null,
    data: (row.data as Record<string, unknown>) ?? {},
    createdAt: iso(row.created_at as Date)!,
    readAt: iso((row.read_at as Date | null) ?? null),
  };
}
