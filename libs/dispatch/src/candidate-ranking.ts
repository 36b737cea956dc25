/**
 * Who should take an accepted ticket (村社派单 suggestions). Pure: the facts come from SQL
 * (DispatchService), the order and the reasons are decided here.
 *
 * Candidates are enabled party members and grid workers whose scope covers the ticket's
 * grid within its community (scope = the grid or the community). Groups, best first:
 *   1. party members who look after a household in the grid (党员联系户);
 *   2. party members and grid workers of the grid (scope = the grid, or a worker assigned
 *      to the grid);
 *   3. the rest of the community.
 * Within a group: the fewest open tickets (dispatched or claimed) first, then by name.
 *
 * WARNING: candidates are stored as JSON in dispatch_suggestion and shown by the API; add
 * fields freely, never rename them.
 */
export type CandidateRole = 'party_member' | 'grid_worker';
export type CandidateGroup = 1 | 2 | 3;

export interface CandidateFacts {
  userId: string;
  displayName: string;
  role: CandidateRole;
  scopeCode: string;
  /** liaison households (党员联系户) of the user's worker record in the ticket's grid */
  liaisonHouseholds: number;
  /** the user's worker record is assigned to the ticket's grid */
  assignedToGrid: boolean;
  /** tickets dispatched to or claimed by the user, not yet resolved */
  openLoad: number;
}

export interface Candidate {
  userId: string;
  displayName: string;
  role: CandidateRole;
  group: CandidateGroup;
  openLoad: number;
  reasons: string[];
}

/** Stored and shown: enough for any dispatcher's choice, bounded for a large community. */
export const MAX_CANDIDATES = 50;

const ROLE_NOUN: Record<CandidateRole, string> = { party_member: '党员', grid_worker: '网格员' };

export function rankCandidates(gridCode: string, facts: CandidateFacts[]): Candidate[] {
  return facts
    .map((f): Candidate => {
      const ofGrid = f.scopeCode === gridCode || f.assignedToGrid;
      const group: CandidateGroup = f.liaisonHouseholds > 0 ? 1 : ofGrid ? 2 : 3;
      const reasons: string[] = [];
      if (f.liaisonHouseholds > 0) reasons.push('党员联系户在本网格');
      reasons.push(ofGrid ? `本网格${ROLE_NOUN[f.role]}` : `本社区${ROLE_NOUN[f.role]}`);
      reasons.push(`在办工单 ${f.openLoad} 件`);
      return { userId: f.userId, displayName: f.displayName, role: f.role, group, openLoad: f.openLoad, reasons };
    })
    .sort(
      (a, b) =>
        a.group - b.group ||
        a.openLoad - b.openLoad ||
        compare(a.displayName, b.displayName) ||
        compare(a.userId, b.userId),
    )
    .slice(0, MAX_CANDIDATES);
}

/** Code-point order: the same on every machine and locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
