import { Card, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { STATUS_LABEL } from '../../api/labels';
import type { Grid, Page, Ticket } from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { MapLegend } from '../../components/map-legend';
import { GridMap, type MapPoint, type MapPolygon } from '../../components/grid-map';
import { LIGHT_COLOR, lightOf } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import type { Scope } from './scope-picker';

/** The newest open tickets, one page: the map is an overview, the desk has the full list. */
const TICKET_LIMIT = 100;
/** Boundaries come one grid at a time (GET /grids/:code); a community has a handful. */
const MAX_POLYGONS = 30;

interface MapData {
  tickets: Ticket[];
  grids: Grid[];
  /** the list stopped at TICKET_LIMIT */
  partial: boolean;
}

async function loadMap(scope: Scope): Promise<MapData> {
  const query = scope.level === 'grid' ? { status: 'open', gridCode: scope.code } : { status: 'open' };
  const [page, grids] = await Promise.all([
    api.get<Page<Ticket>>('/tickets', { ...query, limit: TICKET_LIMIT }),
    gridsOf(scope),
  ]);
  return {
    // The ticket list is of the user's whole scope; keep the chosen unit's.
    tickets: page.items.filter((t) => t.gridCode?.startsWith(scope.code)),
    grids,
    partial: page.nextCursor !== null,
  };
}

async function gridsOf(scope: Scope): Promise<Grid[]> {
  if (scope.level === 'grid') return [await api.get<Grid>(`/grids/${scope.code}`)];
  if (scope.level !== 'community') return [];
  const list = await api.get<Page<{ code: string }>>('/grids', {
    parentCode: scope.code,
    status: 'active',
    limit: MAX_POLYGONS,
  });
  return Promise.all(list.items.map((g) => api.get<Grid>(`/grids/${g.code}`)));
}

function polygonsOf(grids: Grid[], tickets: Ticket[]): MapPolygon[] {
  return grids.map((g) => {
    const mine = tickets.filter((t) => t.gridCode === g.code);
    const overdue = mine.filter((t) => t.overdue).length;
    const warning = mine.filter((t) => !t.overdue && t.warning).length;
    return {
      code: g.code,
      name: g.name,
      boundary: g.boundary,
      color: overdue ? LIGHT_COLOR.overdue : warning ? LIGHT_COLOR.warning : '#1677ff',
      info: `在办 ${mine.length} 件${overdue ? `，超时 ${overdue} 件` : ''}${warning ? `，临期 ${warning} 件` : ''}`,
    };
  });
}

const pointsOf = (tickets: Ticket[]): MapPoint[] =>
  tickets
    .filter((t) => t.location?.lng != null && t.location.lat != null)
    .map((t) => ({
      id: t.id,
      lng: t.location!.lng!,
      lat: t.location!.lat!,
      light: lightOf(t),
      label: `${t.number} ${STATUS_LABEL[t.status] ?? t.status}`,
    }));

/** 工单地图: the scope's grids (community or grid scopes) and its open tickets by 红黄绿灯. */
export function TicketMapCard({ scope }: { scope: Scope }) {
  const data = useApi(() => loadMap(scope), [scope.code, scope.level]);
  const tickets = useMemo(() => data.data?.tickets ?? [], [data.data]);
  const polygons = useMemo(() => polygonsOf(data.data?.grids ?? [], tickets), [data.data, tickets]);
  const points = useMemo(() => pointsOf(tickets), [tickets]);
  const located = points.length;
  return (
    <Card title="工单地图" loading={data.loading && !data.data}>
      <ErrorAlert error={data.error} onRetry={data.reload} />
      <GridMap polygons={polygons} points={points} height={380} />
      <Space wrap size={16} style={{ marginTop: 8 }}>
        <MapLegend />
        <Typography.Text type="secondary" data-testid="map-summary">
          在办工单 {tickets.length}
          {data.data?.partial ? '+' : ''} 件，其中 {located} 件有定位
          {scope.level !== 'grid' && scope.level !== 'community' ? '（选择村社可查看网格边界）' : ''}
          {data.data?.partial ? `；地图显示最新的 ${TICKET_LIMIT} 件` : ''}
        </Typography.Text>
      </Space>
    </Card>
  );
}
