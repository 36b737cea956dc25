import type { INestApplication } from '@nestjs/common';
import { createTestApi, createTestWorker, type TestApi } from '../support/index.js';

describe('a job enqueued by the API is processed by the worker through real Redis', () => {
  let api: TestApi;
  let worker: INestApplication | undefined;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE when no worker consumes the queue', async () => {
    const res = await api.http().get('/health/queue?timeoutMs=300');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('round-trips the health probe once a worker runs', async () => {
    worker = await createTestWorker();
    const res = await api.http().get('/health/queue?timeoutMs=5000');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({ status: 'ok', processedBy: expect.any(String), roundTripMs: expect.any(Number) }),
    );
    expect(Date.parse(res.body.processedAt)).not.toBeNaN();
  });
});
