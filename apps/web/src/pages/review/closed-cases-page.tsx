import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { SATISFACTION_LABEL } from '../../api/labels';
import type { Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { CursorTable } from '../../components/cursor-table';
import { ErrorAlert } from '../../components/feedback';
import { OverdueFilter } from '../../components/overdue-filter';
import { PageHeader } from '../../components/page-header';
import { useCursorList } from '../../components/use-cursor-list';
import { useTicketExport } from '../../components/use-ticket-export';
import { GridFilter, ItemFilter } from '../desk/lookup-filters';
import { type Lookups, useLookups } from '../desk/lookups';
import {
  assigneeColumn,
  gridColumn,
  itemColumn,
  numberColumn,
  ShortTime,
  statusColumn,
  ticketRow,
} from '../desk/ticket-columns';
import { CaseDrawer } from './case-drawer';

type ClosedStatus = 'archived' | 'verified' | 'rejected';

const STATUS_OPTIONS: { value: ClosedStatus; label: string }[] = [
  { value: 'archived', label: '已归档' },
  { value: 'verified', label: '已督查待归档' },
  { value: 'rejected', label: '已退回' },
];

const SATISFACTION_COLOR: Record<string, string> = {
  very_satisfied: 'green',
  satisfied: 'cyan',
  neutral: 'gold',
  dissatisfied: 'red',
};

function columns(lookups: Lookups, open: (t: Ticket) => void): ColumnType<Ticket>[] {
  return [
    numberColumn(),
    itemColumn(lookups),
    gridColumn(lookups),
    statusColumn(),
    assigneeColumn(),
    {
      title: '满意度',
      key: 'satisfaction',
      width: 96,
      render: (_, t) =>
        t.satisfaction ? (
          <Tag color={SATISFACTION_COLOR[t.satisfaction]}>{SATISFACTION_LABEL[t.satisfaction] ?? t.satisfaction}</Tag>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '返工',
      key: 'rework',
      width: 64,
      align: 'center',
      render: (_, t) => (t.reworkCount > 0 ? <Typography.Text type="warning">{t.reworkCount}</Typography.Text> : 0),
    },
    {
      title: '上报',
      key: 'escalations',
      width: 64,
      align: 'center',
      render: (_, t) => (t.escalations > 0 ? <Typography.Text type="danger">{t.escalations}</Typography.Text> : 0),
    },
    {
      title: (
        <Tooltip title="工单最后一次变动的时间；准确的结案时间见办理记录">
          <span>结案（更新）</span>
        </Tooltip>
      ),
      key: 'closed',
      width: 110,
      render: (_, t) => <ShortTime iso={t.updatedAt} />,
    },
    {
      title: '操作',
      key: 'open',
      width: 96,
      fixed: 'right',
      render: (_, t) => (
        <Button size="small" onClick={() => open(t)}>
          办理记录
        </Button>
      ),
    },
  ];
}

/** 办结案件: closed tickets of the scope, each with its full record and 完整性校验; Excel export. */
export function ClosedCasesPage() {
  const user = useUser();
  const lookups = useLookups(user.scopeCode);
  const [status, setStatus] = useState<ClosedStatus>('archived');
  const [gridCode, setGridCode] = useState<string>();
  const [itemCode, setItemCode] = useState<string>();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const { exporting, exportTickets } = useTicketExport();
  const [opened, setOpened] = useState<Ticket | null>(null);
  const [overdue, setOverdue] = useState(false);
  const query = useMemo(
    () => ({ status, gridCode, itemCode, overdue: overdue || undefined }),
    [status, gridCode, itemCode, overdue],
  );
  const list = useCursorList<Ticket>('/tickets', query);
  const cols = useMemo(() => columns(lookups, setOpened), [lookups]);

  const exportXlsx = () => {
    const [from, to] = period.map((d) => d.format('YYYY-MM-DD'));
    void exportTickets(from, to, { status, gridCode, itemCode, overdue: overdue || undefined });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="办结案件"
        subtitle="查看已结案工单的满意度、返工与上报情况，核验归档记录是否完整。"
        onRefresh={list.reload}
      />
      <Card>
        <ErrorAlert error={lookups.error} onRetry={lookups.reload} />
        <Flex wrap gap={12} align="center" style={{ marginBottom: 12 }}>
          <Segmented<ClosedStatus> value={status} options={STATUS_OPTIONS} onChange={setStatus} />
          <GridFilter lookups={lookups} value={gridCode} onChange={setGridCode} />
          <ItemFilter lookups={lookups} value={itemCode} onChange={setItemCode} />
          <OverdueFilter checked={overdue} onChange={setOverdue} />
        </Flex>
        <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
          <Typography.Text>导出时段（按点单日期）</Typography.Text>
          <DatePicker.RangePicker
            aria-label="导出时段"
            allowClear={false}
            value={period}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
          />
          <Button icon={<FileExcelOutlined />} onClick={exportXlsx} loading={exporting}>
            导出 Excel
          </Button>
        </Flex>
        <CursorTable<Ticket>
          list={list}
          showCount
          empty="没有符合条件的已结案工单"
          size="middle"
          columns={cols}
          scroll={{ x: 1020 }}
          onRow={ticketRow}
        />
      </Card>
      <CaseDrawer ticket={opened} lookups={lookups} onClose={() => setOpened(null)} />
    </Space>
  );
}
