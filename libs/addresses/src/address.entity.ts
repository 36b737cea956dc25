import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One standard address of the register (标准地址库), in one grid. */
@Entity({ name: 'address' })
export class Address {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** normalizeAddress(address) with the city's prefixes: unique */
  @Column({ type: 'text' })
  normKey: string;

  /** as imported (the address column, then the building column if any) */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text', nullable: true })
  building: string | null;

  @Column({ type: 'text' })
  gridCode: string;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'uuid', nullable: true })
  importId: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
