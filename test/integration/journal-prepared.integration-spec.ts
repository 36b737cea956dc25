import pg from 'pg';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  isolatedTestConfig,
  must,
  ticketClient,
  type TestApi,
} from '../support/index.js';

/**
 * The journal's filings and transitions run as named prepared statements on the pool's
 * connections (libs/tickets/src/ticket-journal.ts). A migration that changes the ticket table
 * while the API runs — a rolling deploy: the new container migrates, the old ones still serve —
 * makes PostgreSQL refuse what was prepared before it ("cached plan must not change result
 * type"); the API prepares them again and answers as before, never a 500.
 */
// Its own database: it changes the ticket table's shape.
const config = await isolatedTestConfig('prepared');

describe('the journal’s prepared statements and a migration while the API runs', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi({ config });
  });
  afterAll(() => api?.close());

  it('a column added to ticket: filings and actions go on', async () => {
    const city = await createTestCity(api.app);
    const worker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    const tickets = ticketClient(() => api);
    const fileAndAccept = async () => {
      const t = must<{ id: string }>(
        await tickets.file(worker, { itemCode: 'B01', gridCode: city.grids[0], description: '楼道堆物' }),
        'file',
      );
      return must<{ status: string }>(await tickets.act(worker, t.id, 'accept'), 'accept');
    };
    // The statements prepared on the pool's connections.
    for (let i = 0; i < 3; i++) await fileAndAccept();

    const owner = new pg.Client({ connectionString: config.databaseOwnerUrl });
    await owner.connect();
    try {
      await owner.query(`ALTER TABLE ticket ADD COLUMN rolling_deploy_probe integer`);
    } finally {
      await owner.end();
    }

    for (let i = 0; i < 10; i++) expect((await fileAndAccept()).status).toBe('accepted');
  });
});
