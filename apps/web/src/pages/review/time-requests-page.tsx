import { Button, Card, Flex, Form, Input, Modal, Segmented, Select, Space, Tag, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { TIME_REQUEST_KIND_LABEL } from '../../api/labels';
import type { TimeRequest, TimeRequestKind, TimeRequestStatus } from '../../api/types';
import { useUser } from '../../auth/auth';
import { CursorTable } from '../../components/cursor-table';
import { useNotify } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { formatTime, fromNow, StatusTag } from '../../components/ticket-bits';
import { useCursorList } from '../../components/use-cursor-list';
import { type Lookups, useLookups } from '../desk/lookups';
import { ShortTime } from '../desk/ticket-columns';
import { useSubmitGuard } from '../../components/use-submit-guard';

/** GET /supervision/requests items (libs/tickets review.service): a request with its ticket. */
interface SupervisedRequest extends TimeRequest {
  ticket: {
    id: string;
    number: string;
    status: string;
    itemCode: string;
    gridCode: string;
    level: string;
    dueAt: string | null;
    suspended: boolean;
    assignee: { id: string; displayName: string | null } | null;
  };
}

const STATUS_OPTIONS: { value: TimeRequestStatus; label: string }[] = [
  { value: 'pending', label: '待审批' },
  { value: 'approved', label: '已批准' },
  { value: 'refused', label: '已驳回' },
  { value: 'ended', label: '已结束' },
];
const STATUS_COLOR: Record<TimeRequestStatus, string> = {
  pending: 'gold',
  approved: 'green',
  refused: 'red',
  ended: 'default',
};

type Decision = { kind: 'approve' | 'refuse' | 'resume'; request: SupervisedRequest };

const DECISION_TEXT = {
  approve: { title: '批准申请', ok: '批准', done: '已批准' },
  refuse: { title: '驳回申请', ok: '驳回', done: '已驳回申请' },
  resume: { title: '恢复计时', ok: '恢复计时', done: '已恢复计时' },
} as const;

function requestedText(r: TimeRequest) {
  if (r.kind === 'suspension') return '暂停计时，待恢复';
  return r.requestedDueAt ? `延至 ${formatTime(r.requestedDueAt)}` : '—';
}

/** Confirms a decision; approve takes an optional note, refuse (驳回) a required one (API: 1–2000 chars). */
function DecisionModal({
  decision,
  onClose,
  onDone,
}: {
  decision: Decision | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ note?: string }>();
  const { busy, guard } = useSubmitGuard();
  const notify = useNotify();
  if (!decision) return null;
  const { kind, request } = decision;
  const text = DECISION_TEXT[kind];

  const submit = guard(async () => {
    let trimmed: string | undefined;
    if (kind !== 'resume') {
      const values = await form.validateFields().catch(() => null);
      if (!values) return;
      trimmed = values.note?.trim();
    }
    const path = `/tickets/${request.ticketId}/time-requests/${request.id}/${kind}`;
    const done = await notify.run(api.post(path, trimmed ? { note: trimmed } : {}), text.done);
    if (done !== undefined) onDone();
  });

  return (
    <Modal
      open
      title={`${text.title}：工单 ${request.ticket.number}`}
      okText={text.ok}
      cancelText="取消"
      okButtonProps={{ danger: kind === 'refuse', loading: busy }}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {TIME_REQUEST_KIND_LABEL[request.kind]}申请 · 申请人 {request.requestedBy.displayName ?? '—'} ·{' '}
        {requestedText(request)}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">理由：{request.reason}</Typography.Paragraph>
      {kind === 'resume' ? (
        <Typography.Paragraph>恢复后时限按挂起前剩余的时间继续计算。确定恢复计时？</Typography.Paragraph>
      ) : (
        <Form form={form} layout="vertical">
          <Form.Item
            name="note"
            label={kind === 'refuse' ? '驳回理由' : '审批意见（选填）'}
            rules={[
              ...(kind === 'refuse' ? [{ required: true, whitespace: true, message: '请填写驳回理由' }] : []),
              { max: 2000, message: '不超过 2000 字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function columns(lookups: Lookups, decide: (d: Decision) => void): ColumnType<SupervisedRequest>[] {
  return [
    {
      title: '工单',
      key: 'ticket',
      width: 180,
      render: (_, r) => (
        <div>
          <Link to={`/tickets/${r.ticketId}`}>{r.ticket.number}</Link>
          <div>{lookups.itemName(r.ticket.itemCode)}</div>
          <Space size={4}>
            <StatusTag status={r.ticket.status} />
            {r.ticket.suspended && <Tag color="purple">挂起中</Tag>}
          </Space>
        </div>
      ),
    },
    {
      title: '类型',
      key: 'kind',
      width: 70,
      render: (_, r) => <Tag color={r.kind === 'extension' ? 'blue' : 'purple'}>{TIME_REQUEST_KIND_LABEL[r.kind]}</Tag>,
    },
    {
      title: '申请人',
      key: 'by',
      width: 120,
      render: (_, r) => (
        <div>
          <div>{r.requestedBy.displayName ?? '—'}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <ShortTime iso={r.createdAt} />
          </Typography.Text>
        </div>
      ),
    },
    { title: '理由', key: 'reason', render: (_, r) => r.reason },
    {
      title: '申请内容',
      key: 'requested',
      width: 170,
      render: (_, r) => (
        <div>
          <div>{requestedText(r)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.ticket.suspended
              ? '工单计时已暂停'
              : r.ticket.dueAt && `现时限 ${formatTime(r.ticket.dueAt)}（${fromNow(r.ticket.dueAt)}）`}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '状态',
      key: 'status',
      width: 130,
      render: (_, r) => (
        <div>
          <Tag color={STATUS_COLOR[r.status]}>{STATUS_OPTIONS.find((s) => s.value === r.status)?.label}</Tag>
          {r.decidedBy && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {r.decidedBy.displayName} {formatTime(r.decidedAt)}
              {r.decisionNote ? `：${r.decisionNote}` : ''}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 140,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4} wrap>
          {r.status === 'pending' && (
            <>
              <Button size="small" type="primary" onClick={() => decide({ kind: 'approve', request: r })}>
                批准
              </Button>
              <Button size="small" danger onClick={() => decide({ kind: 'refuse', request: r })}>
                驳回
              </Button>
            </>
          )}
          {r.status === 'approved' && r.kind === 'suspension' && r.ticket.suspended && (
            <Button size="small" onClick={() => decide({ kind: 'resume', request: r })}>
              恢复计时
            </Button>
          )}
        </Space>
      ),
    },
  ];
}

/** 延期与挂起: the requests of the scope's handlers, decided by the supervisor. */
export function TimeRequestsPage() {
  const user = useUser();
  const lookups = useLookups(user.scopeCode);
  const [status, setStatus] = useState<TimeRequestStatus>('pending');
  const [kind, setKind] = useState<TimeRequestKind | undefined>();
  const query = useMemo(() => ({ status, kind }), [status, kind]);
  const list = useCursorList<SupervisedRequest>('/supervision/requests', query);
  const [decision, setDecision] = useState<Decision | null>(null);
  const cols = useMemo(() => columns(lookups, setDecision), [lookups]);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="延期与挂起"
        subtitle="办理人申请延长当前环节时限（延期）或暂停计时（挂起），由督查员审批。"
        onRefresh={list.reload}
      />
      <Card>
        <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
          <Segmented<TimeRequestStatus> value={status} options={STATUS_OPTIONS} onChange={setStatus} />
          <Select<TimeRequestKind>
            aria-label="申请类型"
            placeholder="全部类型"
            allowClear
            style={{ width: 130 }}
            value={kind}
            onChange={setKind}
            options={Object.entries(TIME_REQUEST_KIND_LABEL).map(([value, label]) => ({
              value: value as TimeRequestKind,
              label,
            }))}
          />
        </Flex>
        <CursorTable<SupervisedRequest>
          list={list}
          showCount
          empty={`没有${STATUS_OPTIONS.find((s) => s.value === status)?.label}的${kind ? TIME_REQUEST_KIND_LABEL[kind] : ''}申请`}
          size="middle"
          columns={cols}
          scroll={{ x: 980 }}
          onRow={(r) =>
            ({ 'data-ticket-id': r.ticketId, 'data-request-id': r.id }) as React.HTMLAttributes<HTMLElement>
          }
        />
      </Card>
      <DecisionModal
        key={decision ? decision.kind + decision.request.id : 'none'}
        decision={decision}
        onClose={() => setDecision(null)}
        onDone={() => {
          setDecision(null);
          list.reload();
        }}
      />
    </Space>
  );
}
