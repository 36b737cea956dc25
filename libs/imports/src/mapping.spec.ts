import { DomainException } from '@gridflow/domain';
import { columnIndex, columnLetter, parseMappingJson, resolveColumns, validateMapping } from './mapping.js';

const minimal = {
  columns: { externalId: '工单编号', description: '诉求内容', lngLat: '坐标' },
  fallbackItemCode: 'E01',
};

/** The details of the 400 a call answers with (fails the test if it does not throw one). */
function problems(fn: () => unknown): { field?: string; problem: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainException);
    expect((err as DomainException).status).toBe(400);
    return (err as DomainException).details;
  }
  throw new Error('expected a 400');
}

const fields = (fn: () => unknown) => problems(fn).map((d) => d.field);

describe('hotline import mapping', () => {
  it('fills in the defaults', () => {
    expect(validateMapping(minimal)).toEqual({
      columns: { externalId: '工单编号', description: '诉求内容', lngLat: '坐标' },
      categoryMap: {},
      fallbackItemCode: 'E01',
      gridCode: null,
      sheet: null,
      headerRow: 1,
      timezone: 'Asia/Shanghai',
      coordinateSystem: 'wgs84',
      delimiter: null,
      encoding: 'auto',
    });
  });

  it('takes every option', () => {
    const m = validateMapping({
      columns: {
        externalId: ' 工单编号 ',
        time: '来电时间',
        itemCode: 'C',
        category: '诉求分类',
        description: '诉求内容',
        address: '地址',
        lng: '经度',
        lat: '纬度',
        callerPhone: '来电号码',
        callerName: '来电人',
      },
      categoryMap: { ' 噪音  扰民 ': 'B01', 垃圾清运: 'E01' },
      gridCode: '140213001001001',
      sheet: 2,
      skipRows: 2,
      timezone: 'Asia/Urumqi',
      coordinateSystem: 'GCJ02',
      delimiter: ';',
      encoding: 'GB18030',
    });
    expect(m.columns.externalId).toBe('工单编号');
    expect(m.categoryMap).toEqual({ '噪音 扰民': 'B01', 垃圾清运: 'E01' });
    expect(m.headerRow).toBe(3);
    expect(m.coordinateSystem).toBe('gcj02');
    expect(m.encoding).toBe('gb18030');
    expect(m.sheet).toBe(2);
  });

  it('parses the multipart field, and refuses JSON that is not', () => {
    expect(parseMappingJson('{"a":1}')).toEqual({ a: 1 });
    expect(fields(() => parseMappingJson('{columns:'))).toEqual(['mapping']);
    expect(fields(() => validateMapping([]))).toEqual(['mapping']);
    expect(fields(() => validateMapping('text'))).toEqual(['mapping']);
  });

  it('requires the external id and the description', () => {
    expect(fields(() => validateMapping({ columns: { lngLat: 'x' }, fallbackItemCode: 'E01' }))).toEqual([
      'mapping.columns.externalId',
      'mapping.columns.description',
    ]);
    expect(fields(() => validateMapping({ fallbackItemCode: 'E01' }))).toEqual(['mapping.columns']);
  });

  it('requires an item source and a location source', () => {
    const noItem = { columns: minimal.columns };
    expect(fields(() => validateMapping(noItem))).toEqual(['mapping.columns.itemCode']);
    const noLocation = { columns: { externalId: 'a', description: 'b', category: 'c' }, categoryMap: { x: 'B01' } };
    expect(fields(() => validateMapping(noLocation))).toEqual(['mapping.columns.lngLat']);
    // a chosen grid is enough
    expect(validateMapping({ ...noLocation, gridCode: '140213001001001' }).gridCode).toBe('140213001001001');
  });

  it('wants coordinates in one form', () => {
    expect(
      fields(() => validateMapping({ ...minimal, columns: { ...minimal.columns, lng: '经度', lat: '纬度' } })),
    ).toEqual(['mapping.columns.lngLat']);
    const lngOnly = { ...minimal, columns: { externalId: 'a', description: 'b', lng: '经度' } };
    expect(fields(() => validateMapping(lngOnly))).toEqual(['mapping.columns.lat']);
  });

  it('lists every problem at once, with its path', () => {
    const details = problems(() =>
      validateMapping({
        columns: { externalId: '', description: 'd', lngLat: 'x', extra: 'y', time: 5 },
        categoryMap: { 噪音: 'noise', '': 'B01' },
        fallbackItemCode: 'E1',
        gridCode: '1402',
        sheet: 0,
        headerRow: 1,
        skipRows: 1,
        timezone: 'Mars/Olympus',
        coordinateSystem: 'utm',
        delimiter: 'x',
        encoding: 'latin1',
        unknown: true,
      }),
    );
    expect(details.map((d) => d.field)).toEqual([
      'mapping.unknown',
      'mapping.columns.externalId',
      'mapping.columns.extra',
      'mapping.columns.time',
      'mapping.columns.externalId',
      'mapping.categoryMap.噪音',
      'mapping.categoryMap',
      'mapping.categoryMap',
      'mapping.fallbackItemCode',
      'mapping.gridCode',
      'mapping.sheet',
      'mapping.skipRows',
      'mapping.timezone',
      'mapping.coordinateSystem',
      'mapping.delimiter',
      'mapping.encoding',
    ]);
    expect(details.every((d) => d.problem.length > 0)).toBe(true);
  });

  it('without a header row, columns are letters', () => {
    expect(fields(() => validateMapping({ ...minimal, headerRow: 0 }))).toEqual([
      'mapping.columns.externalId',
      'mapping.columns.description',
      'mapping.columns.lngLat',
    ]);
    const byLetter = validateMapping({
      ...minimal,
      headerRow: 0,
      columns: { externalId: 'A', description: 'C', lngLat: 'AB' },
    });
    expect(resolveColumns(byLetter, null)).toEqual({ externalId: 0, description: 2, lngLat: 27 });
  });
});

describe('resolving the mapping against the header row', () => {
  const header = ['工单编号', '来电  时间', '诉求内容', '坐标', 'A', '诉求内容 '];

  it('finds headers by text (spaces normalised) and falls back to letters', () => {
    const m = validateMapping({
      columns: { externalId: '工单编号', time: '来电 时间', description: 'C', lngLat: '坐标', callerName: 'A' },
      fallbackItemCode: 'E01',
    });
    // "A" is a header text here: the text wins over the letter
    expect(resolveColumns(m, header)).toEqual({ externalId: 0, time: 1, description: 2, lngLat: 3, callerName: 4 });
  });

  it('names the missing columns and the headers that exist', () => {
    const m = validateMapping({ ...minimal, columns: { ...minimal.columns, callerPhone: '来电号码' } });
    const details = problems(() => resolveColumns(m, header.slice(0, 5)));
    expect(details).toEqual([{ field: 'mapping.columns.callerPhone', problem: expect.stringContaining('来电号码') }]);
    expect(details[0].problem).toContain('工单编号, 来电 时间');
  });

  it('refuses a header text that two columns share', () => {
    const m = validateMapping({ ...minimal, columns: { ...minimal.columns, description: '诉求内容' } });
    expect(problems(() => resolveColumns(m, header))[0]).toEqual({
      field: 'mapping.columns.description',
      problem: expect.stringContaining('more than one column'),
    });
  });

  it('says so when the header row is empty', () => {
    expect(problems(() => resolveColumns(validateMapping(minimal), []))[0].problem).toContain('has no headers');
  });

  it('converts column letters both ways', () => {
    for (const [letters, index] of [
      ['A', 0],
      ['Z', 25],
      ['AA', 26],
      ['AZ', 51],
      ['ZZ', 701],
      ['AAA', 702],
    ] as const) {
      expect(columnIndex(letters)).toBe(index);
      expect(columnLetter(index)).toBe(letters);
    }
  });
});
