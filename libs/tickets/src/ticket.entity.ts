import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { OrgLevel, Role, TicketEventType, TicketStatus } from '@gridflow/domain';

/** WARNING: persisted (ticket.channel, ticket.satisfaction): never rename. */
export type TicketChannel = 'staff' | 'public' | 'hotline' | 'open311';
export const SATISFACTIONS = ['very_satisfied', 'satisfied', 'neutral', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

@Entity({ name: 'ticket' })
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'text' })
  trackingCode: string;

  @Column({ type: 'text' })
  status: TicketStatus;

  @Column({ type: 'text' })
  itemCode: string;

  /** null: unlocated (an address alone that the register did not match), waiting at `orgCode` */
  @Column({ type: 'text', nullable: true })
  gridCode: string | null;

  /** the unit the ticket is at: its grid, or the unit an unlocated ticket waits at */
  @Column({ type: 'text' })
  orgCode: string;

  @Column({ type: 'text', insert: false, update: false, nullable: true })
  communityCode: string | null;

  @Column({ type: 'text', insert: false, update: false, nullable: true })
  townshipCode: string | null;

  @Column({ type: 'text' })
  level: OrgLevel;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'double precision', nullable: true })
  locationLng: number | null;

  @Column({ type: 'double precision', nullable: true })
  locationLat: number | null;

  @Column({ type: 'text', nullable: true })
  locationAddress: string | null;

  @Column({ type: 'boolean' })
  urgent: boolean;

  @Column({ type: 'text' })
  channel: TicketChannel;

  @Column({ type: 'text', nullable: true })
  reporterName: string | null;

  /** AES-256-GCM ciphertext (PiiCipher); never leaves the server. */
  @Column({ type: 'text', nullable: true })
  reporterPhoneEnc: string | null;

  @Column({ type: 'text', nullable: true })
  reporterPhoneMask: string | null;

  @Column({ type: 'uuid', nullable: true })
  filedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  /** 职能部门: the department an escalated matter was handed to (its staff claim it); null: none. */
  @Column({ type: 'text', nullable: true })
  departmentCode: string | null;

  @Column({ type: 'timestamptz' })
  stepStartedAt: Date;

  /** 挂账: when the step's clock was stopped (null while it runs). */
  @Column({ type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'boolean' })
  warning: boolean;

  @Column({ type: 'boolean' })
  overdue: boolean;

  @Column({ type: 'integer' })
  escalations: number;

  @Column({ type: 'integer' })
  reworkCount: number;

  @Column({ type: 'text', nullable: true })
  satisfaction: Satisfaction | null;

  @Column({ type: 'integer' })
  lastSeq: number;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  /** 归档封存: the seal of the archived timeline (`v2:` HMAC), and when it was stored. */
  @Column({ type: 'text', nullable: true })
  sealedHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sealedAt: Date | null;
}

/** One entry of a ticket's timeline. Append-only: a database trigger refuses UPDATE and DELETE. */
@Entity({ name: 'ticket_event' })
export class TicketEvent {
  @PrimaryColumn({ type: 'uuid' })
  ticketId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  type: TicketEventType;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  actorRole: Role | null;

  @Column({ type: 'text', nullable: true })
  actorName: string | null;

  @Column({ type: 'text', nullable: true })
  fromStatus: TicketStatus | null;

  @Column({ type: 'text', nullable: true })
  toStatus: TicketStatus | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'uuid', array: true })
  attachments: string[];
}

@Entity({ name: 'attachment' })
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'text' })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
