import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { CatalogService } from '@gridflow/catalog';
import { AppConfig } from '@gridflow/config';
import { keysetPage, type PageQuery } from '@gridflow/database';
import {
  assertAdmitted,
  type AuthUser,
  DomainException,
  ErrorCode,
  type ErrorDetail,
  inScope,
  isUuid,
  notFound,
} from '@gridflow/domain';
import { JobName, jobIds, QueueProducer } from '@gridflow/queue';
import { HotlineImport, type ImportRunner, percentOf } from './hotline-import.entity.js';
import { importReportSheets } from './import-report.js';
import { type HotlineMapping, parseMappingJson, validateMapping } from './mapping.js';
import { detectImportFormat, type ImportFormat, MAX_IMPORT_BYTES, openTable } from './table-reader.js';

export interface ImportUpload {
  /** where the file is now (a temporary upload, or the CLI's own file) */
  path: string;
  originalName: string;
  size: number;
  /** the CLI's file is copied, an upload is moved */
  keepSource?: boolean;
}

export interface ImportView {
  id: string;
  status: HotlineImport['status'];
  /** 0–100; 100 once done */
  percent: number;
  totalRows: number | null;
  processedRows: number;
  created: number;
  duplicates: number;
  failed: number;
  filename: string;
  format: ImportFormat;
  requestedBy: { id: string; displayName: string } | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  reportUrl: string;
}

/** Imports still waiting longer than this are queued again by the sweeper (Redis may have lost them). */
const REARM_AFTER_SECONDS = 60;

/**
 * Hotline (12345) import records: submission (mapping and file checked, file stored under
 * DATA_DIR/imports/, job queued), reads in scope, and the sweeper's re-queueing. The work
 * itself is HotlineImporter's.
 */
@Injectable()
export class HotlineImportsService {
  private readonly logger = new Logger('HotlineImports');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(HotlineImport) private readonly imports: Repository<HotlineImport>,
    private readonly catalog: CatalogService,
    private readonly config: AppConfig,
    private readonly producer: QueueProducer,
  ) {}

  /** POST /imports/hotline: checks, stores, records and queues; answers before any row is read. */
  async submit(actor: AuthUser, upload: ImportUpload | undefined, rawMapping: unknown): Promise<ImportView> {
    const record = await this.create(actor, upload, rawMapping, 'queue');
    await this.enqueue(record.id);
    return this.view(record);
  }

  /**
   * The checks that can answer at once — the mapping (400), the file type (415), the size
   * (413), the item codes and grid the mapping names (400), the columns against the file's
   * header row (400) — then the file goes to DATA_DIR/imports/<id>.<format> and the record
   * is written, `queued`.
   */
  async create(
    actor: AuthUser | null,
    upload: ImportUpload | undefined,
    rawMapping: unknown,
    runner: ImportRunner,
  ): Promise<HotlineImport> {
    if (!upload) {
      throw new DomainException(ErrorCode.ValidationFailed, 'A file is required', [
        { field: 'file', problem: 'upload the hotline export as multipart field "file" (.xlsx or .csv)' },
      ]);
    }
    if (upload.size > MAX_IMPORT_BYTES) {
      throw new DomainException(
        ErrorCode.PayloadTooLarge,
        `Import files are limited to ${MAX_IMPORT_BYTES / 2 ** 20} MB`,
      );
    }
    if (rawMapping === undefined || rawMapping === null || rawMapping === '') {
      throw new DomainException(ErrorCode.ValidationFailed, 'A mapping is required', [
        { field: 'mapping', problem: 'required: a JSON object naming the source columns' },
      ]);
    }
    const mapping = validateMapping(parseMappingJson(rawMapping));
    const format = await detectImportFormat(upload.path, upload.originalName);
    if (upload.size === 0) throw new DomainException(ErrorCode.ValidationFailed, 'The file is empty');
    await this.checkReferences(actor, mapping);
    // Reads only up to the header row: a mapping that names missing columns answers 400 now.
    const table = await openTable(upload.path, format, mapping);
    await table.close();

    const [{ id }] = await this.db.query(`SELECT gen_random_uuid() AS id`);
    const dir = join(this.config.dataDir, 'imports');
    await mkdir(dir, { recursive: true });
    const stored = this.filePath(id, format);
    if (upload.keepSource) await copyFile(upload.path, stored);
    else await move(upload.path, stored);
    try {
      await this.db.query(
        `INSERT INTO hotline_import (id, filename, format, size_bytes, mapping, requested_by, scope_code, runner)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          upload.originalName.slice(0, 255),
          format,
          upload.size,
          JSON.stringify(mapping),
          actor?.id ?? null,
          actor?.scopeCode ?? null,
          runner,
        ],
      );
    } catch (err) {
      await rm(stored, { force: true });
      throw err;
    }
    return this.imports.findOneByOrFail({ id });
  }

  /** Queues the job; if Redis does not answer, the record stays `queued` and the sweeper queues it later. */
  async enqueue(importId: string): Promise<void> {
    try {
      await this.producer.add(JobName.HotlineImport, { importId }, { jobId: jobIds.hotlineImport(importId) });
    } catch (err) {
      this.logger.warn(`import ${importId} recorded but not queued (${String(err)}); the sweeper will queue it`);
    }
  }

  /**
   * The worker's sweeper: every queue-run import still queued or running is queued again
   * under its deterministic job id — a no-op while Redis still has the job, a rescue when
   * Redis lost it (no persistence on our machines).
   */
  async rearmPending(): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM hotline_import
       WHERE status IN ('queued', 'running') AND runner = 'queue' AND created_at < now() - make_interval(secs => $1)`,
      [REARM_AFTER_SECONDS],
    );
    for (const r of rows) await this.enqueue(r.id);
    return rows.length;
  }

  async get(actor: AuthUser, id: string): Promise<ImportView> {
    return this.view(await this.findVisible(actor, id));
  }

  /** GET /imports: the imports the caller may see, newest first (API.md lists). */
  async list(actor: AuthUser, page: PageQuery) {
    const qb = this.imports.createQueryBuilder('i');
    qb.where(
      `(i.requested_by = :me OR i.scope_code LIKE :scope ${actor.role === 'admin' ? 'OR i.scope_code IS NULL' : ''})`,
      { me: actor.id, scope: `${actor.scopeCode}%` },
    );
    const result = await keysetPage(qb, page, { table: 'hotline_import', alias: 'i', key: 'id' }, (i) => i.id);
    const names = await this.names(result.items.map((i) => i.requestedBy));
    return { items: result.items.map((i) => this.toView(i, names)), nextCursor: result.nextCursor };
  }

  /** The import if the caller requested it or it was submitted within their scope; 404 otherwise. */
  async findVisible(actor: AuthUser, id: string): Promise<HotlineImport> {
    const record = isUuid(id) ? await this.imports.findOneBy({ id }) : null;
    if (!record || !this.visible(actor, record)) throw notFound('Import');
    return record;
  }

  private visible(actor: AuthUser, record: HotlineImport) {
    if (record.requestedBy === actor.id) return true;
    if (record.scopeCode === null) return actor.role === 'admin';
    return inScope(actor.scopeCode, record.scopeCode);
  }

  /** GET /imports/:id/report.xlsx: the sheets, read as they are written. */
  async report(actor: AuthUser, id: string) {
    const record = await this.findVisible(actor, id);
    return this.reportOf(record);
  }

  async reportOf(record: HotlineImport) {
    const names = await this.names([record.requestedBy]);
    return {
      filename: `导入报告_${record.id.slice(0, 8)}.xlsx`,
      sheets: importReportSheets(this.db, record, record.requestedBy ? (names.get(record.requestedBy) ?? null) : null),
    };
  }

  async view(record: HotlineImport): Promise<ImportView> {
    return this.toView(record, await this.names([record.requestedBy]));
  }

  filePath(id: string, format: ImportFormat) {
    return join(this.config.dataDir, 'imports', `${id}.${format}`);
  }

  private toView(i: HotlineImport, names: Map<string, string>): ImportView {
    return {
      id: i.id,
      status: i.status,
      percent: percentOf(i),
      totalRows: i.totalRows,
      processedRows: i.processedRows,
      created: i.createdCount,
      duplicates: i.duplicateCount,
      failed: i.failedCount,
      filename: i.filename,
      format: i.format,
      requestedBy: i.requestedBy ? { id: i.requestedBy, displayName: names.get(i.requestedBy) ?? '' } : null,
      error: i.error,
      createdAt: i.createdAt,
      startedAt: i.startedAt,
      finishedAt: i.finishedAt,
      reportUrl: `/api/v1/imports/${i.id}/report.xlsx`,
    };
  }

  private async names(ids: (string | null)[]) {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (unique.length === 0) return new Map<string, string>();
    const rows: { id: string; display_name: string }[] = await this.db.query(
      `SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** The item codes and the grid the mapping names must exist (and the grid be in the requester's scope). */
  private async checkReferences(actor: AuthUser | null, mapping: HotlineMapping) {
    const problems: ErrorDetail[] = [];
    const codes = new Map<string, string>();
    if (mapping.fallbackItemCode) codes.set(mapping.fallbackItemCode, 'mapping.fallbackItemCode');
    for (const [text, code] of Object.entries(mapping.categoryMap)) {
      if (!codes.has(code)) codes.set(code, `mapping.categoryMap.${text}`);
    }
    for (const [code, field] of codes) {
      try {
        assertAdmitted(code, await this.catalog.item(code));
      } catch (err) {
        if (!(err instanceof DomainException)) throw err;
        problems.push({ field, problem: `${code}: ${err.message}` });
      }
    }
    if (mapping.gridCode) {
      const [grid] = await this.db.query(`SELECT code, status FROM grid WHERE code = $1`, [mapping.gridCode]);
      if (!grid || (actor && !inScope(actor.scopeCode, grid.code))) {
        problems.push({ field: 'mapping.gridCode', problem: actor ? 'no such grid in your scope' : 'no such grid' });
      } else if (grid.status !== 'active') {
        problems.push({ field: 'mapping.gridCode', problem: 'this grid is retired' });
      }
    }
    if (problems.length > 0) {
      throw new DomainException(ErrorCode.ValidationFailed, 'The mapping names unknown items or grids', problems);
    }
  }
}

/** rename, or copy and delete across file systems (the upload's temp dir may be another disk). */
async function move(from: string, to: string) {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}
