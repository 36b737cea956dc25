import type { AuthUser } from './roles.js';

/**
 * The statuses from 网格接单 on: a ticket the grid has taken up. A ticket rejected (驳回) is
 * not among them — whether it was accepted first is in its timeline, not its status.
 */
export const ACCEPTED_ON: readonly string[] = ['accepted', 'dispatched', 'claimed', 'resolved', 'verified', 'archived'];

/**
 * Who sees a resident's phone number in full on a ticket (everyone else in scope sees it
 * masked, 138****5678; lists never show it):
 * - a supervisor (督查: the callback);
 * - the assigned handler (the party member or grid worker who claimed it);
 * - a grid worker of the ticket's own grid, from 网格接单 (acceptance) on — not while the
 *   ticket waits to be accepted, not a worker of another grid.
 * The API decides (the number is decrypted only for these); the console only shows what it
 * gets and offers a tel: link when the number is complete.
 */
export function seesPhoneInFull(
  user: Pick<AuthUser, 'id' | 'role' | 'scopeCode'> | null,
  ticket: { assigneeId: string | null; gridCode: string | null; status: string },
): boolean {
  if (!user) return false;
  if (user.role === 'supervisor') return true;
  if (ticket.assigneeId !== null && user.id === ticket.assigneeId) return true;
  return user.role === 'grid_worker' && user.scopeCode === ticket.gridCode && ACCEPTED_ON.includes(ticket.status);
}

/** A complete phone number (digits, optionally a leading +): what a tel: link may dial. */
export function isDialable(phone: string | null | undefined): phone is string {
  return !!phone && /^\+?\d{5,20}$/.test(phone);
}

/** A mainland mobile number (11 digits from 1): the only kind of phone that can receive an SMS. */
export const MOBILE_PATTERN = /^1\d{10}$/;

export const isMobilePhone = (phone: string): boolean => MOBILE_PATTERN.test(phone);

/** A phone GridFlow stores: a mainland mobile (11 digits from 1) or a landline with its area code. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** Longer input is not a phone number whatever it contains: left as it is, so the check refuses it. */
const MAX_PHONE_INPUT = 40;

/**
 * A phone as a person types or pastes it, in the form that is checked and stored: spaces
 * (also full-width), dashes, dots and brackets dropped, full-width digits made ASCII, and a
 * +86 / 0086 / 86 country prefix removed from a mobile. "138 0013 8000", "+86 138-0013-8000"
 * and "0086 13800138000" all become 13800138000; "(010) 6512 3456" becomes 01065123456.
 * Runs BEFORE any length or pattern check (server DTOs and console forms alike).
 */
export function normalizePhone(input: string): string {
  if (input.length > MAX_PHONE_INPUT) return input;
  const ascii = input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace('＋', '+');
  const compact = ascii.replace(/[\s\u3000()（）\-—–.·]/g, '');
  return compact.replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
}

/** normalizePhone, then the pattern: is this a phone number GridFlow accepts? */
export function isValidPhone(input: string): boolean {
  return PHONE_PATTERN.test(normalizePhone(input));
}
