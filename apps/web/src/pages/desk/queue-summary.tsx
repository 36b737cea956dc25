import { Card, Col, Row, Statistic, Tooltip } from 'antd';
import { api, type Query } from '../../api/client';
import type { Page, Ticket } from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { useApi } from '../../components/use-api';
import type { DeskFilters } from './desk-filters';

/** Counting by listing: a queue longer than one page shows as "100+". */
const COUNT_LIMIT = 100;

interface Tile {
  key: string;
  title: string;
  query: Query;
  filters: Partial<DeskFilters>;
  color?: string;
  hint: string;
}

const TILES: Tile[] = [
  {
    key: 'submitted',
    title: '待接单',
    query: { status: 'submitted' },
    filters: { status: 'submitted' },
    color: '#1677ff',
    hint: '群众已点单，等待网格接单',
  },
  {
    key: 'accepted',
    title: '待派单',
    query: { status: 'accepted' },
    filters: { status: 'accepted' },
    color: '#2f54eb',
    hint: '网格已接单，等待村社派单',
  },
  {
    key: 'overdue',
    title: '超时',
    query: { status: 'open', overdue: true },
    filters: { status: 'open', overdue: true },
    color: '#cf1322',
    hint: '在办工单中已超过时限的',
  },
];

async function count(query: Query) {
  const page = await api.get<Page<Ticket>>('/tickets', { ...query, limit: COUNT_LIMIT });
  return { n: page.items.length, more: page.nextCursor !== null };
}

/** 待接单 / 待派单 / 超时 counts of the scope; a tile click filters the table to it. */
export function QueueSummary({
  refreshKey,
  onPick,
}: {
  refreshKey: number;
  onPick: (filters: Partial<DeskFilters>) => void;
}) {
  const counts = useApi(() => Promise.all(TILES.map((t) => count(t.query))), [refreshKey]);
  return (
    <>
      <ErrorAlert error={counts.error} onRetry={counts.reload} />
      <Row gutter={[16, 16]}>
        {TILES.map((tile, i) => {
          const c = counts.data?.[i];
          return (
            <Col xs={8} key={tile.key}>
              <Tooltip title={`${tile.hint}（点击筛选）`}>
                <Card
                  hoverable
                  size="small"
                  role="button"
                  data-testid={`count-${tile.key}`}
                  onClick={() => onPick(tile.filters)}
                >
                  <Statistic
                    title={tile.title}
                    loading={counts.loading && !counts.data}
                    value={c ? `${c.n}${c.more ? '+' : ''}` : '—'}
                    styles={{ content: { color: tile.color } }}
                  />
                </Card>
              </Tooltip>
            </Col>
          );
        })}
      </Row>
    </>
  );
}
