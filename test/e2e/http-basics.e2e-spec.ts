import { readFileSync } from 'node:fs';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsNumber, IsString, Length, ValidateNested } from 'class-validator';
import type { Response } from 'supertest';
import { Public } from '@gridflow/auth';
import { createTestApi, type TestApi, expectApiError } from '../support/index.js';

// A test-only controller exercising the production pipe, filter and body parser.
class PointDto {
  @IsNumber() lng: number;
  @IsNumber() lat: number;
}
class EchoDto {
  @IsString() @Length(1, 20) name: string;
  @ValidateNested() @Type(() => PointDto) location: PointDto;
}
@Public()
@Controller('test-echo')
class EchoController {
  @Post()
  echo(@Body() body: EchoDto) {
    return { ok: true, isDto: body instanceof EchoDto, body };
  }
  @Get('outage')
  outage() {
    // What pg throws when PostgreSQL restarts under a query.
    throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  }
  @Get('boom')
  boom() {
    throw new Error('secret internal detail at /srv/gridflow/db.ts:42');
  }
}

/** The API.md error answer, with nothing of the server's insides (no stack frames) in it. */
const expectErrorShape = (res: Pick<Response, 'status' | 'body'>, status: number, code: string) => {
  expectApiError(res, status, code);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
};

describe('HTTP basics (API.md conventions)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ extra: { controllers: [EchoController] } });
  });
  afterAll(() => api.close());

  it('accepts a valid body and transforms it to the DTO class', async () => {
    const res = await api
      .http()
      .post('/api/v1/test-echo')
      .send({ name: 'a', location: { lng: 113.3, lat: 40.1 } });
    expect(res.status).toBe(201);
    expect(res.body.isDto).toBe(true);
  });

  it('malformed JSON → 400 VALIDATION_FAILED', async () => {
    const res = await api.http().post('/api/v1/test-echo').set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expectErrorShape(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0].field).toBe('body');
  });

  it('unknown field → 400 VALIDATION_FAILED naming the field', async () => {
    const res = await api
      .http()
      .post('/api/v1/test-echo')
      .send({ name: 'a', location: { lng: 1, lat: 2 }, isAdmin: true });
    expect(res.status).toBe(400);
    expectErrorShape(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toContainEqual({ field: 'isAdmin', problem: 'unknown field' });
  });

  it('bad nested values → one detail per field and problem', async () => {
    const res = await api
      .http()
      .post('/api/v1/test-echo')
      .send({ name: '', location: { lng: 'east' } });
    expect(res.status).toBe(400);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'location.lng', 'location.lat']));
  });

  it('body over 1 MB → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await api
      .http()
      .post('/api/v1/test-echo')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }));
    expect(res.status).toBe(413);
    expectErrorShape(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('unknown route → 404 NOT_FOUND, inside and outside /api/v1', async () => {
    for (const path of ['/api/v1/no-such-thing', '/no-such-thing']) {
      const res = await api.http().get(path);
      expect(res.status).toBe(404);
      expectErrorShape(res, 404, 'NOT_FOUND');
    }
  });

  it('a real endpoint refuses unknown fields too (login)', async () => {
    const res = await api.http().post('/api/v1/auth/login').send({ username: 'a', password: 'b', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({ field: 'role', problem: 'unknown field' });
  });

  it('unknown query parameter → 400 VALIDATION_FAILED', async () => {
    const res = await api.http().get('/health/queue?timeoutMs=500&verbose=1');
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({ field: 'verbose', problem: 'unknown field' });
  });

  it('unexpected error → 500 with an error id and no internals', async () => {
    const res = await api.http().get('/api/v1/test-echo/boom');
    expect(res.status).toBe(500);
    expectErrorShape(res, 500, 'INTERNAL_ERROR');
    expect(res.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
  });

  it('PostgreSQL or Redis out of reach → 503 SERVICE_UNAVAILABLE (retry), not a 500', async () => {
    const res = await api.http().get('/api/v1/test-echo/outage');
    expect(res.status).toBe(503);
    expectErrorShape(res, 503, 'SERVICE_UNAVAILABLE');
    expect(JSON.stringify(res.body)).not.toContain('administrator command');
  });

  it('echoes a sane X-Request-Id and invents one otherwise', async () => {
    const given = await api.http().get('/health').set('X-Request-Id', 'req-12345678');
    expect(given.headers['x-request-id']).toBe('req-12345678');
    const bad = await api.http().get('/health').set('X-Request-Id', 'bad id\twith spaces');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers (helmet) and hides the framework', async () => {
    const res = await api.http().get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('operations endpoints', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('/health reports database and Redis up', async () => {
    const res = await api.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.redis.status).toBe('up');
  });

  it('/metrics serves default metrics and the HTTP histogram by route and status', async () => {
    await api.http().get('/health');
    await api.http().get('/api/v1/nothing-here');
    const res = await api.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toContain('gridflow_process_cpu_user_seconds_total');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} \d+/,
    );
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="[^"]+",status_code="404"\} \d+/);
  });

  it('/docs-json is an OpenAPI document and /docs serves Swagger UI', async () => {
    const json = await api.http().get('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.info.title).toBe('GridFlow API');
    expect(Object.keys(json.body.paths)).toContain('/health');
    // The committed copy the console's types come from (npm run openapi:write) is this document.
    // Except /health's answers: terminus documents them only when it can require() @nestjs/swagger,
    // which Node does and Jest's ESM mode does not.
    const committed = JSON.parse(readFileSync('docs/openapi.json', 'utf8'));
    for (const doc of [committed, json.body]) delete doc.paths['/health'].get.responses;
    expect(json.body).toEqual(committed);
    const ui = await api.http().get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
