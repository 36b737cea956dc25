import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DispatchService } from '@gridflow/dispatch';
import { jobIds, JobName, QueueName, QueueProducer, type TicketEventPayload } from '@gridflow/queue';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  createTestWorker,
  isolatedTestConfig,
  type TestApi,
  type TestCity,
  type TestUser,
  until,
  ticketClient,
} from '../support/index.js';

/**
 * Auto-dispatch end to end, with real Redis and the real worker on a queue prefix of its
 * own: an accepted ticket in a community with auto_dispatch_minutes gets a ranking job and a
 * delayed AutoDispatch job; when that fires, the top candidate gets the ticket with an
 * `auto_dispatched` timeline event. (The delay is promoted rather than waited for.)
 */
// Its own database: a worker takes every outbox row and deadline of the database it runs on.
const config = await isolatedTestConfig('dispatch');

describe('auto-dispatch (村社派单 by the system) through the real worker', () => {
  let api: TestApi;
  let worker: INestApplication;
  let city: TestCity;
  let db: DataSource;
  let producer: QueueProducer;
  let dispatch: DispatchService;
  let admin: TestUser;
  let dispatcher: TestUser;
  let liaison: TestUser;
  let community: TestUser;

  const ticketApi = ticketClient(() => api);

  const ticketRow = async (id: string) => (await db.query(`SELECT * FROM ticket WHERE id = $1`, [id]))[0];
  const events = (id: string) =>
    db.query(`SELECT seq, type, actor_id, data FROM ticket_event WHERE ticket_id = $1 ORDER BY seq`, [id]) as Promise<
      { seq: number; type: string; actor_id: string | null; data: Record<string, unknown> }[]
    >;
  const dispatchJob = (id: string) => producer.queue(QueueName.Dispatch).getJob(id);

  async function acceptedTicket(gridCode = city.grids[0]) {
    const filed = await ticketApi.file(dispatcher, { itemCode: 'B02', gridCode, description: '家庭矛盾，需上门调解' });
    expect(filed.status).toBe(201);
    const accepted = await ticketApi.act(dispatcher, filed.body.id, 'accept');
    expect(accepted.status).toBe(200);
    const t = await ticketRow(filed.body.id);
    expect(t.status).toBe('accepted');
    // the payload of its dispatch jobs
    return { ticketId: t.id as string, stepSeq: t.step_seq as number };
  }
  /** The `accepted` event as the outbox relay hands it to the worker. */
  async function acceptedEvent(ticketId: string): Promise<TicketEventPayload> {
    const [row] = await db.query(
      `SELECT id, payload FROM outbox WHERE topic = 'ticket-event' AND payload->>'ticketId' = $1 AND payload->>'type' = 'accepted'`,
      [ticketId],
    );
    return { ...row.payload, outboxId: String(row.id) };
  }

  beforeAll(async () => {
    api = await createTestApi({ config });
    worker = await createTestWorker({ config });
    db = api.app.get(DataSource);
    producer = api.app.get(QueueProducer);
    dispatch = api.app.get(DispatchService);
    city = await createTestCity(api.app);
    [admin, dispatcher, liaison, community] = await Promise.all([
      createTestUser(api.app, 'admin', city.city),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
    ]);
    // liaison looks after a household in grids[0] (党员联系户): the top candidate there.
    const w = await admin.auth(api.http().post('/api/v1/workers')).send({
      name: '王党员',
      phone: '13900000000',
      type: 'part_time',
      gridCodes: [city.grids[1]],
      partyMember: true,
      userId: liaison.id,
    });
    expect(w.status).toBe(201);
    const h = await admin
      .auth(api.http().post(`/api/v1/workers/${w.body.id}/liaison-households`))
      .send({ gridCode: city.grids[0], address: '幸福里5号楼1单元202' });
    expect(h.status).toBe(201);
    await db.query(
      `INSERT INTO community_setting (community_code, auto_dispatch_minutes) VALUES ($1, 1)
       ON CONFLICT (community_code) DO UPDATE SET auto_dispatch_minutes = 1`,
      [city.communities[0]],
    );
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('ranks on acceptance, and auto-dispatches to the top candidate when the delay is up', async () => {
    const t = await acceptedTicket();
    // What the worker does with the event (its relay may have done it already: idempotent).
    await dispatch.onTicketEvent(await acceptedEvent(t.ticketId));
    await dispatch.onTicketEvent(await acceptedEvent(t.ticketId));

    // The ranking job ran on the worker and stored the ranking of this step.
    const stored = await until('the stored ranking', async () => {
      const [row] = await db.query(`SELECT step_seq, candidates FROM dispatch_suggestion WHERE ticket_id = $1`, [
        t.ticketId,
      ]);
      return row;
    });
    expect(stored.step_seq).toBe(t.stepSeq);
    expect(stored.candidates.map((c: { userId: string }) => c.userId)).toEqual([liaison.id, community.id]);

    // One AutoDispatch job, delayed by the community's minute from the start of the step.
    const job = await dispatchJob(jobIds.autoDispatch(t));
    expect(job).toBeDefined();
    expect(job!.name).toBe(JobName.AutoDispatch);
    expect(job!.data).toEqual({ ticketId: t.ticketId, stepSeq: t.stepSeq });
    expect(await job!.getState()).toBe('delayed');
    expect(job!.opts.delay).toBeGreaterThan(50_000);
    expect(job!.opts.delay).toBeLessThanOrEqual(60_000);

    // Instead of waiting the minute:
    await job!.promote();
    const dispatched = await until('the auto-dispatch', async () => {
      const row = await ticketRow(t.ticketId);
      return row.status === 'dispatched' && row;
    });
    expect(dispatched.assignee_id).toBe(liaison.id);
    const last = (await events(t.ticketId)).at(-1)!;
    expect(last).toEqual({
      seq: t.stepSeq + 1,
      type: 'auto_dispatched',
      actor_id: null,
      data: expect.objectContaining({
        assigneeId: liaison.id,
        rank: 1,
        reasons: ['党员联系户在本网格', '本社区党员', '在办工单 0 件'],
      }),
    });
    const done = await until('the job result', async () => {
      const j = await dispatchJob(jobIds.autoDispatch(t));
      return j?.returnvalue && j;
    });
    expect(done.returnvalue).toBe('dispatched');

    // The event goes down the worker's pipeline like any other: the assignee is told.
    await until('the assignee’s notification', async () => {
      const [n] = await db.query(
        `SELECT title FROM notification WHERE user_id = $1 AND ticket_id = $2 AND type = 'auto_dispatched'`,
        [liaison.id, t.ticketId],
      );
      return n?.title === '您有新派单';
    });
  });

  it('does nothing when the ticket was dispatched by hand first, or auto-dispatch was switched off', async () => {
    const byHand = await acceptedTicket();
    const res = await ticketApi.act(dispatcher, byHand.ticketId, 'dispatch', { assigneeId: community.id });
    expect(res.status).toBe(200);
    // a timer for the old step fires anyway (e.g. a job that Redis kept): a no-op
    const late = await producer.add(JobName.AutoDispatch, byHand, { jobId: `${jobIds.autoDispatch(byHand)}-late` });
    await until('the late job', async () => (await dispatchJob(late.id!))?.returnvalue);
    expect((await dispatchJob(late.id!))!.returnvalue).toBe('stale');
    const after = await ticketRow(byHand.ticketId);
    expect({ status: after.status, assignee: after.assignee_id }).toEqual({
      status: 'dispatched',
      assignee: community.id,
    });
    expect((await events(byHand.ticketId)).map((e) => e.type)).not.toContain('auto_dispatched');

    // switched off after the timer was set: the ticket stays with the dispatchers
    const off = await acceptedTicket();
    const setting = (minutes: number | null) =>
      db.query(`UPDATE community_setting SET auto_dispatch_minutes = $2 WHERE community_code = $1`, [
        city.communities[0],
        minutes,
      ]);
    await setting(null);
    try {
      expect(await dispatch.autoDispatch(off.ticketId, off.stepSeq)).toBe('disabled');
      expect((await ticketRow(off.ticketId)).status).toBe('accepted');
    } finally {
      await setting(1);
    }
  });
});
