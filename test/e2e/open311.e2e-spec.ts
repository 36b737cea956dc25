import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  testConfig,
  type TestApi,
  type TestCity,
  type TestUser,
  ITEM_LIMITS,
} from '../support/index.js';

/**
 * Open311 GeoReport v2 at /open311/v2. Every JSON answer is validated against the official
 * GeoReport v2 JSON Schemas in test/fixtures/open311 (and, where those have none, against the
 * Swagger definitions published with them); every XML answer must parse and carry the same
 * data as its JSON twin.
 */

// ── conformance: schemas ─────────────────────────────────────────────────────────────────

// The official schemas, copied from shared/open311 (see test/fixtures/open311/README.md).
const SCHEMA_DIR = resolve(process.cwd(), 'test/fixtures/open311');
const load = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8'));
const swagger = load('swagger.json');

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
// Swagger 2.0 formats that are descriptions, not checks.
for (const f of ['uid', 'uint', 'double']) ajv.addFormat(f, true);
ajv.addSchema(load('request.json'), 'request.json');
ajv.addSchema(load('service.json'), 'service.json');

/**
 * A Swagger 2.0 definition as a JSON Schema array of it. Swagger 2.0 cannot say "or null"; the
 * official JSON Schemas allow null for every optional field (e.g. request.json), and the spec's
 * own example answers `"account_id": null` — so do the same for the optional fields here.
 */
function swaggerArray(name: string, required: string[]) {
  const def = swagger.definitions[name] as { properties: Record<string, object> };
  const properties = Object.fromEntries(
    Object.entries(def.properties).map(([k, v]) => [k, required.includes(k) ? v : { anyOf: [v, { type: 'null' }] }]),
  );
  return { type: 'array', minItems: 1, items: { type: 'object', properties, required } };
}

const SCHEMAS: Record<string, ValidateFunction> = {
  requests: ajv.compile(load('requests.json')),
  services: ajv.compile(load('services.json')),
  serviceDefinition: ajv.compile(load('service-definition.json')),
  // A realtime service answers the service_request_id and no token (GeoReport v2, POST Service Request).
  created: ajv.compile({
    allOf: [swaggerArray('RequestResponse', ['service_request_id']), { items: { not: { required: ['token'] } } }],
  }),
  token: ajv.compile(swaggerArray('TokenResponse', ['service_request_id', 'token'])),
  // wiki.open311.org/GeoReport_v2 "Errors" and /Service_Discovery ("All fields are required")
  errors: ajv.compile({
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['code', 'description'],
      properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
    },
  }),
  discovery: ajv.compile({
    type: 'object',
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
    properties: {
      changeset: { type: 'string' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            specification: { type: 'string' },
            url: { type: 'string', format: 'uri' },
            changeset: { type: 'string' },
            type: { enum: ['production', 'test'] },
            formats: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  }),
};

function expectSchema(name: keyof typeof SCHEMAS | string, body: unknown) {
  const validate = SCHEMAS[name];
  if (!validate(body)) {
    throw new Error(
      `not a valid ${name} answer: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 600)}`,
    );
  }
}

// ── conformance: XML ─────────────────────────────────────────────────────────────────────

// The Spark convention (wiki.open311.org/JSON_and_XML_Conversion): arrays are wrappers of singular elements.
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
};
const ARRAY_PATHS = new Set([
  'services.service',
  'service_requests.request',
  'errors.error',
  'discovery.endpoints.endpoint',
  'discovery.endpoints.endpoint.formats.format',
  'service_definition.attributes.attribute',
]);
const xmlParser = new XMLParser({ parseTagValue: false, isArray: (_name, jpath) => ARRAY_PATHS.has(String(jpath)) });

/** A JSON answer as the XML parser reads its XML twin: text everywhere, null and [] as empty elements. */
function asXmlData(name: string, value: unknown): unknown {
  if (value === null) return '';
  if (Array.isArray(value)) return value.length ? { [ITEM[name]]: value.map((v) => asXmlData(ITEM[name], v)) } : '';
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value!).map(([k, v]) => [k, asXmlData(k, v)]));
  }
  return String(value);
}

function parseXml(res: Response, root: string): unknown {
  expect(res.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
  expect(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = xmlParser.parse(res.text, true);
  expect(Object.keys(doc).filter((k) => k !== '?xml')).toEqual([root]);
  return doc[root];
}

/** The XML answer parses, has `root` as its element and carries exactly the JSON answer's data. */
function expectSameData(xml: Response, root: string, json: unknown) {
  expect(parseXml(xml, root)).toEqual(asXmlData(root, json));
}

function expectOpen311Error(res: Response, status: number, what = '') {
  expect({ what, status: res.status }).toEqual({ what, status });
  if (/\.xml/.test((res as unknown as { req: { path: string } }).req.path)) {
    const errors = parseXml(res, 'errors') as { error: { code: string; description: string }[] };
    expect(errors.error.length).toBeGreaterThan(0);
    for (const e of errors.error) expect(e).toEqual({ code: String(status), description: expect.any(String) });
    return errors.error.map((e) => e.description).join(' | ');
  }
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expectSchema('errors', res.body);
  for (const e of res.body) expect(e.code).toBe(status);
  return (res.body as { description: string }[]).map((e) => e.description).join(' | ');
}

// ─────────────────────────────────────────────────────────────────────────────────────────

const PHONE = '13912348765';
const DEFAULT_CODES = /^[A-F]0\d$/;
interface Created {
  service_request_id: string;
  service_notice: string | null;
  account_id: string | null;
}

describe('Open311 GeoReport v2', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let admin: TestUser;
  let dispatcher: TestUser; // community 0 (grids 0–2)
  let apiKey: string;
  let otherKey: string;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    [admin, dispatcher] = await Promise.all([
      createTestUser(api.app, 'admin', city.city),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
    ]);
    apiKey = (await issueKey('测试客户端')).key;
    otherKey = (await issueKey('另一个客户端')).key;
  });
  afterAll(() => api.close());

  const get = (path: string) => api.http().get(`/open311/v2/${path}`);
  const post = (format: 'json' | 'xml', form: Record<string, string | number | undefined>) =>
    api.http().post(`/open311/v2/requests.${format}`).type('form').send(clean(form));
  const clean = (form: Record<string, string | number | undefined>) =>
    Object.fromEntries(
      Object.entries(form)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );

  async function issueKey(name: string) {
    const res = await admin.auth(api.http().post('/api/v1/open311/keys')).send({ name });
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string; name: string };
  }

  const inside = (i: number) => city.insideGrid.get(city.grids[i])!;
  const form = (over: Record<string, string | number | undefined> = {}) => ({
    api_key: apiKey,
    service_code: 'E01',
    lat: inside(0).lat,
    long: inside(0).lng,
    address_string: '幸福里5号楼东侧',
    description: '小区门口垃圾堆积三天无人清运',
    first_name: '芳',
    last_name: '王',
    phone: PHONE,
    email: 'wang@example.com',
    ...over,
  });
  async function file(over: Record<string, string | number | undefined> = {}): Promise<Created> {
    const res = await post('json', form(over));
    if (res.status !== 200) throw new Error(`open311 filing: ${res.status} ${JSON.stringify(res.body)}`);
    expectSchema('created', res.body);
    return res.body[0];
  }
  const ticketRow = async (number: string) =>
    (await db.query(`SELECT * FROM ticket WHERE number = $1`, [number]))[0] as Record<string, unknown>;

  describe('discovery and services', () => {
    it('discovery.json / .xml: this endpoint, both formats, how to get a key', async () => {
      const json = await get('discovery.json');
      expect(json.status).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
      expectSchema('discovery', json.body);
      expect(json.body.endpoints).toEqual([
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: expect.stringMatching(/\/open311\/v2$/),
          changeset: json.body.changeset,
          type: 'test',
          formats: ['text/xml', 'application/json'],
        },
      ]);
      expect(json.body.key_service).toContain('/api/v1/open311/keys');
      expect(json.body.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      const xml = await get('discovery.xml');
      expect(xml.status).toBe(200);
      expectSameData(xml, 'discovery', json.body);
    });

    it('services: the active catalogue items, group = category, no metadata, realtime', async () => {
      const res = await get('services.json');
      expect(res.status).toBe(200);
      expectSchema('services', res.body);
      const byCode = new Map(res.body.map((s: { service_code: string }) => [s.service_code, s]));
      for (const code of ['A01', 'B01', 'B04', 'C01', 'D01', 'E01', 'F01', 'F02']) expect(byCode.has(code)).toBe(true);
      expect(byCode.get('E01')).toEqual({
        service_code: 'E01',
        service_name: '环境卫生问题',
        description: expect.stringContaining('环境卫生问题'),
        metadata: false,
        type: 'realtime',
        keywords: '环境卫生问题',
        group: expect.stringContaining('城市环境'),
      });
      expect(res.body.every((s: { metadata: boolean; type: string }) => !s.metadata && s.type === 'realtime')).toBe(
        true,
      );

      // XML: the same data (compared on the default catalogue: other test files add items meanwhile)
      const xml = await get('services.xml');
      expect(xml.status).toBe(200);
      const services = parseXml(xml, 'services') as { service: { service_code: string }[] };
      const defaults = (list: { service_code: string }[]) => list.filter((s) => DEFAULT_CODES.test(s.service_code));
      expect(defaults(services.service)).toEqual(
        (asXmlData('services', defaults(res.body)) as { service: unknown[] }).service,
      );
    });

    it('service definitions: empty attributes for an active item; 404 otherwise, in both formats', async () => {
      const json = await get('services/E01.json');
      expect(json.status).toBe(200);
      expectSchema('serviceDefinition', json.body);
      expect(json.body).toEqual({ service_code: 'E01', attributes: [] });
      const xml = await get('services/E01.xml');
      expect(xml.status).toBe(200);
      expectSameData(xml, 'service_definition', json.body);
      expect(xml.text).toContain('<attributes/>');

      expect(expectOpen311Error(await get('services/Z99.json'), 404)).toContain('Z99');
      expectOpen311Error(await get('services/Z99.xml'), 404);
    });

    it('only active items: a proposed item is not a service, an approved one is, a retired one is not again', async () => {
      const code = `E${randomInt(1000, 9999)}`;
      const proposed = await admin.auth(api.http().post('/api/v1/catalog/items')).send({
        code,
        name: '共享单车乱停放',
        categoryCode: 'E',
        tier: 'grid',
        urgent: false,
        department: '城管局',
        limits: ITEM_LIMITS,
      });
      expect(proposed.status).toBe(201);
      const codes = async () => (await get('services.json')).body.map((s: { service_code: string }) => s.service_code);
      expect(await codes()).not.toContain(code);
      expectOpen311Error(await get(`services/${code}.json`), 404, 'proposed');
      expectOpen311Error(await post('json', form({ service_code: code })), 404, 'filing a proposed item');

      expect((await admin.auth(api.http().post(`/api/v1/catalog/items/${code}/approve`)).send({})).status).toBe(200);
      expect(await codes()).toContain(code);
      expect((await get(`services/${code}.json`)).status).toBe(200);
      const filed = await file({ service_code: code });

      const retired = await admin
        .auth(api.http().post(`/api/v1/catalog/items/${code}/retire`))
        .send({ reason: '并入E01' });
      expect(retired.status).toBe(200);
      expect(await codes()).not.toContain(code);
      expectOpen311Error(await get(`services/${code}.xml`), 404, 'retired');
      // its old requests stay readable, still named
      const old = await get(`requests/${filed.service_request_id}.json`);
      expect(old.status).toBe(200);
      expect(old.body[0]).toEqual(expect.objectContaining({ service_code: code, service_name: '共享单车乱停放' }));
    });
  });

  describe('API keys (admins)', () => {
    it('are shown once, listed without the key, revoked by POST …/revoke or DELETE', async () => {
      const issued = await issueKey('12345 热线对接');
      expect(issued).toEqual({
        id: expect.any(String),
        name: '12345 热线对接',
        key: expect.stringMatching(/^o311_[A-Za-z0-9_-]{43}$/),
        createdBy: admin.id,
        createdAt: expect.any(String),
        revokedAt: null,
        lastUsedAt: null,
      });
      const stored = await db.query(`SELECT key_hash FROM open311_api_key WHERE id = $1`, [issued.id]);
      expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored[0].key_hash).not.toContain(issued.key);

      const list = await admin.auth(api.http().get('/api/v1/open311/keys?limit=100'));
      expect(list.status).toBe(200);
      const listed = list.body.items.find((k: { id: string }) => k.id === issued.id);
      expect(listed).toEqual(expect.objectContaining({ name: '12345 热线对接', revokedAt: null }));
      expect(JSON.stringify(list.body)).not.toContain(issued.key);
      expect(JSON.stringify(list.body)).not.toContain(stored[0].key_hash);

      // used: last_used_at is recorded
      await file({ api_key: issued.key });
      const used = (await admin.auth(api.http().get('/api/v1/open311/keys?limit=100'))).body.items.find(
        (k: { id: string }) => k.id === issued.id,
      );
      expect(used.lastUsedAt).toEqual(expect.any(String));

      const revoked = await admin.auth(api.http().post(`/api/v1/open311/keys/${issued.id}/revoke`)).send({});
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      expect((await admin.auth(api.http().post(`/api/v1/open311/keys/${issued.id}/revoke`)).send({})).status).toBe(409);

      const second = await issueKey('临时');
      expect((await admin.auth(api.http().delete(`/api/v1/open311/keys/${second.id}`))).status).toBe(200);
      expect((await admin.auth(api.http().delete(`/api/v1/open311/keys/${randomUUID()}`))).status).toBe(404);
      expect((await admin.auth(api.http().delete(`/api/v1/open311/keys/not-a-uuid`))).status).toBe(404);
    });

    it('are for admins only; a blank name is refused', async () => {
      const res = await dispatcher.auth(api.http().post('/api/v1/open311/keys')).send({ name: 'x' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await dispatcher.auth(api.http().get('/api/v1/open311/keys'))).status).toBe(403);
      expect((await api.http().get('/api/v1/open311/keys')).status).toBe(401);
      expect((await admin.auth(api.http().post('/api/v1/open311/keys')).send({ name: '   ' })).status).toBe(400);
      expect((await admin.auth(api.http().post('/api/v1/open311/keys')).send({})).status).toBe(400);
    });
  });

  describe('POST requests', () => {
    it('without a key, with a bad key or a revoked key: 403 in the spec’s error shape, in both formats', async () => {
      const missing = await post('json', form({ api_key: undefined }));
      expect(expectOpen311Error(missing, 403)).toMatch(/api_key/);
      expect(missing.body).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
      const xml = await post('xml', form({ api_key: undefined }));
      expect(expectOpen311Error(xml, 403)).toMatch(/api_key/);
      expect(xml.text).toContain('<errors>');
      expectOpen311Error(await post('json', form({ api_key: 'o311_' + 'x'.repeat(43) })), 403, 'unknown key');
      expectOpen311Error(await post('json', form({ api_key: 'nonsense' })), 403, 'malformed key');
      // the key is checked before anything else: a bad body without a key is still 403
      expectOpen311Error(await post('json', { description: '' }), 403, 'bad body, no key');

      const revokedKey = await issueKey('将被吊销');
      await file({ api_key: revokedKey.key });
      await admin.auth(api.http().post(`/api/v1/open311/keys/${revokedKey.id}/revoke`)).send({});
      expect(expectOpen311Error(await post('json', form({ api_key: revokedKey.key })), 403, 'revoked')).toMatch(
        /Invalid api_key/,
      );
      // the key may also come as a query parameter (the spec's Swagger)
      const viaQuery = await api
        .http()
        .post(`/open311/v2/requests.json?api_key=${apiKey}`)
        .type('form')
        .send(clean(form({ api_key: undefined })));
      expect(viaQuery.status).toBe(200);
    });

    it('files a ticket like the public channel: channel open311, grid by lat/long, reporter kept privately', async () => {
      const created = await file();
      expect(created).toEqual({
        service_request_id: expect.stringMatching(/^\d{14}$/),
        service_notice: expect.stringContaining('城管局'),
        account_id: null,
      });
      expect(created).not.toHaveProperty('token');
      const t = await ticketRow(created.service_request_id);
      expect(t).toEqual(
        expect.objectContaining({
          channel: 'open311',
          status: 'submitted',
          item_code: 'E01',
          grid_code: city.grids[0],
          tracking_code: expect.stringMatching(/^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/),
          location_address: '幸福里5号楼东侧',
          reporter_name: '王芳',
          reporter_phone_mask: '139****8765',
          filed_by: null,
        }),
      );
      expect(t.reporter_phone_enc).not.toContain(PHONE);
      // staff see it like any other request
      const staff = await dispatcher.auth(api.http().get(`/api/v1/tickets/${t.id}`));
      expect(staff.status).toBe(200);
      expect(staff.body).toEqual(expect.objectContaining({ channel: 'open311', number: created.service_request_id }));
      expect(staff.body.timeline[0]).toEqual(expect.objectContaining({ type: 'filed', actor: null }));

      // … and it is visible through GET requests/{id}, without the reporter
      const got = await get(`requests/${created.service_request_id}.json`);
      expect(got.status).toBe(200);
      expectSchema('requests', got.body);
      expect(got.body).toEqual([
        expect.objectContaining({
          service_request_id: created.service_request_id,
          status: 'open',
          service_code: 'E01',
          service_name: '环境卫生问题',
          agency_responsible: '城管局',
          description: '小区门口垃圾堆积三天无人清运',
          address: '幸福里5号楼东侧',
          lat: inside(0).lat,
          long: inside(0).lng,
          media_url: null,
          status_notes: expect.stringContaining('群众点单'),
        }),
      ]);
      const text = JSON.stringify(got.body);
      for (const secret of [PHONE, '8765', '王芳', 'wang@example.com', String(t.tracking_code)])
        expect(text).not.toContain(secret);
    });

    it('answers in XML too, in the spec’s service_requests/request form', async () => {
      const res = await post('xml', form({ description: 'XML 提交的诉求' }));
      expect(res.status).toBe(200);
      const body = parseXml(res, 'service_requests') as { request: Record<string, string>[] };
      expect(body.request).toEqual([
        {
          service_request_id: expect.stringMatching(/^\d{14}$/),
          service_notice: expect.any(String),
          account_id: '',
        },
      ]);
      expect(res.text).toContain('<account_id/>');
      expect(res.text).not.toContain('<token');
      expect((await ticketRow(body.request[0].service_request_id)).description).toBe('XML 提交的诉求');
    });

    it('description is optional (≤ 4,000 characters): without one the ticket is described by the service name', async () => {
      for (const format of ['json', 'xml'] as const) {
        const res = await post(format, form({ description: undefined }));
        expect(res.status).toBe(200);
        const id =
          format === 'json'
            ? (expectSchema('created', res.body), res.body[0].service_request_id)
            : (parseXml(res, 'service_requests') as { request: Record<string, string>[] }).request[0]
                .service_request_id;
        expect((await ticketRow(id)).description).toBe('环境卫生问题');
        const got = await get(`requests/${id}.json`);
        expectSchema('requests', got.body);
        expect(got.body[0].description).toBe('环境卫生问题');
      }
      // blank counts as not sent ("a null parameter … equivalent to a non-declared parameter")
      const blank = await file({ description: '   ' });
      expect((await ticketRow(blank.service_request_id)).description).toBe('环境卫生问题');
      // exactly 4,000 characters are kept whole
      const longest = '长'.repeat(4000);
      const full = await file({ description: longest });
      expect((await ticketRow(full.service_request_id)).description).toBe(longest);
    });

    it('the schema check itself refuses a token in the POST answer and a missing service_request_id', () => {
      expect(SCHEMAS.created([{ service_request_id: '1', service_notice: null, account_id: null }])).toBe(true);
      expect(SCHEMAS.created([{ service_request_id: '1', token: 'ACDEFGHJ' }])).toBe(false);
      expect(SCHEMAS.created([{ service_notice: 'x' }])).toBe(false);
      expect(SCHEMAS.created([])).toBe(false);
    });

    it('bad parameters → 400 in the spec’s shape; an unknown service_code → 404; outside every grid → 400', async () => {
      const fields = async (over: Record<string, string | number | undefined>, format: 'json' | 'xml' = 'json') =>
        expectOpen311Error(await post(format, form(over)), 400, JSON.stringify(over));
      expect(await fields({ service_code: undefined })).toMatch(/service_code/);
      expect(await fields({ description: 'x'.repeat(4001) })).toMatch(/description/);
      expect(await fields({ description: 'x'.repeat(4001) }, 'xml')).toMatch(/description/);
      expect(await fields({ lat: undefined })).toMatch(/lat/);
      expect(await fields({ lat: 'north' })).toMatch(/lat/);
      expect(await fields({ long: 200 })).toMatch(/long/);
      expect(await fields({ lat: undefined, long: undefined, address_string: undefined })).toMatch(/lat/);
      expect(await fields({ phone: '111' })).toMatch(/phone/);
      expect(await fields({ colour: 'red' })).toMatch(/colour/);
      expect(await fields({ lat: undefined }, 'xml')).toMatch(/lat/);
      // several problems: one error each
      const many = await post('json', form({ service_code: undefined, lat: 'north' }));
      expectOpen311Error(many, 400);
      expect(many.body.length).toBeGreaterThanOrEqual(2);

      expect(expectOpen311Error(await post('json', form({ service_code: 'Z99' })), 404)).toMatch(/service_code Z99/);
      const outside = await post('json', form({ lat: 1.5, long: 1.5 }));
      expect(expectOpen311Error(outside, 400)).toMatch(/OUTSIDE_ALL_GRIDS/);
      // empty optional arguments count as not sent
      expect((await post('json', form({ phone: '', first_name: '', address_id: '' }))).status).toBe(200);
      // unsupported format: 404 before anything is filed
      const before = await db.query(`SELECT count(*)::int AS n FROM ticket WHERE grid_code = $1`, [city.grids[0]]);
      expectOpen311Error(await api.http().post('/open311/v2/requests.csv').type('form').send(clean(form())), 404);
      const after = await db.query(`SELECT count(*)::int AS n FROM ticket WHERE grid_code = $1`, [city.grids[0]]);
      expect(after[0].n).toBe(before[0].n);
    });

    it('Idempotency-Key: a repeat files nothing new; another body is refused; keys are per API key', async () => {
      const key = `o311-${randomUUID()}`;
      const body = form({ description: '幂等提交' });
      const first = await post('json', body).set('Idempotency-Key', key);
      const again = await post('json', body).set('Idempotency-Key', key);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const count = await db.query(`SELECT count(*)::int AS n FROM ticket WHERE description = '幂等提交'`);
      expect(count[0].n).toBe(1);
      const reused = await post('json', form({ description: '另一个诉求' })).set('Idempotency-Key', key);
      expect(expectOpen311Error(reused, 400)).toMatch(/IDEMPOTENCY_KEY_REUSED/);
      // the same Idempotency-Key from another client is that client's own
      const other = await post('json', { ...body, api_key: otherKey }).set('Idempotency-Key', key);
      expect(other.status).toBe(200);
      expect(other.body[0].service_request_id).not.toBe(first.body[0].service_request_id);
    });
  });

  describe('GET requests', () => {
    let e01: Created; // open, grid 0, filed through Open311
    let b01: Created; // rejected (closed)
    let staffNumber: string; // filed by staff with a grid code only (no location)

    beforeAll(async () => {
      e01 = await file({ description: `过滤测试 E01 联系电话${PHONE}` });
      b01 = await file({ service_code: 'B01', description: '过滤测试 B01', lat: inside(1).lat, long: inside(1).lng });
      const staff = await dispatcher
        .auth(api.http().post('/api/v1/tickets'))
        .send({ itemCode: 'E01', description: '网格员代报', gridCode: city.grids[2] });
      expect(staff.status).toBe(201);
      staffNumber = staff.body.number;
      const b01Id = (await ticketRow(b01.service_request_id)).id;
      const rejected = await dispatcher.auth(api.http().post(`/api/v1/tickets/${b01Id}/reject`)).send({
        reason: 'duplicate',
        comment: '张三已报过 13800001111',
        duplicateOf: (await ticketRow(e01.service_request_id)).id,
      });
      expect(rejected.status).toBe(200);
      const e01Id = (await ticketRow(e01.service_request_id)).id;
      expect((await dispatcher.auth(api.http().post(`/api/v1/tickets/${e01Id}/accept`)).send({})).status).toBe(200);
    });

    const list = async (query: string) => {
      const res = await get(`requests.json${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 200 });
      expectSchema('requests', res.body);
      return res.body as {
        service_request_id: string;
        status: string;
        service_code: string;
        requested_datetime: string;
      }[];
    };
    const ids = (rows: { service_request_id: string }[]) => rows.map((r) => r.service_request_id);

    it('by service_request_id (comma list; overrides the other filters), newest first', async () => {
      const rows = await list(
        `?service_request_id=${b01.service_request_id},${e01.service_request_id},${staffNumber}&status=closed&service_code=F01`,
      );
      expect(ids(rows)).toEqual([staffNumber, b01.service_request_id, e01.service_request_id]);
      expect((await list('?service_request_id=20000101000001')).length).toBe(0);
      expectOpen311Error(await get('requests.json?service_request_id=abc'), 400);
    });

    it('maps the ticket: status, public step notes, due time, address, masked phones', async () => {
      const [open, closed, staff] = [
        (await list(`?service_request_id=${e01.service_request_id}`))[0],
        (await list(`?service_request_id=${b01.service_request_id}`))[0],
        (await list(`?service_request_id=${staffNumber}`))[0],
      ] as unknown as Record<string, unknown>[];
      expect(open).toEqual(
        expect.objectContaining({
          status: 'open',
          status_notes: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 网格接单$/),
          expected_datetime: expect.stringMatching(/\+08:00$/),
          requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
          description: '过滤测试 E01 联系电话139****8765',
        }),
      );
      expect(closed).toEqual(
        expect.objectContaining({
          status: 'closed',
          status_notes: expect.stringContaining('不予受理：重复诉求'),
          expected_datetime: null,
          service_code: 'B01',
        }),
      );
      // the staff's comment never leaves: no names, no phones
      expect(JSON.stringify(closed)).not.toMatch(/张三|13800001111/);
      expect(staff).toEqual(
        expect.objectContaining({ lat: null, long: null, address: expect.stringContaining(`网格${city.grids[2]}`) }),
      );
    });

    it('by service_code and status', async () => {
      const b01s = await list('?service_code=B01');
      expect(b01s.every((r) => r.service_code === 'B01')).toBe(true);
      expect(ids(b01s)).toContain(b01.service_request_id);
      expect(ids(b01s)).not.toContain(e01.service_request_id);
      const both = await list('?service_code=B01,E01');
      expect(ids(both)).toEqual(expect.arrayContaining([b01.service_request_id, e01.service_request_id]));

      const closed = await list('?status=closed');
      expect(closed.every((r) => r.status === 'closed')).toBe(true);
      expect(ids(closed)).toContain(b01.service_request_id);
      const open = await list('?status=open&service_code=E01');
      expect(open.every((r) => r.status === 'open' && r.service_code === 'E01')).toBe(true);
      expect(ids(open)).toContain(e01.service_request_id);
      expect(ids(open)).not.toContain(b01.service_request_id);
      const repeated = await list('?status=open&status=closed&service_code=B01');
      expect(ids(repeated)).toContain(b01.service_request_id);
      expectOpen311Error(await get('requests.json?status=pending'), 400);
      expectOpen311Error(await get('requests.xml?status=pending'), 400);
    });

    it('by start_date and end_date (at most 90 days apart; default the last 90 days)', async () => {
      const mine = [e01.service_request_id, b01.service_request_id];
      expect(ids(await list(''))).toEqual(expect.arrayContaining(mine));
      const now = Date.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      const around = await list(`?start_date=${iso(now - 3_600_000)}&end_date=${iso(now + 3_600_000)}`);
      expect(ids(around)).toEqual(expect.arrayContaining(mine));
      for (const r of around) {
        const t = Date.parse(r.requested_datetime);
        expect(t).toBeGreaterThanOrEqual(now - 3_600_001 - 1000);
      }
      expect(ids(await list('?start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00Z'))).not.toEqual(
        expect.arrayContaining(mine),
      );
      expect(ids(await list('?end_date=2020-03-01T00:00:00Z'))).not.toContain(e01.service_request_id);
      // a "+" sent unencoded arrives as a space and still reads as +08:00
      expect(ids(await list(`?start_date=${encodeURI(iso(now - 3_600_000).slice(0, 19) + '+08:00')}`))).toEqual(
        expect.arrayContaining(mine),
      );

      const tooLong = await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z');
      expect(expectOpen311Error(tooLong, 400)).toMatch(/90 days/);
      const tooLongXml = await get('requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z');
      expect(expectOpen311Error(tooLongXml, 400)).toMatch(/90 days/);
      expectOpen311Error(await get('requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z'), 400);
      expectOpen311Error(await get('requests.json?start_date=yesterday'), 400);
      expectOpen311Error(await get('requests.json?page=2'), 400, 'unknown parameter');
      // jurisdiction_id and api_key are accepted (and change nothing)
      expect((await get('requests.json?jurisdiction_id=datong.gov.cn&api_key=x')).status).toBe(200);
    });

    it('XML round trip: requests.xml and requests/{id}.xml carry the same data as the JSON', async () => {
      const query = `?service_request_id=${e01.service_request_id},${b01.service_request_id},${staffNumber}`;
      const json = await get(`requests.json${query}`);
      const xml = await get(`requests.xml${query}`);
      expect(xml.status).toBe(200);
      expectSameData(xml, 'service_requests', json.body);
      const one = await get(`requests/${staffNumber}.json`);
      expectSchema('requests', one.body);
      expect(one.body).toHaveLength(1);
      expectSameData(await get(`requests/${staffNumber}.xml`), 'service_requests', one.body);
    });

    it('unknown id → 404, in both formats', async () => {
      for (const id of ['20000101000001', 'nope', '1%2F2']) {
        expect(expectOpen311Error(await get(`requests/${id}.json`), 404, id)).toMatch(/not found/);
        expectOpen311Error(await get(`requests/${id}.xml`), 404, id);
      }
    });

    it('tokens: POST answers none, but a token an earlier release handed out (the tracking code) still resolves', async () => {
      const token = String((await ticketRow(e01.service_request_id)).tracking_code);
      const json = await get(`tokens/${token}.json`);
      expect(json.status).toBe(200);
      expectSchema('token', json.body);
      expect(json.body).toEqual([{ service_request_id: e01.service_request_id, token }]);
      expectSameData(await get(`tokens/${token}.xml`), 'service_requests', json.body);
      expectOpen311Error(await get('tokens/AAAAAAAA.json'), 404);
      expectOpen311Error(await get('tokens/no.xml'), 404);
      // a resident's own tracking code (another channel) is not an Open311 token
      const resident = await api
        .http()
        .post('/api/v1/public/tickets')
        .send({ itemCode: 'E01', description: '居民扫码', gridCode: city.grids[0] });
      expect(resident.status).toBe(201);
      expectOpen311Error(await get(`tokens/${resident.body.trackingCode}.json`), 404);
    });
  });

  describe('disclosure', () => {
    it('publishes a personal matter (B02) without its description, address or exact position', async () => {
      const filed = await file({
        service_code: 'B02',
        description: '夫妻长期争吵，请求调解',
        address_string: '幸福里5号楼2单元',
      });
      const json = await get(`requests/${filed.service_request_id}.json`);
      expect(json.status).toBe(200);
      expectSchema('requests', json.body);
      const [request] = json.body;
      expect(request.description).toBeNull();
      expect(request.address).not.toMatch(/幸福里/);
      expect(request.lat).toBe(Math.round(inside(0).lat * 100) / 100);
      expect(JSON.stringify(json.body)).not.toMatch(/夫妻|幸福里/);
      const xml = await get(`requests/${filed.service_request_id}.xml`);
      expect(xml.text).not.toMatch(/夫妻|幸福里/);
      // A public-space matter (E01) keeps its detail.
      const street = await file();
      const open = await get(`requests/${street.service_request_id}.json`);
      expect(open.body[0].description).toContain('垃圾');
      expect(open.body[0].lat).toBe(inside(0).lat);
    });
  });

  describe('the HTTP stack', () => {
    it('unknown paths and formats under /open311/v2 answer the spec’s 404, even to a browser', async () => {
      const unknown = await get('nope.json');
      expect(expectOpen311Error(unknown, 404)).toMatch(/Cannot GET/);
      expectOpen311Error(await get('nope.xml'), 404);
      expectOpen311Error(await get('services.csv'), 404);
      expectOpen311Error(await api.http().put('/open311/v2/requests.json'), 404);
      const browser = await get('services/Z99').set('Accept', 'text/html');
      expect(browser.status).toBe(404);
      expect(browser.text).not.toContain('<html');
      // and the real endpoints answer a browser with their data, not the console
      const page = await get('services.json').set('Accept', 'text/html,application/xhtml+xml');
      expect(page.status).toBe(200);
      expectSchema('services', page.body);
      // not under /api/v1
      expect((await api.http().get('/api/v1/open311/v2/services.json')).status).toBe(404);
    });

    it('the OpenAPI document lists the endpoints under the tag open311', async () => {
      const doc = (await api.http().get('/docs-json')).body as {
        paths: Record<string, Record<string, { tags?: string[] }>>;
      };
      for (const [path, method] of [
        ['/open311/v2/discovery.{format}', 'get'],
        ['/open311/v2/services.{format}', 'get'],
        ['/open311/v2/services/{service_code}.{format}', 'get'],
        ['/open311/v2/requests.{format}', 'get'],
        ['/open311/v2/requests.{format}', 'post'],
        ['/open311/v2/requests/{service_request_id}.{format}', 'get'],
        ['/open311/v2/tokens/{token}.{format}', 'get'],
        ['/api/v1/open311/keys', 'post'],
        ['/api/v1/open311/keys/{id}/revoke', 'post'],
      ]) {
        expect({ path, method, tags: doc.paths[path]?.[method]?.tags }).toEqual({ path, method, tags: ['open311'] });
      }
    });
  });
});

describe('Open311 GeoReport v2: rate limit', () => {
  let api: TestApi;
  beforeAll(async () => {
    // Its own Redis prefix: the counts of the other tests do not touch this one.
    api = await createTestApi({
      config: testConfig({ RATE_LIMIT_PER_MINUTE: '2', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_o311rate` }),
    });
  });
  afterAll(() => api.close());

  it('answers over the per-IP limit with 429 in the spec’s error shape', async () => {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api.http().get('/open311/v2/services.json')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await api.http().get('/open311/v2/services.xml');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('<code>429</code>');
    expect(limited.text).toContain('RATE_LIMITED');
  });
});
