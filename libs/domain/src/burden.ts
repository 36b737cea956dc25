/**
 * 减负 (为马松绑、为车减重): the burden tickets put on grid workers, and the attempts to push
 * matters outside the catalogue onto them. Pure: the stats service reads, this counts (the
 * holding spans and their working hours: burden-hours.ts, apart so that the console can import
 * this without the holiday schedule).
 * Never a ranking of workers by volume (DOMAIN.md): rows are ordered by key, not by figures.
 */

export const BURDEN_BY = ['worker', 'grid'] as const;
export type BurdenBy = (typeof BURDEN_BY)[number];

/** The monthly trend covers at most this many months (default 12). */
export const BURDEN_TREND_MAX_MONTHS = 36;
export const BURDEN_TREND_DEFAULT_MONTHS = 12;

/**
 * A flood of refused filings from one caller grows counters, not the table: at most this many
 * distinct (item, grid) records per caller and day; the attempts beyond fold into one record
 * with item `*` (item_status `other`).
 */
export const REFUSED_PUSH_RECORDS_PER_CALLER_DAY = 50;
export const REFUSED_PUSH_OVERFLOW_ITEM = '*';

export type RefusedPushChannel = 'staff' | 'public' | 'hotline' | 'open311';

/** Who tried, as one key: the user, else the Open311 API key, else the channel (public residents). */
export function refusedPushCaller(who: {
  userId?: string | null;
  apiKeyId?: string | null;
  channel: RefusedPushChannel;
}): string {
  if (who.userId) return `user:${who.userId}`;
  if (who.apiKeyId) return `open311:${who.apiKeyId}`;
  return `channel:${who.channel}`;
}

/** A refused item code as stored: trimmed and at most 40 characters (the column's bound). */
export function refusedItemCode(code: unknown): string {
  const s = typeof code === 'string' ? code.trim().slice(0, 40) : '';
  return s || '?';
}

/** Tickets per week over a period of `days` days, two decimals. */
export function perWeek(count: number, days: number): number {
  return days > 0 ? Math.round((count * 7 * 100) / days) / 100 : 0;
}
