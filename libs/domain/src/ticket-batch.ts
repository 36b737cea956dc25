import type { TicketAction } from './ticket-flow.js';

/** At most this many tickets in one batch request (`POST /tickets/batch/:action`). */
export const BATCH_MAX_TICKETS = 100;

/**
 * The batch route's action segments, the same as the single route's
 * (`POST /tickets/:id/<segment>`): `comments` is the action `comment`.
 * WARNING: URL segments of the API: never rename.
 */
export const BATCH_ACTION_OF_SEGMENT: Readonly<Record<string, TicketAction>> = {
  accept: 'accept',
  dispatch: 'dispatch',
  claim: 'claim',
  decline: 'decline',
  resolve: 'resolve',
  verify: 'verify',
  archive: 'archive',
  reject: 'reject',
  escalate: 'escalate',
  comments: 'comment',
};
