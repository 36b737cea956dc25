import { ErrorCode } from '@gridflow/domain';
import { errorBody } from '../common/error-body.js';
import { toOpen311Errors } from './open311-errors.js';

describe('API errors as GeoReport v2 errors', () => {
  it('keeps 403, 404, 429 and 5xx; everything else the spec calls 400, naming GridFlow’s code', () => {
    expect(toOpen311Errors(errorBody(403, ErrorCode.Forbidden, 'Invalid api_key'))).toEqual({
      status: 403,
      errors: [{ code: 403, description: 'Invalid api_key' }],
    });
    expect(toOpen311Errors(errorBody(404, ErrorCode.NotFound, 'Service request 1 not found')).status).toBe(404);
    expect(toOpen311Errors(errorBody(422, ErrorCode.OutsideAllGrids, 'No active grid contains this location'))).toEqual(
      {
        status: 400,
        errors: [{ code: 400, description: 'No active grid contains this location [OUTSIDE_ALL_GRIDS]' }],
      },
    );
    expect(toOpen311Errors(errorBody(409, ErrorCode.StateConflict, 'x')).errors[0]).toEqual({
      code: 400,
      description: 'x [STATE_CONFLICT]',
    });
    expect(toOpen311Errors(errorBody(429, ErrorCode.RateLimited, 'Too many requests')).errors[0].code).toBe(429);
    expect(toOpen311Errors(errorBody(500, ErrorCode.InternalError, 'Internal error; quote error id e1'))).toEqual({
      status: 500,
      errors: [{ code: 500, description: 'Internal error; quote error id e1' }],
    });
  });

  it('lists one error per invalid field', () => {
    const body = errorBody(400, ErrorCode.ValidationFailed, 'Invalid request', [
      { field: 'service_code', problem: 'service_code must be a string' },
      { field: 'lat', problem: 'not a latitude' },
      { problem: 'malformed' },
    ]);
    expect(toOpen311Errors(body)).toEqual({
      status: 400,
      errors: [
        { code: 400, description: 'service_code must be a string' },
        { code: 400, description: 'lat: not a latitude' },
        { code: 400, description: 'malformed' },
      ],
    });
  });
});
