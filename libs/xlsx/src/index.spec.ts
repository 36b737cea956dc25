import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { safeCell, writeXlsx } from './index.js';

describe('safeCell: no cell of an export is ever read as a formula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")'],
    ['+86 138'],
    ["-2+3+cmd|' /C calc'!A0"],
    ['@SUM(A1:A2)'],
    ['\t=1+1'],
    ['\r=1+1'],
  ])('prefixes %j with an apostrophe', (text) => {
    expect(safeCell(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text, numbers, booleans, dates and null as they are', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(safeCell('楼道堆放杂物 =1')).toBe('楼道堆放杂物 =1');
    expect(safeCell('138****5678')).toBe('138****5678');
    expect(safeCell(-3)).toBe(-3);
    expect(safeCell(true)).toBe(true);
    expect(safeCell(at)).toBe(at);
    expect(safeCell(null)).toBeNull();
    expect(safeCell(undefined)).toBeNull();
  });

  it('writes an object (which exceljs would make a live formula or link) as its text', () => {
    expect(safeCell({ formula: 'A1*2' })).toBe('{"formula":"A1*2"}');
    expect(safeCell({ text: 'x', hyperlink: 'http://evil.example' })).toBe(
      '{"text":"x","hyperlink":"http://evil.example"}',
    );
  });

  it('a written sheet has text cells only where formulas were smuggled in', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeXlsx(out, [
      {
        name: 's',
        columns: [
          { header: 'a', key: 'a' },
          { header: 'b', key: 'b' },
        ],
        rows: [{ a: '=1+1', b: { formula: '1+1' } }],
      },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as never);
    const row = wb.getWorksheet('s')!.getRow(2);
    for (const col of [1, 2]) expect(row.getCell(col).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(1).value).toBe("'=1+1");
  });
});
