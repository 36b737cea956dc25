import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Clock, DayKind, ItemStatus, ItemTier, StepLimits } from '@gridflow/domain';

@Entity({ name: 'matter_category' })
export class MatterCategory {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  nameEn: string;

  /** Open311 may publish these matters' description and exact position (public-space matters). */
  @Column({ type: 'boolean', default: false })
  publicDetail: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'matter_item' })
export class MatterItem {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  categoryCode: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  tier: ItemTier;

  @Column({ type: 'boolean' })
  urgent: boolean;

  @Column({ type: 'text' })
  department: string;

  @Column({ type: 'text' })
  clock: Clock;

  @Column({ type: 'jsonb' })
  limits: StepLimits;

  @Column({ type: 'jsonb' })
  urgentLimits: StepLimits;

  @Column({ type: 'text' })
  status: ItemStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Admission history: who proposed, approved or retired an item, when and why. */
@Entity({ name: 'matter_item_change' })
export class MatterItemChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  itemCode: string;

  @Column({ type: 'text' })
  action: 'propose' | 'approve' | 'retire';

  @Column({ type: 'text', nullable: true })
  fromStatus: ItemStatus | null;

  @Column({ type: 'text' })
  toStatus: ItemStatus;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}

/** An admin's override of the official holiday schedule for one local date. */
@Entity({ name: 'calendar_day' })
export class CalendarDay {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'text' })
  kind: DayKind;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
