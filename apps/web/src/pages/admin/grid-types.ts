import type { Grid } from '../../api/types';

/** GET /grids/:code (libs/org GridsService.view). */
export interface GridDetail extends Grid {
  communityCode: string;
  partyOrgName: string | null;
  retiredAt: string | null;
  /** 网中有格、格内定人: at least one full-time or part-time worker */
  staffed: boolean;
  workers: {
    id: string;
    name: string;
    type: string;
    phone: string;
    partyMember: boolean;
    microGridName: string | null;
  }[];
}

/** An item of GET /grids (no boundary, no workers). */
export interface GridSummary {
  code: string;
  name: string;
  type: string;
  households: number;
  population: number;
  householdsInStandard: boolean;
  status: 'active' | 'retired';
  createdAt: string;
}

export const GRID_TYPES = ['community', 'village', 'special'] as const;

/** DOMAIN.md: one grid per 300–500 households; outside is allowed but flagged. */
export const HOUSEHOLDS_STANDARD = '300–500 户';

export const GRID_STATUS_LABEL: Record<string, string> = { active: '在用', retired: '已撤销' };
