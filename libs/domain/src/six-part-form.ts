import { SIX_STEPS } from './six-steps.js';
import { EVENT_TYPES, type SystemEventType, type TransitionEventType } from './ticket-flow.js';

type EventType = TransitionEventType | SystemEventType;

/**
 * The printed 六联单 (/tickets/:id/print): which timeline events fill each of its six parts.
 * A part shows the last event that completed its step (a decline or a rework starts a step
 * over, so the last one is the one that stands); 党员接单 adds the result reported after it.
 */
export const SIX_PART_EVENTS: Readonly<Record<(typeof SIX_STEPS)[number]['status'], readonly EventType[]>> = {
  submitted: ['filed'],
  accepted: [EVENT_TYPES.accept, EVENT_TYPES.acceptSelf],
  dispatched: [EVENT_TYPES.dispatch, 'auto_dispatched', EVENT_TYPES.acceptSelf],
  claimed: [EVENT_TYPES.claim],
  verified: [EVENT_TYPES.verifyPass],
  archived: [EVENT_TYPES.archive],
};

export interface SixPart<E> {
  status: (typeof SIX_STEPS)[number]['status'];
  title: string;
  /** the event that completed the step; null: not reached (a blank part to fill in by hand) */
  event: E | null;
  /** 党员接单 only: the result reported after the claim */
  result: E | null;
}

export function sixParts<E extends { type: string; seq: number }>(timeline: readonly E[]): SixPart<E>[] {
  const lastOf = (types: readonly string[], after = 0) =>
    [...timeline].reverse().find((e) => e.seq > after && types.includes(e.type)) ?? null;
  return SIX_STEPS.map((step) => {
    const event = lastOf(SIX_PART_EVENTS[step.status]);
    const result = step.status === 'claimed' && event ? lastOf([EVENT_TYPES.resolve], event.seq) : null;
    return { status: step.status, title: step.title, event, result };
  });
}
