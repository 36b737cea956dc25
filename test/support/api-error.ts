import type { Response } from 'supertest';

/**
 * The API.md error answer: `status` with `code`, in exactly the shape the global filter
 * writes — `{statusCode, error, code, message, details}`, plus on a 5xx the `errorId` the
 * log line carries, when the filter made one. `what` names the case in a failure message when
 * one test checks several.
 */
export function expectApiError(res: Pick<Response, 'status' | 'body'>, status: number, code: string, what = '') {
  expect({ what, status: res.status, code: res.body?.code }).toEqual({ what, status, code });
  const { errorId, ...shape } = res.body ?? {};
  expect(status >= 500 ? shape : res.body).toEqual({
    statusCode: status,
    error: expect.any(String),
    code,
    message: expect.any(String),
    details: expect.any(Array),
  });
  if (status >= 500 && errorId !== undefined) expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
}
