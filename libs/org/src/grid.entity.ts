import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { GridBoundary } from '@gridflow/domain';

/** WARNING: persisted values (grid.type, grid.status) and part of the API: never rename. */
export const GRID_TYPES = ['community', 'village', 'special'] as const;
export type GridType = (typeof GRID_TYPES)[number];
export type GridStatus = 'active' | 'retired';

/** Standard grid size (DOMAIN.md): 300–500 households; outside is allowed but flagged. */
export const STANDARD_HOUSEHOLDS = { min: 300, max: 500 } as const;

@Entity({ name: 'grid' })
export class Grid {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  communityCode: string;

  @Column({ type: 'text' })
  type: GridType;

  @Column({ type: 'integer' })
  households: number;

  @Column({ type: 'integer' })
  population: number;

  @Column({ type: 'jsonb' })
  boundary: GridBoundary;

  @Column({ type: 'text', default: 'active' })
  status: GridStatus;

  @Column({ type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export function householdsInStandard(households: number): boolean {
  return households >= STANDARD_HOUSEHOLDS.min && households <= STANDARD_HOUSEHOLDS.max;
}
