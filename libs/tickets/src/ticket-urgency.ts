import { type CompoundKeyset } from '@gridflow/database';
import { TIMED_STATUSES, URGENCY_RANK } from '@gridflow/domain';

/**
 * The SQL side of libs/domain time-left.ts, for lists ordered and filtered in PostgreSQL.
 * Both read the step's due time at an instant: over when due before it (or already flagged
 * while suspended: the clock stopped after it was over), 临期 from the warning point, no
 * running limit when archived or rejected, without a due time, or suspended.
 *
 * The order uses the stored times only, not the worker's flags, so that it is a function of
 * the rows and the instant: a cursor that carries the instant pages without gaps or repeats
 * while the worker flags tickets in between. The badge reads the flags (`trafficLight`),
 * which trail the times by the moment the worker takes.
 */
/** Archived or rejected: no step runs (verified still has its archive step's limit). */
const finished = (t: string) => `${t}.status NOT IN (${TIMED_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Over at `at` (an SQL timestamptz expression). */
export function overdueSql(t: string, at: string): string {
  return `(NOT ${finished(t)} AND ${t}.due_at IS NOT NULL AND (CASE WHEN ${t}.suspended_at IS NULL THEN ${t}.due_at <= ${at} ELSE ${t}.overdue END))`;
}

/** URGENCY_RANK of a ticket at `at`: 0 超时, 1 临期, 2 正常, 3 无时限, archived or rejected. */
export function urgencyRankSql(t: string, at: string): string {
  return `(CASE
    WHEN ${overdueSql(t, at)} THEN ${URGENCY_RANK.overdue}
    WHEN ${finished(t)} OR ${t}.due_at IS NULL OR ${t}.suspended_at IS NOT NULL THEN ${URGENCY_RANK.none}
    WHEN ${t}.warn_at <= ${at} THEN ${URGENCY_RANK.warning}
    ELSE ${URGENCY_RANK.ok} END)`;
}

/** `sort=urgency`: rank, then the earliest due, then id; the instant is the first page's. */
export function urgencyKeyset(t: string, now: Date): CompoundKeyset {
  const at = 'CAST(:urgencyAt AS timestamptz)';
  return {
    keys: [
      { sql: urgencyRankSql(t, at), type: 'integer' },
      { sql: `COALESCE(${t}.due_at, 'infinity'::timestamptz)`, type: 'timestamptz' },
      { sql: `${t}.id`, type: 'uuid' },
    ],
    context: [{ name: 'urgencyAt', type: 'timestamptz', value: now.toISOString() }],
  };
}
