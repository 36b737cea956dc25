import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { CatalogService } from '@gridflow/catalog';
import type { AuthUser, Role, TicketStatus } from '@gridflow/domain';
import { NotificationsService } from '@gridflow/notifications';
import { Open311KeysService } from '@gridflow/open311';
import { DepartmentsService, GridsService, OrgUnitsService, WorkersService } from '@gridflow/org';
import { StatsService } from '@gridflow/stats';
import { TopicsService } from '@gridflow/topics';
import {
  createDepartmentStaff,
  createTestApi,
  createTestCity,
  createTestDepartment,
  createTestUser,
  TEST_PASSWORD,
  type TestApi,
  type TestCity,
  type TestUser,
} from '../support/index.js';
import {
  type ActionBody,
  AttachmentsService,
  TicketActionsService,
  TicketsService,
  TimeRequestsService,
} from '@gridflow/tickets';
import { WebhooksService } from '@gridflow/webhooks';
import {
  BATCH_SEGMENTS,
  CALLERS,
  type Caller,
  CREATE_OUTSIDE_SCOPE_IS_403,
  MATRIX,
  type MatrixRole,
  outOfScopeAnswer,
  ROLES,
  type Route,
  UNDOCUMENTED_ROUTES,
} from './authorization-matrix.js';
import { API_PREFIX } from '../../apps/api/src/configure-api-app.js';

/**
 * Sends every cell of the authorisation matrix (authorization-matrix.ts) to the real API and
 * checks the status; the table is the specification, this file only knows how to call each
 * route with a valid request (a 400 here means a wrong fixture, not a finding).
 */

/**
 * Where the resource of a call is. In scope: `home` (community 1's first grid). Out of scope: the
 * nearest place outside the caller's scope — the next grid for the grid worker, the next
 * community (same township) for the community-scoped roles, the other township for the admin.
 */
type Place = 'home' | 'nextGrid' | 'nextCommunity' | 'nextTownship';
const OUT_OF_SCOPE: Partial<Record<MatrixRole, Place>> = {
  admin: 'nextTownship',
  supervisor: 'nextCommunity',
  dispatcher: 'nextCommunity',
  grid_worker: 'nextGrid',
  party_member: 'nextCommunity',
  // department_staff: the county's, every place is in its scope (authorization-matrix.ts)
};
interface Ctx {
  caller: Caller;
  place: Place;
  /** the caller's user; null for anon */
  user: TestUser | null;
  /** anon only: send this (invalid) bearer token, which must change nothing */
  badToken?: string;
  /** the answer the table expects: the builder makes a fresh resource when it should succeed */
  expected: number;
}
/** How to call a route: its path parameters, query and body. */
interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  json?: unknown;
  form?: Record<string, string>;
  multipart?: { fields?: Record<string, string>; file?: { name: string; type: string; content: Buffer } };
  /** a server-sent event stream: only the status is read */
  sse?: boolean;
}
type Builder = (c: Ctx) => Call | Promise<Call>;

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const png = { name: 'photo.png', type: 'image/png', content: PNG };
const CSV = Buffer.from('工单编号,诉求内容\r\nAM-1,楼道堆物\r\n', 'utf8');
const ERROR_CODE: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
};
const FLOW: TicketStatus[] = ['submitted', 'accepted', 'dispatched', 'claimed', 'resolved', 'verified'];

interface TicketFixture {
  id: string;
  number: string;
  trackingCode: string;
  dueAt: string | null;
}

/** A valid proposal of a grid-tier item (the body of POST /catalog/items). */
const itemBody = (code: string) => ({
  code,
  name: '矩阵事项',
  categoryCode: 'A',
  tier: 'grid' as const,
  urgent: false,
  department: '矩阵局',
  limits: {
    acceptSeconds: 3600,
    dispatchSeconds: 7200,
    claimSeconds: 7200,
    resolveSeconds: 75600,
    verifySeconds: 25200,
    archiveSeconds: 25200,
  },
});

describe('authorisation matrix (every endpoint × role × scope)', () => {
  let api: TestApi;
  let base: string;
  let city: TestCity;
  let db: DataSource;
  const users = {} as Record<MatrixRole, TestUser>;
  /** users the fixtures act as: a city admin for set-up, and each place's own staff */
  let cityAdmin: AuthUser;
  let actor: (role: Role, scopeCode: string) => Promise<AuthUser>;
  let apiKey: string;
  let open311Token: string;
  let builders: Record<string, Builder>;

  const PLACE_GRID: Record<Place, number> = { home: 0, nextGrid: 1, nextCommunity: 3, nextTownship: 6 };
  const grid = (p: Place) => city.grids[PLACE_GRID[p]];
  const community = (p: Place) => grid(p).slice(0, 12);
  const township = (p: Place) => grid(p).slice(0, 9);

  // New grids and communities are numbered from 100 (the test city's own are 001–003); item codes
  // are global, so each run starts at a random number.
  let codeSerial = 100;
  let serial = 0;
  const itemSerial = randomInt(1000, 8000);
  const newCode = (parent: string) => `${parent}${codeSerial++}`;
  const newItemCode = () => `A${itemSerial + serial++}`;
  /** a small square far from every test city, so new grids never change where anything is located */
  const square = () => {
    const n = serial++;
    const [x, y] = [-170 + (n % 100) * 0.01, -60 + Math.floor(n / 100) * 0.01];
    return {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + 0.005, y],
          [x + 0.005, y + 0.005],
          [x, y + 0.005],
          [x, y],
        ],
      ],
    };
  };
  const gridBody = (code: string) => ({
    code,
    name: '矩阵网格',
    type: 'community' as const,
    households: 400,
    population: 1100,
    boundary: square(),
  });

  const memo = new Map<string, Promise<unknown>>();
  const shared = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as Promise<T>;
  };
  /**
   * A resource the call changes: a new one when the call should succeed, else one shared by
   * this row's refusals at that place (a refusal changes nothing).
   */
  const fresh = <T>(c: Ctx, key: string, make: () => Promise<T>): Promise<T> =>
    c.expected < 300 ? make() : shared(`${key}:${c.place}`, make);

  /**
   * The staff of a place's community who walk its tickets through the flow (home's assignee is
   * the party member under test), and a user there for the user-admin rows.
   */
  const staffOf = (p: Place) =>
    shared(`staff:${p === 'nextGrid' ? 'home' : p}`, async () => ({
      filer: await actor('dispatcher', community(p)),
      supervisor: await actor('supervisor', community(p)),
      assignee: p === 'home' || p === 'nextGrid' ? users.party_member : await actor('party_member', community(p)),
      target: await actor('grid_worker', grid(p)),
    }));

  /** A ticket walked through the real services to `status`, filed in the place's grid. */
  async function ticketAt(p: Place, status: TicketStatus, attachmentIds?: string[]): Promise<TicketFixture> {
    const tickets = api.app.get(TicketsService);
    const actions = api.app.get(TicketActionsService);
    const s = await staffOf(p);
    const filed = (
      await tickets.file(
        s.filer,
        { itemCode: 'E01', description: '授权矩阵测试', gridCode: grid(p), attachmentIds },
        { channel: 'staff' },
      )
    ).body as TicketFixture;
    let dueAt = filed.dueAt;
    const steps: [AuthUser, string, ActionBody][] = [
      [s.filer, 'accept', {}],
      [s.filer, 'dispatch', { assigneeId: s.assignee.id }],
      [s.assignee, 'claim', {}],
      [s.assignee, 'resolve', { result: '已处理' }],
      [s.supervisor, 'verify', { outcome: 'pass', satisfaction: 'satisfied' }],
    ];
    for (const [by, action, body] of steps.slice(0, FLOW.indexOf(status))) {
      const moved = (await actions.act(by, filed.id, action as never, body)) as { dueAt: string | null };
      dueAt = moved.dueAt;
    }
    return { ...filed, dueAt };
  }

  /** A dispatched ticket with the assignee's 挂账 request, pending or approved. */
  async function suspension(p: Place, approved: boolean) {
    const requests = api.app.get(TimeRequestsService);
    const s = await staffOf(p);
    const ticket = await ticketAt(p, 'dispatched');
    const request = await requests.requestSuspension(s.assignee, ticket.id, { reason: '等待材料' });
    if (approved) await requests.approve(s.supervisor, ticket.id, request.id);
    return { id: ticket.id, requestId: request.id };
  }

  beforeAll(async () => {
    api = await createTestApi();
    const server = api.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    const c1 = community('home');
    const made = await Promise.all([
      createTestUser(api.app, 'admin', city.townships[0]),
      createTestUser(api.app, 'supervisor', c1),
      createTestUser(api.app, 'dispatcher', c1),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'party_member', c1),
      createTestDepartment(api.app, city.county, '矩阵住建局').then((code) => createDepartmentStaff(api.app, code)),
    ]);
    ROLES.forEach((role, i) => (users[role] = made[i]));
    // The fixtures' own actors never log in: no password hashing for them (argon2 is slow on a busy machine).
    actor = async (role: Role, scopeCode: string): Promise<AuthUser> => {
      const username = `matrix_${role}_${process.pid}_${serial++}`;
      const [row] = await db.query(
        `INSERT INTO app_user (username, password_hash, display_name, role, scope_code)
         VALUES ($1, 'no-login', $2, $3, $4) RETURNING id`,
        [username, `矩阵${role}`, role, scopeCode],
      );
      return { id: row.id, username, displayName: `矩阵${role}`, role, scopeCode };
    };
    cityAdmin = await actor('admin', city.city);

    apiKey = (await api.app.get(Open311KeysService).issue(cityAdmin, '授权矩阵')).key;
    const inside = city.insideGrid.get(city.grids[0])!;
    const filed = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: apiKey,
        service_code: 'E01',
        lat: String(inside.lat),
        long: String(inside.lng),
        description: '授权矩阵 Open311',
      }).toString(),
    });
    // POST answers no token now (a realtime service); the token of earlier releases was the tracking code
    const number = ((await filed.json()) as { service_request_id: string }[])[0].service_request_id;
    [{ tracking_code: open311Token }] = await db.query(`SELECT tracking_code FROM ticket WHERE number = $1`, [number]);

    builders = makeBuilders();
  });
  afterAll(() => api?.close());

  /** Sends one call; the route's `:name` segments are filled from `call.params`. */
  async function send(route: Route, call: Call, c: Ctx) {
    const [method, template] = route.split(' ') as [string, string];
    const path = template.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
      const value = call.params?.[name];
      if (value === undefined) throw new Error(`${route}: no value for :${name}`);
      return encodeURIComponent(value);
    });
    const url = new URL(base + path);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, String(v));
    const token = c.user?.token ?? c.badToken;
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let body: string | FormData | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(call.form).toString();
    } else if (call.multipart) {
      const form = new FormData();
      for (const [k, v] of Object.entries(call.multipart.fields ?? {})) form.append(k, v);
      const file = call.multipart.file;
      if (file) form.append('file', new Blob([file.content], { type: file.type }), file.name);
      body = form;
    }
    const abort = new AbortController();
    const res = await fetch(url, { method, headers, body, redirect: 'manual', signal: abort.signal });
    if (call.sse && res.headers.get('content-type')?.startsWith('text/event-stream')) {
      abort.abort();
      return { status: res.status, body: null as unknown };
    }
    const text = await res.text();
    const json = res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : null;
    return { status: res.status, body: json ?? text.slice(0, 200) };
  }

  /** What is wrong with an answer, or null: the status, and for a refusal the API.md error shape. */
  function problem(route: Route, c: Ctx, res: { status: number; body: unknown }): string | null {
    const where = `${c.badToken ? 'anon with a forged admin token' : c.caller} at ${c.place}`;
    const body = res.body as { statusCode?: number; code?: string; message?: string } | null;
    if (res.status !== c.expected) {
      return `${where}: expected ${c.expected}, got ${res.status} ${JSON.stringify(body?.message ?? body).slice(0, 300)}`;
    }
    const code = ERROR_CODE[res.status];
    if (code && !route.includes(' /open311/') && (body?.statusCode !== res.status || body?.code !== code)) {
      return `${where}: ${res.status} without the API.md error shape (${code}): ${JSON.stringify(body).slice(0, 300)}`;
    }
    return null;
  }

  it('has a row for every operation of /docs-json, and no row for a route it does not have', async () => {
    const docs = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, object> };
    const documented = Object.entries(docs.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path.replace(/\{([A-Za-z_]+)\}/g, ':$1')}`),
    );
    const rows = MATRIX.map(([route]) => route as string);
    expect(documented.filter((op) => !rows.includes(op))).toEqual([]);
    expect(rows.filter((r) => !documented.includes(r) && !UNDOCUMENTED_ROUTES.includes(r as Route))).toEqual([]);
    expect(rows.filter((r, i) => rows.indexOf(r) !== i)).toEqual([]);
    // …and every row knows how to call its route
    expect(rows.filter((r) => !builders[r])).toEqual([]);
    expect(Object.keys(builders).filter((r) => !rows.includes(r))).toEqual([]);
  });

  it('has a row for every controller route, those left out of /docs-json included', () => {
    const routes: string[] = [];
    for (const module of api.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (!metatype) continue;
        const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype as object) ?? '')[0];
        const proto = metatype.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const handler = proto[name];
          if (typeof handler !== 'function') continue;
          const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
          // @All is the Open311 catch-all (its 404 in the spec's shape): no route of its own
          if (method === undefined || method === RequestMethod.ALL) continue;
          const path = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '')[0];
          routes.push(`${RequestMethod[method]} /${[base, path].join('/')}`.replace(/\/+/g, '/').replace(/\/$/, ''));
        }
      }
    }
    expect(routes.length).toBeGreaterThan(100);
    // under the global prefix, or excluded from it (operations, Open311)
    const rows = MATRIX.map(([route]) => route as string);
    const covered = (r: string) => rows.includes(r) || rows.includes(r.replace(' /', ` /${API_PREFIX}/`));
    expect(routes.filter((r) => !covered(r))).toEqual([]);
  });

  it('keeps API.md’s rule: out of scope is 404, never 403, unless the role is refused whatever the resource', () => {
    const broken = MATRIX.flatMap((row) =>
      ROLES.filter((role) => outOfScopeAnswer(row, role) === 403 && row[1][role] !== 403)
        .filter(() => !CREATE_OUTSIDE_SCOPE_IS_403.includes(row[0]))
        .map((role) => `${row[0]} ${role}`),
    );
    expect(broken).toEqual([]);
  });

  /** The admin's token with its claims made city-wide and the signature left as it was. */
  function forgedToken() {
    const [header, claims, signature] = users.admin.token.split('.');
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, scopeCode: city.city })).toString('base64url');
    return `${header}.${forged}.${signature}`;
  }

  it.each(MATRIX.map((row) => [row[0], row] as const))('%s', async (route, row) => {
    const answers = row[1];
    const cells: Ctx[] = [
      ...CALLERS.map((caller) => ({ caller, place: 'home' as Place, expected: answers[caller] })),
      ...ROLES.flatMap((role) => {
        const expected = outOfScopeAnswer(row, role);
        const place = OUT_OF_SCOPE[role];
        return expected === null || !place ? [] : [{ caller: role, place, expected }];
      }),
    ].map((c) => ({ ...c, user: c.caller === 'anon' ? null : users[c.caller as MatrixRole] }));
    // A token that fails verification is answered like no token: 401, or the public answer.
    cells.push({ caller: 'anon', place: 'home', expected: answers.anon, user: null, badToken: forgedToken() });
    const problems: string[] = [];
    for (const c of cells) {
      const call = await builders[route](c);
      const found = problem(route, c, await send(route, call, c));
      if (found) problems.push(found);
    }
    expect(problems).toEqual([]);
  });

  /** How to call each route with a valid request, in scope or out of it. */
  function makeBuilders(): Record<Route, Builder> {
    const grids = api.app.get(GridsService);
    const orgUnits = api.app.get(OrgUnitsService);
    const workers = api.app.get(WorkersService);
    const webhooks = api.app.get(WebhooksService);
    const catalog = api.app.get(CatalogService);
    const keys = api.app.get(Open311KeysService);
    const notifications = api.app.get(NotificationsService);

    const newGrid = async (s: Place) => (await grids.create(cityAdmin, gridBody(newCode(community(s))))).code;
    const proposedItem = async () => {
      const code = newItemCode();
      await catalog.propose(cityAdmin, itemBody(code));
      return code;
    };
    const worker = (s: Place) =>
      shared(`worker:${s}`, async () => {
        const w = await workers.create(cityAdmin, {
          name: '矩阵网格员',
          phone: '13900000000',
          type: 'full_time',
          gridCodes: [grid(s)],
          partyMember: true,
        });
        return w.id;
      });
    const webhook = (s: Place) =>
      shared(`webhook:${s}`, async () => {
        const hook = await webhooks.create(cityAdmin, {
          url: 'http://127.0.0.1:9/matrix',
          eventTypes: ['filed'],
          scopeCode: community(s),
        });
        return hook.id;
      });
    const hotlineImport = (s: Place) =>
      shared(`import:${s}`, async () => {
        const [row] = await db.query(
          `INSERT INTO hotline_import (filename, format, size_bytes, mapping, requested_by, scope_code)
           VALUES ('矩阵.csv', 'csv', 10, '{}', $1, $2) RETURNING id`,
          [(await staffOf(s)).filer.id, community(s)],
        );
        return row.id as string;
      });
    const addressImport = (s: Place) =>
      shared(`address-import:${s}`, async () => {
        const [row] = await db.query(
          `INSERT INTO address_import (filename, format, size_bytes, requested_by, scope_code)
           VALUES ('矩阵地址.csv', 'csv', 10, $1, $2) RETURNING id`,
          [cityAdmin.id, community(s)],
        );
        return row.id as string;
      });
    /** one standard address in the home grid, for the match */
    const registeredAddress = () =>
      shared('address', async () => {
        const text = `矩阵路${city.city}号`;
        await db.query(
          `INSERT INTO address (norm_key, address, grid_code) VALUES ($1, $1, $2) ON CONFLICT (norm_key) DO NOTHING`,
          [text, grid('home')],
        );
        return text;
      });
    /** 职能部门: one of the test city's county (every caller's scope is under it) */
    const department = () =>
      shared('department', async () => {
        const made = await api.app
          .get(DepartmentsService)
          .create(cityAdmin, { parentCode: city.county, name: '矩阵城管局' });
        return made.code;
      });
    const ticket = (s: Place, status: TicketStatus) => shared(`ticket:${s}:${status}`, () => ticketAt(s, status));
    const freshTicket = (c: Ctx, status: TicketStatus) => fresh(c, `ticket:${status}`, () => ticketAt(c.place, status));
    const attachment = (s: Place) =>
      shared(`attachment:${s}`, async () => {
        const stored = await api.app.get(AttachmentsService).store((await staffOf(s)).filer, PNG);
        await ticketAt(s, 'submitted', [stored.id]);
        return stored.id;
      });
    /** the caller's own notification in scope; another user's out of it */
    const notification = (c: Ctx) => {
      const key = c.place === 'home' ? c.caller : 'someone else';
      return shared(`notification:${key}`, async () => {
        const [n] = await notifications.send([c.place === 'home' && c.user ? c.user.id : cityAdmin.id], {
          type: 'matrix',
          ticketId: null,
          title: '授权矩阵',
          body: null,
          data: {},
          dedupeKey: `matrix:${key}`,
        });
        return n.id;
      });
    };
    const unit = (c: Ctx) => community(c.place);
    const ticketParams = async (c: Ctx, status: TicketStatus) => ({ id: (await ticket(c.place, status)).id });
    /** a governance topic of the place's grid (what detection would open), inserted directly */
    const topicAt = async (s: Place) => {
      const [row] = await db.query(
        `INSERT INTO topic (kind, anchor, item_code, title, scope_code, grid_codes, ticket_count, first_at, last_at)
         VALUES ('cluster', 'matrix:' || gen_random_uuid(), 'E01', '矩阵专题', $1, ARRAY[$1], 1, now(), now()) RETURNING id`,
        [grid(s)],
      );
      return row.id as string;
    };
    const topic = (s: Place) => shared(`topic:${s}`, () => topicAt(s));
    const freshTopic = (c: Ctx) => fresh(c, 'topic', () => topicAt(c.place));

    // A batch of one: the single action's request, its ticket as `ids`.
    const batchOf =
      (segment: string): Builder =>
      async (c) => {
        const single = await routes[`POST /api/v1/tickets/:id/${segment}` as Route](c);
        return { json: { ids: [single.params!.id], ...(single.json as object) } };
      };
    const routes: Record<Route, Builder> = {
      ...Object.fromEntries(BATCH_SEGMENTS.map((s) => [`POST /api/v1/tickets/batch/${s}`, batchOf(s)])),
      'GET /health': () => ({}),
      'GET /health/queue': () => ({ query: { timeoutMs: 100 } }),
      'GET /metrics': () => ({}),
      'GET /docs': () => ({}),
      'GET /docs-json': () => ({}),
      'GET /admin/queues': () => ({}),

      // logging in revokes nothing: the grid worker's login serves every caller
      'POST /api/v1/auth/login': () => ({ json: { username: users.grid_worker.username, password: TEST_PASSWORD } }),
      'GET /api/v1/auth/me': () => ({}),
      'POST /api/v1/users': (c) => ({
        json: {
          username: `matrix_${process.pid}_${serial++}`,
          password: 'matrix-password-1',
          displayName: '矩阵用户',
          role: 'grid_worker',
          scopeCode: grid(c.place),
        },
      }),
      'GET /api/v1/users': (c) => ({ query: { scopeCode: unit(c) } }),
      'GET /api/v1/users/:id': async (c) => ({ params: { id: (await staffOf(c.place)).target.id } }),
      'PATCH /api/v1/users/:id': async (c) => ({
        params: { id: (await staffOf(c.place)).target.id },
        json: { displayName: '矩阵' },
      }),
      // the same password again: the target's tokens are revoked, which no fixture relies on
      'POST /api/v1/users/:id/reset-password': async (c) => ({
        params: { id: (await staffOf(c.place)).target.id },
        json: { password: TEST_PASSWORD },
      }),

      'POST /api/v1/org-units': (c) => ({
        json: { code: newCode(township(c.place)), name: '矩阵社区' },
      }),
      'GET /api/v1/org-units': () => ({ query: { q: '社区' } }),
      'DELETE /api/v1/org-units/:code': async (c) => ({
        params: {
          code: await fresh(c, 'org-unit', async () => {
            const made = await orgUnits.create(cityAdmin, { code: newCode(township(c.place)), name: '矩阵空社区' });
            return made.code;
          }),
        },
      }),
      'GET /api/v1/org-units/:code': (c) => ({ params: { code: grid(c.place) } }),
      'PATCH /api/v1/org-units/:code': (c) => ({
        params: { code: grid(c.place) },
        json: { partyOrgName: '矩阵网格党小组' },
      }),
      'GET /api/v1/departments': () => ({ query: { parentCode: city.county } }),
      'GET /api/v1/departments/:code': async () => ({ params: { code: await department() } }),
      'POST /api/v1/departments': () => ({ json: { parentCode: city.county, name: `矩阵局${serial++}` } }),
      'PATCH /api/v1/departments/:code': async () => ({
        params: { code: await department() },
        json: { name: '矩阵城管局' },
      }),
      'POST /api/v1/grids': (c) => ({ json: gridBody(newCode(community(c.place))) }),
      'GET /api/v1/grids': (c) => ({ query: { parentCode: unit(c) } }),
      'GET /api/v1/grids/locate': (c) => ({ query: city.insideGrid.get(grid(c.place))! }),
      'POST /api/v1/grids/merge': async (c) => ({
        json: {
          fromCodes: await fresh(c, 'merge', async () => [await newGrid(c.place), await newGrid(c.place)]),
          into: gridBody(newCode(community(c.place))),
          reason: '授权矩阵',
        },
      }),
      'GET /api/v1/grids/:code': (c) => ({ params: { code: grid(c.place) } }),
      'PATCH /api/v1/grids/:code': (c) => ({ params: { code: grid(c.place) }, json: { households: 400 } }),
      'GET /api/v1/grids/:code/sign-board': (c) => ({ params: { code: grid(c.place) } }),
      'GET /api/v1/grids/:code/history': (c) => ({ params: { code: grid(c.place) } }),
      'POST /api/v1/grids/:code/retire': async (c) => ({
        params: { code: await fresh(c, 'retire', () => newGrid(c.place)) },
        json: { reason: '授权矩阵' },
      }),
      'POST /api/v1/grids/:code/split': async (c) => ({
        params: { code: await fresh(c, 'split', () => newGrid(c.place)) },
        json: {
          into: [gridBody(newCode(community(c.place))), gridBody(newCode(community(c.place)))],
          reason: '授权矩阵',
        },
      }),

      'POST /api/v1/workers': (c) => ({
        json: {
          name: '矩阵网格员',
          phone: '13900000001',
          type: 'part_time',
          gridCodes: [grid(c.place)],
          partyMember: false,
        },
      }),
      'GET /api/v1/workers': (c) => ({ query: { gridCode: grid(c.place) } }),
      'GET /api/v1/workers/:id': async (c) => ({ params: { id: await worker(c.place) } }),
      'PATCH /api/v1/workers/:id': async (c) => ({
        params: { id: await worker(c.place) },
        json: { name: '矩阵网格员' },
      }),
      'POST /api/v1/workers/:id/trainings': async (c) => ({
        params: { id: await worker(c.place) },
        json: { title: '矩阵培训', heldOn: '2026-01-05', hours: 2 },
      }),
      'POST /api/v1/workers/:id/honours': async (c) => ({
        params: { id: await worker(c.place) },
        json: { title: '岗位之星', awardedOn: '2026-01-05' },
      }),
      'POST /api/v1/workers/:id/liaison-households': async (c) => ({
        params: { id: await worker(c.place) },
        json: { gridCode: grid(c.place), address: '幸福里1号' },
      }),
      'POST /api/v1/police-pairings': (c) => ({
        json: {
          kind: 'rural',
          gridCodes: [grid(c.place)],
          officer: { name: '李警官', phone: '13700000000' },
          workerIds: [],
          volunteers: [{ name: '志愿者' }],
        },
      }),
      'GET /api/v1/police-pairings': (c) => ({ query: { gridCode: grid(c.place) } }),

      'GET /api/v1/catalog': () => ({}),
      'POST /api/v1/catalog/items': () => ({ json: itemBody(newItemCode()) }),
      'GET /api/v1/catalog/items/:code': () => ({ params: { code: 'E01' } }),
      'POST /api/v1/catalog/items/:code/approve': async (c) => ({
        params: { code: await fresh(c, 'approve', proposedItem) },
        json: {},
      }),
      'POST /api/v1/catalog/items/:code/retire': async (c) => ({
        params: { code: await fresh(c, 'retire-item', proposedItem) },
        json: { reason: '授权矩阵' },
      }),
      'GET /api/v1/calendar/days': () => ({ query: { from: '2026-01-01', to: '2026-01-07' } }),
      // a day far beyond any schedule, so no deadline of a parallel test moves
      'PUT /api/v1/calendar/days/:date': () => ({
        params: { date: '2099-12-28' },
        json: { kind: 'holiday', name: '矩阵' },
      }),
      'DELETE /api/v1/calendar/days/:date': () => ({ params: { date: '2099-12-28' } }),
      'GET /api/v1/calendar/due': () => ({ query: { start: '2026-01-05T01:00:00Z', seconds: 3600 } }),

      'GET /api/v1/tickets/export.xlsx': (c) => ({ query: { gridCode: grid(c.place) } }),
      'POST /api/v1/tickets': (c) => ({
        json: { itemCode: 'E01', description: '矩阵代点单', gridCode: grid(c.place) },
      }),
      'GET /api/v1/tickets': (c) => ({ query: { gridCode: grid(c.place) } }),
      'GET /api/v1/tickets/possible-duplicates': (c) => ({ query: { itemCode: 'E01', gridCode: grid(c.place) } }),
      'GET /api/v1/tickets/:id': (c) => ticketParams(c, 'dispatched').then((params) => ({ params })),
      'GET /api/v1/tickets/:id/integrity': (c) => ticketParams(c, 'dispatched').then((params) => ({ params })),
      'POST /api/v1/tickets/:id/accept': async (c) => ({
        params: { id: (await freshTicket(c, 'submitted')).id },
        json: {},
      }),
      'POST /api/v1/tickets/:id/dispatch': async (c) => ({
        params: { id: (await freshTicket(c, 'accepted')).id },
        json: { assigneeId: (await staffOf(c.place)).assignee.id },
      }),
      'POST /api/v1/tickets/:id/claim': async (c) => ({
        params: { id: (await freshTicket(c, 'dispatched')).id },
        json: {},
      }),
      'POST /api/v1/tickets/:id/decline': async (c) => ({
        params: { id: (await freshTicket(c, 'dispatched')).id },
        json: { reason: '不在我的片区' },
      }),
      'POST /api/v1/tickets/:id/resolve': async (c) => ({
        params: { id: (await freshTicket(c, 'claimed')).id },
        json: { result: '已清理' },
      }),
      'POST /api/v1/tickets/:id/verify': async (c) => ({
        params: { id: (await freshTicket(c, 'resolved')).id },
        json: { outcome: 'pass', satisfaction: 'satisfied' },
      }),
      'POST /api/v1/tickets/:id/archive': async (c) => ({
        params: { id: (await freshTicket(c, 'verified')).id },
        json: {},
      }),
      'POST /api/v1/tickets/:id/reject': async (c) => ({
        params: { id: (await freshTicket(c, 'submitted')).id },
        json: { reason: 'invalid', comment: '无效诉求' },
      }),
      // 待定位: an address-only filing by the place's community desk, placed in the place's grid
      'POST /api/v1/tickets/:id/locate': async (c) => ({
        params: {
          id: await fresh(c, 'unlocated', async () => {
            const filed = await api.app
              .get(TicketsService)
              .file(
                (await staffOf(c.place)).filer,
                { itemCode: 'E01', description: '矩阵待定位', location: { address: '无门牌处' } },
                { channel: 'staff' },
              );
            return (filed.body as TicketFixture).id;
          }),
        },
        json: { gridCode: grid(c.place) },
      }),
      'POST /api/v1/tickets/:id/escalate': async (c) => ({
        params: { id: (await freshTicket(c, 'submitted')).id },
        json: { reason: '需要社区协调' },
      }),
      'POST /api/v1/tickets/:id/comments': async (c) => ({
        params: { id: (await freshTicket(c, 'submitted')).id },
        json: { text: '已电话联系' },
      }),
      'GET /api/v1/tickets/:id/time-requests': (c) => ticketParams(c, 'dispatched').then((params) => ({ params })),
      'POST /api/v1/tickets/:id/extension-requests': async (c) => {
        const t = await freshTicket(c, 'dispatched');
        const requestedDueAt = new Date(Date.parse(t.dueAt!) + 3_600_000).toISOString();
        return { params: { id: t.id }, json: { reason: '需要协调物业', requestedDueAt } };
      },
      'POST /api/v1/tickets/:id/suspension-requests': async (c) => ({
        params: { id: (await freshTicket(c, 'dispatched')).id },
        json: { reason: '等待材料' },
      }),
      'POST /api/v1/tickets/:id/time-requests/:requestId/approve': async (c) => ({
        params: await fresh(c, 'pending', () => suspension(c.place, false)),
        json: { note: '同意' },
      }),
      'POST /api/v1/tickets/:id/time-requests/:requestId/refuse': async (c) => ({
        params: await fresh(c, 'pending', () => suspension(c.place, false)),
        json: { note: '理由不足' },
      }),
      'POST /api/v1/tickets/:id/time-requests/:requestId/resume': async (c) => ({
        params: await fresh(c, 'suspended', () => suspension(c.place, true)),
      }),
      'GET /api/v1/tickets/:id/dispatch-suggestions': (c) => ticketParams(c, 'accepted').then((params) => ({ params })),
      'POST /api/v1/attachments': () => ({ multipart: { file: png } }),
      'GET /api/v1/attachments/:id': async (c) => ({ params: { id: await attachment(c.place) } }),

      'GET /api/v1/supervision/review-queue': () => ({}),
      'GET /api/v1/supervision/requests': () => ({}),
      'GET /api/v1/communities/:code/auto-dispatch': (c) => ({ params: { code: unit(c) } }),
      'PUT /api/v1/communities/:code/auto-dispatch': (c) => ({ params: { code: unit(c) }, json: { enabled: false } }),
      'GET /api/v1/stats/overview': (c) => ({ query: { scopeCode: unit(c) } }),
      'GET /api/v1/stats/trend': (c) => ({ query: { scopeCode: unit(c) } }),
      'GET /api/v1/stats/breakdown': (c) => ({ query: { scopeCode: unit(c), by: 'grid' } }),
      'GET /api/v1/stats/burden': (c) => ({ query: { scopeCode: unit(c), by: 'grid' } }),
      'GET /api/v1/stats/burden/trend': (c) => ({ query: { scopeCode: unit(c) } }),
      'GET /api/v1/stats/burden/refused-pushes': (c) => ({ query: { scopeCode: unit(c) } }),
      'GET /api/v1/stats/breakdown.xlsx': (c) => ({ query: { scopeCode: unit(c), by: 'grid' } }),
      'GET /api/v1/stats/rankings': (c) => ({ query: { scopeCode: unit(c), by: 'grid' } }),
      'GET /api/v1/stats/weights': () => ({}),
      'GET /api/v1/command/open-tickets': (c) => ({ query: { scopeCode: community(c.place).slice(0, 9) } }),
      'GET /api/v1/command/escalations': () => ({}),

      'GET /api/v1/topics': (c) => ({ query: { scopeCode: unit(c) } }),
      'POST /api/v1/topics/detect': (c) => ({ query: { scopeCode: unit(c) } }),
      'GET /api/v1/topic-thresholds': () => ({}),
      // the thresholds are global: write back what is there
      'PUT /api/v1/topic-thresholds/:categoryCode': async () => {
        const {
          categoryCode: _c,
          categoryName: _n,
          custom: _x,
          ...values
        } = (await api.app.get(TopicsService).thresholds()).items.find((i) => i.categoryCode === 'A')!;
        return { params: { categoryCode: 'A' }, json: values };
      },
      'GET /api/v1/topics/monthly-report': (c) => ({
        query: { month: new Date().toISOString().slice(0, 7), scopeCode: unit(c) },
      }),
      'GET /api/v1/topics/:id': async (c) => ({ params: { id: await topic(c.place) } }),
      'POST /api/v1/topics/:id/adopt': async (c) => ({
        params: { id: await freshTopic(c) },
        json: { leadUnitCode: community('home'), dueAt: new Date(Date.now() + 86_400_000 * 7).toISOString() },
      }),
      'POST /api/v1/topics/:id/close': async (c) => ({
        params: { id: await freshTopic(c) },
        json: { result: '矩阵办结' },
      }),
      // the weights are global: write back what is there (read just before, as another test may set them)
      'PUT /api/v1/stats/weights': async () => ({ json: await api.app.get(StatsService).weights() }),

      'GET /api/v1/notifications': () => ({}),
      'POST /api/v1/notifications/read-all': () => ({}),
      'POST /api/v1/notifications/:id/read': async (c) => ({ params: { id: await notification(c) } }),
      'GET /api/v1/notifications/stream': () => ({ sse: true }),
      'POST /api/v1/notifications/stream-ticket': () => ({}),

      'POST /api/v1/webhooks': (c) => ({
        json: { url: 'http://127.0.0.1:9/matrix', eventTypes: ['filed'], scopeCode: unit(c) },
      }),
      'GET /api/v1/webhooks': () => ({}),
      'GET /api/v1/webhooks/:id': async (c) => ({ params: { id: await webhook(c.place) } }),
      'PATCH /api/v1/webhooks/:id': async (c) => ({ params: { id: await webhook(c.place) }, json: { active: true } }),
      'POST /api/v1/webhooks/:id/rotate-secret': async (c) => ({ params: { id: await webhook(c.place) } }),
      'GET /api/v1/webhooks/:id/deliveries': async (c) => ({ params: { id: await webhook(c.place) } }),
      'POST /api/v1/imports/hotline': (c) => ({
        multipart: {
          fields: {
            mapping: JSON.stringify({
              columns: { externalId: '工单编号', description: '诉求内容' },
              fallbackItemCode: 'E01',
              gridCode: grid(c.place),
            }),
          },
          file: { name: '来电.csv', type: 'text/csv', content: CSV },
        },
      }),
      'GET /api/v1/imports': () => ({}),
      'GET /api/v1/imports/:id': async (c) => ({ params: { id: await hotlineImport(c.place) } }),
      'GET /api/v1/imports/:id/report.xlsx': async (c) => ({ params: { id: await hotlineImport(c.place) } }),
      'POST /api/v1/addresses/import': (c) => ({
        multipart: {
          file: {
            name: '地址.csv',
            type: 'text/csv',
            content: Buffer.from(`address,gridCode\r\n矩阵街1号,${grid(c.place)}\r\n`),
          },
        },
      }),
      'GET /api/v1/addresses/imports/:id': async (c) => ({ params: { id: await addressImport(c.place) } }),
      'GET /api/v1/addresses': (c) => ({ query: { gridCode: unit(c) } }),
      'GET /api/v1/addresses/match': async () => ({ query: { q: await registeredAddress() } }),
      'GET /api/v1/sms': () => ({}),

      'GET /api/v1/public/grids/:code': () => ({ params: { code: city.grids[0] } }),
      'GET /api/v1/public/catalog': () => ({}),
      'POST /api/v1/public/tickets': () => ({
        json: { itemCode: 'E01', description: '居民点单', gridCode: city.grids[0] },
      }),
      'GET /api/v1/public/tickets/:trackingCode': async () => ({
        params: { trackingCode: (await ticket('home', 'dispatched')).trackingCode },
      }),
      'POST /api/v1/public/tickets/:trackingCode/rating': async (c) => ({
        params: { trackingCode: (await freshTicket(c, 'verified')).trackingCode },
        json: { satisfaction: 'satisfied' },
      }),
      'POST /api/v1/public/attachments': () => ({ multipart: { file: png } }),
      'GET /api/v1/public/console-config': () => ({}),

      'GET /open311/v2/discovery.:format': () => ({ params: { format: 'json' } }),
      'GET /open311/v2/services.:format': () => ({ params: { format: 'json' } }),
      'GET /open311/v2/services/:service_code.:format': () => ({ params: { service_code: 'E01', format: 'json' } }),
      'GET /open311/v2/requests.:format': () => ({ params: { format: 'json' } }),
      'POST /open311/v2/requests.:format': () => {
        const inside = city.insideGrid.get(city.grids[0])!;
        return {
          params: { format: 'json' },
          form: {
            api_key: apiKey,
            service_code: 'E01',
            lat: String(inside.lat),
            long: String(inside.lng),
            description: '授权矩阵 Open311',
          },
        };
      },
      'GET /open311/v2/requests/:service_request_id.:format': async () => ({
        params: { service_request_id: (await ticket('home', 'dispatched')).number, format: 'json' },
      }),
      'GET /open311/v2/tokens/:token.:format': () => ({ params: { token: open311Token, format: 'json' } }),
      'POST /api/v1/open311/keys': () => ({ json: { name: '矩阵客户端' } }),
      'GET /api/v1/open311/keys': () => ({}),
      'POST /api/v1/open311/keys/:id/revoke': async (c) => ({
        params: { id: await fresh(c, 'key', async () => (await keys.issue(cityAdmin, '矩阵')).id) },
      }),
      'DELETE /api/v1/open311/keys/:id': async (c) => ({
        params: { id: await fresh(c, 'key', async () => (await keys.issue(cityAdmin, '矩阵')).id) },
      }),
    };
    return routes;
  }
});
