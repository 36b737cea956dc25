import { type EventFacts, isNotifyingEvent, notificationText, smsText } from './notification-messages.js';

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
      (
        [
          'filed',
          'accepted',
          'declined',
          'dispatched',
          'auto_dispatched',
          'resolved',
          'warning',
          'overdue',
          'escalated',
          'rework',
          'rated',
        ] as const
      ).map((type) => [type, notificationText({ ...base, type }).title]),
    );
    expect(titles).toEqual({
      filed: '网格新工单',
      accepted: '工单待派单',
      declined: '工单退单待派',
      resolved: '工单待督查',
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
    expect(isNotifyingEvent('accepted')).toBe(true);
    expect(isNotifyingEvent('claimed')).toBe(false);
  });

  it("writes the residents' SMS with the tracking code and link", () => {
    const facts = {
      number: base.number,
      trackingCode: 'K7M2Q9',
      itemName: '路灯不亮',
      trackingUrl: 'https://gridflow.example/t/K7M2Q9',
    };
    expect(smsText({ ...facts, kind: 'filed' })).toBe(
      '您的诉求（路灯不亮）已受理，查询码 K7M2Q9，进度查询：https://gridflow.example/t/K7M2Q9',
    );
    expect(smsText({ ...facts, kind: 'verified' })).toContain('已办结并经督查核实');
  });
});
