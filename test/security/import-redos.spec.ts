import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { isOrgCode, isTrackingCode, isUuid, itemCodeProblem, orgCodeProblem } from '@gridflow/domain';
import {
  cellText,
  MAX_CELL,
  normaliseCategory,
  normaliseHeader,
  parseLngLat,
  parsePhone,
  parsePoint,
  parseRow,
  parseTime,
  RowErrorCode,
  scanNaiveTime,
  validateMapping,
} from '@gridflow/imports';

/**
 * Issue 16 item 3: no input stalls a process. Long adversarial strings (64 KB built from the
 * characters the patterns care about, ending in a character that makes them fail) go through
 * every hotline row parser and every regular expression literal in libs/ and apps/; each
 * call must finish within a time bound that a super-linear pattern cannot meet at 64 KB
 * (quadratic on 64 KB is billions of steps) while a linear one meets it many times over.
 */

const SIZE = 64 * 1024;
const BOUND_MS = 250;
const ALPHABET = [
  ' ',
  '\t',
  '0',
  '1',
  '9',
  '-',
  '/',
  '.',
  ':',
  '：',
  ',',
  '，',
  '年',
  '月',
  '日',
  '时',
  '分',
  'T',
  'a',
  'Z',
  '@',
  '*',
  '+',
  '_',
  '\n',
  '\\',
  '%',
  '=',
  '&',
  '?',
  '#',
  '<',
  '>',
  '"',
  "'",
  's',
];

// Characters of one kind repeat (runs of spaces, of digits, …) are what backtracking feeds on.
const KINDS = [
  [' ', '\t'],
  [' '],
  ['0', '1', '9'],
  ['a', 'Z', 's', '_'],
  ['-', '/', '.', ':', ','],
  ['年', '月', '日', '时', '分'],
  ALPHABET,
];
const OPENINGS = [
  '2026-03-01',
  '2026-3-1 8:30',
  '2026年3月1日',
  '2026-03-01T08:30',
  '1',
  '0',
  '//',
  'http://a',
  '138',
  '116.3',
  'a@',
];

const adversarial = fc
  .tuple(
    fc
      .constantFrom(...KINDS)
      .chain((kind) => fc.string({ unit: fc.constantFrom(...kind), minLength: 1, maxLength: 6 })),
    // An opening the anchored patterns accept, so that they reach the long middle.
    fc.oneof(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 4 }), fc.constantFrom(...OPENINGS)),
    fc.constantFrom('!', '\u0000', 'x', '日', ''),
  )
  .map(([unit, prefix, suffix]) => prefix + unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE) + suffix);

function timed(what: string, fn: () => unknown): void {
  const start = performance.now();
  try {
    fn();
  } catch {
    // Rejecting the input is fine; taking long is not.
  }
  const ms = performance.now() - start;
  if (ms > BOUND_MS) throw new Error(`${what} took ${ms.toFixed(0)} ms on a ${SIZE}-character input`);
}

const property = (run: (s: string) => void, numRuns = 40) =>
  fc.assert(fc.property(adversarial, run), { numRuns, endOnFailure: true });

const mapping = validateMapping({
  columns: {
    externalId: 'A',
    time: 'B',
    itemCode: 'C',
    category: 'D',
    description: 'E',
    address: 'F',
    lngLat: 'G',
    callerPhone: 'H',
    callerName: 'I',
  },
  headerRow: 0,
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
const NOW = new Date('2026-06-01T00:00:00Z');

describe('hotline import parsers on 64 KB adversarial cells', () => {
  it('a row with any one oversized cell fails fast (CELL_TOO_LONG, naming no huge id)', () => {
    property((s) => {
      for (let col = 0; col < 9; col++) {
        const cells = ['HX-1', '2026-03-01 08:30', 'B01', '噪音扰民', '楼下噪音', '某路1号', '', '13800138000', '张三'];
        cells[col] = s;
        let result: ReturnType<typeof parseRow> | undefined;
        timed(`parseRow column ${col}`, () => (result = parseRow(cells, columns, mapping, NOW)));
        // (A cell of only spaces trims to almost nothing: then it is an ordinary, short cell.)
        if (cellText(s).length > MAX_CELL) {
          expect(result).toMatchObject({ ok: false, code: RowErrorCode.CellTooLong });
          expect(String(result!.ok === false && result!.externalId).length).toBeLessThanOrEqual(100);
        }
      }
    }, 15);
  });

  it('a cell just under the cap still parses (the cap is not a new limit on ordinary rows)', () => {
    const description = '楼'.repeat(MAX_CELL);
    const cells = ['HX-2', '2026-03-01 08:30', 'B01', '', description, '', '', '13800138000', ''];
    const result = parseRow(cells, columns, mapping, NOW);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['parseTime', (s: string) => parseTime(s, 'Asia/Shanghai', NOW)],
    ['parseTime (Europe/Berlin)', (s: string) => parseTime(s, 'Europe/Berlin', NOW)],
    ['scanNaiveTime', (s: string) => scanNaiveTime(s)],
    ['parsePhone', (s: string) => parsePhone(s)],
    ['parseLngLat', (s: string) => parseLngLat(s)],
    ['parsePoint', (s: string) => parsePoint(s, s)],
    ['cellText', (s: string) => cellText({ richText: [{ text: s }] })],
    ['normaliseCategory', (s: string) => normaliseCategory(s)],
    ['normaliseHeader', (s: string) => normaliseHeader(s)],
    [
      'validateMapping',
      (s: string) => validateMapping({ columns: { externalId: s, description: s }, timezone: s, gridCode: s }),
    ],
    ['isUuid', (s: string) => isUuid(s)],
    ['isOrgCode / orgCodeProblem', (s: string) => [isOrgCode(s), orgCodeProblem(s)]],
    ['isTrackingCode', (s: string) => isTrackingCode(s)],
    ['itemCodeProblem', (s: string) => itemCodeProblem(s, 'B')],
  ])('%s stays within the bound', (name, fn) => {
    property((s) => timed(name, () => fn(s)));
  });

  it('the naive-time scanner accepts exactly what the old pattern accepted (short inputs)', () => {
    // The old, quadratic pattern: used here only on short strings, as the reference.
    const OLD =
      /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s*T\s*|\s+|(?<=日))(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?)?\s*[分秒]?)?$/;
    const part = fc.constantFrom(
      '2026',
      '3',
      '03',
      '1',
      '12',
      '123',
      ' ',
      '  ',
      '-',
      '/',
      '.',
      '年',
      '月',
      '日',
      'T',
      ':',
      '：',
      '时',
      '分',
      '秒',
      '08',
      '30',
      '5',
      '.000',
      'x',
    );
    const dateLike = fc
      .tuple(fc.array(part, { maxLength: 14 }), fc.boolean())
      .map(([parts, lead]) => (lead ? '2026-3-1' : '') + parts.join(''));
    fc.assert(
      fc.property(dateLike, (t) => {
        const want = OLD.exec(t);
        const got = scanNaiveTime(t);
        expect({ t, got: got?.slice(1, 7).map((p) => p ?? null) ?? null }).toEqual({
          t,
          got: want?.slice(1, 7).map((p) => p ?? null) ?? null,
        });
      }),
      { numRuns: 3000 },
    );
  });
});

/** Every regular expression literal in the application's TypeScript sources. */
function regexLiterals(): { where: string; re: RegExp }[] {
  const found: { where: string; re: RegExp }[] = [];
  const walkDir = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(path).isDirectory()) walkDir(path);
      else if (/\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name)) {
        const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node) => {
          if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const text = node.getText(source);
            const slash = text.lastIndexOf('/');
            const flags = text.slice(slash + 1).replace(/[gy]/g, '');
            const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
            found.push({ where: `${path}:${line + 1} ${text}`, re: new RegExp(text.slice(1, slash), flags) });
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    }
  };
  for (const root of ['libs', 'apps']) walkDir(join(process.cwd(), root));
  return found;
}

describe('every regular expression in libs/ and apps/ on 64 KB adversarial strings', () => {
  const literals = regexLiterals();

  it('finds the patterns (phone, codes, UUID, times, …)', () => {
    expect(literals.length).toBeGreaterThan(50);
    expect(literals.some((l) => l.where.includes('ids.ts'))).toBe(true);
    expect(literals.some((l) => l.where.includes('row-parsing.ts'))).toBe(true);
  });

  it('each one tests, matches and replaces within the bound', () => {
    property((s) => {
      for (const { where, re } of literals) {
        timed(where, () => re.test(s));
        timed(`${where} (replace)`, () => s.replace(new RegExp(re.source, `${re.flags}g`), ''));
      }
    }, 60);
  });
});
