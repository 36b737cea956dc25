import type { Role } from './roles.js';
import { inScope } from './scope.js';

/**
 * Who may be given a ticket (村社派单): ONE rule for a dispatcher's dispatch, the dispatch
 * suggestions and auto-dispatch. A party member or a grid worker (DOMAIN.md: they take
 * dispatched tickets), active — the account not disabled and, where the user is linked to a
 * worker record, that worker not stood down — whose scope covers the ticket's grid (their
 * grid, or their community for a party member: API.md "Role and scope agree").
 */
export const HANDLER_ROLES = ['party_member', 'grid_worker'] as const satisfies readonly Role[];

export interface HandlerFacts {
  role: string;
  scopeCode: string;
  /** the account is disabled (app_user.disabled_at) */
  disabled: boolean;
  /** linked to a worker record that was stood down (worker.active = false) */
  stoodDown: boolean;
}

export function isEligibleHandler(user: HandlerFacts, ticket: { gridCode: string | null }): boolean {
  return (
    ticket.gridCode !== null &&
    (HANDLER_ROLES as readonly string[]).includes(user.role) &&
    !user.disabled &&
    !user.stoodDown &&
    inScope(user.scopeCode, ticket.gridCode)
  );
}
