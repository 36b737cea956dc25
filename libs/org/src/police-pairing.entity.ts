import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** WARNING: persisted: never rename. urban "1+2+N", rural "1+N" (警网组合). */
export type PairingKind = 'urban' | 'rural';

@Entity({ name: 'police_pairing' })
export class PolicePairing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: PairingKind;

  @Column({ type: 'text', array: true })
  gridCodes: string[];

  @Column({ type: 'text' })
  officerName: string;

  @Column({ type: 'text' })
  officerPhone: string;

  @Column({ type: 'uuid', array: true })
  workerIds: string[];

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  volunteers: { name: string; phone?: string }[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
