import { randomInt } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jobIds, QueueName, QueueProducer } from '@gridflow/queue';
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

/**
 * 延期 and 挂账 against the real worker, Redis and limits of seconds: an approved extension
 * moves the escalation (nothing at the old due time, the escalation at the new one); an
 * approved suspension pauses the clock (nothing fires while suspended); resuming re-arms it
 * with the time that was left.
 */
// Its own database: a worker takes every outbox row and deadline of the database it runs on.
const config = await isolatedTestConfig('timereq');
const CLAIM_SECONDS = 3;

describe('extension and suspension move the escalation clock (real worker)', () => {
  let api: TestApi;
  let worker: INestApplication;
  let city: TestCity;
  let db: DataSource;
  let admin: TestUser;
  let dispatcher: TestUser;
  let party: TestUser;
  let supervisor: TestUser;
  let itemCode: string;

  const ticketApi = ticketClient(() => api);

  beforeAll(async () => {
    api = await createTestApi({ config });
    worker = await createTestWorker({ config });
    db = api.app.get(DataSource);
    city = await createTestCity(api.app);
    [admin, dispatcher, party, supervisor] = await Promise.all([
      createTestUser(api.app, 'admin', city.city),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'supervisor', city.townships[0]),
    ]);
    // An item on calendar time whose claim step (dispatched → claimed) lasts seconds.
    itemCode = `E${randomInt(1000, 9999)}`;
    const limits = {
      acceptSeconds: 3600,
      dispatchSeconds: 3600,
      claimSeconds: CLAIM_SECONDS,
      resolveSeconds: 3600,
      verifySeconds: 3600,
      archiveSeconds: 3600,
    };
    const proposed = await admin.auth(api.http().post('/api/v1/catalog/items')).send({
      code: itemCode,
      name: '测试短时限事项',
      categoryCode: 'E',
      tier: 'grid',
      urgent: false,
      department: '城管局',
      limits,
      clock: 'calendar',
    });
    expect(proposed.status).toBe(201);
    expect((await admin.auth(api.http().post(`/api/v1/catalog/items/${itemCode}/approve`)).send({})).status).toBe(200);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const events = (id: string) =>
    db.query(`SELECT seq, type, at, data FROM ticket_event WHERE ticket_id = $1 ORDER BY seq`, [id]) as Promise<
      { seq: number; type: string; at: Date; data: Record<string, unknown> }[]
    >;
  const ticket = async (id: string) => (await db.query(`SELECT * FROM ticket WHERE id = $1`, [id]))[0];
  const post = (user: TestUser, path: string, body: object = {}) =>
    user.auth(api.http().post(`/api/v1/tickets/${path}`)).send(body);

  /** A ticket dispatched to `party` whose claim timers the worker has armed already. */
  async function dispatchedTicket() {
    const filed = await ticketApi.file(dispatcher, { itemCode, gridCode: city.grids[0], description: '测试延期挂账' });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    expect((await ticketApi.act(dispatcher, id, 'accept')).status).toBe(200);
    const res = await ticketApi.act(dispatcher, id, 'dispatch', { assigneeId: party.id });
    expect(res.status).toBe(200);
    const { step_seq: stepSeq, next_escalation_at: at } = await ticket(id);
    const queue = api.app.get(QueueProducer).queue(QueueName.Deadlines);
    await until('the claim step to be armed', () =>
      queue.getJob(jobIds.deadline({ ticketId: id, stepSeq, kind: 'escalation', n: 1 }, new Date(at))),
    );
    return { id, dueAt: new Date(res.body.dueAt as string) };
  }

  it('an approved extension: no escalation at the old due time, one at the new', async () => {
    const { id, dueAt } = await dispatchedTicket();
    const requestedDueAt = new Date(dueAt.getTime() + 3_000);
    const asked = await post(party, `${id}/extension-requests`, {
      reason: '需协调产权单位',
      requestedDueAt: requestedDueAt.toISOString(),
    });
    expect(asked.status).toBe(201);
    const approved = await post(supervisor, `${id}/time-requests/${asked.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.ticket.dueAt).toBe(requestedDueAt.toISOString());

    // well past the old due time: nothing happened
    await sleep(Math.max(0, dueAt.getTime() + 1_500 - Date.now()));
    expect((await events(id)).map((e) => e.type)).not.toContain('escalated');
    expect((await ticket(id)).level).toBe('grid');

    const escalated = await until('the escalation at the new due time', async () =>
      (await events(id)).find((e) => e.type === 'escalated'),
    );
    expect(escalated.at.getTime()).toBeGreaterThanOrEqual(requestedDueAt.getTime());
    expect(escalated.data).toEqual(expect.objectContaining({ n: 1, fromLevel: 'grid', toLevel: 'community' }));
    const t = await ticket(id);
    expect({ level: t.level, overdue: t.overdue, step_escalations: t.step_escalations }).toEqual({
      level: 'community',
      overdue: true,
      step_escalations: 1,
    });
    // the warning moved with it: 80 % of the way to the new due time
    const warning = (await events(id)).find((e) => e.type === 'warning');
    expect(warning?.at.getTime()).toBeGreaterThan(dueAt.getTime());
  });

  it('an approved suspension pauses the clock; resume re-arms it with the time that was left', async () => {
    const { id, dueAt } = await dispatchedTicket();
    const asked = await post(party, `${id}/suspension-requests`, { reason: '等待法院判决' });
    expect(asked.status).toBe(201);
    const approved = await post(supervisor, `${id}/time-requests/${asked.body.id}/approve`);
    expect(approved.status).toBe(200);
    const paused = await ticket(id);
    const remaining = paused.suspended_remaining_seconds as number;
    expect(remaining).toBeGreaterThanOrEqual(1);
    expect(remaining).toBeLessThanOrEqual(CLAIM_SECONDS);

    // past the original due time: no warning, no escalation while suspended
    await sleep(Math.max(0, dueAt.getTime() + 1_500 - Date.now()));
    expect((await events(id)).map((e) => e.type)).not.toEqual(expect.arrayContaining(['escalated']));
    expect((await events(id)).map((e) => e.type)).not.toContain('warning');
    expect((await ticket(id)).level).toBe('grid');

    const resumedAt = Date.now();
    const resumed = await post(party, `${id}/time-requests/${asked.body.id}/resume`);
    expect(resumed.status).toBe(200);
    const newDue = new Date(resumed.body.ticket.dueAt as string);
    expect(newDue.getTime()).toBeGreaterThanOrEqual(resumedAt + remaining * 1000 - 50);

    const escalated = await until('the escalation after the remaining time', async () =>
      (await events(id)).find((e) => e.type === 'escalated'),
    );
    expect(escalated.at.getTime()).toBeGreaterThanOrEqual(newDue.getTime());
    expect(escalated.data).toEqual(expect.objectContaining({ n: 1 }));
    expect((await events(id)).map((e) => e.type)).toEqual([
      'filed',
      'accepted',
      'dispatched',
      'suspension_requested',
      'suspended',
      'resumed',
      'warning',
      'escalated',
    ]);
  });
});
