import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { fileTypeFromFile } from 'file-type';
import { DomainException, ErrorCode } from '@gridflow/domain';
import { CSV_DELIMITERS, type HotlineMapping, resolveColumns, type ResolvedColumns } from './mapping.js';
import { cellText, isBlankRow } from './row-parsing.js';

/** WARNING: persisted (hotline_import.format) and part of the stored file name: never rename. */
export type ImportFormat = 'xlsx' | 'csv';

/** Uploads and CLI files larger than this are refused (413). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** A longer CSV record is refused: a missing closing quote must not swallow the whole file into memory. */
const MAX_CSV_RECORD_BYTES = 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;

/**
 * The import cannot go on and no retry would help (the file is not a readable table, the
 * requester was disabled): the import is marked failed with this message.
 */
export class ImportFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFailure';
  }
}

/**
 * Decides the format by content, never by the declared type: an xlsx is a zip with a
 * workbook inside (file-type checks the entries); a CSV is text (no NUL bytes unless
 * UTF-16) named .csv or .txt. Anything else — old binary .xls, PDFs, images — is 415.
 */
export async function detectImportFormat(path: string, originalName: string): Promise<ImportFormat> {
  const type = await fileTypeFromFile(path);
  if (type?.ext === 'xlsx') return 'xlsx';
  if (type) {
    const hint = type.ext === 'cfb' || type.ext === 'xls' ? ' (old .xls workbooks: save as .xlsx or .csv)' : '';
    throw unsupported(`Only .xlsx and .csv hotline exports are accepted; this file is ${type.mime}${hint}`);
  }
  const ext = extname(originalName).toLowerCase();
  const sample = await readHead(path, 4096);
  const utf16 = (sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff);
  if ((ext === '.csv' || ext === '.txt') && (utf16 || !sample.includes(0))) return 'csv';
  throw unsupported(
    ext === '.csv' || ext === '.txt'
      ? 'This .csv file is not text'
      : 'Only .xlsx and .csv hotline exports are accepted (by content; a CSV file must be named .csv)',
  );
}

const unsupported = (message: string) => new DomainException(ErrorCode.UnsupportedMediaType, message);

export interface TableRow {
  /** the row's number as a spreadsheet shows it (1-based, header included) */
  rowNumber: number;
  /** cells by 0-based column, as exceljs or csv-parse give them */
  cells: unknown[];
}

export interface Table {
  /** header texts (null without a header row) */
  header: string[] | null;
  columns: ResolvedColumns;
  /** the data rows after the header, blank rows skipped, read as they are consumed */
  rows: AsyncGenerator<TableRow>;
  /** stops reading (the file handle is released); safe to call twice */
  close(): Promise<void>;
}

/**
 * Opens an import file as a table: reads up to the header row, resolves the mapping's
 * columns (400 on unknown names) and hands over the remaining rows as a stream. Only the
 * current rows are held in memory, whatever the file's size.
 */
export async function openTable(path: string, format: ImportFormat, mapping: HotlineMapping): Promise<Table> {
  const raw = format === 'xlsx' ? xlsxRows(path, mapping.sheet) : await csvRows(path, mapping);
  let header: string[] | null = null;
  let pending: TableRow | null = null;
  try {
    if (mapping.headerRow > 0) {
      for (;;) {
        const next = await raw.next();
        if (next.done) break;
        if (next.value.rowNumber < mapping.headerRow) continue;
        if (next.value.rowNumber === mapping.headerRow) header = next.value.cells.map(cellText);
        // A spreadsheet leaves blank rows out: the header row may be missing, and this is data.
        else pending = next.value;
        break;
      }
    }
    const columns = resolveColumns(mapping, header);
    const rows = dataRows(raw, pending);
    return { header, columns, rows, close: async () => void (await rows.return(undefined)) };
  } catch (err) {
    await raw.return(undefined);
    throw err;
  }
}

async function* dataRows(raw: AsyncGenerator<TableRow>, first: TableRow | null): AsyncGenerator<TableRow> {
  try {
    if (first && !isBlankRow(first.cells)) yield first;
    for await (const row of raw) if (!isBlankRow(row.cells)) yield row;
  } finally {
    await raw.return(undefined);
  }
}

/** How many data rows the file has (a quick pass, for the progress percentage). */
export async function countRows(path: string, format: ImportFormat, mapping: HotlineMapping): Promise<number> {
  const table = await openTable(path, format, mapping);
  let n = 0;
  try {
    for await (const _row of table.rows) n++;
  } finally {
    await table.close();
  }
  return n;
}

// ---------------------------------------------------------------------------------------
// xlsx

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

/**
 * exceljs's streaming reader: shared strings are cached (they are referenced from any
 * row), rows are parsed as the zip entry is read, and styles are kept so that date cells
 * arrive as dates.
 */
async function* xlsxRows(path: string, wanted: string | number | null): AsyncGenerator<TableRow> {
  const stream = await zipInReadingOrder(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const seen: string[] = [];
  try {
    let position = 0;
    for await (const sheet of reader as unknown as AsyncIterable<SheetReader>) {
      position++;
      seen.push(sheet.name);
      const order = sheetOrder(reader);
      const index = order ? order.indexOf(sheet.name) + 1 : position;
      const matches =
        wanted === null
          ? index === 1 || (order === null && position === 1)
          : typeof wanted === 'number'
            ? index === wanted
            : sheet.name.trim() === wanted;
      if (!matches) continue;
      for await (const row of sheet) {
        const values = row.values as unknown[];
        yield { rowNumber: row.number, cells: Array.isArray(values) ? values.slice(1) : [] };
      }
      return;
    }
  } catch (err) {
    if (err instanceof DomainException) throw err;
    throw new ImportFailure(`The workbook could not be read: ${(err as Error).message}`);
  } finally {
    stream.destroy();
  }
  const which = wanted === null ? 'the first sheet' : `sheet "${wanted}"`;
  throw new DomainException(ErrorCode.ValidationFailed, `The workbook has no ${which}`, [
    { field: 'mapping.sheet', problem: `no ${which}; the workbook's sheets: ${seen.join(', ') || 'none'}` },
  ]);
}

/**
 * The workbook's zip entries with the sheets last. Excel writes the sheets before the shared
 * strings; exceljs's streaming reader, meeting a sheet it cannot interpret yet, copies it to
 * a temporary file and parses it at the end — a file it removes only if the reader runs to
 * the end, so every early stop (the header check of an upload, an interrupted import) would
 * leave one behind in a long-running process. The file is on disk, so its central directory
 * says where each entry is: the same bytes are streamed in an order exceljs can parse as
 * they come, without temporary files. Anything unusual (ZIP64, a damaged directory) falls
 * back to the file as it is.
 */
export async function zipInReadingOrder(path: string): Promise<Readable> {
  const order = await zipEntryRanges(path).catch(() => null);
  if (!order) return createReadStream(path);
  return Readable.from(
    (async function* () {
      for (const [start, end] of order) {
        if (end > start) yield* createReadStream(path, { start, end: end - 1 });
      }
    })(),
    { objectMode: false },
  );
}

const SHEET_ENTRY = /^xl\/worksheets\/sheet\d+\.xml$/;

/** Byte ranges of the local entries (non-sheets first, then sheets), then the central directory. */
async function zipEntryRanges(path: string): Promise<[number, number][] | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) return null;
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > size) return null;
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const entries: { name: string; offset: number }[] = [];
    for (let at = 0, i = 0; i < count; i++) {
      if (cd.readUInt32LE(at) !== 0x02014b50) return null;
      const nameLength = cd.readUInt16LE(at + 28);
      const extraLength = cd.readUInt16LE(at + 30);
      const commentLength = cd.readUInt16LE(at + 32);
      const offset = cd.readUInt32LE(at + 42);
      if (offset >= cdOffset) return null;
      entries.push({ name: cd.toString('utf8', at + 46, at + 46 + nameLength), offset });
      at += 46 + nameLength + extraLength + commentLength;
    }
    entries.sort((a, b) => a.offset - b.offset);
    const ranged = entries.map((e, i) => ({ ...e, end: entries[i + 1]?.offset ?? cdOffset }));
    const ranges = [
      ...ranged.filter((e) => !SHEET_ENTRY.test(e.name)),
      ...ranged.filter((e) => SHEET_ENTRY.test(e.name)),
    ].map((e): [number, number] => [e.offset, e.end]);
    return [...ranges, [cdOffset, size]];
  } finally {
    await handle.close();
  }
}

/** The sheets' names in tab order (workbook.xml), when the reader has seen it. */
function sheetOrder(reader: unknown): string[] | null {
  const sheets = (reader as { model?: { sheets?: { name: string }[] } }).model?.sheets;
  return sheets?.length ? sheets.map((s) => s.name) : null;
}

// ---------------------------------------------------------------------------------------
// csv

/**
 * csv-parse over a decoding stream. The encoding comes from the BOM, else UTF-8 when the
 * first 64 KB are valid UTF-8, else GB18030 (what Chinese Excel and most hotline systems
 * write); the delimiter from the first line unless the mapping names one. Each record is
 * one spreadsheet row (quoted line breaks included), so row numbers match what Excel shows.
 */
async function csvRows(path: string, mapping: HotlineMapping): Promise<AsyncGenerator<TableRow>> {
  const head = await readHead(path, SNIFF_BYTES);
  const encoding = mapping.encoding === 'auto' ? sniffEncoding(head) : mapping.encoding;
  const delimiter = mapping.delimiter ?? sniffDelimiter(new TextDecoder(encoding).decode(head));
  return (async function* () {
    const file = createReadStream(path);
    const parser = file.pipe(decoder(encoding)).pipe(
      parseCsv({
        bom: true,
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        max_record_size: MAX_CSV_RECORD_BYTES,
      }),
    );
    let rowNumber = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        yield { rowNumber: ++rowNumber, cells: record };
      }
    } catch (err) {
      throw new ImportFailure(`The CSV file could not be read after row ${rowNumber}: ${(err as Error).message}`);
    } finally {
      file.destroy();
      (parser as Readable).destroy();
    }
  })();
}

export function sniffEncoding(head: Uint8Array): 'utf-8' | 'utf-16le' | 'gb18030' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  try {
    // stream: a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * The candidate that occurs most often outside quotes in the first lines (a title row above
 * the headers has none); "," on a tie.
 */
export function sniffDelimiter(text: string, lines = 10): string {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  let seen = 0;
  for (const ch of text.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n' && ++seen >= lines) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

function decoder(encoding: string): Transform {
  const text = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, text.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, text.decode());
    },
  });
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
