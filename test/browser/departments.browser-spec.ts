import { StatsService } from '@gridflow/stats';
import { createDepartmentStaff, createTestDepartment, createTestUser, type TestUser } from '../support/index.js';
import {
  type ConsoleFixture,
  confirmDialog,
  expectStatus,
  openDialog,
  pageAs,
  pick,
  screenshot,
  settledDialog,
  startConsoleFixture,
} from './console-fixture.js';

/** The desk of a county office: 1440 × 900. */
const DESK = { width: 1440, height: 900 };

// 职能部门 (docs/departments.md): an escalated matter (报大事) goes from the township desk to 城管局,
// whose staff take it (接单) and report the result (办结) from their own page, 部门工单.
describe('departments in the browser: township desk → 城管局 → 接单 → 办结', () => {
  let fx: ConsoleFixture;
  let townshipDesk: TestUser;
  let staff: TestUser;
  let department: string;

  beforeAll(async () => {
    fx = await startConsoleFixture();
    const app = fx.server.api.app;
    await createTestDepartment(app, fx.city.county, '住建局');
    department = await createTestDepartment(app, fx.city.county, '城管局');
    townshipDesk = await createTestUser(app, 'dispatcher', fx.city.townships[0]);
    staff = await createDepartmentStaff(app, department);
  });
  afterAll(() => fx?.close());

  /** A 占道经营 ticket (E03, escalate tier: 城管局 in the catalogue) accepted and escalated to the township. */
  async function escalatedTicket(description: string) {
    const http = fx.server.api.http;
    const call = async (user: TestUser, path: string, body: object) => {
      const res = await http().post(`/api/v1${path}`).set('Authorization', `Bearer ${user.token}`).send(body);
      if (res.status !== 200 && res.status !== 201)
        throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; number: string };
    };
    const { gridWorker, dispatcher } = fx.users;
    const t = await call(gridWorker, '/tickets', { itemCode: 'E03', gridCode: fx.grid, description });
    await call(gridWorker, `/tickets/${t.id}/accept`, {});
    await call(gridWorker, `/tickets/${t.id}/escalate`, { reason: '占道严重，需社区协调' });
    await call(dispatcher, `/tickets/${t.id}/escalate`, { reason: '需执法部门处理' });
    return t;
  }

  it('the township desk hands it to 城管局 (the item’s department by default); its staff take it and finish it', async () => {
    const base = fx.server.baseUrl;
    const ticket = await escalatedTicket(`早市摊贩占道经营，堵住消防通道 ${Date.now()}`);

    // 派单 at the township desk: the dialog offers 派给职能部门, with 城管局 chosen already.
    const desk = await pageAs(fx, townshipDesk, DESK);
    const d = desk.page;
    await d.goto(`${base}/tickets/${ticket.id}`);
    await expectStatus(d, 'accepted');
    const dialog = await openDialog(d, '派单');
    await dialog.getByText('派给职能部门').first().waitFor();
    await dialog.locator('.ant-select-content[title="城管局"]').waitFor();
    await dialog.getByLabel('派单说明').fill('请城管局执法队处理');
    await screenshot(d, 'departments-1-dispatch-to-department');
    await confirmDialog(d);
    await expectStatus(d, 'dispatched');
    await d.getByText('派给职能部门：城管局').waitFor();

    // The department's staff: their first screen is 部门工单, the ticket 待接单 at the top.
    const dept = await pageAs(fx, staff, DESK);
    const s = dept.page;
    await s.waitForURL(/\/department$/);
    const row = s.locator(`[data-ticket-id="${ticket.id}"]`);
    await row.getByText('待接单').waitFor();
    expect(await s.locator('[data-ticket-id]').first().getAttribute('data-ticket-id')).toBe(ticket.id);
    await screenshot(s, 'departments-2-department-tickets');

    await row.getByRole('link', { name: ticket.number }).click();
    await s.waitForURL(new RegExp(`/tickets/${ticket.id}$`));
    await openDialog(s, '接单');
    await confirmDialog(s);
    await expectStatus(s, 'claimed');
    const resolve = await openDialog(s, '办结');
    await resolve.getByLabel('办理结果').fill('已清理占道摊点，恢复消防通道畅通');
    await confirmDialog(s);
    await expectStatus(s, 'resolved');
    await screenshot(s, 'departments-3-staff-resolved');

    const res = await fx.server.api
      .http()
      .get(`/api/v1/tickets/${ticket.id}`)
      .set('Authorization', `Bearer ${fx.users.supervisor.token}`);
    expect(res.body).toEqual(
      expect.objectContaining({
        status: 'resolved',
        assignee: expect.objectContaining({ id: staff.id }),
        department: { code: department, name: '城管局' },
      }),
    );

    // The admin's page of departments.
    const admin = await pageAs(fx, fx.users.admin, DESK);
    await admin.page.goto(`${base}/admin/departments`);
    await admin.page.locator(`[data-department-code="${department}"]`).waitFor();
    await screenshot(admin.page, 'departments-4-admin-page');

    // The dashboard counts it for 城管局 (按部门); the worker's refresh done here directly.
    await fx.server.api.app.get(StatsService).refreshTicket(ticket.id);
    await admin.page.goto(`${base}/dashboard`);
    await admin.page.getByText('按部门', { exact: true }).click();
    await admin.page.locator(`tr[data-row-key="${department}"]`).getByText('城管局').waitFor();
    await screenshot(admin.page, 'departments-6-dashboard-by-department');

    for (const session of [desk, dept, admin]) await session.done();
  });

  it('the admin adds a department’s staff: picking the department sets the scope to its county', async () => {
    const admin = await pageAs(fx, fx.users.admin, DESK);
    const page = admin.page;
    await page.goto(`${fx.server.baseUrl}/admin/users`);
    await page.getByRole('button', { name: '新增用户' }).click();
    const dialog = await settledDialog(page);
    const username = `cg${Date.now().toString(36)}`;
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('密码', { exact: true }).fill('Department-2026!');
    await dialog.getByLabel('确认密码').fill('Department-2026!');
    await dialog.getByLabel('姓名').fill('城管执法队员');
    await pick(page, dialog, '角色', '职能部门人员');
    await dialog.getByText('职能部门人员的管辖范围须为市或县（区）').waitFor();
    await pick(page, dialog, '所属职能部门', `城管局（${department}）`);
    await dialog.locator(`.ant-select-content[title="测试区${fx.city.county}"]`).waitFor();
    await screenshot(page, 'departments-5-user-form');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(username).first().waitFor();

    const users = await fx.server.api
      .http()
      .get('/api/v1/users')
      .query({ role: 'department_staff', limit: 100 })
      .set('Authorization', `Bearer ${fx.users.admin.token}`);
    expect(users.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username, scopeCode: fx.city.county, departmentCode: department }),
      ]),
    );
    await admin.done();
  });
});
