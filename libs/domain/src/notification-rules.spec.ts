import { isNotifyingEvent, NOTIFICATION_RULES, notificationAudiences, NOTIFYING_EVENTS } from './notification-rules.js';
import { TICKET_FLOW } from './ticket-flow.js';

describe('who is told of which ticket event', () => {
  it('tells the dispatch desk of every event that leaves a ticket waiting for dispatch (待派单)', () => {
    // every action whose effect lands in `accepted`
    const landing = Object.values(TICKET_FLOW).flatMap((rule) =>
      rule.effects.filter((e) => e.to === 'accepted').map((e) => e.event),
    );
    expect(landing.sort()).toEqual(['accepted', 'declined']);
    for (const event of landing) expect(notificationAudiences(event as 'accepted')).toContain('dispatch_desk');
    // an escalation keeps the status: the new level's desk hears of it
    expect(notificationAudiences('escalated')).toContain('level_desk');
  });

  it('tells the supervisors over the grid when a ticket waits for 督查兑单, and the assignee of a warning', () => {
    const resolving = Object.values(TICKET_FLOW).flatMap((r) => r.effects.filter((e) => e.to === 'resolved'));
    expect(resolving.map((e) => e.event)).toEqual(['resolved']);
    expect(notificationAudiences('resolved')).toEqual(['grid_supervisors']);
    expect(notificationAudiences('warning')).toContain('assignee');
  });

  it('lists the notifying events, each with a label', () => {
    expect(NOTIFYING_EVENTS).toEqual(Object.keys(NOTIFICATION_RULES));
    for (const type of NOTIFYING_EVENTS) expect(NOTIFICATION_RULES[type].label.length).toBeGreaterThan(0);
    expect(isNotifyingEvent('accepted')).toBe(true);
    expect(isNotifyingEvent('commented')).toBe(false);
    expect(isNotifyingEvent('toString')).toBe(false);
  });
});
