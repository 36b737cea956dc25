import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** WARNING: persisted (grid_redraw.kind): never rename. */
export type GridRedrawKind = 'retire' | 'split' | 'merge';

/** A change to the grid map: who redrew which grids into which, and why. */
@Entity({ name: 'grid_redraw' })
export class GridRedraw {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: GridRedrawKind;

  @Column({ type: 'text', array: true })
  fromCodes: string[];

  @Column({ type: 'text', array: true })
  toCodes: string[];

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
