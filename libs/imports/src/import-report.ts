import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { writeXlsx, type XlsxSheet } from '@gridflow/xlsx';
import { type HotlineImport, percentOf } from './hotline-import.entity.js';

import { ROW_ERROR_LABELS, type RowErrorCode } from './row-parsing.js';

const STATUS_LABELS: Record<HotlineImport['status'], string> = {
  queued: '排队中',
  running: '导入中',
  done: '已完成',
  failed: '失败',
};

const ERROR_BATCH = 1000;

/**
 * The import report (导入报告): a summary sheet, then one row per row that was not imported
 * — its row number as the spreadsheet shows it, its external id, the reason — read from
 * PostgreSQL 1000 at a time, so a file with every row bad still streams.
 */
export function importReportSheets(db: DataSource, record: HotlineImport, requestedBy: string | null): XlsxSheet[] {
  const summary: [string, unknown][] = [
    ['导入编号 Import id', record.id],
    ['文件 File', record.filename],
    ['格式 Format', record.format],
    ['状态 Status', `${STATUS_LABELS[record.status]} (${record.status})`],
    ['进度 Percent', percentOf(record)],
    ['提交人 Requested by', requestedBy ?? '系统 (command line)'],
    ['提交时间 Submitted (UTC+8)', beijingTime(record.createdAt)],
    ['开始时间 Started (UTC+8)', beijingTime(record.startedAt)],
    ['完成时间 Finished (UTC+8)', beijingTime(record.finishedAt)],
    ['数据行数 Data rows', record.totalRows],
    ['已处理 Processed', record.processedRows],
    ['新建工单 Created', record.createdCount],
    ['重复(已导入) Duplicates', record.duplicateCount],
    ['失败 Failed', record.failedCount],
    ['错误 Error', record.error],
  ];
  return [
    {
      name: '汇总',
      columns: [
        { header: '项目 Item', key: 'item', width: 26 },
        { header: '值 Value', key: 'value', width: 48 },
      ],
      rows: summary.map(([item, value]) => ({ item, value: value ?? '' })),
    },
    {
      name: '失败行',
      columns: [
        { header: '行号 Row', key: 'rowNumber', width: 8 },
        { header: '外部编号 External id', key: 'externalId', width: 24 },
        { header: '错误类型 Type', key: 'label', width: 18 },
        { header: '代码 Code', key: 'code', width: 22 },
        { header: '原因 Reason', key: 'reason', width: 80 },
      ],
      rows: errorRows(db, record.id),
    },
  ];
}

async function* errorRows(db: DataSource, importId: string) {
  for (let after = 0; ;) {
    const rows: { row_number: number; external_id: string | null; code: string; reason: string }[] = await db.query(
      `SELECT row_number, external_id, code, reason FROM hotline_import_row_error
       WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT $3`,
      [importId, after, ERROR_BATCH],
    );
    for (const r of rows) {
      yield {
        rowNumber: r.row_number,
        externalId: r.external_id ?? '',
        label: ROW_ERROR_LABELS[r.code as RowErrorCode] ?? r.code,
        code: r.code,
        reason: r.reason,
      };
    }
    if (rows.length < ERROR_BATCH) return;
    after = rows[rows.length - 1].row_number;
  }
}

/** 2026-03-01 08:30:00 in Beijing time (the summary is read by people, not formulas). */
function beijingTime(d: Date | null): string | null {
  return d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ') : null;
}

/** Writes sheets to an .xlsx file (the command line's report). */
export async function writeXlsxFile(path: string, sheets: readonly XlsxSheet[]): Promise<void> {
  const out = createWriteStream(path);
  await writeXlsx(out, sheets);
  await finished(out);
}
