import type { TopicKind, TopicStatus } from '@gridflow/domain/topics';

/** GET /topics items (API.md "Governance topics"). */
export interface Topic {
  id: string;
  kind: TopicKind;
  title: string;
  itemCode: string;
  itemName: string;
  scopeCode: string;
  gridCodes: string[];
  center: { lng: number; lat: number } | null;
  ticketCount: number;
  firstAt: string;
  lastAt: string;
  status: TopicStatus;
}

/** GET /topics/:id */
export interface TopicDetail extends Topic {
  peopleCount: number;
  dissatisfiedCount: number;
  leadUnitCode: string | null;
  leadUnitName: string | null;
  dueAt: string | null;
  note: string | null;
  adoptedAt: string | null;
  adoptedBy: string | null;
  result: string | null;
  closedAt: string | null;
  closedBy: string | null;
  tickets: {
    id: string;
    number: string;
    status: string;
    itemCode: string;
    gridCode: string;
    address: string | null;
    location: { lng: number; lat: number } | null;
    createdAt: string;
    reworkCount: number;
    satisfaction: string | null;
  }[];
}

export const KIND_COLOR: Record<TopicKind, string> = {
  cluster: '#c8161d',
  repeat_address: '#d46b08',
  rework: '#722ed1',
};
export const STATUS_COLOR: Record<TopicStatus, string> = { open: 'red', adopted: 'processing', closed: 'default' };
