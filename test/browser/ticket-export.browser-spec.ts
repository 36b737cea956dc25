import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { filePublicTicket } from '../support/index.js';
import { advanceToVerified, type ConsoleFixture, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

const BROWSER_TEST_MS = 150_000;
const DESK = { width: 1440, height: 900 };
const NUMBER = '13800138000';
const MASKED = '138****8000';

/** The headers of the export (libs/tickets TICKET_EXPORT_COLUMNS), as a supervisor files them away. */
const HEADERS = [
  '工单编号',
  '状态',
  '事项编码',
  '事项名称',
  '诉求内容',
  '网格编码',
  '网格名称',
  '地址',
  '联系电话',
  '层级',
  '紧急',
  '提交时间',
  '办理期限',
  '是否超期',
  '升级次数',
  '返工次数',
  '处理人',
  '办理结果',
  '办结时间',
  '满意度',
  '回访记录',
];

/** Clicks 导出 Excel on 办结案件 and reads the sheet that arrives as a download. */
async function exportFromClosedCases(page: Page, base: string, shot: string) {
  await page.goto(`${base}/review/closed`);
  await page.getByRole('button', { name: /导出 Excel/ }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /导出 Excel/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^工单导出-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.xlsx$/);
  const buffer = await readFile((await download.path())!);
  await screenshot(page, shot);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const ws = workbook.getWorksheet('工单')!;
  const headers = (ws.getRow(1).values as unknown[]).slice(1);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    const values = (row.values as unknown[]).slice(1);
    if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h as string, values[i] ?? null])));
  });
  return { headers, rows };
}

// Issue 18 item 8: the export a supervisor files away, from the desk's 导出 button.
describe('the ticket export from the desk (办结案件 → 导出 Excel)', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'downloads the sheet with every column; the phone in full for the supervisor, masked for the admin',
    async () => {
      const base = fx.server.baseUrl;
      const t = await filePublicTicket(fx.server.api, fx.grid, {
        itemCode: fx.itemCode,
        description: '=楼道灯坏了，晚上看不见',
        location: { address: '幸福里5号楼东侧' },
        reporter: { name: '钱女士', phone: NUMBER },
      });
      await advanceToVerified(fx, t.id);
      const archive = await fx.server.api
        .http()
        .post(`/api/v1/tickets/${t.id}/archive`)
        .set('Authorization', `Bearer ${fx.users.supervisor.token}`)
        .send({});
      expect(archive.status).toBe(200);

      const supervisor = await pageAs(fx, fx.users.supervisor, DESK);
      const bySupervisor = await exportFromClosedCases(supervisor.page, base, 'export-supervisor-closed-cases');
      await supervisor.done();
      expect(bySupervisor.headers).toEqual(HEADERS);
      const row = bySupervisor.rows.find((r) => r['工单编号'] === t.number);
      expect(row).toEqual(
        expect.objectContaining({
          状态: '已归档销单',
          诉求内容: "'=楼道灯坏了，晚上看不见", // formula-safe
          地址: '幸福里5号楼东侧',
          联系电话: NUMBER,
          办理结果: '已处理',
          满意度: '满意',
          回访记录: '督查通过；已电话回访到群众；满意度：满意',
          处理人: fx.users.partyMember.displayName,
        }),
      );
      expect(row!['办结时间']).toBeInstanceOf(Date);
      expect(JSON.stringify(bySupervisor.rows)).not.toContain('钱女士');

      const admin = await pageAs(fx, fx.users.admin, DESK);
      const byAdmin = await exportFromClosedCases(admin.page, base, 'export-admin-closed-cases');
      await admin.done();
      expect(byAdmin.headers).toEqual(HEADERS);
      expect(byAdmin.rows.find((r) => r['工单编号'] === t.number)?.['联系电话']).toBe(MASKED);
      expect(JSON.stringify(byAdmin.rows)).not.toContain(NUMBER);
    },
    BROWSER_TEST_MS,
  );
});
