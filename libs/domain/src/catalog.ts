import { DomainException, ErrorCode } from './errors.js';
import type { Clock } from './time/index.js';

/**
 * The matter catalogue (网格事项准入, "凭票上车"): grid workers may only be given work on
 * the admitted list.
 *
 * WARNING: tier, status and clock values are persisted and part of the API: never rename.
 */
export const ITEM_TIERS = ['grid', 'escalate'] as const;
export type ItemTier = (typeof ITEM_TIERS)[number];

export const ITEM_STATUSES = ['proposed', 'active', 'retired'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const CLOCKS = ['working', 'calendar'] as const satisfies readonly Clock[];

/** The steps of the six-step flow that have a time limit, in flow order. */
export const LIMIT_STEPS = ['accept', 'dispatch', 'claim', 'resolve', 'verify', 'archive'] as const;
export type LimitStep = (typeof LIMIT_STEPS)[number];

export type StepLimits = Record<`${LimitStep}Seconds`, number>;
export const LIMIT_KEYS = LIMIT_STEPS.map((s) => `${s}Seconds` as const);

/** Item codes are the category letter followed by 2–4 digits: A01, B1203. */
export function itemCodeProblem(code: string, categoryCode: string): string | null {
  if (!/^[A-Z]$/.test(categoryCode)) return 'category codes are one capital letter';
  if (!new RegExp(`^${categoryCode}\\d{2,4}$`).test(code)) {
    return `must be the category code "${categoryCode}" followed by 2–4 digits (e.g. ${categoryCode}01)`;
  }
  return null;
}

/** Problems with a set of limits: every step needs a positive whole number of seconds. */
export function limitsProblems(limits: Partial<Record<string, unknown>> | null | undefined, field = 'limits') {
  const problems: { field: string; problem: string }[] = [];
  if (!limits || typeof limits !== 'object') return [{ field, problem: 'must be an object with a limit per step' }];
  for (const key of LIMIT_KEYS) {
    const v = limits[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      problems.push({ field: `${field}.${key}`, problem: 'must be a positive whole number of seconds' });
    } else if (v > 366 * 24 * 3600) {
      problems.push({ field: `${field}.${key}`, problem: 'must be at most a year' });
    }
  }
  for (const key of Object.keys(limits)) {
    if (!(LIMIT_KEYS as readonly string[]).includes(key))
      problems.push({ field: `${field}.${key}`, problem: 'unknown field' });
  }
  return problems;
}

/** Admission lifecycle: proposed → active → retired (a proposal may also be retired unadmitted). */
export type ItemAction = 'approve' | 'retire';
const ITEM_LIFECYCLE: Record<ItemStatus, Partial<Record<ItemAction, ItemStatus>>> = {
  proposed: { approve: 'active', retire: 'retired' },
  active: { retire: 'retired' },
  retired: {},
};

export function nextItemStatus(from: ItemStatus, action: ItemAction): ItemStatus | null {
  return ITEM_LIFECYCLE[from][action] ?? null;
}

/**
 * The admission rule (凭票上车): a ticket may be filed only against an active item. Unknown,
 * proposed and retired items answer 422 ITEM_NOT_ADMITTED.
 */
export function assertAdmitted(itemCode: string, item: { status: ItemStatus } | null | undefined): void {
  if (!item) {
    throw new DomainException(ErrorCode.ItemNotAdmitted, `Item ${itemCode} is not in the matter catalogue`, [
      { field: 'itemCode', problem: 'unknown item' },
    ]);
  }
  if (item.status !== 'active') {
    throw new DomainException(
      ErrorCode.ItemNotAdmitted,
      `Item ${itemCode} is ${item.status}: only admitted (active) matters may be filed`,
      [{ field: 'itemCode', problem: `item is ${item.status}` }],
    );
  }
}

/** The limits that apply to a ticket: the urgent set when the ticket is urgent. */
export function limitsFor(item: { limits: StepLimits; urgentLimits: StepLimits }, urgent: boolean): StepLimits {
  return urgent ? item.urgentLimits : item.limits;
}
