import { toWgs84 } from './coordinates.js';
import { type HotlineMapping, normaliseCategory, type ResolvedColumns } from './mapping.js';

/**
 * Why a row was not imported. WARNING: persisted (hotline_import_row_error.code) and shown
 * in reports: add codes, never rename one.
 */
export enum RowErrorCode {
  MissingExternalId = 'MISSING_EXTERNAL_ID',
  BadExternalId = 'BAD_EXTERNAL_ID',
  MissingDescription = 'MISSING_DESCRIPTION',
  MissingItem = 'MISSING_ITEM',
  UnmappedCategory = 'UNMAPPED_CATEGORY',
  ItemNotAdmitted = 'ITEM_NOT_ADMITTED',
  BadTime = 'BAD_TIME',
  BadCoordinates = 'BAD_COORDINATES',
  NoLocation = 'NO_LOCATION',
  BadPhone = 'BAD_PHONE',
  OutsideAllGrids = 'OUTSIDE_ALL_GRIDS',
  OutsideScope = 'OUTSIDE_SCOPE',
  InvalidData = 'INVALID_DATA',
  CellTooLong = 'CELL_TOO_LONG',
}

/** The report's Chinese label of each reason (错误类型). */
export const ROW_ERROR_LABELS: Record<RowErrorCode, string> = {
  [RowErrorCode.MissingExternalId]: '缺少外部编号',
  [RowErrorCode.BadExternalId]: '外部编号无效',
  [RowErrorCode.MissingDescription]: '缺少诉求内容',
  [RowErrorCode.MissingItem]: '缺少事项',
  [RowErrorCode.UnmappedCategory]: '分类未对应事项',
  [RowErrorCode.ItemNotAdmitted]: '事项未准入',
  [RowErrorCode.BadTime]: '时间无效',
  [RowErrorCode.BadCoordinates]: '坐标无效',
  [RowErrorCode.NoLocation]: '无坐标且未指定网格',
  [RowErrorCode.BadPhone]: '电话号码无效',
  [RowErrorCode.OutsideAllGrids]: '不在任何网格内',
  [RowErrorCode.OutsideScope]: '超出权限范围',
  [RowErrorCode.InvalidData]: '数据无效',
  [RowErrorCode.CellTooLong]: '单元格内容过长',
};

/**
 * No cell of a hotline row is longer (descriptions are cut to MAX_DESCRIPTION anyway): a
 * longer one fails its row before any pattern reads it, so no cell can stall the worker.
 */
export const MAX_CELL = 8000;

export const MAX_EXTERNAL_ID = 100;
export const MAX_DESCRIPTION = 2000;
export const MAX_ADDRESS = 200;
export const MAX_CALLER_NAME = 50;

/** What a good row files: the TicketsService.file input, with the hotline's own time beside it. */
export interface ParsedTicket {
  itemCode: string;
  description: string;
  gridCode?: string;
  /** a point (with its address), or only an address (placed by the address register, or unlocated) */
  location?: { lng?: number; lat?: number; address?: string };
  reporter?: { name?: string; phone?: string };
}

export type ParsedRow =
  | { ok: true; externalId: string; reportedAt: Date | null; ticket: ParsedTicket }
  | { ok: false; externalId: string | null; code: RowErrorCode; reason: string };

class RowError extends Error {
  constructor(
    readonly code: RowErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One data row (cells by 0-based column) → the ticket to file, or why not. */
export function parseRow(
  cells: readonly unknown[],
  columns: ResolvedColumns,
  mapping: HotlineMapping,
  now: Date = new Date(),
): ParsedRow {
  const cell = (field: keyof ResolvedColumns) => {
    const i = columns[field];
    return i === undefined ? undefined : cells[i];
  };
  const text = (field: keyof ResolvedColumns) => cellText(cell(field));

  const tooLong = cells.findIndex((c) => cellText(c).length > MAX_CELL);
  if (tooLong >= 0) {
    const id = externalIdOf(cell('externalId'));
    return {
      ok: false,
      externalId: id && id.length <= MAX_EXTERNAL_ID ? id : null,
      code: RowErrorCode.CellTooLong,
      reason: `column ${tooLong + 1} holds more than ${MAX_CELL} characters`,
    };
  }
  const externalId = externalIdOf(cell('externalId'));
  const fail = (code: RowErrorCode, reason: string): ParsedRow => ({ ok: false, externalId, code, reason });
  if (!externalId) return fail(RowErrorCode.MissingExternalId, 'the external id (record number) is empty');
  if (externalId.length > MAX_EXTERNAL_ID) {
    return fail(RowErrorCode.BadExternalId, `the external id is longer than ${MAX_EXTERNAL_ID} characters`);
  }
  try {
    let description = text('description');
    if (!description) throw new RowError(RowErrorCode.MissingDescription, 'the description is empty');
    const itemCode = itemOf(text('itemCode'), text('category'), mapping);
    const reportedAt = columns.time === undefined ? null : parseTime(cell('time'), mapping.timezone, now);
    const point = pointOf(cell, columns, mapping);
    const address = text('address').slice(0, MAX_ADDRESS) || undefined;
    if (!point && !mapping.gridCode && !address) {
      throw new RowError(
        RowErrorCode.NoLocation,
        'no coordinates and no address, and the import has no gridCode for such rows',
      );
    }
    // Without coordinates, in the import's grid: the address is kept with the text.
    if (!point && mapping.gridCode && address) description = `${description}\n（地址：${address}）`;
    if (description.length > MAX_DESCRIPTION) description = `${description.slice(0, MAX_DESCRIPTION - 1)}…`;
    const phone = columns.callerPhone === undefined ? null : parsePhone(cell('callerPhone'));
    const name = text('callerName').slice(0, MAX_CALLER_NAME) || undefined;
    const ticket: ParsedTicket = {
      itemCode,
      description,
      // a point; or the import's grid; or only an address: the register places it, or it waits unlocated
      ...(point
        ? { location: { ...point, ...(address ? { address } : {}) } }
        : mapping.gridCode
          ? { gridCode: mapping.gridCode }
          : { location: { address: address! } }),
      ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
    };
    return { ok: true, externalId, reportedAt, ticket };
  } catch (err) {
    if (err instanceof RowError) return fail(err.code, err.message);
    throw err;
  }
}

/** Whether a row has nothing in it (skipped, not counted). */
export function isBlankRow(cells: readonly unknown[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/**
 * The text of a cell as exceljs or csv-parse hand it over: strings, numbers, booleans,
 * dates, rich text, hyperlinks, formula results.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText))
      return v.richText
        .map((r) => r.text ?? '')
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return '';
  }
  return String(value).trim();
}

/** Whole numbers without exponent or ".0" (Excel stores long record numbers as numbers). */
function numberText(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(n);
}

function externalIdOf(value: unknown): string | null {
  const t = cellText(value instanceof Date ? null : value);
  return t === '' ? null : t;
}

function itemOf(itemCodeText: string, categoryText: string, mapping: HotlineMapping): string {
  if (itemCodeText) return itemCodeText.toUpperCase();
  const category = normaliseCategory(categoryText);
  if (category) {
    const mapped = mapping.categoryMap[category];
    if (mapped) return mapped;
    if (mapping.fallbackItemCode) return mapping.fallbackItemCode;
    throw new RowError(
      RowErrorCode.UnmappedCategory,
      `the category "${category.slice(0, 50)}" is not in categoryMap and the import has no fallbackItemCode`,
    );
  }
  if (mapping.fallbackItemCode) return mapping.fallbackItemCode;
  throw new RowError(RowErrorCode.MissingItem, 'no item code or category, and the import has no fallbackItemCode');
}

// ---------------------------------------------------------------------------------------
// Times

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const EARLIEST = Date.UTC(1990, 0, 1);
const FUTURE_TOLERANCE_MS = DAY_MS;

const ZONED = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2})(\d{2})(\d{2})?)?$/;
/** 20260301, 202603010830, 20260301083000 stored as numbers: digits, not a serial or an epoch. */
const COMPACT_NUMBER = /^(19|20)\d{6}(\d{4}(\d{2})?)?$/;

/** No time is longer (`2026年03月01日 08时30分00.000秒` is 29). */
const MAX_TIME_TEXT = 64;

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isSpace = (c: string | undefined) => c !== undefined && c.trim() === '';

/**
 * The naive forms (`2026-03-01 08:30`, `2026/3/1 8:30:00`, `2026年3月1日 8时30分`, `2026-03-01T08:30`)
 * read left to right in one pass — a regular expression for them backtracks quadratically on
 * runs of spaces. Shaped like RegExp.exec: [text, y, mo, d, h?, mi?, s?], or null.
 */
export function scanNaiveTime(t: string): (string | undefined)[] | null {
  let i = 0;
  const spaces = () => {
    const start = i;
    while (isSpace(t[i])) i++;
    return i - start;
  };
  const digits = (min: number, max: number): string | null => {
    const start = i;
    while (i - start < max && isDigit(t[i])) i++;
    return i - start < min ? null : t.slice(start, i);
  };
  const oneOf = (chars: string) => {
    if (t[i] === undefined || !chars.includes(t[i])) return false;
    i++;
    return true;
  };
  const y = digits(4, 4);
  if (y === null || isDigit(t[i])) return null;
  spaces();
  if (!oneOf('-/.年')) return null;
  spaces();
  const mo = digits(1, 2);
  if (mo === null) return null;
  spaces();
  if (!oneOf('-/.月')) return null;
  spaces();
  const d = digits(1, 2);
  if (d === null) return null;
  // The date may end here; a time is parted from it by 日, spaces or a T (with spaces around).
  let parted = spaces() > 0;
  if (oneOf('日')) parted = true;
  if (i === t.length) return [t, y, mo, d, undefined, undefined, undefined];
  if (spaces() > 0) parted = true;
  if (oneOf('T')) {
    parted = true;
    spaces();
  }
  if (!parted) return null;
  const h = digits(1, 2);
  if (h === null) return null;
  spaces();
  if (!oneOf(':：时')) return null;
  spaces();
  const mi = digits(1, 2);
  if (mi === null) return null;
  let sec: string | undefined;
  const afterMinutes = i;
  spaces();
  if (oneOf(':：分')) {
    spaces();
    const s = digits(1, 2);
    if (s === null) {
      i = afterMinutes;
    } else {
      sec = s;
      if (t[i] === '.' && isDigit(t[i + 1])) {
        i++;
        while (isDigit(t[i])) i++;
      }
    }
  } else {
    i = afterMinutes;
  }
  spaces();
  oneOf('分秒');
  return i === t.length ? [t, y, mo, d, h, mi, sec] : null;
}

/**
 * A hotline time → an instant. Accepts Excel date cells and serial numbers, ISO times with
 * an offset, and the naive forms hotline systems write (`2026-03-01 08:30`, `2026/3/1
 * 8:30:00`, `2026年3月1日 8时30分`, `20260301083000`), read in `timezone`. Empty → null.
 * Impossible dates, times before 1990 or more than a day ahead fail the row.
 */
export function parseTime(value: unknown, timezone: string, now: Date = new Date()): Date | null {
  let at: number;
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  if (value instanceof Date) {
    // exceljs hands over a date cell's wall-clock time in the UTC fields.
    if (Number.isNaN(value.getTime())) throw badTime(value);
    at = wallClockToInstant(
      value.getUTCFullYear(),
      value.getUTCMonth() + 1,
      value.getUTCDate(),
      value.getUTCHours(),
      value.getUTCMinutes(),
      value.getUTCSeconds(),
      timezone,
    );
  } else if (typeof value === 'number' && !COMPACT_NUMBER.test(numberText(value))) {
    at = numberTime(value, timezone);
  } else {
    const raw = cellText(value);
    if (raw.length > MAX_TIME_TEXT) throw badTime(raw);
    const t = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
    const zoned = ZONED.exec(t);
    const naive = zoned ? null : (scanNaiveTime(t) ?? COMPACT.exec(t));
    if (zoned) {
      at = Date.parse(`${t.slice(0, 10)}T${t.slice(11).replace(/\s+/g, '')}`.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      checkParts(t, +zoned[1], +zoned[2], +zoned[3], +zoned[4], +zoned[5], +(zoned[6] ?? 0));
    } else if (naive) {
      const [y, mo, d, h, mi, s] = naive.slice(1, 7).map((p) => (p === undefined || p === null ? 0 : Number(p)));
      checkParts(t, y, mo, d, h, mi, s);
      at = wallClockToInstant(y, mo, d, h, mi, s, timezone);
    } else if (/^\d+(\.\d+)?$/.test(t)) {
      at = numberTime(Number(t), timezone);
    } else {
      throw badTime(t);
    }
  }
  if (!Number.isFinite(at)) throw badTime(value);
  if (at < EARLIEST) throw new RowError(RowErrorCode.BadTime, `the time ${new Date(at).toISOString()} is before 1990`);
  if (at > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw new RowError(RowErrorCode.BadTime, `the time ${new Date(at).toISOString()} is in the future`);
  }
  return new Date(at);
}

/** Unix seconds or milliseconds (absolute), or an Excel serial day number (wall clock). */
function numberTime(n: number, timezone: string): number {
  if (n >= 1e12) return n;
  if (n >= 1e9) return n * 1000;
  if (n > 0 && n < 2_958_466) {
    const wall = new Date(Math.round(EXCEL_EPOCH_MS + n * DAY_MS));
    return wallClockToInstant(
      wall.getUTCFullYear(),
      wall.getUTCMonth() + 1,
      wall.getUTCDate(),
      wall.getUTCHours(),
      wall.getUTCMinutes(),
      wall.getUTCSeconds(),
      timezone,
    );
  }
  throw badTime(n);
}

function checkParts(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number) {
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) {
    throw new RowError(RowErrorCode.BadTime, `"${text.slice(0, 40)}" is not a valid date and time`);
  }
}

const badTime = (value: unknown) =>
  new RowError(
    RowErrorCode.BadTime,
    `"${cellText(value).slice(0, 40)}" is not a time (expected e.g. 2026-03-01 08:30 or an Excel date)`,
  );

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The UTC instant of a wall-clock time in an IANA zone (DST gaps resolve forward). */
export function wallClockToInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string) {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = guess - zoneOffsetMs(guess, zone);
  const second = guess - zoneOffsetMs(first, zone);
  return second;
}

function zoneOffsetMs(instant: number, zone: string): number {
  if (zone === 'Asia/Shanghai') return 8 * 3_600_000; // no DST since 1991
  let fmt = zoneFormats.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(zone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

// ---------------------------------------------------------------------------------------
// Coordinates

const NUMBER = /^[+-]?\d{1,3}(\.\d+)?$/;

/**
 * The row's point as WGS-84, or null when it has none (empty cells, or 0,0 which exports
 * write for "unknown"). Malformed or out-of-range values fail the row.
 */
export function parsePoint(
  lngValue: unknown,
  latValue: unknown,
  system: HotlineMapping['coordinateSystem'] = 'wgs84',
): { lng: number; lat: number } | null {
  const lngText = cellText(lngValue);
  const latText = cellText(latValue);
  if (!lngText && !latText) return null;
  if (!lngText || !latText) {
    throw new RowError(RowErrorCode.BadCoordinates, 'only one of longitude and latitude is given');
  }
  if (!NUMBER.test(lngText) || !NUMBER.test(latText)) {
    throw new RowError(
      RowErrorCode.BadCoordinates,
      `"${lngText.slice(0, 30)}, ${latText.slice(0, 30)}" are not numbers`,
    );
  }
  const lng = Number(lngText);
  const lat = Number(latText);
  if (lng === 0 && lat === 0) return null;
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    throw new RowError(RowErrorCode.BadCoordinates, `${lng}, ${lat} is outside the longitude/latitude ranges`);
  }
  return toWgs84(system, lng, lat);
}

const MAX_LNG_LAT_TEXT = 100;

/** One "lng,lat" cell (also `lng，lat`, `lng lat`, `lng;lat`). */
export function parseLngLat(value: unknown, system: HotlineMapping['coordinateSystem'] = 'wgs84') {
  const t = cellText(value);
  if (!t) return null;
  if (t.length > MAX_LNG_LAT_TEXT) throw new RowError(RowErrorCode.BadCoordinates, `"${t.slice(0, 40)}…" is too long`);
  const parts = t.split(/[\s,，;；]+/).filter((p) => p !== '');
  if (parts.length !== 2) {
    throw new RowError(RowErrorCode.BadCoordinates, `"${t.slice(0, 40)}" is not "longitude,latitude"`);
  }
  return parsePoint(parts[0], parts[1], system);
}

function pointOf(
  cell: (field: keyof ResolvedColumns) => unknown,
  columns: ResolvedColumns,
  mapping: HotlineMapping,
): { lng: number; lat: number } | null {
  if (columns.lngLat !== undefined) return parseLngLat(cell('lngLat'), mapping.coordinateSystem);
  if (columns.lng !== undefined) return parsePoint(cell('lng'), cell('lat'), mapping.coordinateSystem);
  return null;
}

// ---------------------------------------------------------------------------------------
// Phones

const MAX_PHONE_TEXT = 40;
const MOBILE = /^1\d{10}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/**
 * A caller's phone as the ticket stores it: a mainland mobile (11 digits from 1) or a
 * landline with its area code — the same rule as the API's. Spaces, dashes, brackets and
 * a +86/0086 prefix are dropped; a landline stored as an Excel number gets its leading 0
 * back. A masked number (`138****5678`, as many exports write it) is no number: null.
 * Anything else fails the row.
 */
export function parsePhone(value: unknown): string | null {
  if (typeof value === 'number') {
    const digits = numberText(value);
    if (MOBILE.test(digits)) return digits;
    if (LANDLINE.test(`0${digits}`)) return `0${digits}`;
    throw badPhone(digits);
  }
  const t = cellText(value);
  if (!t) return null;
  if (t.length > MAX_PHONE_TEXT) throw badPhone(t);
  if (t.includes('*')) return null;
  if (LANDLINE.test(t)) return t;
  const compact = t.replace(/[\s()（）\-—–]/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
  if (MOBILE.test(compact) || LANDLINE.test(compact)) return compact;
  throw badPhone(t);
}

const badPhone = (t: string) =>
  new RowError(RowErrorCode.BadPhone, `"${t.slice(0, 30)}" is not a mobile or landline number`);
