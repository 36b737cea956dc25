/**
 * Unified org codes (统一编码). A code's length gives its level and its prefixes give its
 * ancestors: city 4 digits → county 6 → township 9 → community 12 → grid 15. The first
 * 12 digits follow China's statistical division codes; a grid adds a 3-digit sequence.
 *
 * WARNING: level names are persisted (org_unit.level) and part of the API: never rename.
 */
export const ORG_LEVELS = ['city', 'county', 'township', 'community', 'grid'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const CODE_LENGTH: Record<OrgLevel, number> = { city: 4, county: 6, township: 9, community: 12, grid: 15 };

const LEVEL_BY_LENGTH = new Map<number, OrgLevel>(ORG_LEVELS.map((l) => [CODE_LENGTH[l], l]));

/** The level a code denotes, or null when it is not a well-formed org code. */
export function levelOf(code: string): OrgLevel | null {
  if (!/^\d+$/.test(code)) return null;
  return LEVEL_BY_LENGTH.get(code.length) ?? null;
}

/** Why a string is not an org code (for 400 answers), or null when it is one. */
export function orgCodeProblem(code: unknown): string | null {
  if (typeof code !== 'string' || code.length === 0) return 'must be a string of digits';
  if (!/^\d+$/.test(code)) return 'must contain digits only';
  if (!LEVEL_BY_LENGTH.has(code.length)) return 'must have 4, 6, 9, 12 or 15 digits (city … grid)';
  return null;
}

export function isOrgCode(code: unknown): code is string {
  return orgCodeProblem(code) === null;
}

/** The code of the unit one level up; null for a city (a root). */
export function parentCodeOf(code: string): string | null {
  const level = levelOf(code);
  if (!level) throw new RangeError(`not an org code: ${code}`);
  const i = ORG_LEVELS.indexOf(level);
  return i === 0 ? null : code.slice(0, CODE_LENGTH[ORG_LEVELS[i - 1]]);
}

/** Every ancestor, nearest first (grid → community → township → county → city). */
export function ancestorCodesOf(code: string): string[] {
  const out: string[] = [];
  for (let p = parentCodeOf(code); p !== null; p = parentCodeOf(p)) out.push(p);
  return out;
}

/** The level above (grid → community …); null at the top. Escalation climbs this ladder. */
export function levelAbove(level: OrgLevel): OrgLevel | null {
  const i = ORG_LEVELS.indexOf(level);
  return i === 0 ? null : ORG_LEVELS[i - 1];
}

/** The ancestor (or the code itself) at a given level; null if the level is below the code's. */
export function codeAtLevel(code: string, level: OrgLevel): string | null {
  const own = levelOf(code);
  if (!own) throw new RangeError(`not an org code: ${code}`);
  return ORG_LEVELS.indexOf(level) <= ORG_LEVELS.indexOf(own) ? code.slice(0, CODE_LENGTH[level]) : null;
}

/** Chinese label of the level (for user-facing text). */
export const LEVEL_LABEL: Record<OrgLevel, string> = {
  city: '市',
  county: '县（区）',
  township: '乡镇（街道）',
  community: '村（社区）',
  grid: '网格',
};

/**
 * Default name of a unit's party organisation: township 党委, community 党支部, grid
 * 网格党小组 (DOMAIN.md); city and county committees are 党委 too.
 */
export function defaultPartyOrgName(level: OrgLevel, unitName: string): string {
  switch (level) {
    case 'grid':
      return unitName.endsWith('网格') ? `${unitName}党小组` : `${unitName}网格党小组`;
    case 'community':
      return `${unitName}党支部`;
    default:
      return `${unitName}党委`;
  }
}
