import type { Response } from 'express';
import { writeXlsx, XLSX_CONTENT_TYPE, type XlsxSheet } from '@gridflow/xlsx';

export { XLSX_CONTENT_TYPE, type XlsxColumn, type XlsxSheet } from '@gridflow/xlsx';

/** RFC 5987 `filename*`: percent-encoded UTF-8, including the characters encodeURIComponent leaves alone. */
export function contentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}

/**
 * Streams a workbook to the response, row by row. Check everything that can answer 400 before
 * calling this — once the first bytes are out, an error can only cut the download short (the
 * caller destroys the response).
 */
export async function streamXlsx(res: Response, filename: string, sheets: readonly XlsxSheet[]): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('Cache-Control', 'no-store');
  // Ends the response once the zip is complete.
  await writeXlsx(res, sheets);
}
