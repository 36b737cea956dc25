import type pg from 'pg';

/**
 * The run-time role (docs/security.md, "Two database roles"): the apps connect as a role that
 * does not own the tables, so it can never ALTER them, disable a trigger, or read past a
 * REVOKE. Run as the owner after every migration (new tables get their grants):
 *
 * - creates the role of `runtimeUrl` if missing (LOGIN, the URL's password), never a superuser;
 * - CONNECT and TEMPORARY on the database, USAGE on the schema;
 * - SELECT, INSERT, UPDATE, DELETE on every table and USAGE, SELECT, UPDATE on every sequence;
 * - but on ticket_event (the timeline, append-only) SELECT and INSERT only, and nothing on `migrations`.
 *
 * Returns the role name, or null when the run-time URL names the owner itself (nothing to do).
 */
export async function grantRuntimeRole(owner: pg.Client, runtimeUrl: string): Promise<string | null> {
  const url = new URL(runtimeUrl);
  const role = decodeURIComponent(url.username);
  const password = url.password ? decodeURIComponent(url.password) : null;
  const [{ current_user: ownerRole, db }] = (
    await owner.query<{ current_user: string; db: string }>('SELECT current_user, current_database() AS db')
  ).rows;
  if (!role || role === ownerRole) return null;

  // Roles and grants live in catalogs shared by the server, while the migration lock is per
  // database: another migrate step may change the same rows at this moment. The loser retries.
  const sql = async (template: string, ...args: unknown[]) => {
    const { rows } = await owner.query<{ q: string }>(`SELECT format(${template}) AS q`, args);
    for (let attempt = 1; ; attempt++) {
      try {
        await owner.query(rows[0]!.q);
        return;
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (!(['40001', '40P01'].includes(code) || /concurrently updated/.test(String(err))) || attempt >= 8) {
          throw err;
        }
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      }
    }
  };
  const exists = async () =>
    (await owner.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = $1', [role])).rows[0];
  let found = await exists();
  if (!found) {
    try {
      await sql(`'CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text`, role, password);
    } catch (err) {
      // another database's migrate step created it first: then it is only brought up to date
      if (!['42710', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
      if (password) await sql(`'ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text`, role, password);
    }
  } else if (password) {
    await sql(`'ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text`, role, password);
  }
  found = await exists();
  if (found?.rolsuper)
    throw new Error(`the run-time database role ${role} is a superuser: it must be an ordinary role`);

  await sql(`'GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', $1::text, $2::text`, db, role);
  await sql(`'GRANT USAGE ON SCHEMA public TO %I', $1::text`, role);
  await sql(`'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', $1::text`, role);
  await sql(`'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', $1::text`, role);
  await sql(`'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ticket_event FROM %I', $1::text`, role);
  await sql(`'REVOKE ALL ON migrations FROM %I', $1::text`, role);
  return role;
}
