import { levelOf } from './org-code.js';

/**
 * Scope, one rule for every query: a user sees a row when the row's org or grid code
 * starts with the user's scopeCode (a grid worker sees their grid, a dispatcher their
 * community, an admin the city). Out of scope answers 404, never 403 (API.md).
 */
export function inScope(scopeCode: string, code: string): boolean {
  return code.startsWith(scopeCode);
}

/**
 * The SQL LIKE pattern for "starts with scopeCode". Scope codes are validated org codes
 * (digits only), so there is nothing to escape; we refuse anything else rather than trust it.
 */
export function scopeLikePattern(scopeCode: string): string {
  if (!levelOf(scopeCode)) throw new RangeError(`invalid scope code: ${scopeCode}`);
  return `${scopeCode}%`;
}

/** Whether a scope reaches a unit that covers `code` — i.e. the user may act for that code. */
export function scopeCovers(scopeCode: string, code: string): boolean {
  return inScope(scopeCode, code);
}
