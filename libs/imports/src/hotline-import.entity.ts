import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { HotlineMapping } from './mapping.js';
import type { ImportFormat } from './table-reader.js';

/** WARNING: persisted (hotline_import.status): never rename. */
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';
/** WARNING: persisted (hotline_import.runner). `queue`: a worker job; `cli`: `npm run import:hotline`. */
export type ImportRunner = 'queue' | 'cli';

/** One hotline (12345) bulk import: the stored file, its mapping, and where the work stands. */
@Entity({ name: 'hotline_import' })
export class HotlineImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** as uploaded (shown in lists and the report) */
  @Column({ type: 'text' })
  filename: string;

  @Column({ type: 'text' })
  format: ImportFormat;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  @Column({ type: 'jsonb' })
  mapping: HotlineMapping;

  /** null: a system import from the command line without --user */
  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  /** the requester's scope when it was submitted (null: the whole deployment) */
  @Column({ type: 'text', nullable: true })
  scopeCode: string | null;

  @Column({ type: 'text' })
  runner: ImportRunner;

  @Column({ type: 'text' })
  status: ImportStatus;

  /** data rows in the file (blank rows not counted); null until the first pass has counted them */
  @Column({ type: 'integer', nullable: true })
  totalRows: number | null;

  @Column({ type: 'integer' })
  processedRows: number;

  @Column({ type: 'integer' })
  createdCount: number;

  @Column({ type: 'integer' })
  duplicateCount: number;

  @Column({ type: 'integer' })
  failedCount: number;

  /** runs started (a re-run after a crash or a shutdown continues through the dedupe) */
  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/** 0–100 for the API and the job; 100 only once done (the last batch may still be saving at 99). */
export function percentOf(i: Pick<HotlineImport, 'status' | 'totalRows' | 'processedRows'>): number {
  if (i.status === 'done') return 100;
  if (!i.totalRows) return 0;
  return Math.min(99, Math.floor((i.processedRows * 100) / i.totalRows));
}
