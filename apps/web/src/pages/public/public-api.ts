/** The residents' channel (/api/v1/public/**): answer shapes and helpers shared by the public pages. */
import { ApiError, api, errorText } from '../../api/client';
import type { GeoPolygon, TicketStatus } from '../../api/types';

export interface PublicGrid {
  code: string;
  name: string;
  communityName: string;
  townshipName: string;
  status: string;
  boundary: GeoPolygon;
}

export interface PublicItem {
  code: string;
  name: string;
  urgent: boolean;
}

export interface PublicCategory {
  code: string;
  name: string;
  items: PublicItem[];
}

export interface FiledTicket {
  id: string;
  number: string;
  trackingCode: string;
  status: TicketStatus;
  gridCode: string;
  createdAt: string;
}

export interface TrackedTicket {
  number: string;
  status: TicketStatus;
  itemName: string | null;
  gridName: string | null;
  createdAt: string;
  steps: { status: TicketStatus; at: string }[];
  rating: { satisfaction: string; at: string } | null;
  /** until when a rating is taken (a set time after 督查兑单, archived or not); null: not (yet) */
  ratingOpenUntil?: string | null;
}

export interface FileBody {
  itemCode: string;
  description: string;
  gridCode?: string;
  /** a point (with an optional address), or an address alone next to gridCode */
  location?: { lng: number; lat: number; address?: string } | { address: string };
  reporter?: { name?: string; phone?: string };
  attachmentIds?: string[];
}

// Public pages never send a console token: a stale one must not log a staff member out here.
const anonymous = { anonymous: true } as const;

export const publicApi = {
  grid: (code: string) => api.get<PublicGrid>(`/public/grids/${encodeURIComponent(code)}`, undefined, anonymous),
  catalog: () => api.get<PublicCategory[]>('/public/catalog', undefined, anonymous),
  file: (body: FileBody, idempotencyKey: string) =>
    api.post<FiledTicket>('/public/tickets', body, { ...anonymous, headers: { 'Idempotency-Key': idempotencyKey } }),
  track: (code: string) => api.get<TrackedTicket>(`/public/tickets/${encodeURIComponent(code)}`, undefined, anonymous),
  rate: (code: string, body: { satisfaction: string; comment?: string }) =>
    api.post<{ satisfaction: string; ratedAt: string }>(
      `/public/tickets/${encodeURIComponent(code)}/rating`,
      body,
      anonymous,
    ),
};

export const isNotFound = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION_FAILED');

/** errorText, with the wait of a rate-limit answer spelled out for residents. */
export function publicErrorText(error: unknown): string {
  if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
    const seconds = /(?<!\d)(\d+)\s*s\b/.exec(error.message)?.[1];
    return seconds ? `操作过于频繁，请等待 ${seconds} 秒后再试。` : '操作过于频繁，请稍后再试。';
  }
  return errorText(error);
}

export interface SavedRequest {
  trackingCode: string;
  number: string;
  itemName: string;
  createdAt: string;
}

const SAVED_KEY = 'gridflow.public.requests';
const SAVED_MAX = 10;

/** The requests filed from this phone, so a resident who lost the code can still find it. */
export const savedRequests = {
  list(): SavedRequest[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(SAVED_KEY) ?? '[]');
      return Array.isArray(parsed) ? (parsed as SavedRequest[]) : [];
    } catch {
      return [];
    }
  },
  add(request: SavedRequest) {
    const rest = savedRequests.list().filter((r) => r.trackingCode !== request.trackingCode);
    try {
      localStorage.setItem(SAVED_KEY, JSON.stringify([request, ...rest].slice(0, SAVED_MAX)));
    } catch {
      // Private browsing may refuse storage; the code is still shown on screen.
    }
  },
};
