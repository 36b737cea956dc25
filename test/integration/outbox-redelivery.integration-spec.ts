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
  until,
  filePublicTicket,
} from '../support/index.js';
import { OUTBOX_LISTENER_NAME, OutboxRelay } from '@gridflow/queue';

/**
 * A ticket event that Redis lost after the relay had sent it (found by the drill's long
 * form): the worker marks each event processed, and the relay sends again, under the same
 * job id, what was sent long ago and never processed.
 */
// Its own database: a worker takes every outbox row of the database it runs on.
const config = await isolatedTestConfig('redelivery');

describe('outbox: events lost by Redis are sent again', () => {
  let api: TestApi;
  let worker: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    api = await createTestApi({ config });
    worker = await createTestWorker({ config });
    db = api.app.get(DataSource);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('marks processed events, and processes a lost one again exactly once', async () => {
    const city = await createTestCity(api.app);
    const gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    const filed = await filePublicTicket(api, city.grids[0]);
    const row = async () =>
      (
        await db.query(
          `SELECT id, published_at, processed_at FROM outbox WHERE payload->>'ticketId' = $1 ORDER BY id LIMIT 1`,
          [filed.id],
        )
      )[0] as { id: string; published_at: Date | null; processed_at: Date | null };
    const notified = async () =>
      Number(
        (
          await db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND ticket_id = $2`, [
            gridWorker.id,
            filed.id,
          ])
        )[0].n,
      );

    // The normal path: sent, fanned out (the grid worker's 网格新工单), marked processed.
    const first = await until('the event to be processed', async () => {
      const r = await row();
      return r?.processed_at ? r : null;
    });
    expect(await notified()).toBe(1);

    // Redis loses the job: gone from the queue, the row sent long ago and never processed.
    // The row is marked processed inside the job, a moment before BullMQ completes it, and a
    // job still active (locked) is not removed: wait for it to be completed, then remove it.
    const queue = api.app.get(QueueProducer).queue(QueueName.TicketEvents);
    const jobId = jobIds.ticketEvent(first.id);
    await until('the first job to be completed', async () => (await queue.getJobState(jobId)) === 'completed');
    expect(await queue.remove(jobId)).toBe(1);
    await db.query(
      `UPDATE outbox SET processed_at = NULL, published_at = now() - interval '10 minutes' WHERE id = $1`,
      [first.id],
    );
    const relay = worker.get(OutboxRelay);
    // Recently sent rows are left alone (their job may just be waiting in a long queue).
    expect(await relay.resendUnprocessed(3600)).toBe(0);
    expect(await relay.resendUnprocessed()).toBe(1);

    await until('the event sent again to be processed', async () => (await row()).processed_at !== null);
    // Consumers are idempotent: the notification is not sent twice.
    expect(await notified()).toBe(1);
    expect(await relay.resendUnprocessed()).toBe(0);
  });

  it('opens its LISTEN connection again after PostgreSQL drops it', async () => {
    const listeners = async () =>
      (
        await db.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()
              AND query = 'LISTEN outbox'`,
          [OUTBOX_LISTENER_NAME],
        )
      ).map((r: { pid: number }) => r.pid) as number[];
    const [before] = await listeners();
    expect(before).toBeDefined();
    // What a PostgreSQL restart does to it.
    await db.query(`SELECT pg_terminate_backend($1)`, [before]);
    const [after] = await until('a new LISTEN connection', async () => {
      const pids = await listeners();
      return pids.length === 1 && pids[0] !== before ? pids : null;
    });
    expect(after).not.toBe(before);
  });
});
