/**
 * Whether an error means PostgreSQL or Redis is (for the moment) out of reach rather than a
 * bug: a restart, a failover, connections cut. Those answer 503 so clients retry; anything
 * else stays a 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
// PostgreSQL: 08 connection exceptions; 57P01–57P03 admin/crash shutdown, cannot connect now.
const PG_OUTAGE = /^(08...|57P0[123])$/;
const OUTAGE_MESSAGES = [
  /Connection terminated/i, // pg: the server went away mid-query
  /Client has encountered a connection error/i, // pg pool
  /timeout exceeded when trying to connect/i, // pg pool
  /Connection is closed/i, // ioredis
  /Reached the max retries per request limit/i, // ioredis MaxRetriesPerRequestError
  /Stream isn't writeable/i, // ioredis with the offline queue off
];

export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || PG_OUTAGE.test(e.code))) return true;
  if (typeof e.message === 'string' && OUTAGE_MESSAGES.some((m) => m.test(e.message as string))) return true;
  // TypeORM's QueryFailedError carries the driver's error; others chain a cause.
  return isDependencyOutage(e.driverError, depth + 1) || isDependencyOutage(e.cause, depth + 1);
}
