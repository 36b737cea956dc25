import { parseImportArgs } from './cli-args.js';

describe('import:hotline arguments', () => {
  it('reads the file, the mapping and the options, relative to where npm was started', () => {
    expect(
      parseImportArgs(
        ['exports/march.xlsx', '--mapping', 'm.json', '--user', 'dispatcher', '--grid=140213001001001'],
        '/home/me',
      ),
    ).toEqual({
      file: '/home/me/exports/march.xlsx',
      mapping: '/home/me/m.json',
      user: 'dispatcher',
      grid: '140213001001001',
      report: null,
      json: false,
    });
    expect(parseImportArgs(['/data/a.csv', '--mapping=/etc/m.json', '--report', 'r.xlsx', '--json'], '/x')).toEqual({
      file: '/data/a.csv',
      mapping: '/etc/m.json',
      user: null,
      grid: null,
      report: '/x/r.xlsx',
      json: true,
    });
  });

  it('refuses what it cannot use', () => {
    expect(() => parseImportArgs(['a.xlsx'], '/')).toThrow('--mapping');
    expect(() => parseImportArgs(['--mapping', 'm.json'], '/')).toThrow('exactly one file');
    expect(() => parseImportArgs(['a.xlsx', 'b.xlsx', '--mapping', 'm.json'], '/')).toThrow('exactly one file');
    expect(() => parseImportArgs(['a.xlsx', '--mapping'], '/')).toThrow('needs a value');
    expect(() => parseImportArgs(['a.xlsx', '--mapping', 'm.json', '--grid', '12'], '/')).toThrow('15 digits');
    expect(() => parseImportArgs(['a.xlsx', '--mapping', 'm.json', '--force'], '/')).toThrow('unknown option');
  });
});
