import type { TicketStatus } from '../../api/types';

/** What the 派单台 table shows; the queue tiles set it too. */
export interface DeskFilters {
  status?: TicketStatus | 'open';
  gridCode?: string;
  itemCode?: string;
  overdue: boolean;
}

export const INITIAL_DESK_FILTERS: DeskFilters = { status: 'open', overdue: false };

/** The `GET /tickets` query of a set of filters: 超时 first, then 临期, then by due time (the server orders). */
export const deskQuery = (filters: DeskFilters) => ({
  sort: 'urgency',
  status: filters.status,
  gridCode: filters.gridCode,
  itemCode: filters.itemCode,
  overdue: filters.overdue ? true : undefined,
});
