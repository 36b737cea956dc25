import fc from 'fast-check';
import { CODE_LENGTH, ORG_LEVELS, ancestorCodesOf } from './org-code.js';
import { inScope, scopeLikePattern } from './scope.js';

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const gridCode = digits(CODE_LENGTH.grid);

describe('scope', () => {
  it('admits the unit itself and everything below it', () => {
    expect(inScope('140213001001', '140213001001003')).toBe(true);
    expect(inScope('140213001001', '140213001001')).toBe(true);
    expect(inScope('140213001001', '140213001002003')).toBe(false);
    expect(inScope('140213001001003', '140213001001')).toBe(false);
  });

  it('property: every ancestor of a code has it in scope', () => {
    fc.assert(
      fc.property(gridCode, (code) => {
        for (const a of ancestorCodesOf(code)) expect(inScope(a, code)).toBe(true);
      }),
    );
  });

  it('property: scope never admits a sibling or anything under a sibling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: ORG_LEVELS.length - 1 }),
        gridCode,
        fc.integer({ min: 1, max: 9 }),
        (levelIndex, code, bump) => {
          const len = CODE_LENGTH[ORG_LEVELS[levelIndex]];
          const prevLen = CODE_LENGTH[ORG_LEVELS[levelIndex - 1]];
          const unit = code.slice(0, len);
          // a sibling: same parent, another last segment
          const seg = unit.slice(prevLen);
          const other = String((Number(seg) + bump) % 10 ** seg.length).padStart(seg.length, '0');
          const sibling = unit.slice(0, prevLen) + other;
          fc.pre(sibling !== unit);
          expect(inScope(unit, sibling)).toBe(false);
          expect(inScope(unit, sibling + code.slice(len))).toBe(false);
          expect(inScope(sibling, code)).toBe(false);
        },
      ),
    );
  });

  it('builds LIKE patterns only from real codes', () => {
    expect(scopeLikePattern('1402')).toBe('1402%');
    expect(() => scopeLikePattern("1402' OR 1=1 --")).toThrow(RangeError);
    expect(() => scopeLikePattern('')).toThrow(RangeError);
  });
});
