import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TopicDetection } from '../../apps/worker/src/crons/topic-detection.cron.js';
import {
  createTestApi,
  createTestCity,
  createTestWorker,
  isolatedTestConfig,
  type TestApi,
  type TestCity,
  until,
} from '../support/index.js';

/**
 * The worker's TopicDetection (docs/topics.md): at start it runs the detection over every
 * ticket, and its runs — as many as there are — open a recurring problem once. On a database of
 * its own: the worker detects over everything it holds.
 */
describe('the worker finds governance topics on its own', () => {
  let api: TestApi;
  let worker: INestApplication | undefined;
  let city: TestCity;
  let db: DataSource;

  beforeAll(async () => {
    const config = await isolatedTestConfig('topics');
    api = await createTestApi({ config });
    db = api.app.get(DataSource);
    city = await createTestCity(api.app);
    const g = city.grids[0];
    const c = city.insideGrid.get(g)!;
    for (let i = 0; i < 5; i++) {
      await db.query(
        `INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel,
           location_lng, location_lat, created_at)
         VALUES ($1, $2, 'submitted', 'E01', $3, '垃圾堆放', 'staff', $4, $5, now() - interval '1 day')`,
        [`2099120600000${i}`, `CRON${i}`, g, c.lng + i * 0.0002, c.lat],
      );
    }
    worker = await createTestWorker({ config });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('opens the cluster at start, and a further run does not open it again', async () => {
    const topics = () =>
      db.query(`SELECT id, ticket_count FROM topic WHERE kind = 'cluster' AND $1 = ANY(grid_codes)`, [city.grids[0]]);
    const [topic] = await until('the cluster topic the worker opened', async () => {
      const rows = await topics();
      return rows.length ? rows : null;
    });
    expect(topic.ticket_count).toBe(5);
    await worker!.get(TopicDetection).run();
    expect(await topics()).toEqual([topic]);
  });
});
