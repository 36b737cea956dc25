import fc from 'fast-check';
import {
  ancestorCodesOf,
  CODE_LENGTH,
  codeAtLevel,
  defaultPartyOrgName,
  levelAbove,
  levelOf,
  ORG_LEVELS,
  orgCodeProblem,
  parentCodeOf,
} from './org-code.js';

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const anyCode = fc.constantFrom(...ORG_LEVELS).chain((l) => digits(CODE_LENGTH[l]));

describe('org codes', () => {
  it('derives the level from the length', () => {
    expect(levelOf('1402')).toBe('city');
    expect(levelOf('140213')).toBe('county');
    expect(levelOf('140213001')).toBe('township');
    expect(levelOf('140213001001')).toBe('community');
    expect(levelOf('140213001001003')).toBe('grid');
    expect(levelOf('14021')).toBeNull();
    expect(levelOf('14021a')).toBeNull();
    expect(levelOf('')).toBeNull();
  });

  it('explains why a code is malformed', () => {
    expect(orgCodeProblem('12a4')).toMatch(/digits only/);
    expect(orgCodeProblem('12345')).toMatch(/4, 6, 9, 12 or 15/);
    expect(orgCodeProblem(1402)).toMatch(/string/);
    expect(orgCodeProblem('1402')).toBeNull();
  });

  it('finds the parent and the ancestors', () => {
    expect(parentCodeOf('1402')).toBeNull();
    expect(parentCodeOf('140213001001003')).toBe('140213001001');
    expect(ancestorCodesOf('140213001001003')).toEqual(['140213001001', '140213001', '140213', '1402']);
  });

  it('property: every ancestor is a proper prefix one level up at each step', () => {
    fc.assert(
      fc.property(anyCode, (code) => {
        const ancestors = ancestorCodesOf(code);
        expect(ancestors).toHaveLength(ORG_LEVELS.indexOf(levelOf(code)!));
        let child = code;
        for (const a of ancestors) {
          expect(child.startsWith(a)).toBe(true);
          expect(levelOf(a)).toBe(levelAbove(levelOf(child)!));
          child = a;
        }
      }),
    );
  });

  it('property: the prefixes of a code that are codes are exactly its ancestors', () => {
    fc.assert(
      fc.property(anyCode, (code) => {
        const prefixes = [];
        for (let n = 1; n < code.length; n++) if (levelOf(code.slice(0, n))) prefixes.push(code.slice(0, n));
        expect(prefixes.reverse()).toEqual(ancestorCodesOf(code));
      }),
    );
  });

  it('climbs levels and cuts codes to a level', () => {
    expect(levelAbove('grid')).toBe('community');
    expect(levelAbove('city')).toBeNull();
    expect(codeAtLevel('140213001001003', 'township')).toBe('140213001');
    expect(codeAtLevel('140213', 'grid')).toBeNull();
  });

  it('names party organisations by level', () => {
    expect(defaultPartyOrgName('grid', '和平社区第三')).toBe('和平社区第三网格党小组');
    expect(defaultPartyOrgName('grid', '和平社区第三网格')).toBe('和平社区第三网格党小组');
    expect(defaultPartyOrgName('community', '和平社区')).toBe('和平社区党支部');
    expect(defaultPartyOrgName('township', '新建南路街道')).toBe('新建南路街道党委');
  });
});
