import type { CatalogItem } from '../../api/types';

/** The six timed steps in flow order (libs/domain catalog LIMIT_STEPS) and their labels. */
export const LIMIT_STEPS = [
  ['acceptSeconds', '接单'],
  ['dispatchSeconds', '派单'],
  ['claimSeconds', '认领'],
  ['resolveSeconds', '办结'],
  ['verifySeconds', '督查'],
  ['archiveSeconds', '归档'],
] as const;

export type LimitKey = (typeof LIMIT_STEPS)[number][0];

/** A working day is 7 hours: the calendar's office hours 08:30–12:00 and 14:30–18:00. */
export const WORKING_DAY_SECONDS = 7 * 3600;

export const CLOCK_LABEL: Record<string, string> = { working: '工作时间', calendar: '自然时间' };

export const ITEM_STATUS_COLOR: Record<string, string> = { proposed: 'gold', active: 'green', retired: 'default' };

export const ITEM_ACTION_LABEL: Record<string, string> = { propose: '提出准入申请', approve: '准入', retire: '退出' };

export interface CatalogItemDetail extends CatalogItem {
  categoryCode: string;
  urgentLimits?: Record<string, number>;
  history: {
    action: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    /** who acted, by name (null: the seed or a migration) */
    actor: { displayName: string } | null;
    /** admins only */
    actorId?: string | null;
    at: string;
  }[];
}

const trim = (n: number) => String(Math.round(n * 10) / 10);

/** A limit in words: minutes, hours, working days (working clock) or days (calendar clock). */
export function formatLimit(seconds: number | undefined, clock: string = 'working'): string {
  if (seconds === undefined || seconds === null) return '—';
  if (seconds < 3600) return `${trim(seconds / 60)}分钟`;
  if (clock === 'working' && seconds % WORKING_DAY_SECONDS === 0) return `${seconds / WORKING_DAY_SECONDS}个工作日`;
  if (clock !== 'working' && seconds % 86400 === 0) return `${seconds / 86400}天`;
  return `${trim(seconds / 3600)}小时`;
}
