import { CODE_LENGTH, levelOf, type OrgLevel } from './org-code.js';
import type { TicketAction } from './ticket-flow.js';

/**
 * Unlocated requests (API.md "Unlocated requests"). A filing with only an address that the
 * address register does not match is never dropped and never guessed: it waits with no grid
 * (`gridCode: null`) at the lowest org unit that can be told — the caller's scope, the Open311
 * key's scope, or the city — until a dispatcher or admin places it (`locate`).
 */

/**
 * The unit an unlocated filing waits at: the filer's scope (staff; an Open311 key's scope), or
 * the city for residents. A grid scope is already a grid: the filing is then simply at that
 * grid (located, without a point).
 */
export function unlocatedUnit(scopeCode: string | null, cityCode: string): string {
  if (scopeCode && levelOf(scopeCode)) return scopeCode;
  return cityCode.slice(0, CODE_LENGTH.city);
}

/** A ticket's level when filed at a unit: that unit's level (escalation climbs from there). */
export function levelAtUnit(orgCode: string): OrgLevel {
  const level = levelOf(orgCode);
  if (!level) throw new RangeError(`not an org code: ${orgCode}`);
  return level;
}

/**
 * The level after placing a ticket in a grid: an unlocated ticket waits at its unit's level;
 * placed, it is a grid's ticket — unless it has already been escalated, and then it stays as
 * high as it climbed (督办 is never undone by placing it).
 */
export function levelAfterLocating(ticket: { level: OrgLevel; escalations: number }): OrgLevel {
  return ticket.escalations > 0 ? ticket.level : 'grid';
}

/** Actions that need a grid: only these wait until the ticket is placed (reject, escalate, comment do not). */
export const ACTIONS_NEEDING_A_GRID: readonly TicketAction[] = [
  'accept',
  'dispatch',
  'claim',
  'decline',
  'resolve',
  'verify',
  'archive',
];

/** Roles that place unlocated tickets (and see the 待定位 list). */
export const LOCATING_ROLES = ['dispatcher', 'admin'] as const;

/** The unit a ticket is at: its grid, or (unlocated) the unit it waits at. */
export function ticketUnit(ticket: { gridCode: string | null; orgCode?: string | null }): string {
  const code = ticket.gridCode ?? ticket.orgCode;
  if (!code) throw new RangeError('a ticket has a grid or a unit');
  return code;
}
