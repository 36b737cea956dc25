import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * WARNING: persisted (worker.type) and part of the API: never rename.
 * 专职网格员 full_time, 兼职网格员 part_time, 网格辅助员 assistant, 微网格员 micro.
 */
export const WORKER_TYPES = ['full_time', 'part_time', 'assistant', 'micro'] as const;
export type WorkerType = (typeof WORKER_TYPES)[number];

export const WORKER_TYPE_LABEL: Record<WorkerType, string> = {
  full_time: '专职网格员',
  part_time: '兼职网格员',
  assistant: '网格辅助员',
  micro: '微网格员',
};

@Entity({ name: 'worker' })
export class Worker {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'text' })
  type: WorkerType;

  @Column({ type: 'boolean', default: false })
  partyMember: boolean;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'worker_grid' })
export class WorkerGrid {
  @PrimaryColumn({ type: 'uuid' })
  workerId: string;

  @PrimaryColumn({ type: 'text' })
  gridCode: string;

  /** For micro-grid workers (微网格员): the micro-grid of ~30–50 households they cover. */
  @Column({ type: 'text', nullable: true })
  microGridName: string | null;
}

@Entity({ name: 'liaison_household' })
export class LiaisonHousehold {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  gridCode: string;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text', nullable: true })
  householder: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'worker_training' })
export class WorkerTraining {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({
    type: 'numeric',
    precision: 5,
    scale: 1,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  hours: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'worker_honour' })
export class WorkerHonour {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date' })
  awardedOn: string;

  @Column({ type: 'text', nullable: true })
  awardedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
