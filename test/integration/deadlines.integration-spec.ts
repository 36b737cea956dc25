import { randomInt } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { DeadlinesService } from '@gridflow/tickets';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  createTestWorker,
  isolatedTestConfig,
  type TestApi,
  type TestCity,
  type TestUser,
  sleep,
  until,
  ticketClient,
} from '../support/index.js';
import { DeadlineSweep } from '../../apps/worker/src/crons/deadline-sweep.cron.js';

/**
 * The clock of 时限、超期、督办 with real Redis, the real worker and limits of seconds:
 * warning at 80 %, escalation at 100 % and again after each further limit; timely action;
 * two workers; Redis losing every key; a re-delivered job.
 */
// Its own database: a worker takes every outbox row and deadline of the database it runs on.
const config = await isolatedTestConfig('deadlines');

describe('deadlines and escalation (queues that lose nothing)', () => {
  let api: TestApi;
  let worker: INestApplication;
  let city: TestCity;
  let admin: TestUser;
  let gridWorker: TestUser;
  let db: DataSource;

  const ticketApi = ticketClient(() => api);

  /** An admitted item on calendar time whose accept step lasts `acceptSeconds`. */
  async function shortItem(acceptSeconds: number, dispatchSeconds = 3600) {
    const code = `E${randomInt(1000, 9999)}`;
    const limits = {
      acceptSeconds,
      dispatchSeconds,
      claimSeconds: 3600,
      resolveSeconds: 3600,
      verifySeconds: 3600,
      archiveSeconds: 3600,
    };
    const proposed = await admin.auth(api.http().post('/api/v1/catalog/items')).send({
      code,
      name: '测试短时限事项',
      categoryCode: 'E',
      tier: 'grid',
      urgent: false,
      department: '城管局',
      limits,
      clock: 'calendar',
    });
    expect(proposed.status).toBe(201);
    expect((await admin.auth(api.http().post(`/api/v1/catalog/items/${code}/approve`)).send({})).status).toBe(200);
    return code;
  }

  async function file(itemCode: string) {
    const res = await ticketApi.file(gridWorker, { itemCode, gridCode: city.grids[0], description: '测试时限' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const events = (id: string) =>
    db.query(`SELECT seq, type, data FROM ticket_event WHERE ticket_id = $1 ORDER BY seq`, [id]) as Promise<
      { seq: number; type: string; data: Record<string, unknown> }[]
    >;
  const ticket = async (id: string) => (await db.query(`SELECT * FROM ticket WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    api = await createTestApi({ config });
    worker = await createTestWorker({ config });
    db = api.app.get(DataSource);
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('warns at 80 %, escalates at 100 % and again after each further limit, with 督办 records', async () => {
    const id = await file(await shortItem(2));
    const t0 = await ticket(id);
    expect(t0.warn_at.getTime() - t0.step_started_at.getTime()).toBe(1600);
    expect(t0.due_at.getTime() - t0.step_started_at.getTime()).toBe(2000);

    const warned = await until('the warning', async () => (await events(id)).find((e) => e.type === 'warning'));
    expect(warned).toBeTruthy();
    const first = await until('the first escalation', async () =>
      (await events(id)).find((e) => e.type === 'escalated'),
    );
    expect(first.data).toEqual(expect.objectContaining({ auto: true, n: 1, fromLevel: 'grid', toLevel: 'community' }));
    const t1 = await ticket(id);
    expect({ level: t1.level, overdue: t1.overdue, warning: t1.warning, escalations: t1.escalations }).toEqual({
      level: 'community',
      overdue: true,
      warning: true,
      escalations: 1,
    });
    // one more full limit without progress → township
    await until('the second escalation', async () => (await ticket(id)).level === 'township', 8_000);
    const supervision = await db.query(
      `SELECT escalation_no, kind, from_level, to_level FROM supervision WHERE ticket_id = $1 ORDER BY escalation_no`,
      [id],
    );
    expect(supervision.slice(0, 2)).toEqual([
      { escalation_no: 1, kind: 'auto', from_level: 'grid', to_level: 'community' },
      { escalation_no: 2, kind: 'auto', from_level: 'community', to_level: 'township' },
    ]);
    // the events were relayed through the outbox
    await until('the outbox to drain', async () => {
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND payload->>'ticketId' = $1`,
        [id],
      );
      return n === 0;
    });
  });

  it('acting on the step in time clears it: no warning, no escalation', async () => {
    const id = await file(await shortItem(2));
    const accept = await ticketApi.act(gridWorker, id, 'accept');
    expect(accept.status).toBe(200);
    expect(accept.body.warning).toBe(false);
    await sleep(3_000);
    const types = (await events(id)).map((e) => e.type);
    expect(types).toEqual(['filed', 'accepted']);
    expect((await ticket(id)).level).toBe('grid');
  });

  it('two workers escalate each step once', async () => {
    const second = await createTestWorker({ config });
    try {
      const id = await file(await shortItem(1));
      await until('the escalation', async () => (await ticket(id)).escalations >= 1);
      await sleep(500);
      const rows = await db.query(
        `SELECT count(*)::int AS n FROM supervision WHERE ticket_id = $1 AND escalation_no = 1`,
        [id],
      );
      expect(rows[0].n).toBe(1);
      expect((await events(id)).filter((e) => e.type === 'escalated' && e.data.n === 1)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('survives Redis losing every key while timers are pending: the sweeper re-arms from PostgreSQL', async () => {
    const id = await file(await shortItem(3));
    const redis = new Redis(config.redisUrl);
    try {
      // Everything this deployment keeps in Redis (its prefix) is gone: the FLUSHALL case.
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    const sweep = worker.get(DeadlineSweep);
    await sweep.run();
    // 3 s limit; the rest is headroom for a loaded CI machine. The re-armed timer normally fires
    // it; should BullMQ's blocked connection take its time to notice the new delayed job after
    // every key vanished, the sweep (every 30 s in production, every few seconds here) fires
    // what is due straight from PostgreSQL — either way exactly once.
    let lastSweep = Date.now();
    await until(
      'the escalation after re-arming',
      async () => {
        if ((await ticket(id)).escalations >= 1) return true;
        if (Date.now() - lastSweep > 5_000) {
          lastSweep = Date.now();
          await sweep.run();
        }
        return false;
      },
      60_000,
    );
    // On a slow machine the next level's limit may also have run out by now: what matters is
    // that the first escalation happened once and no escalation was recorded twice.
    const escalated = (await events(id)).filter((e) => e.type === 'escalated').map((e) => e.data.n);
    expect(escalated.filter((n) => n === 1)).toHaveLength(1);
    expect(new Set(escalated).size).toBe(escalated.length);
  });

  it('a job delivered again (after a crash) or raced by the sweeper does not escalate twice', async () => {
    const id = await file(await shortItem(3600));
    // Make the step overdue in the database, as if its timer had fired while the worker was down.
    await db.query(
      `UPDATE ticket SET warn_at = now() - interval '1 minute', due_at = now() - interval '1 second',
         next_escalation_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    const t = await ticket(id);
    const deadlines = worker.get(DeadlinesService);
    const payload = { ticketId: id, stepSeq: t.step_seq, kind: 'escalation' as const, n: 1 };
    const outcomes = await Promise.all([deadlines.fire(payload), deadlines.fire(payload), deadlines.fire(payload)]);
    expect(outcomes.filter((o) => o === 'escalated')).toHaveLength(1);
    expect(await deadlines.fire(payload)).toBe('done-before');
    // a timer armed for an earlier step is a no-op
    expect(await deadlines.fire({ ...payload, stepSeq: t.step_seq - 1 })).toBe('stale');
    expect((await ticket(id)).escalations).toBe(1);
  });

  it('manual escalation (报大事) raises the level at once and records 督办', async () => {
    const id = await file(await shortItem(3600));
    const res = await ticketApi.act(gridWorker, id, 'escalate', { reason: '需社区协调' });
    expect(res.status).toBe(200);
    expect(res.body.level).toBe('community');
    const rows = await db.query(`SELECT kind, from_level, to_level, reason FROM supervision WHERE ticket_id = $1`, [
      id,
    ]);
    expect(rows).toEqual([{ kind: 'manual', from_level: 'grid', to_level: 'community', reason: '需社区协调' }]);
  });
});
