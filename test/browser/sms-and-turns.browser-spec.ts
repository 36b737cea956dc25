import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTestWorker, filePublicTicket, isolatedTestConfig, until } from '../support/index.js';
import { type ConsoleFixture, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

const DESK = { width: 1440, height: 900 };

// Issue 19 item 1: residents hear by SMS (短信记录 shows it), staff hear when it is their turn.
describe('短信记录 and whose turn it is, with the worker running', () => {
  let fx: ConsoleFixture;
  let worker: INestApplication;

  beforeAll(async () => {
    // Its own database: the worker relays every outbox row of the database it runs on.
    const config = await isolatedTestConfig('sms_browser');
    fx = await startConsoleFixture({ config });
    worker = await createTestWorker({ config });
  });
  afterAll(async () => {
    await worker?.close();
    await fx?.close();
  });

  it('a resident files with a phone; the admin finds the SMS with the tracking code in 短信记录', async () => {
    const t = await filePublicTicket(fx.server.api, fx.grid, {
      itemCode: fx.itemCode,
      description: '小区东门路灯不亮',
      reporter: { name: '李先生', phone: '13855556666' },
    });
    const db = fx.server.api.app.get(DataSource);
    await until('the SMS to be sent', async () => {
      const [row] = await db.query(`SELECT status FROM sms_message WHERE ticket_id = $1`, [t.id]);
      return row?.status === 'sent';
    });

    const { page, done } = await pageAs(fx, fx.users.admin, DESK);
    await page.getByRole('menuitem', { name: '短信记录' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/sms');
    const row = page.locator('tr', { hasText: t.number });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(t.trackingCode);
    expect(text).toContain('138****6666');
    expect(text).not.toContain('13855556666');
    expect(text).toContain('已发送');
    expect(text).toContain('受理回执');
    await screenshot(page, 'sms-records-admin');
    // the ticket number opens the ticket
    await row.getByRole('link', { name: t.number }).click();
    await page.waitForURL((url) => url.pathname === `/tickets/${t.id}`);
    await done();
  });

  it('a dispatcher sees the 待派单 notification appear in the bell when a grid worker accepts', async () => {
    const t = await filePublicTicket(fx.server.api, fx.grid, { itemCode: fx.itemCode, description: '楼道堆放杂物' });
    const { page, done } = await pageAs(fx, fx.users.dispatcher, DESK);
    // the bell's stream is open once it has read its list
    await page.getByRole('button', { name: '消息' }).waitFor();

    const res = await fx.server.api
      .http()
      .post(`/api/v1/tickets/${t.id}/accept`)
      .set('Authorization', `Bearer ${fx.users.gridWorker.token}`)
      .send({});
    expect(res.status).toBe(200);

    // the pop-up, live, without reloading
    await page.getByText('工单待派单').first().waitFor({ timeout: 60_000 });
    await until(
      'the unread badge to count it',
      async () => /[1-9]/.test(await page.getByTestId('notification-count').innerText()),
      30_000,
    );
    await page.getByRole('button', { name: '消息' }).click();
    const item = page.locator('.ant-popover .ant-list-item', { hasText: t.number });
    await item.waitFor();
    expect(await item.locator('[data-notification-kind="accepted"]').innerText()).toContain('待派单');
    await screenshot(page, 'turn-dispatcher-bell');
    await done();
  });
});
