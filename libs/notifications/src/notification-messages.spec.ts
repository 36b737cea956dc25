import { type EventFacts, isNotifyingEvent, notificationText } from './notification-messages.js';

const base: Omit<EventFacts, 'type'> = {
  number: '20261012000042',
  itemName: '邻里纠纷调解',
  description: '楼上漏水，与邻居协商未果',
  level: 'grid',
  data: {},
};

describe('notificationText', () => {
  it('titles each notifying event in Chinese', () => {
    const titles = Object.fromEntries(
      (['filed', 'dispatched', 'auto_dispatched', 'warning', 'overdue', 'escalated', 'rework', 'rated'] as const).map(
        (type) => [type, notificationText({ ...base, type }).title],
      ),
    );
    expect(titles).toEqual({
      filed: '网格新工单',
      dispatched: '您有新派单',
      auto_dispatched: '您有新派单',
      warning: '工单临近超时（黄灯）',
      overdue: '工单已超期（红灯）',
      escalated: '工单已升级督办',
      rework: '工单需返工',
      rated: '群众评价已到',
    });
  });

  it('names the ticket, and says what happened', () => {
    expect(notificationText({ ...base, type: 'filed' }).body).toBe(
      '工单 20261012000042（邻里纠纷调解）：楼上漏水，与邻居协商未果',
    );
    expect(
      notificationText({
        ...base,
        type: 'escalated',
        level: 'township',
        data: { auto: true, n: 2, toLevel: 'township' },
      }).body,
    ).toBe('工单 20261012000042（邻里纠纷调解）超期未办，已第 2 次升级至乡镇（街道）督办');
    expect(
      notificationText({
        ...base,
        type: 'escalated',
        data: { manual: true, reason: '涉及多部门', toLevel: 'community' },
      }).body,
    ).toBe('工单 20261012000042（邻里纠纷调解）报大事，已升级至村（社区）：涉及多部门');
    expect(notificationText({ ...base, type: 'rated', data: { satisfaction: 'very_satisfied' } }).body).toMatch(
      /群众评价：非常满意$/,
    );
  });

  it('shortens long descriptions', () => {
    const body = notificationText({ ...base, type: 'dispatched', description: '很'.repeat(200) }).body;
    expect(body.length).toBeLessThan(120);
    expect(body.endsWith('…')).toBe(true);
  });

  it('knows which events notify', () => {
    expect(isNotifyingEvent('warning')).toBe(true);
    expect(isNotifyingEvent('commented')).toBe(false);
    expect(isNotifyingEvent('accepted')).toBe(false);
  });
});
