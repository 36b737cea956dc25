import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { type AppConfig, AppConfigModule } from '@gridflow/config';
import { DatabaseModule } from '@gridflow/database';
import type { AuthUser } from '@gridflow/domain';
import { QueueModule } from '@gridflow/queue';
import { type FileTicketInput, TicketActionsService, TicketsModule, TicketsService } from '@gridflow/tickets';
import { type DetectionResult, TopicsModule, TopicsService } from '@gridflow/topics';

/**
 * Governance topics in the demo city (未诉先办): tickets that recur — garbage piling up around
 * 和平小区's east gate (a cluster), one old resident's building reported again and again (a
 * repeated address), property disputes reworked and rated dissatisfied (a rework hot spot) —
 * filed through the real services, then the detection run over the demo city. Run once:
 * skipped when the demo city already has topics.
 */
export async function seedDemoTopics(config: AppConfig): Promise<DetectionResult | null> {
  @Module({ imports: [AppConfigModule.forRoot(config), DatabaseModule, QueueModule, TicketsModule, TopicsModule] })
  class DemoTopicsModule {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(DemoTopicsModule, {
    logger: ['error'],
  });
  try {
    const db = app.get(DataSource);
    const [existing] = await db.query(`SELECT 1 FROM topic WHERE scope_code LIKE '1402%' LIMIT 1`);
    if (existing) return null;
    const users = new Map<string, AuthUser>(
      (
        await db.query(
          `SELECT id, username, display_name AS "displayName", role, scope_code AS "scopeCode" FROM app_user
           WHERE username IN ('supervisor', 'dispatcher', 'grid1', 'party1')`,
        )
      ).map((u: AuthUser) => [u.username, u]),
    );
    const u = (name: string) => users.get(name)!;
    const tickets = app.get(TicketsService);
    const actions = app.get(TicketActionsService);
    const grid = '140213001001001';
    const file = async (input: Partial<FileTicketInput> & { description: string }) => {
      const { body } = await tickets.file(
        u('grid1'),
        { itemCode: 'E01', gridCode: grid, ...input } as FileTicketInput,
        {
          channel: 'staff',
        },
      );
      return (body as { id: string }).id;
    };

    // a cluster: garbage around the east gate, six residents within about 100 m
    const people = ['赵', '钱', '孙', '周', '吴', '郑'];
    for (const [i, name] of people.entries()) {
      await file({
        description: ['垃圾桶满溢无人清运', '路边堆放建筑垃圾', '垃圾站异味扰民'][i % 3],
        location: { lng: 113.2915 + i * 0.0002, lat: 40.0715 + (i % 2) * 0.0003, address: undefined },
        reporter: { name: `${name}女士`, phone: `1391234560${i}` },
      });
    }
    // a repeated address: the same old building's stairwell light, three times (one written in full width)
    for (const address of ['和平小区3号楼', '和平小区 3号楼', '和平小区３号楼']) {
      await file({
        itemCode: 'E02',
        description: '楼道照明损坏，老人夜间上下楼不便',
        location: { address },
        reporter: { name: '王秀英', phone: '13700001234' },
      });
    }
    // a rework hot spot: property disputes sent back for rework, residents dissatisfied
    for (const text of ['物业停车收费争议', '物业维修基金使用争议', '物业服务质量投诉']) {
      const id = await file({ itemCode: 'B03', description: text });
      await actions.act(u('grid1'), id, 'accept', {});
      await actions.act(u('dispatcher'), id, 'dispatch', { assigneeId: u('party1').id });
      await actions.act(u('party1'), id, 'claim', {});
      await actions.act(u('party1'), id, 'resolve', { result: '已与物业沟通' });
      await actions.act(u('supervisor'), id, 'verify', {
        outcome: 'rework',
        satisfaction: 'dissatisfied',
        callbackNote: '回访：问题未解决',
      });
    }
    return await app.get(TopicsService).detect('1402');
  } finally {
    await app.close();
  }
}
