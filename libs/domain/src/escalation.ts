import { codeAtLevel, levelAbove, type OrgLevel } from './org-code.js';

/**
 * Time limits and escalation (时限、超期、督办), DOMAIN.md: at 80 % of a step's limit the
 * ticket is flagged `warning` (黄灯); at 100 % it is `overdue` (红灯) and escalates one level,
 * and again after each further full limit without progress, up to the city.
 */
export const WARNING_FRACTION = 0.8;

export type AddDuration = (from: Date, seconds: number) => Date;

export interface StepSchedule {
  warnAt: Date;
  dueAt: Date;
  /** when the first automatic escalation of the step fires (= dueAt) */
  nextEscalationAt: Date;
}

/** The deadlines of a step that starts at `start` with a limit, counted by `add` (working or calendar time). */
export function stepSchedule(start: Date, limitSeconds: number, add: AddDuration): StepSchedule {
  if (!Number.isInteger(limitSeconds) || limitSeconds <= 0)
    throw new RangeError(`limit must be positive: ${limitSeconds}`);
  const dueAt = add(start, limitSeconds);
  return { warnAt: add(start, limitSeconds * WARNING_FRACTION), dueAt, nextEscalationAt: dueAt };
}

/** After an escalation at `at`, the next one is one more full limit later. */
export function followingEscalationAt(at: Date, limitSeconds: number, add: AddDuration): Date {
  return add(at, limitSeconds);
}

/** The level an escalation raises a ticket to, or null at the top (city). */
export function escalatedLevel(level: OrgLevel): OrgLevel | null {
  return levelAbove(level);
}

/**
 * The org unit whose dispatchers and supervisors are told (督办) when a ticket of this grid
 * reaches this level: e.g. grid 140213001001003 at `township` → 140213001.
 */
export function supervisingUnit(gridCode: string, level: OrgLevel): string {
  const code = codeAtLevel(gridCode, level);
  if (!code) throw new RangeError(`${gridCode} has no ${level} above it`);
  return code;
}

/** The reason on the 督办 record of a step's n-th automatic escalation. */
export function autoEscalationReason(n: number): string {
  return `超期未办：第${n}次自动升级`;
}
