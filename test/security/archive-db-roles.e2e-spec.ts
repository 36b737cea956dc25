// Issue 16 item 8: the seal is an HMAC under SEAL_KEY (old v1 seals still verify), and the apps
// connect as a run-time role that does not own the tables: it cannot disable the timeline's
// trigger, alter the table, update, delete or truncate ticket_event.
import pg from 'pg';
import { DataSource } from 'typeorm';
import { grantRuntimeRole } from '@gridflow/database';
import { chainHash, sealTimeline, type SealableEvent } from '@gridflow/domain';
import { TicketSealService } from '@gridflow/tickets';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  filePublicTicket,
  type TestApi,
  type TestCity,
} from '../support/index.js';

describe('archive seal and the two database roles (issue 16 item 8)', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let ticketId: string;
  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    ticketId = (await filePublicTicket(api, city.grids[0]!)).id;
  });
  afterAll(() => api.close());

  const asOwner = async <T>(work: (owner: pg.Client) => Promise<T>): Promise<T> => {
    const owner = new pg.Client({ connectionString: api.config.databaseOwnerUrl });
    await owner.connect();
    try {
      return await work(owner);
    } finally {
      await owner.end();
    }
  };

  describe('the run-time role', () => {
    it('is not the owner, not a superuser, and owns nothing', async () => {
      const [me] = await db.query(
        `SELECT current_user AS role, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls
         FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(me).toEqual({
        role: process.env.DATABASE_APP_ROLE,
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolbypassrls: false,
      });
      const [{ owner }] = await db.query(`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'ticket_event'`);
      expect(owner).not.toBe(me.role);
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user`,
      );
      expect(n).toBe(0);
    });

    it.each([
      ['disable the append-only trigger', `ALTER TABLE ticket_event DISABLE TRIGGER ticket_event_no_update_delete`],
      ['disable every trigger', `ALTER TABLE ticket_event DISABLE TRIGGER ALL`],
      ['drop the trigger', `DROP TRIGGER ticket_event_no_update_delete ON ticket_event`],
      ['alter the table', `ALTER TABLE ticket_event ADD COLUMN sneaky text`],
      ['update an event', `UPDATE ticket_event SET comment = 'x' WHERE ticket_id = '$ID'`],
      ['delete an event', `DELETE FROM ticket_event WHERE ticket_id = '$ID'`],
      ['truncate the timeline', `TRUNCATE ticket_event`],
      ['switch triggers off for the session', `SET session_replication_role = replica`],
      ['create a table', `CREATE TABLE sneaky (id int)`],
      [
        'replace the trigger function',
        `CREATE OR REPLACE FUNCTION ticket_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      ],
    ])('cannot %s', async (_what, sql) => {
      await expect(db.query(sql.replace('$ID', ticketId))).rejects.toThrow(/must be owner|permission denied/);
    });

    it('still does its work: reads and appends the timeline, updates tickets', async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ticket_event WHERE ticket_id = $1`, [ticketId]);
      expect(n).toBeGreaterThanOrEqual(1);
      await db.query(`UPDATE ticket SET updated_at = updated_at WHERE id = $1`, [ticketId]);
      // the timeline is unchanged by all of the above
      const events = await db.query(`SELECT comment FROM ticket_event WHERE ticket_id = $1`, [ticketId]);
      expect(events.map((e: { comment: string | null }) => e.comment)).not.toContain('x');
    });

    it('is granted again by several migrate steps at once without a clash (roles are server-wide)', async () => {
      const owners = await Promise.all(
        [1, 2, 3, 4].map(async () => {
          const owner = new pg.Client({ connectionString: api.config.databaseOwnerUrl });
          await owner.connect();
          return owner;
        }),
      );
      try {
        const roles = await Promise.all(owners.map((owner) => grantRuntimeRole(owner, api.config.databaseUrl)));
        expect(roles).toEqual(Array(4).fill(process.env.DATABASE_APP_ROLE));
      } finally {
        await Promise.all(owners.map((owner) => owner.end()));
      }
      // and still may not touch the timeline
      await expect(db.query(`DELETE FROM ticket_event WHERE ticket_id = $1`, [ticketId])).rejects.toThrow(
        /permission denied/,
      );
    });

    it('is the only role the test apps use, and the owner keeps the trigger for itself too', async () => {
      expect(new URL(api.config.databaseUrl).username).toBe(process.env.DATABASE_APP_ROLE);
      await asOwner(async (owner) => {
        await expect(
          owner.query(`UPDATE ticket_event SET comment = 'x' WHERE ticket_id = $1`, [ticketId]),
        ).rejects.toThrow(/append-only/);
      });
    });
  });

  describe('the seal', () => {
    const timeline = (id: string): Promise<SealableEvent[]> =>
      db.query(
        `SELECT seq, type, at, actor_id AS "actorId", actor_role AS "actorRole", actor_name AS "actorName",
                from_status AS "fromStatus", to_status AS "toStatus", comment, data, attachments
         FROM ticket_event WHERE ticket_id = $1`,
        [id],
      );
    /** A ticket marked archived by hand (the flow itself is the integrity-export test's), sealed now. */
    const sealedTicket = async () => {
      const t = await filePublicTicket(api, city.grids[1]!);
      await db.query(`UPDATE ticket SET status = 'archived' WHERE id = $1`, [t.id]);
      expect(await api.app.get(TicketSealService).seal(t.id)).toBe(true);
      return t.id;
    };
    const integrity = async (id: string) => {
      const admin = await createTestUser(api.app, 'admin', city.city);
      const res = await admin.auth(api.http().get(`/api/v1/tickets/${id}/integrity`));
      expect(res.status).toBe(200);
      return res.body;
    };

    it('is an HMAC under SEAL_KEY: a seal recomputed without the key does not pass', async () => {
      const id = await sealedTicket();
      const [{ sealed_hash: sealed }] = await db.query(`SELECT sealed_hash FROM ticket WHERE id = $1`, [id]);
      const events = await timeline(id);
      expect(sealed).toBe(sealTimeline(events, api.config.sealKey));
      expect(sealed).not.toContain(chainHash(events));
      // someone who rewrote the timeline and "re-sealed" it with another key is caught
      await db.query(`UPDATE ticket SET sealed_hash = $2 WHERE id = $1`, [
        id,
        sealTimeline(events, Buffer.alloc(32, 7)),
      ]);
      expect(await integrity(id)).toEqual(
        expect.objectContaining({ sealed: true, intact: false, algorithm: 'gridflow-timeline-hmac-v2' }),
      );
    });

    it('still verifies a first-release seal (v1), and the sweeper moves an intact one to an HMAC seal', async () => {
      const id = await sealedTicket();
      const events = await timeline(id);
      await db.query(`UPDATE ticket SET sealed_hash = $2 WHERE id = $1`, [id, chainHash(events)]);
      expect(await integrity(id)).toEqual(
        expect.objectContaining({ sealed: true, intact: true, algorithm: 'gridflow-timeline-v1' }),
      );
      // a broken v1 seal is left as evidence
      const broken = await sealedTicket();
      await db.query(`UPDATE ticket SET sealed_hash = $2 WHERE id = $1`, [broken, 'ab'.repeat(32)]);

      expect(await api.app.get(TicketSealService).upgradeLegacySeals()).toBeGreaterThanOrEqual(1);
      expect(await integrity(id)).toEqual(
        expect.objectContaining({ sealed: true, intact: true, algorithm: 'gridflow-timeline-hmac-v2' }),
      );
      const [{ sealed_hash: kept }] = await db.query(`SELECT sealed_hash FROM ticket WHERE id = $1`, [broken]);
      expect(kept).toBe('ab'.repeat(32));
      expect(await integrity(broken)).toEqual(
        expect.objectContaining({ intact: false, algorithm: 'gridflow-timeline-v1' }),
      );
    });
  });
});
