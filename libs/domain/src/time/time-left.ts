import { TIMED_STATUSES } from '../ticket-flow.js';
import type { Clock } from './working-calendar.js';
import { workingDaySeconds } from './working-hours.js';

/**
 * Time left on a ticket's current step (剩余 / 超时), in the clock its catalogue item counts:
 * working time (office hours of working days, holidays skipped) or calendar time. One rule
 * for the API (`timeLeft` on every ticket), the server's urgency order and the console's
 * wording and traffic light. No I/O, and nothing the console cannot bundle: the calendar
 * arithmetic comes in as `elapsed`.
 */
export interface TimeLeft {
  clock: Clock;
  /** whole seconds of that clock until the step is due; negative once it is over */
  seconds: number;
}

export interface TimedStep {
  status: string;
  dueAt: Date | null;
  /** 挂账: the clock of the step is stopped */
  suspended: boolean;
}

/** Whole seconds of `clock` time from `from` to `to` (0 when `to <= from`). */
export type Elapsed = (clock: Clock, from: Date, to: Date) => number;

/** Where a step's limit runs: open tickets and the archive step of `verified` (归档销单 has a limit too). */
const TIMED: readonly string[] = TIMED_STATUSES;

/**
 * The time left at `now`, or null when no limit runs: archived or rejected, a step without a due
 * time, or a suspended step. Once the due time has passed the value is negative, at least
 * one second even when the time since is all outside working hours (it is over all the same).
 */
export function timeLeftOf(step: TimedStep, clock: Clock, now: Date, elapsed: Elapsed): TimeLeft | null {
  if (!TIMED.includes(step.status) || !step.dueAt || step.suspended) return null;
  if (now < step.dueAt) return { clock, seconds: elapsed(clock, now, step.dueAt) };
  return { clock, seconds: -Math.max(1, elapsed(clock, step.dueAt, now)) };
}

/**
 * 剩余 3 工作小时 / 剩余 2 个工作日 1 工作小时 / 剩余 1 天 2 小时 / 超时 40 分钟. Whole units,
 * rounded down: minutes under an hour, then hours, then days. A working day is the
 * calendar's working hours of one day (`dayLength`, seven hours by default); a calendar day
 * is 24 hours.
 */
export function timeLeftWording(left: TimeLeft, dayLength: number = workingDaySeconds()): string {
  return `${left.seconds < 0 ? '超时' : '剩余'} ${durationWording(Math.abs(left.seconds), left.clock, dayLength)}`;
}

function durationWording(seconds: number, clock: Clock, dayLength: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes === 0 ? '不到 1 分钟' : `${minutes} 分钟`;
  const working = clock === 'working';
  const dayMinutes = working ? Math.max(60, Math.floor(dayLength / 60)) : 24 * 60;
  const days = Math.floor(minutes / dayMinutes);
  const hours = Math.floor((minutes - days * dayMinutes) / 60);
  const parts = [
    days > 0 ? `${days} ${working ? '个工作日' : '天'}` : '',
    hours > 0 ? `${hours} ${working ? '工作小时' : '小时'}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** WARNING: part of the console's markup (data-light) and its tests: never rename. */
export type TrafficLight = 'ok' | 'warning' | 'overdue' | 'none';

/** The word on the badge: colour is never the only signal. */
export const TRAFFIC_LIGHT_LABEL: Readonly<Record<TrafficLight, string>> = {
  ok: '正常',
  warning: '临期',
  overdue: '超时',
  none: '无时限',
};

/**
 * 红黄绿灯 of a ticket: 超时 when the step is over (the worker's flag, or the clock already
 * says so), 无时限 when no limit runs, 临期 once flagged at 80 % of the limit, else 正常.
 * Archived and rejected tickets have none (null). A suspended step that was already over stays 超时.
 */
export function trafficLight(t: {
  status: string;
  warning: boolean;
  overdue: boolean;
  timeLeft: TimeLeft | null;
}): TrafficLight | null {
  if (!TIMED.includes(t.status)) return null;
  if (t.overdue || (t.timeLeft !== null && t.timeLeft.seconds < 0)) return 'overdue';
  if (t.timeLeft === null) return 'none';
  return t.warning ? 'warning' : 'ok';
}

/**
 * The order of `sort=urgency`: 超时 first, then 临期, then the rest by due time, tickets with
 * no running limit (and finished ones) last. The SQL of the list mirrors this
 * (libs/tickets ticket-urgency.ts).
 */
export const URGENCY_RANK: Readonly<Record<TrafficLight, number>> = { overdue: 0, warning: 1, ok: 2, none: 3 };

export const urgencyRank = (light: TrafficLight | null): number => (light === null ? 3 : URGENCY_RANK[light]);
