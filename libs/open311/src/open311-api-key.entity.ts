import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A key a third-party app or hotline bridge sends as `api_key` to file Open311 requests. */
@Entity({ name: 'open311_api_key' })
export class Open311ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** who holds it, e.g. "12345 热线对接" */
  @Column({ type: 'text' })
  name: string;

  /** sha256 (hex) of the key; the key itself is shown once, when issued, and never stored */
  @Column({ type: 'text' })
  keyHash: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
