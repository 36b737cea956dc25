import type { INestApplication } from '@nestjs/common';
import { createTestUser, type TestCity, type TestUser } from './factories.js';

/** The staff of the first community of a test city, one of each role, logged in. */
export interface Roster {
  /** 网格员 of grids[0] */
  gridWorker: TestUser;
  /** 村社派单员 of communities[0] */
  dispatcher: TestUser;
  /** 党员 of communities[0] */
  party: TestUser;
  /** 督查 of townships[0] */
  supervisor: TestUser;
  /** 管理员 of the whole city */
  admin: TestUser;
}

/** Creates the standard roster of a test city (see `Roster` for who sits where). */
export async function createRoster(app: INestApplication, city: TestCity): Promise<Roster> {
  const [gridWorker, dispatcher, party, supervisor, admin] = await Promise.all([
    createTestUser(app, 'grid_worker', city.grids[0]),
    createTestUser(app, 'dispatcher', city.communities[0]),
    createTestUser(app, 'party_member', city.communities[0]),
    createTestUser(app, 'supervisor', city.townships[0]),
    createTestUser(app, 'admin', city.city),
  ]);
  return { gridWorker, dispatcher, party, supervisor, admin };
}
