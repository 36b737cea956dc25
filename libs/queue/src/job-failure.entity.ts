import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A job that exhausted its attempts (table created by migration JobFailures). */
@Entity({ name: 'job_failure' })
export class JobFailure {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  queueName: string;

  @Column({ type: 'text' })
  jobName: string;

  @Column({ type: 'text', nullable: true })
  jobId: string | null;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'text' })
  errorMessage: string;

  @Column({ type: 'text', nullable: true })
  stack: string | null;

  @Column({ type: 'integer' })
  attemptsMade: number;

  @CreateDateColumn({ type: 'timestamptz' })
  failedAt: Date;

  @Column({ type: 'text' })
  worker: string;
}
