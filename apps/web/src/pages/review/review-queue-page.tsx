import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Tabs, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TableRowSelection } from 'antd/es/table/interface';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { SATISFACTION_LABEL } from '../../api/labels';
import type { Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { CursorTable } from '../../components/cursor-table';
import { ErrorAlert } from '../../components/feedback';
import { OverdueFilter } from '../../components/overdue-filter';
import { PageHeader } from '../../components/page-header';
import { type CursorList, useCursorList } from '../../components/use-cursor-list';
import type { BatchOutcome } from '../batch/batch-api';
import { BatchArchiveModal } from '../batch/batch-modals';
import { BatchBar, BatchOutcomeAlert, useOpenTicketRow, useTicketSelection } from '../batch/ticket-selection';
import { type Lookups, useLookups } from '../desk/lookups';
import {
  assigneeColumn,
  gridColumn,
  itemColumn,
  lightColumn,
  numberColumn,
  dueColumn,
  timeColumn,
} from '../desk/ticket-columns';
import { TicketBrief } from './ticket-brief';

type ReviewItem = Ticket & { resolvedAt: string | null; result: string | null };

function QueueTable<T extends Ticket>({
  list,
  columns,
  empty,
  rowSelection,
}: {
  list: CursorList<T>;
  columns: ColumnType<T>[];
  empty: string;
  rowSelection?: TableRowSelection<T>;
}) {
  const openRow = useOpenTicketRow();
  return (
    <CursorTable<T>
      list={list}
      showCount
      empty={empty}
      size="middle"
      columns={columns}
      scroll={{ x: 980 }}
      rowSelection={rowSelection}
      onRow={openRow}
      expandable={{ expandedRowRender: (t) => <TicketBrief id={t.id} />, columnWidth: 40 }}
    />
  );
}

const tabCount = <T,>(list: CursorList<T>) =>
  list.loading && list.items.length === 0 ? '' : `（${list.items.length}${list.hasMore ? '+' : ''}）`;

function openColumn<T extends Ticket>(label: string, go: (id: string) => void): ColumnType<T> {
  return {
    title: '操作',
    key: 'open',
    width: 96,
    fixed: 'right',
    render: (_, t) => (
      <Button type="primary" size="small" onClick={() => go(t.id)}>
        {label}
      </Button>
    ),
  };
}

/** The columns both queues start with. */
const leadColumns = <T extends Ticket>(lookups: Lookups): ColumnType<T>[] => [
  lightColumn(),
  numberColumn(),
  itemColumn(lookups),
  gridColumn(lookups),
  assigneeColumn('办理人'),
];

function verifyColumns(lookups: Lookups, go: (id: string) => void): ColumnType<ReviewItem>[] {
  return [
    ...leadColumns<ReviewItem>(lookups),
    timeColumn('办结时间', (t) => t.resolvedAt),
    {
      title: '办理结果',
      key: 'result',
      ellipsis: { showTitle: true },
      render: (_, t) => t.result ?? '—',
    },
    openColumn('去兑单', go),
  ];
}

function archiveColumns(lookups: Lookups, go: (id: string) => void): ColumnType<Ticket>[] {
  return [
    ...leadColumns<Ticket>(lookups),
    {
      title: '满意度',
      key: 'satisfaction',
      width: 90,
      render: (_, t) => (t.satisfaction ? (SATISFACTION_LABEL[t.satisfaction] ?? t.satisfaction) : '未回访'),
    },
    {
      title: '返工',
      key: 'rework',
      width: 70,
      render: (_, t) => (t.reworkCount > 0 ? <Tag color="orange">{t.reworkCount} 次</Tag> : '无'),
    },
    dueColumn('归档时限'),
    openColumn('去归档', go),
  ];
}

/** 督查兑单 queue: resolved tickets awaiting verification, verified ones awaiting 归档销单. */
export function ReviewQueuePage() {
  const user = useUser();
  const navigate = useNavigate();
  const lookups = useLookups(user.scopeCode);
  const [tab, setTab] = useState('verify');
  const [overdue, setOverdue] = useState(false);
  const verifyQuery = useMemo(() => ({ overdue: overdue || undefined }), [overdue]);
  const archiveQuery = useMemo(() => ({ status: 'verified', overdue: overdue || undefined }), [overdue]);
  const toVerify = useCursorList<ReviewItem>('/supervision/review-queue', verifyQuery);
  const toArchive = useCursorList<Ticket>('/tickets', archiveQuery);
  const go = useCallback((id: string) => navigate(`/tickets/${id}`), [navigate]);
  const vColumns = useMemo(() => verifyColumns(lookups, go), [lookups, go]);
  const aColumns = useMemo(() => archiveColumns(lookups, go), [lookups, go]);
  const selection = useTicketSelection(toArchive.items);
  const [batchOpen, setBatchOpen] = useState(false);
  const [outcome, setOutcome] = useState<BatchOutcome | null>(null);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="督查兑单"
        subtitle="电话回访群众、核实办理结果后督查兑单；督查通过的工单归档销单。展开一行可查看群众联系方式与办理结果。"
        onRefresh={() => {
          toVerify.reload();
          toArchive.reload();
        }}
      />
      <Card>
        <ErrorAlert error={lookups.error} onRetry={lookups.reload} />
        {/* Outside the tab bar: a checkbox in a tablist breaks its ARIA (axe aria-required-children). */}
        <Flex justify="flex-end">
          <OverdueFilter checked={overdue} onChange={setOverdue} />
        </Flex>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'verify',
              label: `待督查兑单${tabCount(toVerify)}`,
              children: (
                <QueueTable
                  list={toVerify}
                  columns={vColumns}
                  empty={overdue ? '没有超时的待督查工单' : '没有待督查的工单'}
                />
              ),
            },
            {
              key: 'archive',
              label: `待归档销单${tabCount(toArchive)}`,
              children: (
                <>
                  <BatchOutcomeAlert outcome={outcome} onClose={() => setOutcome(null)} />
                  <BatchBar count={selection.selected.length} onClear={selection.clear}>
                    <Button type="primary" size="small" onClick={() => setBatchOpen(true)}>
                      批量归档
                    </Button>
                    <Button
                      size="small"
                      icon={<PrinterOutlined />}
                      onClick={() => navigate(`/tickets/print?ids=${selection.selected.map((t) => t.id).join(',')}`)}
                    >
                      打印六联单
                    </Button>
                  </BatchBar>
                  <QueueTable
                    list={toArchive}
                    columns={aColumns}
                    empty={overdue ? '没有超时的待归档工单' : '没有待归档的工单'}
                    rowSelection={selection.rowSelection}
                  />
                  {batchOpen && (
                    <BatchArchiveModal
                      tickets={selection.selected}
                      onClose={() => setBatchOpen(false)}
                      onDone={(done) => {
                        setOutcome(done);
                        selection.clear();
                        toArchive.reload();
                      }}
                    />
                  )}
                </>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
