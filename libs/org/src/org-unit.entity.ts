import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { OrgLevel } from '@gridflow/domain';

@Entity({ name: 'org_unit' })
export class OrgUnit {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  level: OrgLevel;

  @Column({ type: 'text', nullable: true })
  parentCode: string | null;

  @Column({ type: 'text' })
  partyOrgName: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
