import { Card, Radio, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { STATUS_LABEL } from '../../api/labels';
import type { Grid, Page, Ticket, TicketStatus } from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { GridMap, type MapPoint } from '../../components/grid-map';
import { MapLegend } from '../../components/map-legend';
import { lightOf } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';

/** One page of tickets, 超时 first: the map shows the most urgent ones. */
const TICKET_LIMIT = 100;
/** Boundaries come one grid at a time (GET /grids/:code); a community has a handful. */
const MAX_POLYGONS = 30;

const STATUS_FILTERS: { value: TicketStatus | 'open'; label: string }[] = [
  { value: 'open', label: '全部在办' },
  ...(['submitted', 'accepted', 'dispatched', 'claimed', 'resolved'] as const).map((value) => ({
    value,
    label: STATUS_LABEL[value] ?? value,
  })),
];

export async function gridsUnder(scopeCode: string): Promise<Grid[]> {
  const list = await api.get<Page<{ code: string }>>('/grids', {
    parentCode: scopeCode,
    status: 'active',
    limit: MAX_POLYGONS,
  });
  return Promise.all(list.items.map((g) => api.get<Grid>(`/grids/${g.code}`)));
}

export const ticketPoints = (tickets: Ticket[]): MapPoint[] =>
  tickets
    .filter((t) => t.location?.lng != null && t.location.lat != null)
    .map((t) => ({
      id: t.id,
      lng: t.location!.lng!,
      lat: t.location!.lat!,
      light: lightOf(t),
      label: `${t.number} ${STATUS_LABEL[t.status] ?? t.status}`,
    }));

/**
 * 派单台 map: the scope's grids with their names and its open tickets, clustered and coloured by
 * 红黄绿灯 (the badge's rule), filtered by status; a click on a ticket opens it.
 */
export function DeskMap({ scopeCode, refreshKey }: { scopeCode: string; refreshKey: number }) {
  const navigate = useNavigate();
  const [status, setStatus] = useState<TicketStatus | 'open'>('open');
  const grids = useApi(() => gridsUnder(scopeCode), [scopeCode]);
  const tickets = useApi(
    () => api.get<Page<Ticket>>('/tickets', { status, sort: 'urgency', limit: TICKET_LIMIT }),
    [status, refreshKey],
  );
  const polygons = useMemo(
    () => (grids.data ?? []).map((g) => ({ code: g.code, name: g.name, boundary: g.boundary })),
    [grids.data],
  );
  const points = useMemo(() => ticketPoints(tickets.data?.items ?? []), [tickets.data]);
  const shown = tickets.data?.items.length ?? 0;
  return (
    <Card
      title="工单地图"
      size="small"
      extra={
        <Radio.Group
          aria-label="地图上显示的工单"
          size="small"
          optionType="button"
          value={status}
          options={STATUS_FILTERS}
          onChange={(e) => setStatus(e.target.value as TicketStatus | 'open')}
        />
      }
    >
      <ErrorAlert error={grids.error ?? tickets.error} onRetry={() => (grids.reload(), tickets.reload())} />
      <GridMap polygons={polygons} points={points} height={360} onPointClick={(id) => navigate(`/tickets/${id}`)} />
      <Space wrap size={16} style={{ marginTop: 8 }}>
        <MapLegend />
        <Typography.Text type="secondary" data-testid="desk-map-summary" data-status={status}>
          {tickets.loading
            ? '加载中…'
            : `${shown}${tickets.data?.nextCursor ? '+' : ''} 件，其中 ${points.length} 件有定位`}
          {tickets.data?.nextCursor ? `；地图显示最紧急的 ${TICKET_LIMIT} 件` : ''}
        </Typography.Text>
      </Space>
    </Card>
  );
}
