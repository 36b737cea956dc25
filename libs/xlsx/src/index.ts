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
 * A cell as it is written. Spreadsheet formula injection (CSV/DDE injection): text that starts
 * with = + - @ (or a tab or carriage return, which some programs strip before reading the rest)
 * is run as a formula by Excel, LibreOffice or WPS once someone edits the cell or saves the sheet
 * as CSV. Exports carry what residents and hotline callers typed, so such text gets a leading
 * apostrophe ('=HYPERLINK(…) stays text everywhere; OWASP's advice). exceljs would also turn an
 * object with `formula` (or `hyperlink`) into a live cell: anything that is not a number, a
 * boolean, a date or null is written as its text.
 */
export function safeCell(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** What a spreadsheet program may read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

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
    for await (const row of sheet.rows) ws.addRow(safeRow(row)).commit();
    ws.commit();
  }
  await workbook.commit();
}

function safeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = safeCell(value);
  return out;
}
