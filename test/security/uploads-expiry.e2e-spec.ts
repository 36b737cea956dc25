import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  filePublicTicket,
  isolatedTestConfig,
  testConfig,
  type TestApi,
  type TestCity,
} from '../support/index.js';
import { AttachmentsService } from '@gridflow/tickets';
import { UnlinkedUploadsCleanup } from '../../apps/worker/src/crons/unlinked-uploads.cron.js';

/**
 * Issue 16 item 6: uploads nobody links expire (row and file) after 24 h; anonymous uploads
 * have a per-address daily quota; the disk used by attachments is a /metrics gauge.
 */

const PNG_BASE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A PNG of unique content (bytes after IEND do not change the type). */
const png = () => Buffer.concat([PNG_BASE, randomBytes(16)]);

interface Uploaded {
  id: string;
  sha256: string;
  size: number;
}

describe('uploads', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let dataDir: string;

  beforeAll(async () => {
    // Own database and DATA_DIR: the disk gauge is compared with exactly this app's files.
    dataDir = await mkdtemp(join(tmpdir(), 'gf-uploads-'));
    api = await createTestApi({
      config: await isolatedTestConfig('uploads', { DATA_DIR: dataDir, ANON_UPLOADS_PER_DAY: '10000' }),
    });
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
  });
  afterAll(() => api.close());

  const upload = async (content: Buffer, from = '203.0.113.80'): Promise<Uploaded> => {
    const res = await api
      .http()
      .post('/api/v1/public/attachments')
      .set('X-Forwarded-For', from)
      .attach('file', content, { filename: 'p.png', contentType: 'image/png' });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const fileOf = (sha256: string) => join(dataDir, 'attachments', sha256.slice(0, 2), sha256);
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  const rowExists = async (id: string) => (await db.query('SELECT 1 FROM attachment WHERE id = $1', [id])).length > 0;
  /** The row and its file as if uploaded 25 hours ago. */
  async function age(u: Uploaded) {
    await db.query(`UPDATE attachment SET created_at = now() - interval '25 hours' WHERE id = $1`, [u.id]);
    const then = new Date(Date.now() - 25 * 3_600_000);
    await utimes(fileOf(u.sha256), then, then);
  }

  it('the housekeeping sweep removes unlinked uploads older than 24 h, row and file, and nothing else', async () => {
    const orphan = await upload(png());
    const linkedContent = png();
    const linked = await upload(linkedContent);
    const recent = await upload(png());
    await filePublicTicket(api, city.grids[0], { attachmentIds: [linked.id] });
    // The same content uploaded again and never linked: its row goes, the shared file stays.
    const duplicate = await upload(linkedContent);
    for (const u of [orphan, linked, duplicate]) await age(u);

    await new UnlinkedUploadsCleanup(api.app.get(AttachmentsService)).run();

    expect(await rowExists(orphan.id)).toBe(false);
    expect(await exists(fileOf(orphan.sha256))).toBe(false);
    expect(await rowExists(duplicate.id)).toBe(false);
    expect(await rowExists(linked.id)).toBe(true);
    expect(await exists(fileOf(linked.sha256))).toBe(true);
    expect(await rowExists(recent.id)).toBe(true);
    expect(await exists(fileOf(recent.sha256))).toBe(true);

    // An expired upload can no longer be attached to a filing.
    const res = await api
      .http()
      .post('/api/v1/public/tickets')
      .send({ itemCode: 'E01', description: '路灯不亮', gridCode: city.grids[0], attachmentIds: [orphan.id] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('a file uploaded again just before the sweep is kept with its new row', async () => {
    const content = png();
    const old = await upload(content);
    await age(old);
    const again = await upload(content); // touches the file
    await api.app.get(AttachmentsService).sweepUnlinked();
    expect(await rowExists(old.id)).toBe(false);
    expect(await rowExists(again.id)).toBe(true);
    expect(await exists(fileOf(again.sha256))).toBe(true);
  });

  it('/metrics reports the bytes the attachment files take on disk', async () => {
    const gauge = async () => {
      const res = await api.http().get('/metrics');
      expect(res.status).toBe(200);
      const line = /^gridflow_attachment_disk_bytes (\d+)$/m.exec(res.text);
      expect(line).not.toBeNull();
      return Number(line![1]);
    };
    const onDisk = async () => {
      let total = 0;
      const root = join(dataDir, 'attachments');
      for (const dir of await readdir(root)) {
        for (const f of await readdir(join(root, dir))) total += (await stat(join(root, dir, f))).size;
      }
      return total;
    };
    const before = await gauge();
    expect(before).toBe(await onDisk());
    const content = png();
    await upload(content);
    expect(await gauge()).toBe(before + content.length);
    expect(await gauge()).toBe(await onDisk());
  });
});

describe('anonymous upload quota', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({
      config: testConfig({ ANON_UPLOADS_PER_DAY: '3', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_uploadquota` }),
    });
  });
  afterAll(() => api.close());

  const upload = (from: string) =>
    api
      .http()
      .post('/api/v1/public/attachments')
      .set('X-Forwarded-For', from)
      .attach('file', png(), { filename: 'p.png', contentType: 'image/png' });

  it('answers 429 RATE_LIMITED with Retry-After past ANON_UPLOADS_PER_DAY from one address; others and staff go on', async () => {
    // The quota is per UTC day: do not start in the last half minute of one.
    const intoDay = Date.now() % 86_400_000;
    if (intoDay > 86_370_000) await new Promise((r) => setTimeout(r, 86_400_000 - intoDay + 100));
    for (let i = 0; i < 3; i++) expect((await upload('203.0.113.90')).status).toBe(201);
    const over = await upload('203.0.113.90');
    expect(over.status).toBe(429);
    expect(over.body).toEqual({
      statusCode: 429,
      error: expect.any(String),
      code: 'RATE_LIMITED',
      message: expect.any(String),
      details: [expect.objectContaining({ field: 'file', retryAfterSeconds: expect.any(Number) })],
    });
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect((await upload('203.0.113.91')).status).toBe(201);

    const city = await createTestCity(api.app);
    const staff = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    const res = await staff
      .auth(api.http().post('/api/v1/attachments'))
      .set('X-Forwarded-For', '203.0.113.90')
      .attach('file', png(), { filename: 'p.png', contentType: 'image/png' });
    expect(res.status).toBe(201);
  });
});
