/** PostgreSQL's unique_violation (23505): a duplicate key, answered as 409 by the callers. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

/** PostgreSQL's foreign_key_violation (23503): the row is still referenced, answered as 409. */
export function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23503';
}
