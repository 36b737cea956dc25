import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AddressMatcher, AddressRegister, type AddressRow } from '@gridflow/addresses';
import { AppConfig } from '@gridflow/config';
import {
  type AuthUser,
  DomainException,
  ErrorCode,
  inScope,
  isUuid,
  MAX_ADDRESS_LENGTH,
  normalizeAddress,
  notFound,
} from '@gridflow/domain';
import { JobName, jobIds, QueueProducer } from '@gridflow/queue';
import type { HotlineMapping } from './mapping.js';
import { cellText } from './row-parsing.js';
import {
  countRows,
  detectImportFormat,
  type ImportFormat,
  ImportFailure,
  MAX_IMPORT_BYTES,
  openTable,
  type TableRow,
} from './table-reader.js';
import type { ImportUpload } from './hotline-imports.service.js';

/** WARNING: persisted (address_import_row_error.code): never rename. */
export enum AddressRowError {
  MissingAddress = 'MISSING_ADDRESS',
  CellTooLong = 'CELL_TOO_LONG',
  UnknownGrid = 'UNKNOWN_GRID',
  BadCoordinates = 'BAD_COORDINATES',
  Formula = 'FORMULA',
  DuplicateInFile = 'DUPLICATE_IN_FILE',
}

export const ADDRESS_ROW_ERROR_LABELS: Record<AddressRowError, string> = {
  [AddressRowError.MissingAddress]: '缺少地址',
  [AddressRowError.CellTooLong]: '内容过长',
  [AddressRowError.UnknownGrid]: '网格编码不存在或不在权限范围内',
  [AddressRowError.BadCoordinates]: '经纬度无效',
  [AddressRowError.Formula]: '含公式',
  [AddressRowError.DuplicateInFile]: '文件内重复',
};

/** The columns of an address file, by header (case and spaces ignored); address and gridCode are required. */
const COLUMN_NAMES = {
  address: ['address', '地址', '标准地址'],
  gridCode: ['gridcode', 'grid_code', '网格编码', '网格代码'],
  lng: ['lng', 'longitude', '经度'],
  lat: ['lat', 'latitude', '纬度'],
  building: ['building', '楼栋', '建筑物'],
} as const;
type AddressColumn = keyof typeof COLUMN_NAMES;
type AddressColumns = Partial<Record<AddressColumn, number>> & { address: number; gridCode: number };

const MAX_BUILDING = 100;
/** Rows read, checked and written together; progress is saved after each batch. */
const BATCH_ROWS = 500;
/** Rejected rows listed by GET /addresses/imports/:id (all of them are counted). */
const REPORT_ROWS = 1000;
const REARM_AFTER_SECONDS = 60;

/** The table reader's options for an address file: headers in row 1, detected delimiter and encoding. */
const READ_MAPPING = {
  columns: {},
  categoryMap: {},
  fallbackItemCode: null,
  gridCode: null,
  sheet: null,
  headerRow: 1,
  timezone: 'Asia/Shanghai',
  coordinateSystem: 'wgs84',
  delimiter: null,
  encoding: 'auto',
} as unknown as HotlineMapping;

export type AddressImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface AddressImportView {
  id: string;
  status: AddressImportStatus;
  percent: number;
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  failed: number;
  filename: string;
  format: ImportFormat;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** the rejected rows (first 1000 by row number): nothing of them was written */
  rejected: { row: number; code: AddressRowError; reason: string }[];
}

interface ImportRecord {
  id: string;
  filename: string;
  format: ImportFormat;
  requested_by: string | null;
  scope_code: string | null;
  status: AddressImportStatus;
  total_rows: number | null;
  processed_rows: number;
  created_count: number;
  updated_count: number;
  failed_count: number;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

interface Rejection {
  row: number;
  code: AddressRowError;
  reason: string;
}

/**
 * Imports of the address register (标准地址库), like the hotline import: POST checks the file
 * and its header at once, stores it under DATA_DIR/imports/ and queues a job; the worker
 * reads the rows in batches and upserts them on their normalised key — all of one import in
 * one transaction, so a run that fails leaves the register as it was — saving the progress
 * and the rejected rows (with reasons) as it goes.
 */
@Injectable()
export class AddressImportsService {
  private readonly logger = new Logger('AddressImports');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly producer: QueueProducer,
    private readonly matcher: AddressMatcher,
    private readonly register: AddressRegister,
  ) {}

  /** POST /addresses/import (admin): checks, stores, records and queues; answers before any row is read. */
  async submit(actor: AuthUser, upload: ImportUpload | undefined): Promise<AddressImportView> {
    if (!upload) {
      throw new DomainException(ErrorCode.ValidationFailed, 'A file is required', [
        { field: 'file', problem: 'upload the addresses as multipart field "file" (.xlsx or .csv)' },
      ]);
    }
    if (upload.size > MAX_IMPORT_BYTES) {
      throw new DomainException(
        ErrorCode.PayloadTooLarge,
        `Import files are limited to ${MAX_IMPORT_BYTES / 2 ** 20} MB`,
      );
    }
    const format = await detectImportFormat(upload.path, upload.originalName);
    if (upload.size === 0) throw new DomainException(ErrorCode.ValidationFailed, 'The file is empty');
    // The header row now: a file without an address or gridCode column is 400 at once.
    const table = await openTable(upload.path, format, READ_MAPPING);
    await table.close();
    resolveAddressColumns(table.header);

    const [{ id }] = await this.db.query(`SELECT gen_random_uuid() AS id`);
    await mkdir(join(this.config.dataDir, 'imports'), { recursive: true });
    const stored = this.filePath(id, format);
    if (upload.keepSource) await copyFile(upload.path, stored);
    else await move(upload.path, stored);
    try {
      await this.db.query(
        `INSERT INTO address_import (id, filename, format, size_bytes, requested_by, scope_code)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, upload.originalName.slice(0, 255), format, upload.size, actor.id, actor.scopeCode],
      );
    } catch (err) {
      await rm(stored, { force: true });
      throw err;
    }
    await this.enqueue(id);
    return this.view(await this.record(id));
  }

  /** Queues the job; if Redis does not answer, the sweeper queues it later. */
  async enqueue(importId: string): Promise<void> {
    try {
      await this.producer.add(JobName.AddressImport, { importId }, { jobId: jobIds.addressImport(importId) });
    } catch (err) {
      this.logger.warn(
        `address import ${importId} recorded but not queued (${String(err)}); the sweeper will queue it`,
      );
    }
  }

  /** The worker's sweeper: queue again what is still queued or running after a minute. */
  async rearmPending(): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM address_import
       WHERE status IN ('queued', 'running') AND created_at < now() - make_interval(secs => $1)`,
      [REARM_AFTER_SECONDS],
    );
    for (const r of rows) await this.enqueue(r.id);
    return rows.length;
  }

  /** GET /addresses/imports/:id: the requester's own imports, or those of their scope; 404 otherwise. */
  async get(actor: AuthUser, id: string): Promise<AddressImportView> {
    const record = isUuid(id) ? await this.record(id).catch(() => null) : null;
    if (
      !record ||
      !(record.requested_by === actor.id || (record.scope_code !== null && inScope(actor.scopeCode, record.scope_code)))
    ) {
      throw notFound('Import');
    }
    return this.view(record);
  }

  filePath(id: string, format: ImportFormat) {
    return join(this.config.dataDir, 'imports', `address-${id}.${format}`);
  }

  /**
   * Runs (or runs again) an import: every row checked, the good ones upserted in one
   * transaction with the progress saved after each batch. A file that cannot be read to its
   * end fails the import and writes nothing. Done and failed imports are left as they are.
   */
  async run(importId: string, onProgress?: (percent: number) => unknown): Promise<ImportRecord> {
    const record = await this.record(importId).catch(() => null);
    if (!record) throw new ImportFailure(`address import ${importId} does not exist`);
    if (record.status === 'done' || record.status === 'failed') return record;
    await this.db.query(
      `UPDATE address_import SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1,
         error = NULL, processed_rows = 0, created_count = 0, updated_count = 0, failed_count = 0
       WHERE id = $1`,
      [importId],
    );
    await this.db.query(`DELETE FROM address_import_row_error WHERE import_id = $1`, [importId]);
    const path = this.filePath(importId, record.format);
    try {
      if (!(await exists(path))) throw new ImportFailure('the stored file is gone');
      const totalRows = await countRows(path, record.format, READ_MAPPING);
      await this.db.query(`UPDATE address_import SET total_rows = $2 WHERE id = $1`, [importId, totalRows]);
      const counts = await this.db.transaction((tx) => this.importRows(tx, record, path, totalRows, onProgress));
      await this.db.query(
        `UPDATE address_import SET status = 'done', finished_at = now(), processed_rows = $2,
           created_count = $3, updated_count = $4, failed_count = $5
         WHERE id = $1`,
        [importId, counts.processed, counts.created, counts.updated, counts.failed],
      );
      await rm(path, { force: true });
      this.logger.log(
        `address import ${importId}: ${counts.created} created, ${counts.updated} updated, ${counts.failed} rejected`,
      );
      return this.record(importId);
    } catch (err) {
      if (err instanceof ImportFailure) return this.markFailed(importId, err.message);
      if (err instanceof DomainException) {
        const details = err.details.map((d) => (d.field ? `${d.field}: ${d.problem}` : d.problem));
        return this.markFailed(importId, [err.message, ...details].join('; '));
      }
      throw err;
    }
  }

  async markFailed(importId: string, reason: string): Promise<ImportRecord> {
    await this.db.query(
      `UPDATE address_import SET status = 'failed', finished_at = now(), error = $2
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [importId, reason.slice(0, 2000)],
    );
    await rm(this.filePath(importId, (await this.record(importId)).format), { force: true });
    return this.record(importId);
  }

  async markRetrying(importId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE address_import SET status = 'queued', error = $2 WHERE id = $1 AND status IN ('queued', 'running')`,
      [importId, `retrying after: ${reason}`.slice(0, 2000)],
    );
  }

  private async importRows(
    tx: EntityManager,
    record: ImportRecord,
    path: string,
    totalRows: number,
    onProgress?: (percent: number) => unknown,
  ) {
    const counts = { processed: 0, created: 0, updated: 0, failed: 0 };
    const seen = new Map<string, number>();
    const prefixes = await this.matcher.prefixes();
    const table = await openTable(path, record.format, READ_MAPPING);
    const columns = resolveAddressColumns(table.header);
    const flush = async (rows: TableRow[]) => {
      const parsed = rows.map((row) => ({ row: row.rowNumber, result: parseAddressRow(row.cells, columns, prefixes) }));
      const grids = await this.activeGrids(
        record.scope_code,
        parsed.flatMap((p) => (p.result.ok ? [p.result.value.gridCode] : [])),
      );
      const good: AddressRow[] = [];
      const rejected: Rejection[] = [];
      for (const { row, result } of parsed) {
        if (!result.ok) rejected.push({ row, ...result });
        else if (!grids.has(result.value.gridCode)) {
          rejected.push({
            row,
            code: AddressRowError.UnknownGrid,
            reason: `no active grid ${result.value.gridCode.slice(0, 20)} in the importer's scope`,
          });
        } else if (seen.has(result.value.normKey)) {
          rejected.push({
            row,
            code: AddressRowError.DuplicateInFile,
            reason: `the same address as row ${seen.get(result.value.normKey)}`,
          });
        } else {
          seen.set(result.value.normKey, row);
          good.push(result.value);
        }
      }
      const written = await this.register.upsert(tx, record.id, good);
      counts.created += written.created;
      counts.updated += written.updated;
      counts.failed += rejected.length;
      counts.processed += rows.length;
      await this.saveProgress(record.id, counts, rejected);
      await onProgress?.(Math.min(99, Math.floor((counts.processed * 100) / Math.max(1, totalRows))));
    };
    try {
      let batch: TableRow[] = [];
      for await (const row of table.rows) {
        batch.push(row);
        if (batch.length >= BATCH_ROWS) {
          await flush(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await flush(batch);
    } finally {
      await table.close();
    }
    return counts;
  }

  /** Progress and rejected rows, outside the import's transaction: visible while it runs. */
  private async saveProgress(
    importId: string,
    counts: { processed: number; created: number; updated: number; failed: number },
    rejected: Rejection[],
  ) {
    await this.db.transaction(async (tx) => {
      if (rejected.length > 0) {
        await tx.query(
          `INSERT INTO address_import_row_error (import_id, row_number, code, reason)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])
           ON CONFLICT (import_id, row_number) DO UPDATE SET code = EXCLUDED.code, reason = EXCLUDED.reason`,
          [
            importId,
            rejected.map((r) => r.row),
            rejected.map((r) => r.code),
            rejected.map((r) => r.reason.slice(0, 500)),
          ],
        );
      }
      await tx.query(
        `UPDATE address_import SET processed_rows = $2, created_count = $3, updated_count = $4, failed_count = $5
         WHERE id = $1`,
        [importId, counts.processed, counts.created, counts.updated, counts.failed],
      );
    });
  }

  private async activeGrids(scopeCode: string | null, codes: string[]): Promise<Set<string>> {
    const unique = [...new Set(codes)].filter((c) => /^\d{15}$/.test(c));
    if (unique.length === 0) return new Set();
    const rows: { code: string }[] = await this.db.query(
      `SELECT code FROM grid WHERE code = ANY($1::text[]) AND status = 'active' AND code LIKE $2`,
      [unique, `${scopeCode ?? ''}%`],
    );
    return new Set(rows.map((r) => r.code));
  }

  private async record(id: string): Promise<ImportRecord> {
    const [row] = await this.db.query(`SELECT * FROM address_import WHERE id = $1`, [id]);
    if (!row) throw notFound('Import');
    return row as ImportRecord;
  }

  private async view(r: ImportRecord): Promise<AddressImportView> {
    const rejected: { row_number: number; code: AddressRowError; reason: string }[] = await this.db.query(
      `SELECT row_number, code, reason FROM address_import_row_error WHERE import_id = $1 ORDER BY row_number LIMIT $2`,
      [r.id, REPORT_ROWS],
    );
    return {
      id: r.id,
      status: r.status,
      percent:
        r.status === 'done'
          ? 100
          : r.total_rows
            ? Math.min(99, Math.floor((r.processed_rows * 100) / r.total_rows))
            : 0,
      totalRows: r.total_rows,
      processedRows: r.processed_rows,
      created: r.created_count,
      updated: r.updated_count,
      failed: r.failed_count,
      filename: r.filename,
      format: r.format,
      error: r.error,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      rejected: rejected.map((e) => ({ row: e.row_number, code: e.code, reason: e.reason })),
    };
  }
}

/** The columns by header: address and gridCode must be there (400 otherwise). */
export function resolveAddressColumns(header: readonly string[] | null): AddressColumns {
  const names = (header ?? []).map((h) => h.replace(/\s+/g, '').toLowerCase());
  const found: Partial<Record<AddressColumn, number>> = {};
  for (const [column, aliases] of Object.entries(COLUMN_NAMES) as [AddressColumn, readonly string[]][]) {
    const index = names.findIndex((n) => aliases.includes(n));
    if (index >= 0) found[column] = index;
  }
  const missing = (['address', 'gridCode'] as const).filter((c) => found[c] === undefined);
  if (missing.length > 0 || (found.lng === undefined) !== (found.lat === undefined)) {
    throw new DomainException(ErrorCode.ValidationFailed, 'The file lacks required columns', [
      {
        field: 'file',
        problem:
          missing.length > 0
            ? `row 1 must name the columns address and gridCode (or 地址 and 网格编码); missing: ${missing.join(', ')}`
            : 'lng and lat come together',
      },
    ]);
  }
  return found as AddressColumns;
}

type ParsedAddressRow = { ok: true; value: AddressRow } | { ok: false; code: AddressRowError; reason: string };

/** Formulas are refused, never stored: a cell that Excel would evaluate when the register is exported. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One data row → a register row, or why it is rejected. */
export function parseAddressRow(
  cells: readonly unknown[],
  columns: AddressColumns,
  prefixes: readonly string[],
): ParsedAddressRow {
  const fail = (code: AddressRowError, reason: string): ParsedAddressRow => ({ ok: false, code, reason });
  const raw = (c: AddressColumn) => (columns[c] === undefined ? undefined : cells[columns[c]!]);
  for (const c of Object.keys(columns) as AddressColumn[]) {
    const v = raw(c);
    if (v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))
      return fail(AddressRowError.Formula, `${c}: a formula`);
  }
  const text = (c: AddressColumn) => cellText(raw(c));
  const address = text('address');
  const building = text('building');
  const gridCode = text('gridCode');
  for (const [c, v] of [
    ['address', address],
    ['building', building],
    ['gridCode', gridCode],
  ] as const) {
    if (FORMULA_START.test(v)) {
      return fail(AddressRowError.Formula, `${c} starts with ${JSON.stringify(v[0])}: formulas are not accepted`);
    }
  }
  if (!address) return fail(AddressRowError.MissingAddress, 'address is empty');
  if (address.length > MAX_ADDRESS_LENGTH) {
    return fail(
      AddressRowError.CellTooLong,
      `address has ${address.length} characters (at most ${MAX_ADDRESS_LENGTH})`,
    );
  }
  if (building.length > MAX_BUILDING) {
    return fail(AddressRowError.CellTooLong, `building has ${building.length} characters (at most ${MAX_BUILDING})`);
  }
  if (!/^\d{15}$/.test(gridCode)) {
    return fail(AddressRowError.UnknownGrid, `gridCode ${JSON.stringify(gridCode.slice(0, 20))} is not a grid code`);
  }
  let lng: number | null = null;
  let lat: number | null = null;
  const lngText = text('lng');
  const latText = text('lat');
  if (lngText || latText) {
    lng = Number(lngText);
    lat = Number(latText);
    if (
      !lngText ||
      !latText ||
      !/^-?\d{1,3}(\.\d+)?$/.test(lngText) ||
      !/^-?\d{1,2}(\.\d+)?$/.test(latText) ||
      Math.abs(lng) > 180 ||
      Math.abs(lat) > 90
    ) {
      return fail(
        AddressRowError.BadCoordinates,
        `lng/lat "${lngText.slice(0, 30)}", "${latText.slice(0, 30)}": give both, as WGS-84 decimal degrees`,
      );
    }
  }
  const full = building ? `${address}${building}` : address;
  const normKey = normalizeAddress(full, prefixes);
  if (!normKey) return fail(AddressRowError.MissingAddress, 'address has no letters or digits');
  return { ok: true, value: { normKey, address: full, building: building || null, gridCode, lng, lat } };
}

/** rename, or copy and delete across file systems. */
async function move(from: string, to: string) {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

async function exists(path: string) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
