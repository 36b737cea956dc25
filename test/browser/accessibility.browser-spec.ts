import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { createDepartmentStaff, createTestDepartment, until } from '../support/index.js';
import { newPage } from '../support/browser.js';
import {
  advanceToVerified,
  type ConsoleFixture,
  fileByApi,
  pageAs,
  screenshot,
  startConsoleFixture,
} from './console-fixture.js';

// A real browser on a busy 2-core machine: pages take seconds, not milliseconds.
const BROWSER_TEST_MS = 240_000;

/** Residents, grid workers and party members work on a phone; the desk roles on a desk. */
const PHONE_390 = { width: 390, height: 844 };
const DESK_1440 = { width: 1440, height: 900 };

/** axe impacts this check fails on (WCAG AA and axe's best practices, all rules on). */
const BLOCKING = new Set(['serious', 'critical']);

interface Finding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Waits until the page has drawn its content: no spinner, no skeleton, no running animation. */
async function settled(page: Page, ready?: string | RegExp): Promise<void> {
  if (ready) await page.getByText(ready).first().waitFor();
  await until(
    'the page to settle',
    () =>
      page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelectorAll: (s: string) => { length: number } } })
          .document;
        const busy = doc.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length;
        const animations = (
          globalThis as unknown as { document: { getAnimations: () => { playState: string }[] } }
        ).document
          .getAnimations()
          .filter((a) => a.playState === 'running').length;
        return busy === 0 && animations === 0;
      }),
    20_000,
  );
}

/** Runs axe on the page as it is and returns its serious and critical violations. */
async function audit(page: Page, name: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  await screenshot(page, `a11y-${name}`);
  return results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => ({
      page: name,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** Fails with every finding: the rule id, its impact and the elements (axe targets). */
function expectClean(findings: Finding[]): void {
  const report = findings
    .map((f) => `${f.page}: ${f.rule} (${f.impact}) ${f.help}\n    ${f.targets.join('\n    ')}`)
    .join('\n');
  if (findings.length) console.error(`axe found serious/critical violations:\n${report}`);
  expect(report).toBe('');
}

interface Visit {
  name: string;
  path: string;
  /** text that shows once the page has its data */
  ready?: string | RegExp;
  /** an element that exists once the page is complete (e.g. the print page's data-ready) */
  readySelector?: string;
}

async function auditAll(page: Page, base: string, visits: Visit[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const visit of visits) {
    await page.goto(`${base}${visit.path}`);
    if (visit.readySelector) await page.locator(visit.readySelector).waitFor();
    await settled(page, visit.ready);
    findings.push(...(await audit(page, visit.name)));
  }
  return findings;
}

describe('accessibility: axe on every page of every role (no serious or critical violation)', () => {
  let fx: ConsoleFixture;
  /** a request as filed (待网格接单) */
  let filed: { id: string; number: string; trackingCode: string };
  /** a request the party member has handled (待督查兑单) */
  let resolved: { id: string; number: string; trackingCode: string };
  /** a request verified by the supervisor: the resident may rate it */
  let verified: { id: string; number: string; trackingCode: string };

  beforeAll(async () => {
    fx = await startConsoleFixture();
    filed = await fileByApi(fx, '无障碍检查：刚提交的诉求');
    resolved = await fileByApi(fx, '无障碍检查：已办结待督查的诉求');
    const { gridWorker, dispatcher, partyMember } = fx.users;
    const act = async (user: typeof gridWorker, action: string, body: object) => {
      const res = await fx.server.api
        .http()
        .post(`/api/v1/tickets/${resolved.id}/${action}`)
        .set('Authorization', `Bearer ${user.token}`)
        .send(body);
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await act(gridWorker, 'accept', {});
    await act(dispatcher, 'dispatch', { assigneeId: partyMember.id });
    await act(partyMember, 'claim', {});
    await act(partyMember, 'resolve', { result: '已修好路灯' });
    verified = await fileByApi(fx, '无障碍检查：已督查可评价的诉求');
    await advanceToVerified(fx, verified.id);
  }, 120_000);
  afterAll(() => fx?.close());

  it(
    'login, on a phone and on a desk',
    async () => {
      const findings: Finding[] = [];
      for (const [label, viewport] of [
        ['phone', PHONE_390],
        ['desk', DESK_1440],
      ] as const) {
        const { page, context } = await newPage(fx.browser, viewport);
        findings.push(
          ...(await auditAll(page, fx.server.baseUrl, [{ name: `login-${label}`, path: '/login', ready: '登录' }])),
        );
        // The form's own error state (empty submit) must be readable too.
        await page.getByRole('button', { name: '登录' }).click();
        await page.locator('.ant-form-item-explain-error').first().waitFor();
        await settled(page);
        findings.push(...(await audit(page, `login-${label}-errors`)));
        await context.close();
      }
      expectClean(findings);
    },
    BROWSER_TEST_MS,
  );

  it(
    'resident (phone): request page, tracking page, rating',
    async () => {
      const { page, context } = await newPage(fx.browser, PHONE_390);
      const findings = await auditAll(page, fx.server.baseUrl, [
        { name: 'resident-request', path: `/r/${fx.grid}`, ready: '提交诉求' },
        { name: 'resident-tracking-form', path: '/t', ready: '查询办理进度' },
        { name: 'resident-tracking', path: `/t/${filed.trackingCode}`, ready: '六联单进度' },
        { name: 'resident-rating', path: `/t/${verified.trackingCode}`, ready: '提交评价' },
      ]);
      // The request form with its validation messages showing.
      await page.goto(`${fx.server.baseUrl}/r/${fx.grid}`);
      await settled(page, '提交诉求');
      await page.getByRole('button', { name: '提交诉求' }).click();
      await page.getByText('请描述您的诉求').waitFor();
      await settled(page);
      findings.push(...(await audit(page, 'resident-request-errors')));
      await context.close();
      expectClean(findings);
    },
    BROWSER_TEST_MS,
  );

  it(
    'grid worker (phone): queue, 上报, tasks, messages, me, ticket',
    async () => {
      const { page, done } = await pageAs(fx, fx.users.gridWorker, PHONE_390);
      const findings = await auditAll(page, fx.server.baseUrl, [
        { name: 'grid-worker-queue', path: '/my/queue', ready: filed.number },
        { name: 'grid-worker-file', path: '/tickets/new', ready: '提交' },
        { name: 'grid-worker-tasks', path: '/my/tasks', ready: '我的任务' },
        { name: 'grid-worker-messages', path: '/messages', ready: /消息/ },
        { name: 'grid-worker-me', path: '/me', ready: '退出登录' },
        { name: 'grid-worker-ticket', path: `/tickets/${filed.id}`, ready: filed.number },
      ]);
      await done();
      expectClean(findings);
    },
    BROWSER_TEST_MS,
  );

  it(
    'party member (phone): tasks, messages, me, ticket',
    async () => {
      const { page, done } = await pageAs(fx, fx.users.partyMember, PHONE_390);
      const findings = await auditAll(page, fx.server.baseUrl, [
        { name: 'party-tasks', path: '/my/tasks', ready: '我的任务' },
        { name: 'party-messages', path: '/messages', ready: /消息/ },
        { name: 'party-me', path: '/me', ready: '退出登录' },
        { name: 'party-ticket', path: `/tickets/${resolved.id}`, ready: resolved.number },
      ]);
      await done();
      expectClean(findings);
    },
    BROWSER_TEST_MS,
  );

  it(
    'dispatcher (desk): 派单台, 待定位, filing, dashboard, ticket',
    async () => {
      const { page, done } = await pageAs(fx, fx.users.dispatcher, DESK_1440);
      const findings = await auditAll(page, fx.server.baseUrl, [
        { name: 'dispatcher-desk', path: '/desk', ready: filed.number },
        { name: 'dispatcher-unlocated', path: '/unlocated', ready: '待定位诉求' },
        { name: 'dispatcher-file', path: '/tickets/new', ready: '提交' },
        { name: 'dispatcher-dashboard', path: '/dashboard', ready: '数据看板' },
        { name: 'dispatcher-ticket', path: `/tickets/${filed.id}`, ready: filed.number },
      ]);
      await done();
      expectClean(findings);
    },
    BROWSER_TEST_MS,
  );

  it(
    'department staff (desk): 部门工单, a ticket of their department',
    async () => {
      const app = fx.server.api.app;
      const department = await createTestDepartment(app, fx.city.county, '城管局');
      const staff = await createDepartmentStaff(app, department);
      const http = fx.server.api.http;
      const call = async (user: { token: string }, path: string, body: object) => {
        const res = await http().post(`/api/v1${path}`).set('Authorization', `Bearer ${user.token}`).send(body);
        if (res.status !== 200 && res.status !== 201) throw new Error(`${path}: ${res.status}`);
        return res.body as { id: string; number: string };
      };
      const { gridWorker, dispatcher, admin } = fx.users;
      const t = await call(gridWorker, '/tickets', {
        itemCode: 'E03',
        gridCode: fx.grid,
        description: '无障碍检查：占道经营',
      });
      await call(gridWorker, `/tickets/${t.id}/accept`, {});
      await call(gridWorker, `/tickets/${t.id}/escalate`, { reason: '需社区协调' });
      await call(dispatcher, `/tickets/${t.id}/escalate`, { reason: '需执法部门' });
      await call(admin, `/tickets/${t.id}/dispatch`, { departmentCode: department });
      const { page, done } = await pageAs(fx, staff, DESK_1440);
      const findings = await auditAll(page, fx.server.baseUrl, [
        { name: 'department-tickets', path: '/department', ready: t.number },
        { name: 'department-ticket', path: `/tickets/${t.id}`, ready: t.number },
      ]);
      await done();
      expectClean(findings);
    },
    BROWSER_TEST_MS,
  );

  it(
    'supervisor (desk): 督查兑单, time requests, closed cases, dashboard, 减负, 治理专题, ticket',
    async () => {
      const { page, done } = await pageAs(fx, fx.users.supervisor, DESK_1440);
      const findings = await auditAll(page, fx.server.baseUrl, [
        { name: 'supervisor-review', path: '/review', ready: resolved.number },
        { name: 'supervisor-requests', path: '/review/requests' },
        { name: 'supervisor-closed', path: '/review/closed' },
        { name: 'supervisor-dashboard', path: '/dashboard', ready: '数据看板' },
        { name: 'supervisor-burden', path: '/burden', ready: '清单外派活记录' },
        { name: 'supervisor-topics', path: '/topics', ready: '治理专题' },
        { name: 'supervisor-ticket', path: `/tickets/${resolved.id}`, ready: resolved.number },
        {
          name: 'supervisor-print',
          path: `/tickets/${verified.id}/print`,
          ready: verified.number,
          // the 打印 button turns from disabled to primary once the grids' names are in
          readySelector: '.six-part-page[data-ready="true"]',
        },
      ]);
      // 待归档销单 with a row selected: the checkboxes and the batch bar.
      await page.goto(`${fx.server.baseUrl}/review`);
      await page.getByRole('tab', { name: /待归档销单/ }).click();
      await page.getByRole('checkbox', { name: `选择工单 ${verified.number}` }).check();
      await page.getByRole('toolbar', { name: '批量操作' }).waitFor();
      await settled(page);
      findings.push(...(await audit(page, 'supervisor-review-archive-selected')));
      await done();
      expectClean(findings);
    },
    BROWSER_TEST_MS,
  );

  it(
    'admin (desk): dashboard, 指挥中心 and every admin page, sign board',
    async () => {
      const { page, done } = await pageAs(fx, fx.users.admin, DESK_1440);
      const findings = await auditAll(page, fx.server.baseUrl, [
        { name: 'admin-dashboard', path: '/dashboard', ready: '数据看板' },
        { name: 'admin-command', path: '/command', ready: '按乡镇街道' },
        { name: 'admin-org', path: '/admin/org', ready: '组织树' },
        { name: 'admin-grids', path: '/admin/grids' },
        { name: 'admin-workers', path: '/admin/workers' },
        { name: 'admin-catalog', path: '/admin/catalog' },
        { name: 'admin-users', path: '/admin/users' },
        { name: 'admin-calendar', path: '/admin/calendar' },
        { name: 'admin-webhooks', path: '/admin/webhooks' },
        { name: 'admin-sms', path: '/admin/sms' },
        { name: 'admin-departments', path: '/admin/departments', ready: '职能部门' },
        { name: 'admin-addresses', path: '/admin/addresses', ready: '导入地址文件' },
        { name: 'admin-closed', path: '/review/closed' },
        { name: 'admin-ticket', path: `/tickets/${verified.id}`, ready: verified.number },
        { name: 'admin-sign-board', path: `/sign-board/${fx.grid}` },
        { name: 'not-found', path: '/no-such-page' },
      ]);
      await done();
      expectClean(findings);
    },
    BROWSER_TEST_MS,
  );
});
