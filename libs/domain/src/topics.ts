/**
 * Governance topics (未诉先办, 每月一题): recurring problems found in the tickets before anyone
 * complains about the pattern. Shared by the API (validation, detection) and the console.
 *
 * WARNING: kinds and statuses are persisted (topic.kind, topic.status) and part of the API.
 */
export const TOPIC_KINDS = ['cluster', 'repeat_address', 'rework'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

export const TOPIC_STATUSES = ['open', 'adopted', 'closed'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

export const TOPIC_KIND_LABEL: Record<TopicKind, string> = {
  cluster: '聚集多发',
  repeat_address: '同一地址反复',
  rework: '返工/不满意',
};

export const TOPIC_STATUS_LABEL: Record<TopicStatus, string> = { open: '待认领', adopted: '已立项', closed: '已办结' };

/**
 * What makes a topic, per item category (an admin sets them; these are the defaults):
 * - cluster: at least `clusterMinTickets` tickets of one item, each within `clusterRadiusM`
 *   metres of another (DBSCAN), filed within the last `clusterWindowDays` days;
 * - repeat_address: at least `repeatMinTickets` tickets of one item at one address (the same
 *   text once normalised) or one point (within `repeatRadiusM` metres) in `repeatWindowDays`;
 * - rework: at least `reworkMinTickets` tickets of one item in one grid reworked (返工) or rated
 *   dissatisfied in `reworkWindowDays`.
 */
export interface TopicThresholds {
  clusterMinTickets: number;
  clusterRadiusM: number;
  clusterWindowDays: number;
  repeatMinTickets: number;
  repeatRadiusM: number;
  repeatWindowDays: number;
  reworkMinTickets: number;
  reworkWindowDays: number;
}

export const TOPIC_THRESHOLD_LIMITS: Record<keyof TopicThresholds, { min: number; max: number; label: string }> = {
  clusterMinTickets: { min: 2, max: 1000, label: '聚集：最少件数' },
  clusterRadiusM: { min: 10, max: 5000, label: '聚集：半径（米）' },
  clusterWindowDays: { min: 1, max: 366, label: '聚集：时间窗（天）' },
  repeatMinTickets: { min: 2, max: 1000, label: '同址：最少件数' },
  repeatRadiusM: { min: 1, max: 100, label: '同址：同一点半径（米）' },
  repeatWindowDays: { min: 1, max: 366, label: '同址：时间窗（天）' },
  reworkMinTickets: { min: 2, max: 1000, label: '返工/不满意：最少件数' },
  reworkWindowDays: { min: 1, max: 366, label: '返工/不满意：时间窗（天）' },
};

export const TOPIC_THRESHOLD_KEYS = Object.keys(TOPIC_THRESHOLD_LIMITS) as (keyof TopicThresholds)[];

export const DEFAULT_TOPIC_THRESHOLDS: TopicThresholds = {
  clusterMinTickets: 5,
  clusterRadiusM: 300,
  clusterWindowDays: 30,
  repeatMinTickets: 3,
  repeatRadiusM: 15,
  repeatWindowDays: 90,
  reworkMinTickets: 3,
  reworkWindowDays: 90,
};

/** Defaults that differ by category: safety hazards and emergencies matter at fewer tickets. */
export const CATEGORY_TOPIC_DEFAULTS: Record<string, Partial<TopicThresholds>> = {
  C: { clusterMinTickets: 3, repeatMinTickets: 2 },
  F: { clusterMinTickets: 3, clusterRadiusM: 500, clusterWindowDays: 7, repeatMinTickets: 2 },
};

export function defaultTopicThresholds(categoryCode: string): TopicThresholds {
  return { ...DEFAULT_TOPIC_THRESHOLDS, ...CATEGORY_TOPIC_DEFAULTS[categoryCode] };
}

/** Problems of a thresholds object, field by field (empty when valid): whole numbers within the limits. */
export function topicThresholdProblems(value: unknown): { field: string; problem: string }[] {
  if (typeof value !== 'object' || value === null) return [{ field: 'body', problem: 'must be an object' }];
  const v = value as Record<string, unknown>;
  const problems: { field: string; problem: string }[] = [];
  for (const key of TOPIC_THRESHOLD_KEYS) {
    const { min, max } = TOPIC_THRESHOLD_LIMITS[key];
    const x = v[key];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
      problems.push({ field: key, problem: `must be a whole number from ${min} to ${max}` });
    }
  }
  for (const key of Object.keys(v)) {
    if (!(TOPIC_THRESHOLD_KEYS as string[]).includes(key)) problems.push({ field: key, problem: 'unknown field' });
  }
  return problems;
}

/**
 * Address normalisation for "the same address": full-width ASCII (Ａ１－) to half width, the
 * ideographic space and all whitespace removed, Latin letters lower-cased. The same rule runs in
 * SQL (`normalisedAddressSql`) over a year of tickets.
 */
export function normaliseAddress(address: string): string {
  let out = '';
  for (const ch of address) {
    const c = ch.codePointAt(0)!;
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCodePoint(c - 0xfee0) : ch;
  }
  return out.replace(/[\s\u3000]+/gu, '').toLowerCase();
}

const FULL_WIDTH = Array.from({ length: 0xff5e - 0xff01 + 1 }, (_, i) => String.fromCodePoint(0xff01 + i)).join('');
const HALF_WIDTH = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCodePoint(0x21 + i)).join('');

/** normaliseAddress as a SQL expression over `column` (constants inlined: no parameters to number). */
export function normalisedAddressSql(column: string): string {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `lower(regexp_replace(translate(${column}, ${lit(FULL_WIDTH)}, ${lit(HALF_WIDTH)}), '[[:space:]\u3000]+', '', 'g'))`;
}

/** The lowest org unit covering every grid code (the longest common prefix cut to a level). */
export function topicScopeOf(gridCodes: readonly string[]): string | null {
  if (!gridCodes.length) return null;
  let prefix = gridCodes[0];
  for (const g of gridCodes) while (!g.startsWith(prefix)) prefix = prefix.slice(0, -1);
  for (const len of [15, 12, 9, 6, 4]) if (prefix.length >= len) return prefix.slice(0, len);
  return null;
}

/** A topic's title as people read it in lists and the monthly report. */
export function topicTitle(kind: TopicKind, itemName: string, place: string | null, ticketCount: number): string {
  const where = place ? `${place}` : '';
  switch (kind) {
    case 'cluster':
      return `${where}周边${itemName}聚集多发（${ticketCount}件）`;
    case 'repeat_address':
      return `${where}${itemName}反复反映（${ticketCount}件）`;
    case 'rework':
      return `${where}${itemName}返工/不满意集中（${ticketCount}件）`;
  }
}

/** YYYY-MM of a real month, or null. */
export function monthProblem(month: unknown): string | null {
  if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return 'must be a month YYYY-MM';
  return null;
}
