import { rm, stat } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '@gridflow/database';
import { type AuthUser, DomainException, ErrorCode } from '@gridflow/domain';
import { TicketsService } from '@gridflow/tickets';
import { HotlineImport, percentOf } from './hotline-import.entity.js';
import { HotlineImportsService } from './hotline-imports.service.js';
import { type ParsedRow, parseRow, RowErrorCode } from './row-parsing.js';
import { countRows, ImportFailure, openTable, type TableRow } from './table-reader.js';

/** WARNING: persisted (ticket_external_ref.source): never rename. */
export const HOTLINE_SOURCE = 'hotline';

/** Rows read, checked for duplicates and recorded together; progress is saved after each batch. */
const BATCH_ROWS = 200;
/** Tickets filed at once within a batch (each in its own transaction). */
const FILING_CONCURRENCY = 4;
const REF_PKEY = 'ticket_external_ref_pkey';

export interface ImportProgress {
  importId: string;
  totalRows: number | null;
  processedRows: number;
  created: number;
  duplicates: number;
  failed: number;
  percent: number;
}

export interface RunOptions {
  /** aborted: stop after the current batch (ImportInterrupted); a later run continues */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
}

/** The run stopped on request (shutdown, Ctrl-C); the import is `queued` again and a re-run continues it. */
export class ImportInterrupted extends Error {
  constructor() {
    super('the import was interrupted; a re-run continues where it stopped');
    this.name = 'ImportInterrupted';
  }
}

interface RowFailure {
  rowNumber: number;
  externalId: string | null;
  code: RowErrorCode;
  reason: string;
}

type Outcome = 'created' | 'duplicate' | RowFailure;

/**
 * Runs one hotline import: streams the stored file, files each good row through
 * TicketsService.file (channel `hotline`, the requester as actor — so their scope and the
 * catalogue's admission apply exactly as for a filing by hand) together with its external
 * reference, records each bad row's number and reason, and saves progress after every batch.
 *
 * Restartable: a run always reads the file from the top and recounts. Rows whose external
 * id is already referenced are skipped (created, if this import's same row made them in an
 * earlier run; duplicates otherwise), so a run after a crash or a shutdown files only what
 * is missing and ends with the same counts as an uninterrupted one.
 */
@Injectable()
export class HotlineImporter {
  private readonly logger = new Logger('HotlineImporter');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
    private readonly imports: HotlineImportsService,
  ) {}

  /**
   * Imports (or finishes importing) the file. Returns the record once done, or failed for
   * a reason no retry can fix (unreadable file, missing columns, requester disabled).
   * Throws ImportInterrupted on `signal`, and anything transient (database, disk) as is.
   */
  async run(importId: string, options: RunOptions = {}): Promise<HotlineImport> {
    const record = await this.db.getRepository(HotlineImport).findOneBy({ id: importId });
    if (!record) throw new ImportFailure(`import ${importId} does not exist`);
    if (record.status === 'done' || record.status === 'failed') return record;
    await this.db.query(
      `UPDATE hotline_import SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1,
         error = NULL, processed_rows = 0, created_count = 0, duplicate_count = 0, failed_count = 0
       WHERE id = $1`,
      [importId],
    );
    // Each run recounts from the top: the failures are found again.
    await this.db.query(`DELETE FROM hotline_import_row_error WHERE import_id = $1`, [importId]);

    const path = this.imports.filePath(record.id, record.format);
    try {
      const actor = record.requestedBy ? await this.actorOf(record.requestedBy) : null;
      if (!(await exists(path))) throw new ImportFailure('the stored file is gone');
      const totalRows = record.totalRows ?? (await countRows(path, record.format, record.mapping));
      await this.db.query(`UPDATE hotline_import SET total_rows = $2 WHERE id = $1`, [importId, totalRows]);
      const counts = await this.importRows(record, path, actor, totalRows, options);
      await this.db.query(
        `UPDATE hotline_import SET status = 'done', finished_at = now(), total_rows = $2, processed_rows = $2,
           created_count = $3, duplicate_count = $4, failed_count = $5
         WHERE id = $1`,
        [importId, counts.processed, counts.created, counts.duplicates, counts.failed],
      );
      // The upload holds callers' phone numbers: it is not kept once its tickets are.
      await rm(path, { force: true });
      const done = await this.db.getRepository(HotlineImport).findOneByOrFail({ id: importId });
      await options.onProgress?.(this.progress(done));
      this.logger.log(
        `import ${importId}: ${counts.created} created, ${counts.duplicates} duplicates, ${counts.failed} failed`,
      );
      return done;
    } catch (err) {
      if (err instanceof ImportInterrupted) {
        await this.db.query(`UPDATE hotline_import SET status = 'queued' WHERE id = $1 AND status = 'running'`, [
          importId,
        ]);
        throw err;
      }
      if (err instanceof ImportFailure) return this.markFailed(importId, err.message);
      if (err instanceof DomainException) {
        const details = err.details.map((d) => (d.field ? `${d.field}: ${d.problem}` : d.problem));
        return this.markFailed(importId, [err.message, ...details].join('; '));
      }
      throw err;
    }
  }

  /** Gives up on an import (a job out of retries, an interrupted command line run). */
  async markFailed(importId: string, reason: string): Promise<HotlineImport> {
    await this.db.query(
      `UPDATE hotline_import SET status = 'failed', finished_at = now(), error = $2
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [importId, reason.slice(0, 2000)],
    );
    return this.db.getRepository(HotlineImport).findOneByOrFail({ id: importId });
  }

  /** A run failed but will be retried: back to `queued`, with the reason visible meanwhile. */
  async markRetrying(importId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE hotline_import SET status = 'queued', error = $2 WHERE id = $1 AND status IN ('queued', 'running')`,
      [importId, `retrying after: ${reason}`.slice(0, 2000)],
    );
  }

  progress(i: HotlineImport): ImportProgress {
    return {
      importId: i.id,
      totalRows: i.totalRows,
      processedRows: i.processedRows,
      created: i.createdCount,
      duplicates: i.duplicateCount,
      failed: i.failedCount,
      percent: percentOf(i),
    };
  }

  private async importRows(
    record: HotlineImport,
    path: string,
    actor: AuthUser | null,
    totalRows: number,
    options: RunOptions,
  ) {
    const counts = { processed: 0, created: 0, duplicates: 0, failed: 0 };
    const table = await openTable(path, record.format, record.mapping);
    const flush = async (rows: TableRow[]) => {
      const outcomes = await this.importBatch(record, rows, table.columns, actor);
      const failures: RowFailure[] = [];
      for (const o of outcomes) {
        if (o === 'created') counts.created++;
        else if (o === 'duplicate') counts.duplicates++;
        else failures.push(o);
      }
      counts.failed += failures.length;
      counts.processed += rows.length;
      await this.saveProgress(record.id, counts, failures);
      await options.onProgress?.({
        importId: record.id,
        totalRows,
        processedRows: counts.processed,
        created: counts.created,
        duplicates: counts.duplicates,
        failed: counts.failed,
        percent: percentOf({ status: 'running', totalRows, processedRows: counts.processed }),
      });
      if (options.signal?.aborted) throw new ImportInterrupted();
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

  /** One batch: parse, skip what is already referenced or repeated within the batch, file the rest. */
  private async importBatch(
    record: HotlineImport,
    rows: TableRow[],
    columns: Parameters<typeof parseRow>[1],
    actor: AuthUser | null,
  ): Promise<Outcome[]> {
    const now = new Date();
    const parsed = rows.map((row) => ({ row, result: parseRow(row.cells, columns, record.mapping, now) }));
    const ids = [...new Set(parsed.flatMap((p) => (p.result.ok ? [p.result.externalId] : [])))];
    const refs = new Map<string, { importId: string | null; rowNumber: number | null }>(
      (
        (await this.db.query(
          `SELECT external_id, import_id, row_number FROM ticket_external_ref WHERE source = $1 AND external_id = ANY($2)`,
          [HOTLINE_SOURCE, ids],
        )) as { external_id: string; import_id: string | null; row_number: number | null }[]
      ).map((r) => [r.external_id, { importId: r.import_id, rowNumber: r.row_number }]),
    );
    const firstInBatch = new Set<string>();
    const outcomes: (Outcome | null)[] = [];
    const toFile: { index: number; row: TableRow; result: Extract<ParsedRow, { ok: true }> }[] = [];
    for (const [index, { row, result }] of parsed.entries()) {
      if (!result.ok) {
        outcomes.push({
          rowNumber: row.rowNumber,
          externalId: result.externalId,
          code: result.code,
          reason: result.reason,
        });
        continue;
      }
      const ref = refs.get(result.externalId);
      if (ref) {
        // This very row made it in an earlier run of this import: it counts as created.
        outcomes.push(ref.importId === record.id && ref.rowNumber === row.rowNumber ? 'created' : 'duplicate');
      } else if (firstInBatch.has(result.externalId)) {
        outcomes.push('duplicate');
      } else {
        firstInBatch.add(result.externalId);
        outcomes.push(null);
        toFile.push({ index, row, result });
      }
    }
    let next = 0;
    const fileNext = async () => {
      while (next < toFile.length) {
        const job = toFile[next++];
        outcomes[job.index] = await this.fileRow(record.id, actor, job.row, job.result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FILING_CONCURRENCY, toFile.length) }, fileNext));
    return outcomes as Outcome[];
  }

  private async fileRow(
    importId: string,
    actor: AuthUser | null,
    row: TableRow,
    parsed: Extract<ParsedRow, { ok: true }>,
  ): Promise<Outcome> {
    try {
      await this.tickets.file(actor, parsed.ticket, {
        channel: 'hotline',
        // The reference commits with the ticket or not at all: its primary key is the dedupe.
        //
        // And the commit does not wait for the disk (synchronous_commit off for this
        // transaction, set in the same statement: this runs while the filing holds the daily
        // number counter, and its outbox NOTIFY a cluster-wide lock, until commit — one fsync
        // per row would cap imports at the disk's commit rate). The batch's progress commit is
        // synchronous and flushes every row before it: a PostgreSQL crash can lose only rows
        // after the last saved progress — whole, numbers included — and the re-run files them again.
        onFiled: (tx: EntityManager, ticket) =>
          tx.query(
            `INSERT INTO ticket_external_ref (source, external_id, ticket_id, import_id, row_number, reported_at)
             SELECT $1, $2, $3, $4, $5, $6 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit`,
            [HOTLINE_SOURCE, parsed.externalId, ticket.id, importId, row.rowNumber, parsed.reportedAt],
          ),
      });
      return 'created';
    } catch (err) {
      const failure = (code: RowErrorCode, reason: string): RowFailure => ({
        rowNumber: row.rowNumber,
        externalId: parsed.externalId,
        code,
        reason,
      });
      // Another import (or a concurrent run) filed this external id first.
      if (isUniqueViolation(err) && constraintOf(err) === REF_PKEY) return 'duplicate';
      if (err instanceof DomainException) return failure(rowCodeOf(err), err.message);
      // A value PostgreSQL refuses (class 22, data exception): this row's problem, not the run's.
      if (/^22/.test(String((err as { code?: unknown }).code ?? ''))) {
        return failure(RowErrorCode.InvalidData, (err as Error).message);
      }
      throw err;
    }
  }

  private async saveProgress(
    importId: string,
    counts: { processed: number; created: number; duplicates: number; failed: number },
    failures: RowFailure[],
  ) {
    await this.db.transaction(async (tx) => {
      if (failures.length > 0) {
        await tx.query(
          `INSERT INTO hotline_import_row_error (import_id, row_number, external_id, code, reason)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[])
           ON CONFLICT (import_id, row_number) DO UPDATE
             SET external_id = EXCLUDED.external_id, code = EXCLUDED.code, reason = EXCLUDED.reason`,
          [
            importId,
            failures.map((f) => f.rowNumber),
            failures.map((f) => f.externalId),
            failures.map((f) => f.code),
            failures.map((f) => f.reason.slice(0, 1000)),
          ],
        );
      }
      await tx.query(
        `UPDATE hotline_import SET processed_rows = $2, created_count = $3, duplicate_count = $4, failed_count = $5
         WHERE id = $1`,
        [importId, counts.processed, counts.created, counts.duplicates, counts.failed],
      );
    });
  }

  /** The requester as they are now: a disabled account, or one that may no longer import, stops the import. */
  private async actorOf(userId: string): Promise<AuthUser> {
    const [user] = await this.db.query(
      `SELECT id, username, display_name AS "displayName", role, scope_code AS "scopeCode", disabled_at
       FROM app_user WHERE id = $1`,
      [userId],
    );
    if (!user || user.disabled_at) throw new ImportFailure('the requesting user no longer exists or is disabled');
    if (!IMPORT_ROLES.includes(user.role)) {
      throw new ImportFailure(`the requesting user may no longer import (role ${user.role})`);
    }
    const { disabled_at: _disabled, ...actor } = user;
    return actor as AuthUser;
  }
}

/** Who may import hotline files. */
export const IMPORT_ROLES: readonly string[] = ['admin', 'dispatcher'];

function rowCodeOf(err: DomainException): RowErrorCode {
  if (err.code === ErrorCode.ItemNotAdmitted) return RowErrorCode.ItemNotAdmitted;
  if (err.code === ErrorCode.OutsideAllGrids) return RowErrorCode.OutsideAllGrids;
  if (err.code === ErrorCode.ValidationFailed && err.details.some((d) => /scope/.test(d.problem))) {
    return RowErrorCode.OutsideScope;
  }
  return RowErrorCode.InvalidData;
}

function constraintOf(err: unknown): string | undefined {
  const e = err as { constraint?: string; driverError?: { constraint?: string } };
  return e.constraint ?? e.driverError?.constraint;
}

async function exists(path: string) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
