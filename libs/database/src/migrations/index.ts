import { JobFailures1795295400000 } from './1795295400000-JobFailures.js';
import { OrgGridsWorkforceUsers1795296000000 } from './1795296000000-OrgGridsWorkforceUsers.js';
import { MatterCatalogue1795299600000 } from './1795299600000-MatterCatalogue.js';
import { Tickets1795303200000 } from './1795303200000-Tickets.js';
import { QueuesNotifications1795306800000 } from './1795306800000-QueuesNotifications.js';
import { SupervisionStats1795310400000 } from './1795310400000-SupervisionStats.js';
import { Open311ApiKeys1795314000000 } from './1795314000000-Open311ApiKeys.js';
import { HotlineImports1795317600000 } from './1795317600000-HotlineImports.js';
import { Open311Disclosure1795321200000 } from './1795321200000-Open311Disclosure.js';
import { OutboxProcessed1795324800000 } from './1795324800000-OutboxProcessed.js';
import { SmsMessages1795700000000 } from './1795700000000-SmsMessages.js';
import { Departments1795707200000 } from './1795707200000-Departments.js';
import { PostGIS1795800000000 } from './1795800000000-PostGIS.js';
import { RefusedPushes1795810800000 } from './1795810800000-RefusedPushes.js';
import { AddressRegister1795803600000 } from './1795803600000-AddressRegister.js';
import { UnlocatedTickets1795814400000 } from './1795814400000-UnlocatedTickets.js';
import { StatsDailyByDay1795818000000 } from './1795818000000-StatsDailyByDay.js';
import { GovernanceTopics1795807200000 } from './1795807200000-GovernanceTopics.js';

/**
 * Every migration, in order. Append-only once landed: never edit or reorder a migration
 * that is on main; write a new one.
 */
export const MIGRATIONS = [
  JobFailures1795295400000,
  OrgGridsWorkforceUsers1795296000000,
  MatterCatalogue1795299600000,
  Tickets1795303200000,
  QueuesNotifications1795306800000,
  SupervisionStats1795310400000,
  Open311ApiKeys1795314000000,
  HotlineImports1795317600000,
  Open311Disclosure1795321200000,
  OutboxProcessed1795324800000,
  SmsMessages1795700000000,
  Departments1795707200000,
  PostGIS1795800000000,
  AddressRegister1795803600000,
  GovernanceTopics1795807200000,
  RefusedPushes1795810800000,
  UnlocatedTickets1795814400000,
  StatsDailyByDay1795818000000,
];
