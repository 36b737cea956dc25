/** Answers of the ticket page's own endpoints (dispatch suggestions, time requests, integrity). */
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

/** libs/tickets/src/time-requests.service.ts `timeRequestView` */
export interface TimeRequest {
  id: string;
  ticketId: string;
  kind: 'extension' | 'suspension';
  stepSeq: number;
  status: 'pending' | 'approved' | 'refused' | 'ended';
  reason: string;
  requestedDueAt: string | null;
  requestedBy: { id: string; displayName: string | null };
  decidedBy: { id: string; displayName: string | null } | null;
  decidedAt: string | null;
  decisionNote: string | null;
  endedAt: string | null;
  createdAt: string;
}

/** libs/tickets/src/ticket-seal.service.ts `integrity` */
export interface IntegrityReport {
  ticketId: string;
  status: string;
  sealed: boolean;
  sealedAt: string | null;
  sealedHash: string | null;
  computedHash: string;
  intact: boolean | null;
  firstMismatch?: number;
  events: number;
  algorithm: string;
}
