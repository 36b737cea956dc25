import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** Spreadsheets people download or are sent (exports, statistics, import reports), written as a stream. */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface XlsxColumn {
  /** shown in the first row (Chinese for the people who open it) */
  header: string;
  key: string;
  width?: number;
  /** an Excel number format, e.g. for dates */
  numFmt?: string;
}

export interface XlsxSheet {
  name: string;
  columns: readonly XlsxColumn[];
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
}

/**
 * Writes the sheets to `out` with exceljs's streaming writer, row by row: memory stays flat
 * however many rows there are. Each sheet has a bold, frozen header row. Resolves once the
 * workbook is complete; `out` is ended.
 */
export async function writeXlsx(out: Writable, sheets: readonly XlsxSheet[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    for await (const row of sheet.rows) ws.addRow(row).commit();
    ws.commit();
  }
  await workbook.commit();
}
