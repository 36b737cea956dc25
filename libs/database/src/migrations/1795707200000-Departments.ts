import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Departments (职能部门): units of their own under a county or a city, with their staff (role
 * `department_staff`, who carry their department), and the department a ticket is with once an
 * escalated matter (报大事) is handed to it. `ticket_fact.department_code` lets the assessment
 * count each ticket for the department that handled it, as it counts the handler.
 */
export class Departments1795707200000 implements MigrationInterface {
  name = 'Departments1795707200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE department (
        code         text PRIMARY KEY CHECK (code ~ '^([0-9]{4}|[0-9]{6})D[0-9]{2,3}$'),
        parent_code  text NOT NULL REFERENCES org_unit (code),
        name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        created_at   timestamptz NOT NULL DEFAULT now(),
        disabled_at  timestamptz,
        CHECK (left(code, strpos(code, 'D') - 1) = parent_code),
        UNIQUE (parent_code, name)
      )`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT IF EXISTS app_user_role_check`);
    await q.query(
      `ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
         CHECK (role IN ('admin', 'supervisor', 'dispatcher', 'grid_worker', 'party_member', 'department_staff'))`,
    );
    await q.query(`ALTER TABLE app_user ADD COLUMN department_code text REFERENCES department (code)`);
    await q.query(
      `ALTER TABLE app_user ADD CONSTRAINT app_user_department_check
         CHECK ((role = 'department_staff') = (department_code IS NOT NULL))`,
    );
    await q.query(
      `CREATE INDEX app_user_department_idx ON app_user (department_code) WHERE department_code IS NOT NULL`,
    );
    await q.query(`ALTER TABLE ticket ADD COLUMN department_code text REFERENCES department (code)`);
    await q.query(
      `CREATE INDEX ticket_department_idx ON ticket (department_code, id DESC) WHERE department_code IS NOT NULL`,
    );
    await q.query(`ALTER TABLE ticket_fact ADD COLUMN department_code text REFERENCES department (code)`);
    await q.query(
      `CREATE INDEX ticket_fact_department_idx ON ticket_fact (department_code, day) WHERE department_code IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticket_fact DROP COLUMN department_code`);
    await q.query(`ALTER TABLE ticket DROP COLUMN department_code`);
    await q.query(`DELETE FROM app_user WHERE role = 'department_staff'`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_department_check`);
    await q.query(`ALTER TABLE app_user DROP COLUMN department_code`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check`);
    await q.query(
      `ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
         CHECK (role IN ('admin', 'supervisor', 'dispatcher', 'grid_worker', 'party_member'))`,
    );
    await q.query(`DROP TABLE department`);
  }
}
