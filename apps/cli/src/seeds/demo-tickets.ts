import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { type AppConfig, AppConfigModule } from '@gridflow/config';
import { DatabaseModule } from '@gridflow/database';
import type { AuthUser } from '@gridflow/domain';
import { QueueModule } from '@gridflow/queue';
import { type FileTicketInput, TicketActionsService, TicketsModule, TicketsService } from '@gridflow/tickets';

/**
 * A handful of demo tickets in every status, made through the real services (so each has
 * a true timeline): run once, skipped when the demo city already has tickets.
 */
export async function seedDemoTickets(config: AppConfig): Promise<number> {
  @Module({ imports: [AppConfigModule.forRoot(config), DatabaseModule, QueueModule, TicketsModule] })
  class DemoTicketsModule {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(DemoTicketsModule, {
    logger: ['error'],
  });
  try {
    const db = app.get(DataSource);
    const [existing] = await db.query(`SELECT 1 FROM ticket WHERE grid_code LIKE '140213%' LIMIT 1`);
    if (existing) return 0;
    const users = new Map<string, AuthUser>(
      (
        await db.query(
          `SELECT id, username, display_name AS "displayName", role, scope_code AS "scopeCode" FROM app_user
           WHERE username IN ('admin', 'supervisor', 'dispatcher', 'grid1', 'party1')`,
        )
      ).map((u: AuthUser) => [u.username, u]),
    );
    const u = (name: string) => users.get(name)!;
    const tickets = app.get(TicketsService);
    const actions = app.get(TicketActionsService);
    const grid = '140213001001001';
    const file = async (
      input: Partial<FileTicketInput> & { description: string },
      by: AuthUser | null = u('grid1'),
    ) => {
      const { body } = await tickets.file(
        by,
        { itemCode: 'B01', gridCode: by ? grid : undefined, ...input } as FileTicketInput,
        { channel: by ? 'staff' : 'public' },
      );
      return (body as { id: string }).id;
    };
    const accept = (id: string) => actions.act(u('grid1'), id, 'accept', {});
    const dispatch = (id: string) => actions.act(u('dispatcher'), id, 'dispatch', { assigneeId: u('party1').id });
    const claim = (id: string) => actions.act(u('party1'), id, 'claim', { comment: '收到，今天下午上门' });
    const resolve = (id: string) => actions.act(u('party1'), id, 'resolve', { result: '已协调双方达成一致，问题解决' });
    const verify = (id: string) =>
      actions.act(u('supervisor'), id, 'verify', {
        outcome: 'pass',
        satisfaction: 'satisfied',
        callbackNote: '电话回访，群众满意',
      });

    // submitted: one a resident filed from the sign board's QR code, one filed by the grid worker
    await file(
      {
        itemCode: 'E01',
        description: '小区东门垃圾堆放多日无人清运',
        location: { lng: 113.2915, lat: 40.0715, address: '和平小区东门' },
        reporter: { name: '李先生', phone: '13912345678' },
      },
      null,
    );
    await file({
      itemCode: 'D03',
      description: '独居老人希望办理助餐服务',
      reporter: { name: '王秀英', phone: '13700001234' },
    });
    // accepted, dispatched, claimed, resolved, verified, archived
    const a = await file({ description: '邻居装修噪音扰民，协商无果', reporter: { phone: '13600002222' } });
    await accept(a);
    const d = await file({ description: '楼道堆放杂物引发邻里矛盾' });
    await accept(d);
    await dispatch(d);
    const c = await file({ itemCode: 'B03', description: '物业费争议，业主与物业僵持' });
    await accept(c);
    await dispatch(c);
    await claim(c);
    const r = await file({ description: '楼上漏水影响楼下住户' });
    for (const step of [accept, dispatch, claim, resolve]) await step(r);
    const v = await file({ itemCode: 'D01', description: '困难家庭申请临时救助咨询' });
    for (const step of [accept, dispatch, claim, resolve, verify]) await step(v);
    const ar = await file({ description: '宠物犬夜间吠叫纠纷' });
    for (const step of [accept, dispatch, claim, resolve, verify]) await step(ar);
    await actions.act(u('supervisor'), ar, 'archive', { comment: '材料齐全，归档' });
    // rejected: transferred (转办) to the responsible department
    const rj = await file({ itemCode: 'A02', description: '咨询商品房预售许可办理' });
    await actions.act(u('grid1'), rj, 'reject', {
      reason: 'transferred',
      comment: '不属于网格事项，已转住建局',
      department: '住建局',
    });
    // an escalate-tier hazard, reported up at once (报大事)
    const hz = await file({ itemCode: 'C02', description: '老旧小区燃气管道锈蚀，有泄漏气味', urgent: true });
    await accept(hz);
    await actions.act(u('grid1'), hz, 'escalate', { reason: '涉及整栋楼燃气安全，需社区协调燃气公司' });
    // 减负: chores outside the catalogue pushed at the grid, refused (422) and recorded (docs/burden.md)
    for (const [itemCode, by, description] of [
      ['Z01', u('dispatcher'), '请网格员帮忙填报企业安全生产台账'],
      ['Z01', u('dispatcher'), '请网格员帮忙填报企业安全生产台账'],
      ['Z02', u('grid1'), '代收本月党费统计表'],
    ] as const) {
      await file({ itemCode, description }, by).catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'ITEM_NOT_ADMITTED') throw err;
      });
    }
    // 待定位: requests with only an address the register does not know — one from a resident
    // (waits at the city), two taken by the community's desk (wait at the community), one of
    // them already placed on the map (已定位)
    const addressOnly = (description: string, address: string) => ({
      itemCode: 'E01',
      description,
      gridCode: undefined,
      location: { address },
    });
    await file(addressOnly('路边井盖松动，夜里有人差点摔倒', '城北货场旁无名小路'), null);
    await file(addressOnly('河堤护栏断了一截，孩子常在附近玩耍', '御河东岸步道北段'), u('dispatcher'));
    const placed = await file(addressOnly('路灯整排不亮', '和平小区后身小道'), u('dispatcher'));
    await actions.locate(u('dispatcher'), placed, { gridCode: grid });
    return 13;
  } finally {
    await app.close();
  }
}
