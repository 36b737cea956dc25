import { randomBytes } from 'node:crypto';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { HotlineImporter, HotlineImportsService, ImportInterrupted } from '@gridflow/imports';
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
  until,
  expectApiError,
  binaryParser,
} from '../support/index.js';

/**
 * Hotline (12345) bulk import through the real API, Redis and worker: an xlsx and a csv
 * with good, duplicate and bad rows; counts, the report, an idempotent re-import, progress,
 * scope and roles, mapping and file-type errors, and restarting mid-file.
 */
// Its own database: the worker relays every outbox row of the database it runs on.
const config = await isolatedTestConfig('hotline_import');

const HEADERS = [
  '工单编号',
  '来电时间',
  '事项编码',
  '诉求分类',
  '诉求内容',
  '事发地址',
  '经度',
  '纬度',
  '来电号码',
  '来电人',
];
const MAPPING = {
  columns: {
    externalId: '工单编号',
    time: '来电时间',
    itemCode: '事项编码',
    category: '诉求分类',
    description: '诉求内容',
    address: '事发地址',
    lng: '经度',
    lat: '纬度',
    callerPhone: '来电号码',
    callerName: '来电人',
  },
  categoryMap: { 噪音扰民: 'B01' },
};

async function xlsxOf(rows: unknown[][], title = true): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('来电记录');
  if (title) ws.addRow(['12345热线 工单导出']);
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csvOf = (rows: unknown[][]) =>
  Buffer.from(`\uFEFF${[HEADERS, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');

async function readWorkbook(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const rowsOf = (name: string) => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`no sheet ${name}`);
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  return { sheets: wb.worksheets.map((w) => w.name), rowsOf };
}

describe('hotline bulk import (12345)', () => {
  let api: TestApi;
  let worker: INestApplication;
  let city: TestCity;
  let db: DataSource;
  let admin: TestUser;
  let dispatcher: TestUser; // community 0: grids 0–2
  let otherDispatcher: TestUser; // community 2
  let gridWorker: TestUser;
  const p = `H${randomBytes(3).toString('hex')}`;

  const upload = (user: TestUser, file: Buffer, filename: string, mapping: unknown) =>
    user
      .auth(api.http().post('/api/v1/imports/hotline'))
      .field('mapping', typeof mapping === 'string' ? mapping : JSON.stringify(mapping))
      .attach('file', file, filename);

  const get = (user: TestUser, id: string) => user.auth(api.http().get(`/api/v1/imports/${id}`));

  const finished = (user: TestUser, id: string, timeoutMs = 30_000) =>
    until(
      `import ${id} to finish`,
      async () => {
        const res = await get(user, id);
        return res.body.status === 'done' || res.body.status === 'failed' ? res.body : null;
      },
      timeoutMs,
    );

  const report = async (user: TestUser, id: string) => {
    const res = await user
      .auth(api.http().get(`/api/v1/imports/${id}/report.xlsx`))
      .buffer(true)
      .parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    return readWorkbook(res.body as Buffer);
  };

  const point = (grid: number) => city.insideGrid.get(city.grids[grid])!;

  beforeAll(async () => {
    api = await createTestApi({ config });
    worker = await createTestWorker({ config });
    db = api.app.get(DataSource);
    city = await createTestCity(api.app);
    [admin, dispatcher, otherDispatcher, gridWorker] = await Promise.all([
      createTestUser(api.app, 'admin', city.city),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'dispatcher', city.communities[2]),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
    ]);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  describe('an xlsx and a csv with good, duplicate and bad rows', () => {
    const mapping = { ...MAPPING, headerRow: 2 };
    let xlsx: Buffer;
    let importId: string;

    beforeAll(async () => {
      const g0 = point(0);
      const g1 = point(1);
      const out = point(6); // community 2: outside the dispatcher's scope
      xlsx = await xlsxOf([
        // row 3
        [
          `${p}-1`,
          new Date(Date.UTC(2026, 2, 1, 8, 30)),
          '',
          '噪音扰民',
          '楼上噪音',
          '和平街1号',
          g0.lng,
          g0.lat,
          13812345678,
          '王女士',
        ],
        [`${p}-2`, '2026/3/2 9:00', 'E01', '', '垃圾未清运', '', g1.lng, g1.lat, '', ''],
        [`${p}-3`, '2026-03-02 10:00', '', '噪音扰民', '广场舞噪音', '文化广场', '', '', '0352-5551234', ''],
        [`${p}-1`, '2026-03-01 08:30', '', '噪音扰民', '楼上噪音（重复来电）', '', g0.lng, g0.lat, '', ''],
        [],
        // row 8
        [`${p}-5`, '2026-03-03 08:00', '', '噪音扰民', '', '', g0.lng, g0.lat, '', ''],
        [`${p}-6`, '2026-03-03 08:00', 'B99', '', '未知事项', '', g0.lng, g0.lat, '', ''],
        [`${p}-7`, '2026-03-03 08:00', '', '噪音扰民', '坐标在网格外', '', 10, 10, '', ''],
        [`${p}-8`, '2026-13-45 25:00', '', '噪音扰民', '时间错误', '', g0.lng, g0.lat, '', ''],
        [`${p}-9`, '2026-03-03 08:00', '', '噪音扰民', '别的社区', '', out.lng, out.lat, '', ''],
        [`${p}-10`, '2026-03-03 08:00', '', '其他', '分类未对应', '', g0.lng, g0.lat, '', ''],
        [`${p}-11`, '2026-03-03 08:00', '', '噪音扰民', '电话错误', '', g0.lng, g0.lat, 'abc', ''],
      ]);
      const res = await upload(dispatcher, xlsx, '三月来电.xlsx', { ...mapping, gridCode: city.grids[2] });
      expect(res.status).toBe(202);
      expect(res.body).toEqual(
        expect.objectContaining({ id: expect.any(String), status: 'queued', percent: 0, processedRows: 0 }),
      );
      importId = res.body.id;
    });

    it('files the good rows, counts the duplicates, lists the bad ones; progress reaches 100', async () => {
      const done = await finished(dispatcher, importId);
      expect(done).toEqual(
        expect.objectContaining({
          id: importId,
          status: 'done',
          percent: 100,
          totalRows: 11,
          processedRows: 11,
          created: 3,
          duplicates: 1,
          failed: 7,
          filename: '三月来电.xlsx',
          format: 'xlsx',
          requestedBy: { id: dispatcher.id, displayName: dispatcher.displayName },
          error: null,
          startedAt: expect.any(String),
          finishedAt: expect.any(String),
        }),
      );
      // the job's own progress, as the queue dashboard shows it (the record says done a moment
      // before the job reports its last progress and completes)
      const queue = api.app.get(QueueProducer).queue(QueueName.Imports);
      const job = await until('the import job to complete', async () => {
        const j = await queue.getJob(jobIds.hotlineImport(importId));
        return j?.finishedOn ? j : null;
      });
      expect(job.progress).toBe(100);
      expect(job.returnvalue).toBe('done: 3 created, 1 duplicates, 7 failed');

      const tickets = await db.query(
        `SELECT r.external_id, r.row_number, r.reported_at, t.channel, t.filed_by, t.grid_code, t.item_code,
                t.description, t.location_address, t.reporter_name, t.reporter_phone_mask, t.status
         FROM ticket_external_ref r JOIN ticket t ON t.id = r.ticket_id
         WHERE r.import_id = $1 ORDER BY r.row_number`,
        [importId],
      );
      expect(tickets).toEqual([
        expect.objectContaining({
          external_id: `${p}-1`,
          row_number: 3,
          reported_at: new Date('2026-03-01T00:30:00Z'),
          channel: 'hotline',
          filed_by: dispatcher.id,
          grid_code: city.grids[0],
          item_code: 'B01',
          location_address: '和平街1号',
          reporter_name: '王女士',
          reporter_phone_mask: '138****5678',
          status: 'submitted',
        }),
        expect.objectContaining({ external_id: `${p}-2`, row_number: 4, grid_code: city.grids[1], item_code: 'E01' }),
        expect.objectContaining({
          external_id: `${p}-3`,
          grid_code: city.grids[2],
          description: '广场舞噪音\n（地址：文化广场）',
          location_address: null,
        }),
      ]);
      // filed like any ticket: a timeline event by the dispatcher
      const [filed] = await db.query(
        `SELECT e.type, e.actor_id, e.data FROM ticket_event e JOIN ticket_external_ref r ON r.ticket_id = e.ticket_id
         WHERE r.external_id = $1 AND e.seq = 1`,
        [`${p}-1`],
      );
      expect(filed).toEqual({
        type: 'filed',
        actor_id: dispatcher.id,
        data: expect.objectContaining({ channel: 'hotline' }),
      });
    });

    it('reports each bad row with its row number, external id and reason', async () => {
      const book = await report(dispatcher, importId);
      expect(book.sheets).toEqual(['汇总', '失败行']);
      const summary = new Map(book.rowsOf('汇总').map(([k, v]) => [String(k), v]));
      expect(summary.get('新建工单 Created')).toBe(3);
      expect(summary.get('重复(已导入) Duplicates')).toBe(1);
      expect(summary.get('失败 Failed')).toBe(7);
      expect(summary.get('文件 File')).toBe('三月来电.xlsx');
      const [header, ...failures] = book.rowsOf('失败行');
      expect(header).toEqual(['行号 Row', '外部编号 External id', '错误类型 Type', '代码 Code', '原因 Reason']);
      expect(failures.map(([row, ext, , code]) => [row, ext, code])).toEqual([
        [8, `${p}-5`, 'MISSING_DESCRIPTION'],
        [9, `${p}-6`, 'ITEM_NOT_ADMITTED'],
        [10, `${p}-7`, 'OUTSIDE_ALL_GRIDS'],
        [11, `${p}-8`, 'BAD_TIME'],
        [12, `${p}-9`, 'OUTSIDE_SCOPE'],
        [13, `${p}-10`, 'UNMAPPED_CATEGORY'],
        [14, `${p}-11`, 'BAD_PHONE'],
      ]);
      expect(failures.map((f) => f[2])).toEqual([
        '缺少诉求内容',
        '事项未准入',
        '不在任何网格内',
        '时间无效',
        '超出权限范围',
        '分类未对应事项',
        '电话号码无效',
      ]);
      for (const f of failures) expect(String(f[4]).length).toBeGreaterThan(5);
    });

    it('re-importing the same file creates nothing new', async () => {
      const res = await upload(dispatcher, xlsx, '三月来电.xlsx', { ...mapping, gridCode: city.grids[2] });
      expect(res.status).toBe(202);
      const again = await finished(dispatcher, res.body.id);
      expect(again).toEqual(
        expect.objectContaining({ status: 'done', percent: 100, created: 0, duplicates: 4, failed: 7 }),
      );
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ticket_external_ref WHERE external_id LIKE $1`, [
        `${p}-%`,
      ]);
      expect(n).toBe(3);
    });

    it('imports a csv the same way (UTF-8 with BOM, quoted line breaks), duplicates across files included', async () => {
      const g0 = point(0);
      const csv = csvOf([
        [
          `${p}-c1`,
          '2026-03-04 08:00',
          '',
          '噪音扰民',
          '楼道堆物\n影响通行',
          '',
          g0.lng,
          g0.lat,
          '+86 139 8765 4321',
          '李先生',
        ],
        [`${p}-c2`, '2026年3月4日 9时0分', 'E01', '', '路灯不亮', '建设路', '', '', '', ''],
        [`${p}-c1`, '2026-03-04 08:05', '', '噪音扰民', '再次来电', '', g0.lng, g0.lat, '', ''],
        [`${p}-2`, '2026-03-02 09:00', 'E01', '', '垃圾未清运', '', g0.lng, g0.lat, '', ''],
        [`${p}-c5`, 'yesterday', '', '噪音扰民', '时间错误', '', g0.lng, g0.lat, '', ''],
        [`${p}-c6`, '2026-03-04 08:00', '', '噪音扰民', '', '', g0.lng, g0.lat, '', ''],
      ]);
      const res = await upload(dispatcher, csv, 'march.csv', { ...MAPPING, gridCode: city.grids[2] });
      expect(res.status).toBe(202);
      const done = await finished(dispatcher, res.body.id);
      expect(done).toEqual(
        expect.objectContaining({ status: 'done', format: 'csv', totalRows: 6, created: 2, duplicates: 2, failed: 2 }),
      );
      const book = await report(dispatcher, res.body.id);
      expect(
        book
          .rowsOf('失败行')
          .slice(1)
          .map(([row, ext, , code]) => [row, ext, code]),
      ).toEqual([
        [6, `${p}-c5`, 'BAD_TIME'],
        [7, `${p}-c6`, 'MISSING_DESCRIPTION'],
      ]);
      const [c1] = await db.query(
        `SELECT t.description, t.reporter_phone_mask FROM ticket_external_ref r JOIN ticket t ON t.id = r.ticket_id
         WHERE r.external_id = $1`,
        [`${p}-c1`],
      );
      expect(c1).toEqual({ description: '楼道堆物\n影响通行', reporter_phone_mask: '139****4321' });

      // and the csv again: nothing new
      const again = await upload(dispatcher, csv, 'march.csv', { ...MAPPING, gridCode: city.grids[2] });
      expect(await finished(dispatcher, again.body.id)).toEqual(
        expect.objectContaining({ created: 0, duplicates: 4, failed: 2 }),
      );
    });

    it('is visible to its requester and within its scope only', async () => {
      expect((await get(dispatcher, importId)).status).toBe(200);
      expect((await get(admin, importId)).status).toBe(200);
      expectApiError(await get(otherDispatcher, importId), 404, 'NOT_FOUND');
      expectApiError(
        await otherDispatcher.auth(api.http().get(`/api/v1/imports/${importId}/report.xlsx`)),
        404,
        'NOT_FOUND',
      );
      expectApiError(await get(dispatcher, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');

      const mine = await dispatcher.auth(api.http().get('/api/v1/imports?limit=2'));
      expect(mine.status).toBe(200);
      expect(mine.body.items).toHaveLength(2);
      expect(mine.body.nextCursor).toEqual(expect.any(String));
      const rest = await dispatcher.auth(api.http().get(`/api/v1/imports?limit=100&cursor=${mine.body.nextCursor}`));
      const ids = [...mine.body.items, ...rest.body.items].map((i: { id: string }) => i.id);
      expect(ids).toContain(importId);
      expect(new Set(ids).size).toBe(ids.length);
      // newest first
      const created = [...mine.body.items, ...rest.body.items].map((i: { createdAt: string }) => i.createdAt);
      expect([...created].sort().reverse()).toEqual(created);
      const theirs = await otherDispatcher.auth(api.http().get('/api/v1/imports'));
      expect(theirs.body.items.map((i: { id: string }) => i.id)).not.toContain(importId);
    });
  });

  describe('refusals', () => {
    const good = async () => xlsxOf([[`${p}-r1`, '', 'E01', '', '内容', '', '', '', '', '']], false);
    const gridMapping = () => ({ ...MAPPING, gridCode: city.grids[0] });

    it('only admins and dispatchers import (403 for other roles)', async () => {
      expectApiError(await upload(gridWorker, await good(), 'a.xlsx', gridMapping()), 403, 'FORBIDDEN');
      expectApiError(await gridWorker.auth(api.http().get('/api/v1/imports')), 403, 'FORBIDDEN');
      const res = await api.http().get('/api/v1/imports');
      expect(res.status).toBe(401);
    });

    it('a bad mapping is 400 VALIDATION_FAILED with details', async () => {
      const file = await good();
      let res = await upload(dispatcher, file, 'a.xlsx', {
        columns: { description: '诉求内容' },
        gridCode: city.grids[0],
      });
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'mapping.columns.externalId' })]),
      );
      res = await upload(dispatcher, file, 'a.xlsx', '{"columns": ');
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details[0].field).toBe('mapping');
      // columns the file does not have, named with the headers it does have
      res = await upload(dispatcher, file, 'a.xlsx', {
        ...gridMapping(),
        columns: { ...MAPPING.columns, callerPhone: '联系电话' },
      });
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([
        { field: 'mapping.columns.callerPhone', problem: expect.stringContaining('工单编号, 来电时间') },
      ]);
      // unknown items and grids outside the requester's scope
      res = await upload(dispatcher, file, 'a.xlsx', {
        ...MAPPING,
        categoryMap: { 噪音扰民: 'Z99' },
        gridCode: city.grids[6],
      });
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([
        'mapping.categoryMap.噪音扰民',
        'mapping.gridCode',
      ]);
      // no mapping, no file
      expectApiError(
        await dispatcher.auth(api.http().post('/api/v1/imports/hotline')).attach('file', file, 'a.xlsx'),
        400,
        'VALIDATION_FAILED',
      );
      res = await dispatcher
        .auth(api.http().post('/api/v1/imports/hotline'))
        .field('mapping', JSON.stringify(gridMapping()));
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details[0].field).toBe('file');
    });

    it('anything but an xlsx or a csv is 415, whatever its name', async () => {
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64',
      );
      expectApiError(await upload(dispatcher, png, 'export.xlsx', gridMapping()), 415, 'UNSUPPORTED_MEDIA_TYPE');
      // an old binary .xls (OLE compound file)
      const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(2048)]);
      const res = await upload(dispatcher, xls, 'export.xls', gridMapping());
      expectApiError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      // text, but not named .csv
      expectApiError(
        await upload(dispatcher, Buffer.from('a,b\n1,2\n'), 'export.pdf', gridMapping()),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      // a zip that is not a workbook
      const zip = Buffer.from('504b0304140000000000000000000000000000000000000000000000000000', 'hex');
      expectApiError(await upload(dispatcher, zip, 'export.xlsx', gridMapping()), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('files over 50 MB are 413, and no upload is left behind', async () => {
      const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x41);
      expectApiError(await upload(dispatcher, big, 'big.csv', gridMapping()), 413, 'PAYLOAD_TOO_LARGE');
      await until('temporary uploads to be removed', async () =>
        (await readdir(tmpdir())).every((f) => !f.startsWith('gridflow-upload-')),
      );
    });
  });

  describe('restarting mid-file', () => {
    const rows = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => {
        const at = point(i % 3);
        return [`${prefix}-${i}`, '2026-03-05 08:00', 'E01', '', `第${i}条`, '', at.lng, at.lat, '', ''];
      });

    it('a run stopped after a batch continues where it stopped, with the counts of an uninterrupted one', async () => {
      const imports = api.app.get(HotlineImportsService);
      const importer = api.app.get(HotlineImporter);
      const path = join(tmpdir(), `hotline-restart-${p}.csv`);
      await writeFile(path, csvOf([...rows(`${p}-s`, 450), [`${p}-s-7`, '', 'E01', '', '重复', '', '', '', '', '']]));
      // a command-line import: no job, so nothing but this test runs it
      const record = await imports
        .create(
          null,
          { path, originalName: 'restart.csv', size: (await stat(path)).size, keepSource: true },
          { ...MAPPING, gridCode: city.grids[0] },
          'cli',
        )
        .finally(() => rm(path, { force: true }));
      const stop = new AbortController();
      await expect(
        importer.run(record.id, {
          signal: stop.signal,
          onProgress: (p) => void (p.processedRows >= 200 && stop.abort()),
        }),
      ).rejects.toBeInstanceOf(ImportInterrupted);
      const [half] = await db.query(`SELECT status, processed_rows, created_count FROM hotline_import WHERE id = $1`, [
        record.id,
      ]);
      expect(half).toEqual({ status: 'queued', processed_rows: 200, created_count: 200 });

      const done = await importer.run(record.id);
      expect({
        status: done.status,
        total: done.totalRows,
        created: done.createdCount,
        duplicates: done.duplicateCount,
        failed: done.failedCount,
        attempts: done.attempts,
      }).toEqual({ status: 'done', total: 451, created: 450, duplicates: 1, failed: 0, attempts: 2 });
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ticket_external_ref WHERE import_id = $1`, [
        record.id,
      ]);
      expect(n).toBe(450);
    });

    it('a worker that shuts down mid-file hands the import over; the next worker finishes it', async () => {
      const file = await xlsxOf(rows(`${p}-w`, 800), false);
      const res = await upload(admin, file, 'handover.xlsx', { ...MAPPING, gridCode: city.grids[0] });
      expect(res.status).toBe(202);
      const id = res.body.id as string;
      await until('the first batches', async () => (await get(admin, id)).body.processedRows >= 200);
      await worker.close();
      const paused = (await get(admin, id)).body;
      expect(paused.status).toBe('queued');
      expect(paused.processedRows).toBeLessThan(800);
      const job = await api.app.get(QueueProducer).queue(QueueName.Imports).getJob(jobIds.hotlineImport(id));
      expect(await job?.getState()).toBe('delayed');

      worker = await createTestWorker({ config });
      const done = await finished(admin, id, 60_000);
      expect(done).toEqual(
        expect.objectContaining({
          status: 'done',
          percent: 100,
          totalRows: 800,
          created: 800,
          duplicates: 0,
          failed: 0,
        }),
      );
      const [{ n, attempts }] = await db.query(
        `SELECT (SELECT count(*)::int FROM ticket_external_ref WHERE import_id = $1) AS n, attempts
         FROM hotline_import WHERE id = $1`,
        [id],
      );
      expect({ n, attempts }).toEqual({ n: 800, attempts: 2 });
    });
  });
});
