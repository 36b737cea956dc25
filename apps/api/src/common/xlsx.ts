import type { Response } from 'express';
import ExcelJS from 'exceljs';

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

/** RFC 5987 `filename*`: percent-encoded UTF-8, including the characters encodeURIComponent leaves alone. */
export function contentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}

/**
 * Streams a workbook to the response, row by row: memory stays flat however many rows
 * there are. Check everything that can answer 400 before calling this — once the first
 * bytes are out, an error can only cut the download short (the caller destroys the response).
 */
export async function streamXlsx(res: Response, filename: string, sheets: readonly XlsxSheet[]): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('Cache-Control', 'no-store');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true });
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
  // Ends the response once the zip is complete.
  await workbook.commit();
}
