/** Answers of the ticket page's own endpoint (dispatch suggestions). */
import type { Role } from '../../api/types';

/** libs/dispatch/src/candidate-ranking.ts `Candidate` */
export interface DispatchCandidate {
  userId: string;
  displayName: string;
  role: Extract<Role, 'party_member' | 'grid_worker'>;
  /** 1 党员联系户 in the grid, 2 the grid's own, 3 the rest of the community */
  group: 1 | 2 | 3;
  openLoad: number;
  reasons: string[];
}

export interface DispatchSuggestions {
  ticketId: string;
  stepSeq: number;
  computedAt: string;
  candidates: DispatchCandidate[];
}
