import { DomainException, ErrorCode, type ErrorDetail } from '@gridflow/domain';

/**
 * The column mapping of a hotline (12345) export: which source column holds which field,
 * plus how to read the file. Stored with the import (hotline_import.mapping, normalised).
 *
 * ```json
 * { "columns": { "externalId": "工单编号", "time": "来电时间", "category": "诉求分类",
 *                "description": "诉求内容", "address": "事发地址", "lngLat": "坐标",
 *                "callerPhone": "来电号码", "callerName": "来电人" },
 *   "categoryMap": { "噪音扰民": "B01" }, "fallbackItemCode": "E01", "gridCode": null }
 * ```
 */
export const MAPPED_FIELDS = [
  'externalId',
  'time',
  'itemCode',
  'category',
  'description',
  'address',
  'lng',
  'lat',
  'lngLat',
  'callerPhone',
  'callerName',
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

export const COORDINATE_SYSTEMS = ['wgs84', 'gcj02', 'bd09'] as const;
export type CoordinateSystem = (typeof COORDINATE_SYSTEMS)[number];

export const CSV_ENCODINGS = ['auto', 'utf-8', 'gb18030', 'utf-16le'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

export interface HotlineMapping {
  /** source column per field: its header text, or its letter (`A`, `AB`) */
  columns: Partial<Record<MappedField, string>> & { externalId: string; description: string };
  /** free-text category (trimmed) → catalogue item code */
  categoryMap: Record<string, string>;
  /** the item for rows whose category is not in categoryMap (null: such rows fail) */
  fallbackItemCode: string | null;
  /** the grid of rows without coordinates (null: such rows fail) */
  gridCode: string | null;
  /** xlsx: the sheet's name or 1-based position (null: the first sheet) */
  sheet: string | number | null;
  /** 1-based row of the headers; 0 = no header row (columns by letter only) */
  headerRow: number;
  /** IANA zone of times written without an offset */
  timezone: string;
  /** datum of the coordinates: WGS-84 (GPS), GCJ-02 (高德/腾讯) or BD-09 (百度); stored as WGS-84 */
  coordinateSystem: CoordinateSystem;
  /** csv only: field delimiter (null: detected from the first line) */
  delimiter: string | null;
  /** csv only: text encoding (auto: BOM, else UTF-8 if valid, else GB18030) */
  encoding: CsvEncoding;
}

const TOP_LEVEL_KEYS = [
  'columns',
  'categoryMap',
  'fallbackItemCode',
  'gridCode',
  'sheet',
  'headerRow',
  'skipRows',
  'timezone',
  'coordinateSystem',
  'delimiter',
  'encoding',
] as const;

export const ITEM_CODE = /^[A-Z]\d{2,4}$/;
const GRID_CODE = /^\d{15}$/;
const COLUMN_LETTERS = /^[A-Z]{1,3}$/;
const MAX_CATEGORY_MAP = 2000;
const MAX_HEADER_ROW = 1000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A mapping as it arrives: a JSON string (multipart field) or an already parsed object (CLI). */
export function parseMappingJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw mappingError([{ field: 'mapping', problem: `not valid JSON (${(err as Error).message})` }]);
  }
}

/**
 * Checks a mapping and fills in the defaults; every problem is listed at once in a 400
 * VALIDATION_FAILED (`details[].field` is the JSON path, e.g. `mapping.columns.externalId`).
 * Whether the named columns exist is checked against the file's header row (resolveColumns).
 */
export function validateMapping(raw: unknown): HotlineMapping {
  const problems: ErrorDetail[] = [];
  const add = (field: string, problem: string) => problems.push({ field: `mapping${field}`, problem });
  if (!isObject(raw)) throw mappingError([{ field: 'mapping', problem: 'must be a JSON object' }]);

  for (const key of Object.keys(raw)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) add(`.${key}`, 'unknown key');
  }

  const columns: Partial<Record<MappedField, string>> = {};
  if (!isObject(raw.columns)) {
    add('.columns', 'required: an object naming the source column of each field');
  } else {
    for (const [key, value] of Object.entries(raw.columns)) {
      if (!(MAPPED_FIELDS as readonly string[]).includes(key)) {
        add(`.columns.${key}`, `unknown field (fields: ${MAPPED_FIELDS.join(', ')})`);
      } else if (value === null || value === undefined) {
        continue;
      } else if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
        add(`.columns.${key}`, 'must be a header text or a column letter (1–200 characters)');
      } else {
        columns[key as MappedField] = value.trim();
      }
    }
    if (!columns.externalId) add('.columns.externalId', 'required: the column with the hotline record number');
    if (!columns.description) add('.columns.description', 'required: the column with the request text');
    if (columns.lngLat && (columns.lng || columns.lat)) {
      add('.columns.lngLat', 'give either lngLat (one "lng,lat" column) or lng and lat, not both');
    } else if (!!columns.lng !== !!columns.lat) {
      add(columns.lng ? '.columns.lat' : '.columns.lng', 'lng and lat come together');
    }
  }

  const categoryMap: Record<string, string> = {};
  if (raw.categoryMap !== undefined && raw.categoryMap !== null) {
    if (!isObject(raw.categoryMap)) {
      add('.categoryMap', 'must be an object of category text → item code');
    } else {
      const entries = Object.entries(raw.categoryMap);
      if (entries.length > MAX_CATEGORY_MAP) add('.categoryMap', `at most ${MAX_CATEGORY_MAP} entries`);
      for (const [text, code] of entries) {
        const key = normaliseCategory(text);
        if (!key) add('.categoryMap', 'a category text is empty');
        else if (typeof code !== 'string' || !ITEM_CODE.test(code)) {
          add(`.categoryMap.${text}`, 'must be a catalogue item code such as B01');
        } else categoryMap[key] = code;
      }
      if (entries.length > 0 && isObject(raw.columns) && !columns.category) {
        add('.categoryMap', 'needs columns.category (the column it translates)');
      }
    }
  }

  const fallbackItemCode = optionalString(raw.fallbackItemCode);
  if (fallbackItemCode !== null && !ITEM_CODE.test(fallbackItemCode)) {
    add('.fallbackItemCode', 'must be a catalogue item code such as E01');
  }
  if (isObject(raw.columns) && !columns.itemCode && !columns.category && fallbackItemCode === null) {
    add('.columns.itemCode', 'map columns.itemCode or columns.category, or set fallbackItemCode');
  }

  const gridCode = optionalString(raw.gridCode);
  if (gridCode !== null && !GRID_CODE.test(gridCode)) add('.gridCode', 'must be a grid code of 15 digits');
  if (isObject(raw.columns) && !columns.lng && !columns.lngLat && !columns.address && gridCode === null) {
    add(
      '.columns.lngLat',
      'map the coordinates (lngLat, or lng and lat) or the address, or choose a gridCode for the rows',
    );
  }

  let sheet: string | number | null = null;
  if (raw.sheet !== undefined && raw.sheet !== null) {
    if (typeof raw.sheet === 'number' && Number.isInteger(raw.sheet) && raw.sheet >= 1 && raw.sheet <= 1000) {
      sheet = raw.sheet;
    } else if (typeof raw.sheet === 'string' && raw.sheet.trim() !== '' && raw.sheet.length <= 100) {
      sheet = raw.sheet.trim();
    } else add('.sheet', 'must be a sheet name or its 1-based position');
  }

  let headerRow = 1;
  const isRowNumber = (v: unknown, min: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= MAX_HEADER_ROW;
  if (raw.headerRow !== undefined && raw.skipRows !== undefined) {
    add('.skipRows', 'give headerRow or skipRows, not both');
  } else if (raw.headerRow !== undefined) {
    if (isRowNumber(raw.headerRow, 0)) headerRow = raw.headerRow as number;
    else add('.headerRow', `must be a row number 0–${MAX_HEADER_ROW} (0: no header row)`);
  } else if (raw.skipRows !== undefined) {
    if (isRowNumber(raw.skipRows, 0)) headerRow = (raw.skipRows as number) + 1;
    else add('.skipRows', `must be a number of rows 0–${MAX_HEADER_ROW}`);
  }
  if (headerRow === 0) {
    for (const [field, ref] of Object.entries(columns)) {
      if (!COLUMN_LETTERS.test(ref)) add(`.columns.${field}`, 'without a header row, columns are named by letter');
    }
  }

  const timezone = optionalString(raw.timezone) ?? 'Asia/Shanghai';
  if (!isTimeZone(timezone)) add('.timezone', 'must be an IANA time zone such as Asia/Shanghai');

  const coordinateSystem = (optionalString(raw.coordinateSystem) ?? 'wgs84').toLowerCase();
  if (!(COORDINATE_SYSTEMS as readonly string[]).includes(coordinateSystem)) {
    add('.coordinateSystem', `must be one of ${COORDINATE_SYSTEMS.join(', ')}`);
  }

  let delimiter: string | null = null;
  if (raw.delimiter !== undefined && raw.delimiter !== null && raw.delimiter !== 'auto') {
    if (typeof raw.delimiter === 'string' && (CSV_DELIMITERS as readonly string[]).includes(raw.delimiter)) {
      delimiter = raw.delimiter;
    } else add('.delimiter', 'must be one of "," ";" "\\t" "|" or "auto"');
  }

  const encoding = (optionalString(raw.encoding) ?? 'auto').toLowerCase().replace(/^utf8$/, 'utf-8');
  if (!(CSV_ENCODINGS as readonly string[]).includes(encoding)) {
    add('.encoding', `must be one of ${CSV_ENCODINGS.join(', ')}`);
  }

  if (problems.length > 0) throw mappingError(problems);
  return {
    columns: columns as HotlineMapping['columns'],
    categoryMap,
    fallbackItemCode,
    gridCode,
    sheet,
    headerRow,
    timezone,
    coordinateSystem: coordinateSystem as CoordinateSystem,
    delimiter,
    encoding: encoding as CsvEncoding,
  };
}

/** Source column (0-based) of each mapped field. */
export type ResolvedColumns = Partial<Record<MappedField, number>>;

/**
 * Finds each mapped column in the header row: by its header text (trimmed, inner spaces
 * collapsed) first, then as a column letter. `header` is null when the file has no
 * header row. Unknown or ambiguous names answer 400 with the headers that do exist.
 */
export function resolveColumns(mapping: HotlineMapping, header: readonly string[] | null): ResolvedColumns {
  const problems: ErrorDetail[] = [];
  const resolved: ResolvedColumns = {};
  const names = (header ?? []).map(normaliseHeader);
  for (const [field, ref] of Object.entries(mapping.columns) as [MappedField, string][]) {
    const wanted = normaliseHeader(ref);
    const first = names.indexOf(wanted);
    if (first >= 0) {
      if (names.indexOf(wanted, first + 1) >= 0) {
        problems.push({
          field: `mapping.columns.${field}`,
          problem: `"${ref}" is the header of more than one column; name the column by its letter`,
        });
      }
      resolved[field] = first;
    } else if (COLUMN_LETTERS.test(ref)) {
      resolved[field] = columnIndex(ref);
    } else {
      const existing = names.filter((n) => n !== '');
      problems.push({
        field: `mapping.columns.${field}`,
        problem:
          header === null || existing.length === 0
            ? `no column "${ref}": row ${mapping.headerRow} has no headers`
            : `no column "${ref}" in the header row (row ${mapping.headerRow}: ${existing.slice(0, 30).join(', ')})`,
      });
    }
  }
  if (problems.length > 0) throw mappingError(problems, 'The mapping names columns the file does not have');
  return resolved;
}

/** `A` → 0, `Z` → 25, `AA` → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0 → `A`, 26 → `AA`. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const normaliseHeader = (text: string) => text.replace(/\s+/g, ' ').trim();
export const normaliseCategory = (text: string) => text.replace(/\s+/g, ' ').trim();

function optionalString(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v.trim() || null : String(v);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function mappingError(details: ErrorDetail[], message = 'Invalid mapping') {
  return new DomainException(ErrorCode.ValidationFailed, message, details);
}
