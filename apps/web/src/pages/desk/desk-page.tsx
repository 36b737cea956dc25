import { EditOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Space, Switch, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { STATUS_LABEL } from '../../api/labels';
import type { Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { CursorTable } from '../../components/cursor-table';
import { ErrorAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useCursorList } from '../../components/use-cursor-list';
import type { BatchOutcome } from '../batch/batch-api';
import { BatchDispatchModal } from '../batch/batch-modals';
import { BatchBar, BatchOutcomeAlert, useOpenTicketRow, useTicketSelection } from '../batch/ticket-selection';
import { type DeskFilters, deskQuery, INITIAL_DESK_FILTERS } from './desk-filters';
import { GridFilter, ItemFilter } from './lookup-filters';
import { useLookups } from './lookups';
import { QueueSummary } from './queue-summary';
import {
  assigneeColumn,
  dueColumn,
  gridColumn,
  itemColumn,
  levelColumn,
  lightColumn,
  numberColumn,
  statusColumn,
  timeColumn,
} from './ticket-columns';

// Leaflet and its clusters load with the map, after the queue itself.
const DeskMap = lazy(() => import('./desk-map').then((m) => ({ default: m.DeskMap })));

const STATUS_OPTIONS = [
  { value: 'open', label: '全部在办' },
  ...Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label })),
];

/** 派单台: the community's queue, 超时 first, with filters and 加载更多. */
export function DeskPage() {
  const user = useUser();
  const navigate = useNavigate();
  const lookups = useLookups(user.scopeCode);
  const [filters, setFilters] = useState<DeskFilters>(INITIAL_DESK_FILTERS);
  const query = useMemo(() => deskQuery(filters), [filters]);
  const list = useCursorList<Ticket>('/tickets', query);
  const set = (patch: Partial<DeskFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const [summaryTick, setSummaryTick] = useState(0);
  const selection = useTicketSelection(list.items);
  const openRow = useOpenTicketRow();
  const [batchOpen, setBatchOpen] = useState(false);
  const [outcome, setOutcome] = useState<BatchOutcome | null>(null);

  const columns = [
    lightColumn<Ticket>(),
    numberColumn<Ticket>(),
    itemColumn<Ticket>(lookups),
    gridColumn<Ticket>(lookups),
    statusColumn<Ticket>(),
    levelColumn<Ticket>(),
    assigneeColumn<Ticket>(),
    dueColumn<Ticket>('当前环节时限'),
    timeColumn<Ticket>('点单时间', (t) => t.createdAt),
  ];

  const refresh = () => {
    list.reload();
    setSummaryTick((t) => t + 1);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader title="派单台" onRefresh={refresh}>
        <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/tickets/new')}>
          代群众点单
        </Button>
      </PageHeader>

      <QueueSummary
        refreshKey={summaryTick}
        onPick={(patch) => setFilters({ ...INITIAL_DESK_FILTERS, status: undefined, ...patch })}
      />

      <Suspense fallback={null}>
        <DeskMap scopeCode={user.scopeCode} refreshKey={summaryTick} />
      </Suspense>

      <Card>
        <ErrorAlert error={lookups.error} onRetry={lookups.reload} />
        <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
          <Select
            aria-label="状态"
            placeholder="全部状态"
            allowClear
            style={{ width: 140 }}
            value={filters.status}
            options={STATUS_OPTIONS}
            onChange={(status) => set({ status })}
          />
          <GridFilter lookups={lookups} value={filters.gridCode} onChange={(gridCode) => set({ gridCode })} />
          <ItemFilter lookups={lookups} value={filters.itemCode} onChange={(itemCode) => set({ itemCode })} />
          <Space>
            <Switch
              aria-label="只看超时"
              checked={filters.overdue}
              onChange={(overdue) => set({ overdue })}
              checkedChildren="超时"
              unCheckedChildren="全部"
            />
            <Typography.Text>只看超时</Typography.Text>
          </Space>
          <Button onClick={() => setFilters(INITIAL_DESK_FILTERS)}>重置</Button>
        </Flex>

        <BatchOutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />
        <BatchBar count={selection.selected.length} onClear={selection.clear}>
          <Button type="primary" size="small" icon={<SendOutlined />} onClick={() => setBatchOpen(true)}>
            批量派单
          </Button>
          <Button
            size="small"
            icon={<PrinterOutlined />}
            onClick={() => navigate(`/tickets/print?ids=${selection.selected.map((t) => t.id).join(',')}`)}
          >
            打印六联单
          </Button>
        </BatchBar>
        {batchOpen && (
          <BatchDispatchModal
            tickets={selection.selected}
            onClose={() => setBatchOpen(false)}
            onDone={(done) => {
              setOutcome(done);
              selection.clear();
              refresh();
            }}
          />
        )}

        <CursorTable<Ticket>
          list={list}
          showCount
          empty={filters.overdue ? '没有超时的工单' : '没有符合条件的工单'}
          size="middle"
          columns={columns}
          scroll={{ x: 980 }}
          rowSelection={selection.rowSelection}
          onRow={openRow}
        />
      </Card>
    </Space>
  );
}
