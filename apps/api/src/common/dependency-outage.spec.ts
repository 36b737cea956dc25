import { isDependencyOutage } from './dependency-outage.js';

describe('isDependencyOutage', () => {
  it('recognises PostgreSQL and Redis going away', () => {
    expect(isDependencyOutage(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyOutage(new Error('Connection is closed.'))).toBe(true);
    // TypeORM's QueryFailedError wraps the driver's error.
    expect(isDependencyOutage({ message: 'query failed', driverError: { code: '57P01' } })).toBe(true);
  });

  it('leaves bugs and bad data as they are (500)', () => {
    expect(isDependencyOutage(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isDependencyOutage(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDependencyOutage({ message: 'syntax error', driverError: { code: '42601' } })).toBe(false);
    expect(isDependencyOutage(null)).toBe(false);
    expect(isDependencyOutage('Connection terminated')).toBe(false);
  });
});
