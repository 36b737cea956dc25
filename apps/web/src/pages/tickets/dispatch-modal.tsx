import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Form, Input, Radio, Skeleton, Tag, Typography } from 'antd';
import { api } from '../../api/client';
import { ROLE_LABEL } from '../../api/labels';
import { ErrorAlert } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import type { ActionModalProps } from './action-modal';
import { ActionModal, optional, useTicketCall } from './action-modal';
import type { DispatchCandidate, DispatchSuggestions } from './ticket-types';

const GROUP_LABEL: Record<DispatchCandidate['group'], { text: string; color: string }> = {
  1: { text: '党员联系户', color: 'red' },
  2: { text: '本网格', color: 'blue' },
  3: { text: '本社区', color: 'default' },
};

/** 村社派单: the ranked candidates (GET /tickets/:id/dispatch-suggestions) with why each is suggested. */
export function DispatchModal({ ticket, onClose, onDone }: ActionModalProps) {
  const call = useTicketCall(onDone);
  const suggestions = useApi(
    () => api.get<DispatchSuggestions>(`/tickets/${ticket.id}/dispatch-suggestions`),
    [ticket.id],
  );
  const candidates = suggestions.data?.candidates ?? [];
  const nameOf = (id: string) => candidates.find((c) => c.userId === id)?.displayName ?? '';

  return (
    <ActionModal<{ assigneeId: string; comment?: string }>
      title="村社派单"
      onClose={onClose}
      onSubmit={(v) =>
        call(
          `/tickets/${ticket.id}/dispatch`,
          { assigneeId: v.assigneeId, comment: optional(v.comment) },
          `已派单给 ${nameOf(v.assigneeId)}`,
        )
      }
    >
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">
          推荐顺序：党员联系户 → 本网格 → 本社区，同组内在办工单少者优先
          {suggestions.data && `（${formatTime(suggestions.data.computedAt)} 计算）`}
        </Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={suggestions.reload} aria-label="刷新推荐" />
      </Flex>
      <ErrorAlert error={suggestions.error} onRetry={suggestions.reload} />
      {suggestions.loading && !suggestions.data ? (
        <Skeleton active />
      ) : (
        <Form.Item name="assigneeId" label="办理人" rules={[{ required: true, message: '请选择办理人' }]}>
          {candidates.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本社区暂无可派的党员或网格员" />
          ) : (
            <Radio.Group style={{ width: '100%' }}>
              <Flex vertical gap={8} style={{ maxHeight: 320, overflowY: 'auto' }}>
                {candidates.map((c, i) => (
                  <CandidateOption key={c.userId} candidate={c} rank={i + 1} />
                ))}
              </Flex>
            </Radio.Group>
          )}
        </Form.Item>
      )}
      <Form.Item name="comment" label="派单说明" rules={[{ max: 2000, message: '不超过 2000 字' }]}>
        <Input.TextArea rows={2} maxLength={2000} placeholder="选填" />
      </Form.Item>
    </ActionModal>
  );
}

export function CandidateOption({ candidate: c, rank }: { candidate: DispatchCandidate; rank: number }) {
  const group = GROUP_LABEL[c.group];
  return (
    <Radio
      value={c.userId}
      data-candidate-id={c.userId}
      style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8, marginInlineEnd: 0, width: '100%' }}
    >
      <Flex vertical gap={2}>
        <span>
          <Typography.Text type="secondary">#{rank} </Typography.Text>
          <Typography.Text strong>{c.displayName}</Typography.Text>
          <Typography.Text type="secondary">（{ROLE_LABEL[c.role] ?? c.role}）</Typography.Text>
        </span>
        <Flex gap={4} wrap>
          <Tag color={group.color}>{group.text}</Tag>
          <Tag>在办 {c.openLoad} 件</Tag>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.reasons.join('；')}
        </Typography.Text>
      </Flex>
    </Radio>
  );
}
