import { createHash, randomUUID } from 'node:crypto';
import type supertest from 'supertest';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
  ticketClient,
  must,
} from '../support/index.js';

/**
 * Photos and documents for tickets: the type is decided by the content (magic bytes), never
 * by the name or the declared header; ≤ 10 MB; readable by the uploader and by whoever can
 * see a ticket the file belongs to; linking only one's own uploads.
 */

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** SOI, an APP0 JFIF segment, EOI. */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
]);
/** RIFF <size> WEBP, a "VP8 " chunk. */
const WEBP = (() => {
  const chunk = Buffer.concat([Buffer.from('VP8 '), Buffer.from([10, 0, 0, 0]), Buffer.alloc(10)]);
  const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), chunk]);
  riff.writeUInt32LE(riff.length - 8, 4);
  return riff;
})();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TEXT = Buffer.from('This is not an image, just some text.\n');
const MB = 1024 * 1024;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Collects any response body as bytes (superagent only buffers some types by itself). */
const binary: Parameters<supertest.Test['parse']>[0] = (res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('tickets: attachments', () => {
  let api: TestApi;
  let city: TestCity;
  let worker0: TestUser; // grids[0]
  let worker1: TestUser; // grids[1]: same community, another grid
  let dispatcher0: TestUser; // community 0
  let party0: TestUser; // community 0
  let supervisor: TestUser; // township 0
  let dispatcher2: TestUser; // community 2

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    [worker0, worker1, dispatcher0, party0, supervisor, dispatcher2] = await Promise.all([
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'grid_worker', city.grids[1]),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'supervisor', city.townships[0]),
      createTestUser(api.app, 'dispatcher', city.communities[2]),
    ]);
  });
  afterAll(() => api.close());
  const ticketApi = ticketClient(() => api);

  const upload = (user: TestUser | null, content: Buffer, filename: string, contentType: string) => {
    const req = api.http().post(user ? '/api/v1/attachments' : '/api/v1/public/attachments');
    return (user ? user.auth(req) : req).attach('file', content, { filename, contentType });
  };
  const uploaded = async (user: TestUser | null, content = PNG, name = 'photo.png', type = 'image/png') => {
    const res = await upload(user, content, name, type);
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; contentType: string; size: number; sha256: string };
  };
  const download = (user: TestUser, id: string) =>
    user
      .auth(api.http().get(`/api/v1/attachments/${id}`))
      .buffer(true)
      .parse(binary);
  const file = (user: TestUser, extra: object = {}) =>
    ticketApi.file(user, {
      itemCode: 'E02',
      gridCode: city.grids[0],
      description: `井盖破损 ${randomUUID()}`,
      ...extra,
    });

  describe('upload', () => {
    it.each([
      ['a 1×1 PNG', PNG, 'a.png', 'image/png', 'image/png'],
      ['a minimal JPEG', JPEG, 'b.jpg', 'image/jpeg', 'image/jpeg'],
      ['a minimal WebP', WEBP, 'c.webp', 'image/webp', 'image/webp'],
      ['a minimal PDF', PDF, 'd.pdf', 'application/pdf', 'application/pdf'],
    ])('accepts %s → 201 {id, contentType, size, sha256}', async (_what, content, filename, header, expected) => {
      const res = await upload(worker0, content, filename, header);
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          contentType: expected,
          size: content.length,
          sha256: sha256(content),
        }),
      );
      // the uploader can read it back, byte for byte
      const back = await download(worker0, res.body.id);
      expect(back.status).toBe(200);
      expect(back.headers['content-type']).toMatch(new RegExp(`^${expected}`));
      expect(sha256(back.body)).toBe(sha256(content));
    });

    it('decides by content: text named .png → 415, a PNG named .txt as text/plain → 201 image/png', async () => {
      expectApiError(await upload(worker0, TEXT, 'fake.png', 'image/png'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectApiError(await upload(worker0, GIF, 'anim.gif', 'image/gif'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectApiError(await upload(worker0, GIF, 'anim.png', 'image/png'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      const res = await upload(worker0, PNG, 'notes.txt', 'text/plain');
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ contentType: 'image/png', sha256: sha256(PNG) }));
      const pdfAsJpeg = await upload(worker0, PDF, 'scan.jpg', 'image/jpeg');
      expect(pdfAsJpeg.body.contentType).toBe('application/pdf');
    });

    it('over 10 MB → 413 PAYLOAD_TOO_LARGE; exactly 10 MB is fine', async () => {
      const big = Buffer.concat([PNG, Buffer.alloc(10 * MB + 1 - PNG.length)]);
      expectApiError(await upload(worker0, big, 'big.png', 'image/png'), 413, 'PAYLOAD_TOO_LARGE');
      const max = Buffer.concat([PNG, Buffer.alloc(10 * MB - PNG.length)]);
      const ok = await upload(worker0, max, 'max.png', 'image/png');
      expect(ok.status).toBe(201);
      expect(ok.body.size).toBe(10 * MB);
    });

    it('without a file, with an empty file or under another field name → 400', async () => {
      const none = await worker0.auth(api.http().post('/api/v1/attachments')).field('note', 'no file here');
      expectApiError(none, 400, 'VALIDATION_FAILED');
      const json = await worker0.auth(api.http().post('/api/v1/attachments')).send({});
      expectApiError(json, 400, 'VALIDATION_FAILED');
      const empty = await upload(worker0, Buffer.alloc(0), 'empty.png', 'image/png');
      expectApiError(empty, 400, 'VALIDATION_FAILED');
      const other = await worker0
        .auth(api.http().post('/api/v1/attachments'))
        .attach('photo', PNG, { filename: 'a.png', contentType: 'image/png' });
      expectApiError(other, 400, 'VALIDATION_FAILED');
    });

    it('needs a login on the staff endpoint (401)', async () => {
      const res = await api
        .http()
        .post('/api/v1/attachments')
        .attach('file', PNG, { filename: 'a.png', contentType: 'image/png' });
      expectApiError(res, 401, 'UNAUTHENTICATED');
    });
  });

  describe('linking and reading', () => {
    it('a ticket filed with attachmentIds makes them readable to whoever sees the ticket, 404 to others', async () => {
      const photo = await uploaded(worker0, JPEG, 'scene.jpg', 'image/jpeg');
      // before linking: only the uploader
      expect((await download(worker0, photo.id)).status).toBe(200);
      expectApiError(await dispatcher0.auth(api.http().get(`/api/v1/attachments/${photo.id}`)), 404, 'NOT_FOUND');

      const ticket = must(await file(worker0, { attachmentIds: [photo.id] }), 'file');
      for (const user of [dispatcher0, supervisor, party0]) {
        const res = await download(user, photo.id);
        expect({ role: user.role, status: res.status }).toEqual({ role: user.role, status: 200 });
        expect(sha256(res.body)).toBe(photo.sha256);
        expect(res.headers['content-type']).toMatch(/^image\/jpeg/);
      }
      for (const user of [dispatcher2, worker1]) {
        const res = await user.auth(api.http().get(`/api/v1/attachments/${photo.id}`));
        expectApiError(res, 404, 'NOT_FOUND', `${user.role} ${user.scopeCode}`);
      }
      const t = await dispatcher0.auth(api.http().get(`/api/v1/tickets/${ticket.id}`));
      expect(t.body.timeline[0]).toEqual(expect.objectContaining({ type: 'filed', attachments: [photo.id] }));
    });

    it("refuses someone else's attachment, an unknown one, an anonymous one, or a mix (400)", async () => {
      const theirs = await uploaded(dispatcher0);
      const mine = await uploaded(worker0);
      const publicOne = await uploaded(null);
      const cases: [string, string[]][] = [
        ["someone else's", [theirs.id]],
        ['mine and theirs', [mine.id, theirs.id]],
        ['unknown', [randomUUID()]],
        ['an anonymous upload', [publicOne.id]],
      ];
      for (const [what, attachmentIds] of cases) {
        const res = await file(worker0, { attachmentIds });
        expectApiError(res, 400, 'VALIDATION_FAILED', what);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'attachmentIds' })]);
      }
      // the refused filing linked nothing: the other user still cannot read mine
      expectApiError(await dispatcher0.auth(api.http().get(`/api/v1/attachments/${mine.id}`)), 404, 'NOT_FOUND');
      // my own, twice over, is fine
      expect((await file(worker0, { attachmentIds: [mine.id, mine.id] })).status).toBe(201);
    });

    it('resolve with attachmentIds links them to the ticket', async () => {
      const ticket = must(await file(worker0), 'file');
      must(await ticketApi.act(dispatcher0, ticket.id, 'accept'), 'accept');
      must(await ticketApi.act(dispatcher0, ticket.id, 'dispatch', { assigneeId: party0.id }), 'dispatch');
      must(await ticketApi.act(party0, ticket.id, 'claim'), 'claim');
      const before = await uploaded(party0, PNG, 'before.png', 'image/png');
      const report = await uploaded(party0, PDF, 'report.pdf', 'application/pdf');
      const notMine = await uploaded(worker0, WEBP, 'x.webp', 'image/webp');

      const refused = await ticketApi.act(party0, ticket.id, 'resolve', {
        result: '已修复',
        attachmentIds: [notMine.id],
      });
      expectApiError(refused, 400, 'VALIDATION_FAILED');

      const res = await ticketApi.act(party0, ticket.id, 'resolve', {
        result: '已更换井盖',
        attachmentIds: [before.id, report.id],
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('resolved');
      for (const [att, type] of [
        [before, /^image\/png/],
        [report, /^application\/pdf/],
      ] as const) {
        const got = await download(supervisor, att.id);
        expect(got.status).toBe(200);
        expect(got.headers['content-type']).toMatch(type);
        expect(sha256(got.body)).toBe(att.sha256);
      }
      expectApiError(await dispatcher2.auth(api.http().get(`/api/v1/attachments/${report.id}`)), 404, 'NOT_FOUND');
      const t = await supervisor.auth(api.http().get(`/api/v1/tickets/${ticket.id}`));
      const resolved = t.body.timeline.find((e: { type: string }) => e.type === 'resolved');
      expect([...resolved.attachments].sort()).toEqual([before.id, report.id].sort());
    });

    it('GET /attachments/:id: unknown → 404, not a uuid → 400', async () => {
      expectApiError(await worker0.auth(api.http().get(`/api/v1/attachments/${randomUUID()}`)), 404, 'NOT_FOUND');
      expectApiError(await worker0.auth(api.http().get('/api/v1/attachments/not-a-uuid')), 400, 'VALIDATION_FAILED');
      expectApiError(await api.http().get(`/api/v1/attachments/${randomUUID()}`), 401, 'UNAUTHENTICATED');
    });
  });

  describe('the public channel', () => {
    it('uploads without a login; the id serves a public filing, and staff in scope can read it', async () => {
      const res = await upload(null, PNG, 'IMG_0001.png', 'image/png');
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ contentType: 'image/png', sha256: sha256(PNG) }));
      expectApiError(await upload(null, TEXT, 'x.png', 'image/png'), 415, 'UNSUPPORTED_MEDIA_TYPE');

      const filed = await api
        .http()
        .post('/api/v1/public/tickets')
        .send({
          itemCode: 'E02',
          description: '井盖缺失，夜间危险',
          location: city.insideGrid.get(city.grids[0]),
          attachmentIds: [res.body.id],
        });
      expect(filed.status).toBe(201);
      const got = await download(dispatcher0, res.body.id);
      expect(got.status).toBe(200);
      expect(sha256(got.body)).toBe(sha256(PNG));
      expectApiError(await dispatcher2.auth(api.http().get(`/api/v1/attachments/${res.body.id}`)), 404, 'NOT_FOUND');

      // a staff upload cannot ride on a public filing
      const staff = await uploaded(worker0);
      const mixed = await api
        .http()
        .post('/api/v1/public/tickets')
        .send({ itemCode: 'E02', description: '井盖', gridCode: city.grids[0], attachmentIds: [staff.id] });
      expectApiError(mixed, 400, 'VALIDATION_FAILED');
    });
  });
});
