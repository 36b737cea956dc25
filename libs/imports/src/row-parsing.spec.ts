import { gcj02ToBd09, gcj02ToWgs84, toWgs84, wgs84ToGcj02 } from './coordinates.js';
import { validateMapping } from './mapping.js';
import {
  cellText,
  isBlankRow,
  parseLngLat,
  parsePhone,
  parsePoint,
  parseRow,
  parseTime,
  RowErrorCode,
  wallClockToInstant,
} from './row-parsing.js';
import { sniffDelimiter, sniffEncoding } from './table-reader.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const SH = 'Asia/Shanghai';
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The RowError a parse throws: its code (the message is checked where it matters). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  throw new Error('expected a row error');
}

describe('times', () => {
  it('reads naive hotline forms in the import time zone', () => {
    for (const text of [
      '2026-03-01 08:30',
      '2026-03-01 08:30:00',
      '2026-03-01T08:30:00',
      '2026/3/1 8:30',
      '2026.03.01 08:30:00.000',
      '2026年3月1日 8时30分',
      '2026年3月1日8时30分0秒',
      '2026年03月01日 08:30',
      '202603010830',
      '20260301083000',
      '２０２６-０３-０１ ０８:３０',
    ]) {
      expect({ text, at: iso(parseTime(text, SH, NOW)) }).toEqual({ text, at: '2026-03-01T00:30:00.000Z' });
    }
    expect(iso(parseTime('2026-03-01', SH, NOW))).toBe('2026-02-28T16:00:00.000Z');
    expect(iso(parseTime('20260301', SH, NOW))).toBe('2026-02-28T16:00:00.000Z');
  });

  it('honours an explicit offset, and another zone for naive times', () => {
    expect(iso(parseTime('2026-03-01T08:30:00Z', SH, NOW))).toBe('2026-03-01T08:30:00.000Z');
    expect(iso(parseTime('2026-03-01 08:30:00+0800', SH, NOW))).toBe('2026-03-01T00:30:00.000Z');
    expect(iso(parseTime('2026-03-01T08:30+09:00', SH, NOW))).toBe('2026-02-28T23:30:00.000Z');
    expect(iso(parseTime('2026-03-01 08:30', 'Asia/Urumqi', NOW))).toBe('2026-03-01T02:30:00.000Z');
    // daylight saving time: New York is UTC-5 in winter, UTC-4 in summer
    expect(iso(parseTime('2026-01-15 12:00', 'America/New_York', NOW))).toBe('2026-01-15T17:00:00.000Z');
    expect(iso(parseTime('2026-05-15 12:00', 'America/New_York', NOW))).toBe('2026-05-15T16:00:00.000Z');
  });

  it('reads Excel date cells (wall clock in the UTC fields), serials, epochs and compact numbers', () => {
    expect(iso(parseTime(new Date(Date.UTC(2026, 2, 1, 8, 30)), SH, NOW))).toBe('2026-03-01T00:30:00.000Z');
    // 46082 = 2026-03-01 in Excel's 1900 system; .354166… = 08:30
    expect(iso(parseTime(46082 + 8.5 / 24, SH, NOW))).toBe('2026-03-01T00:30:00.000Z');
    expect(iso(parseTime(1772325000, SH, NOW))).toBe('2026-03-01T00:30:00.000Z');
    expect(iso(parseTime(1772325000000, SH, NOW))).toBe('2026-03-01T00:30:00.000Z');
    expect(iso(parseTime(20260301083000, SH, NOW))).toBe('2026-03-01T00:30:00.000Z');
  });

  it('is null when empty, and fails the row on anything else', () => {
    expect(parseTime('', SH, NOW)).toBeNull();
    expect(parseTime(null, SH, NOW)).toBeNull();
    expect(parseTime('  ', SH, NOW)).toBeNull();
    for (const bad of [
      'yesterday',
      '2026-13-01 08:00',
      '2026-02-30',
      '2026-03-01 25:00',
      '2026-03-01 08:61',
      '3/1/2026',
    ]) {
      expect({ bad, code: codeOf(() => parseTime(bad, SH, NOW)) }).toEqual({ bad, code: RowErrorCode.BadTime });
    }
    expect(codeOf(() => parseTime('1980-01-01 00:00', SH, NOW))).toBe(RowErrorCode.BadTime);
    expect(codeOf(() => parseTime('2026-06-03 00:00', SH, NOW))).toBe(RowErrorCode.BadTime); // in the future
    expect(iso(parseTime('2026-06-01 12:00', SH, NOW))).toBe('2026-06-01T04:00:00.000Z'); // a clock a little ahead
  });

  it('converts wall clocks in zones with and without daylight saving', () => {
    expect(wallClockToInstant(2026, 7, 1, 12, 0, 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 10));
    expect(wallClockToInstant(2026, 1, 1, 12, 0, 0, 'Europe/Berlin')).toBe(Date.UTC(2026, 0, 1, 11));
    expect(wallClockToInstant(2026, 1, 1, 0, 0, 0, 'UTC')).toBe(Date.UTC(2026, 0, 1));
  });
});

describe('coordinates', () => {
  it('reads two cells or one "lng,lat" cell', () => {
    expect(parsePoint('113.29', '40.07')).toEqual({ lng: 113.29, lat: 40.07 });
    expect(parsePoint(113.29, 40.07)).toEqual({ lng: 113.29, lat: 40.07 });
    for (const text of ['113.29,40.07', '113.29，40.07', ' 113.29 , 40.07 ', '113.29 40.07', '113.29;40.07']) {
      expect(parseLngLat(text)).toEqual({ lng: 113.29, lat: 40.07 });
    }
  });

  it('treats empty and 0,0 as "no coordinates"', () => {
    expect(parsePoint('', '')).toBeNull();
    expect(parsePoint(null, undefined)).toBeNull();
    expect(parseLngLat('')).toBeNull();
    expect(parseLngLat('0,0')).toBeNull();
  });

  it('fails the row on malformed or out-of-range values', () => {
    expect(codeOf(() => parsePoint('113.29', ''))).toBe(RowErrorCode.BadCoordinates);
    expect(codeOf(() => parsePoint('E113.29', 'N40.07'))).toBe(RowErrorCode.BadCoordinates);
    expect(codeOf(() => parsePoint('200', '40'))).toBe(RowErrorCode.BadCoordinates);
    expect(codeOf(() => parsePoint('113', '95'))).toBe(RowErrorCode.BadCoordinates);
    expect(codeOf(() => parseLngLat('113.29'))).toBe(RowErrorCode.BadCoordinates);
    expect(codeOf(() => parseLngLat('113.29,40.07,5'))).toBe(RowErrorCode.BadCoordinates);
  });

  it('converts GCJ-02 and BD-09 to WGS-84', () => {
    const wgs = { lng: 113.3, lat: 40.08 };
    const [gLng, gLat] = wgs84ToGcj02(wgs.lng, wgs.lat);
    // the shift in Datong is a few hundred metres east and north
    expect(gLng - wgs.lng).toBeGreaterThan(0.004);
    expect(gLng - wgs.lng).toBeLessThan(0.008);
    expect(gLat - wgs.lat).toBeGreaterThan(0.0005);
    expect(gLat - wgs.lat).toBeLessThan(0.003);
    const back = gcj02ToWgs84(gLng, gLat);
    expect(back[0]).toBeCloseTo(wgs.lng, 6);
    expect(back[1]).toBeCloseTo(wgs.lat, 6);
    expect(toWgs84('gcj02', gLng, gLat)).toEqual(wgs);
    expect(parsePoint(String(gLng), String(gLat), 'gcj02')).toEqual(wgs);
    // BD-09 of the same point is GCJ-02 shifted again (~0.0065, 0.006)
    const [bLng, bLat] = gcj02ToBd09(gLng, gLat);
    expect(bLng - gLng).toBeCloseTo(0.0065, 2);
    const bd = toWgs84('bd09', bLng, bLat);
    expect(bd.lng).toBeCloseTo(wgs.lng, 6);
    expect(bd.lat).toBeCloseTo(wgs.lat, 6);
    // outside China nothing moves
    expect(toWgs84('gcj02', 2.35, 48.85)).toEqual({ lng: 2.35, lat: 48.85 });
  });
});

describe('phones', () => {
  it('normalises mobiles and landlines', () => {
    expect(parsePhone('13812345678')).toBe('13812345678');
    expect(parsePhone(13812345678)).toBe('13812345678');
    expect(parsePhone('138 1234 5678')).toBe('13812345678');
    expect(parsePhone('138-1234-5678')).toBe('13812345678');
    expect(parsePhone('+86 138 1234 5678')).toBe('13812345678');
    expect(parsePhone('008613812345678')).toBe('13812345678');
    expect(parsePhone('0352-5551234')).toBe('0352-5551234');
    expect(parsePhone('(0352)5551234')).toBe('03525551234');
    expect(parsePhone('010-12345678')).toBe('010-12345678');
  });

  it('puts back the leading 0 Excel drops from a landline stored as a number', () => {
    expect(parsePhone(3525551234)).toBe('03525551234');
    expect(parsePhone(1012345678)).toBe('01012345678');
  });

  it('drops masked and empty numbers, fails anything else', () => {
    expect(parsePhone('138****5678')).toBeNull();
    expect(parsePhone('')).toBeNull();
    expect(parsePhone(undefined)).toBeNull();
    for (const bad of ['abc', '12345', '23812345678', '1381234567', '13812345678转123', 12345]) {
      expect({ bad, code: codeOf(() => parsePhone(bad)) }).toEqual({ bad, code: RowErrorCode.BadPhone });
    }
  });
});

describe('cells', () => {
  it('turns every exceljs value into text', () => {
    expect(cellText('  a ')).toBe('a');
    expect(cellText(20260301000123)).toBe('20260301000123');
    expect(cellText(113.29)).toBe('113.29');
    expect(cellText({ richText: [{ text: '楼上' }, { text: '漏水' }] })).toBe('楼上漏水');
    expect(cellText({ formula: 'A1', result: 'x' })).toBe('x');
    expect(cellText({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(cellText({ error: '#N/A' })).toBe('');
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('TRUE');
    expect(isBlankRow(['', null, undefined, '  '])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
  });
});

describe('a row', () => {
  const mapping = validateMapping({
    columns: {
      externalId: '编号',
      time: '时间',
      itemCode: '事项',
      category: '分类',
      description: '内容',
      address: '地址',
      lngLat: '坐标',
      callerPhone: '电话',
      callerName: '姓名',
    },
    categoryMap: { 噪音扰民: 'B01' },
    gridCode: '140213001001001',
  });
  const columns = {
    externalId: 0,
    time: 1,
    itemCode: 2,
    category: 3,
    description: 4,
    address: 5,
    lngLat: 6,
    callerPhone: 7,
    callerName: 8,
  };
  const row = (over: Record<number, unknown>) => {
    const cells: unknown[] = [
      'H1',
      '2026-03-01 08:30',
      '',
      '噪音扰民',
      '楼上噪音',
      '和平街1号',
      '113.29,40.07',
      '13812345678',
      '王女士',
    ];
    for (const [i, v] of Object.entries(over)) cells[Number(i)] = v;
    return parseRow(cells, columns, mapping, NOW);
  };

  it('becomes the filing input, with the hotline time beside it', () => {
    expect(row({})).toEqual({
      ok: true,
      externalId: 'H1',
      reportedAt: new Date('2026-03-01T00:30:00Z'),
      ticket: {
        itemCode: 'B01',
        description: '楼上噪音',
        location: { lng: 113.29, lat: 40.07, address: '和平街1号' },
        reporter: { name: '王女士', phone: '13812345678' },
      },
    });
  });

  it('prefers the item code column, and maps categories', () => {
    expect(row({ 2: 'e01' })).toMatchObject({ ok: true, ticket: { itemCode: 'E01' } });
    expect(row({ 3: '其他' })).toMatchObject({ ok: false, code: RowErrorCode.UnmappedCategory, externalId: 'H1' });
    expect(row({ 3: '' })).toMatchObject({ ok: false, code: RowErrorCode.MissingItem });
    const withFallback = { ...mapping, fallbackItemCode: 'E01' };
    const cells = ['H1', '', '', '其他', '内容', '', '113.29,40.07', '', ''];
    expect(parseRow(cells, columns, withFallback, NOW)).toMatchObject({ ok: true, ticket: { itemCode: 'E01' } });
  });

  it('files rows without coordinates under the chosen grid, keeping the address in the text', () => {
    expect(row({ 6: '' })).toMatchObject({
      ok: true,
      ticket: { gridCode: '140213001001001', description: '楼上噪音\n（地址：和平街1号）' },
    });
    expect(row({ 6: '' })).not.toHaveProperty('ticket.location');
    const noGrid = { ...mapping, gridCode: null };
    const cells = ['H1', '', '', '噪音扰民', '内容', '', '', '', ''];
    expect(parseRow(cells, columns, noGrid, NOW)).toMatchObject({ ok: false, code: RowErrorCode.NoLocation });
  });

  it('files a row with only an address by its address (the register places it, or it waits unlocated)', () => {
    const noGrid = { ...mapping, gridCode: null };
    const cells = ['H1', '', '', '噪音扰民', '楼上噪音', '和平街1号', '', '', ''];
    const parsed = parseRow(cells, columns, noGrid, NOW);
    expect(parsed).toMatchObject({ ok: true, ticket: { location: { address: '和平街1号' }, description: '楼上噪音' } });
    expect(parsed).not.toHaveProperty('ticket.gridCode');
  });

  it('fails with the reason and keeps the external id', () => {
    expect(row({ 0: '' })).toMatchObject({ ok: false, code: RowErrorCode.MissingExternalId, externalId: null });
    expect(row({ 0: 'x'.repeat(101) })).toMatchObject({ ok: false, code: RowErrorCode.BadExternalId });
    expect(row({ 4: '  ' })).toMatchObject({ ok: false, code: RowErrorCode.MissingDescription, externalId: 'H1' });
    expect(row({ 1: 'soon' })).toMatchObject({ ok: false, code: RowErrorCode.BadTime, reason: expect.any(String) });
    expect(row({ 6: '500,40' })).toMatchObject({ ok: false, code: RowErrorCode.BadCoordinates });
    expect(row({ 7: 'n/a' })).toMatchObject({ ok: false, code: RowErrorCode.BadPhone });
  });

  it('keeps long texts within the ticket limits', () => {
    const long = row({ 4: '长'.repeat(2500), 5: '址'.repeat(300), 8: '名'.repeat(80) });
    expect(long.ok && long.ticket.description.length).toBe(2000);
    expect(long.ok && long.ticket.location?.address?.length).toBe(200);
    expect(long.ok && long.ticket.reporter?.name?.length).toBe(50);
  });

  it('reads record numbers stored as numbers without exponent', () => {
    expect(row({ 0: 20260301000123 })).toMatchObject({ ok: true, externalId: '20260301000123' });
  });
});

describe('csv sniffing', () => {
  it('detects the encoding', () => {
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('utf-8');
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBe('utf-16le');
    expect(sniffEncoding(Buffer.from('工单编号,内容', 'utf8'))).toBe('utf-8');
    // "你好" in GBK is not valid UTF-8
    expect(sniffEncoding(Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x2c]))).toBe('gb18030');
    // a character cut at the end of the sample is still UTF-8
    expect(sniffEncoding(Buffer.from('工单', 'utf8').subarray(0, 4))).toBe('utf-8');
  });

  it('detects the delimiter from the first lines, outside quotes', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n1;2')).toBe(',');
    expect(sniffDelimiter('a;b;c\n')).toBe(';');
    expect(sniffDelimiter('12345热线导出\n工单编号;内容;时间\n1;2;3\n')).toBe(';');
    expect(sniffDelimiter('a;b\n' + 'x,y,z\n'.repeat(20), 1)).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('"a,b,c";d;e\n')).toBe(';');
    expect(sniffDelimiter('\uFEFFonly')).toBe(',');
  });
});
