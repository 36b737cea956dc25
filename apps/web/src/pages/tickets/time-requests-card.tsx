import { Button, Card, Flex, Form, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { TIME_REQUEST_KIND_LABEL } from '../../api/labels';
import type { Ticket, TimeRequest, User } from '../../api/types';
import { formatTime } from '../../components/ticket-bits';
import { ActionModal, optional, useTicketCall } from './action-modal';

const STATUS: Record<TimeRequest['status'], { text: string; color: string }> = {
  pending: { text: '待审批', color: 'gold' },
  approved: { text: '已批准', color: 'green' },
  refused: { text: '未批准', color: 'red' },
  ended: { text: '已结束', color: 'default' },
};

/** The approved suspension of the current step, if the ticket's clock is paused. */
export const activeSuspension = (requests: TimeRequest[]) =>
  requests.find((r) => r.kind === 'suspension' && r.status === 'approved');

type Decision = { request: TimeRequest; verb: 'approve' | 'refuse' };

/**
 * 延期与挂起 of this ticket (GET /tickets/:id/time-requests): supervisors approve or refuse
 * pending ones; a suspension is resumed by a supervisor, the assignee or whoever asked for it.
 */
export function TimeRequestsCard({
  ticket,
  requests,
  user,
  onDone,
}: {
  ticket: Ticket;
  requests: TimeRequest[];
  user: User;
  onDone: () => void;
}) {
  const call = useTicketCall(onDone);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [resuming, setResuming] = useState<string | null>(null);
  if (requests.length === 0) return null;
  const supervisor = user.role === 'supervisor';
  const base = `/tickets/${ticket.id}/time-requests`;

  const resume = async (r: TimeRequest) => {
    setResuming(r.id);
    await call(`${base}/${r.id}/resume`, {}, '已恢复计时');
    setResuming(null);
  };

  return (
    <Card size="small" title="延期与挂起申请" data-testid="time-requests">
      <Flex vertical gap={12}>
        {[...requests].reverse().map((r) => {
          const mayResume =
            r.kind === 'suspension' &&
            r.status === 'approved' &&
            (supervisor || ticket.assignee?.id === user.id || r.requestedBy.id === user.id);
          return (
            <div key={r.id} data-request-id={r.id} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Flex gap={6} align="center" wrap>
                <Typography.Text strong>申请{TIME_REQUEST_KIND_LABEL[r.kind]}</Typography.Text>
                <Tag color={STATUS[r.status].color}>
                  {r.kind === 'suspension' && r.status === 'approved' ? '挂起中' : STATUS[r.status].text}
                </Tag>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.requestedBy.displayName ?? '—'} · {formatTime(r.createdAt)}
              </Typography.Text>
              <div>原因：{r.reason}</div>
              {r.requestedDueAt && <div>申请延至：{formatTime(r.requestedDueAt)}</div>}
              {r.decidedBy && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {r.decidedBy.displayName} 于 {formatTime(r.decidedAt)} 审批
                  {r.decisionNote ? `：${r.decisionNote}` : ''}
                </Typography.Text>
              )}
              {r.endedAt && (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  结束于 {formatTime(r.endedAt)}
                </Typography.Text>
              )}
              {supervisor && r.status === 'pending' && (
                <Flex gap={8} style={{ marginTop: 6 }}>
                  <Button
                    type="primary"
                    style={{ flex: 1 }}
                    onClick={() => setDeciding({ request: r, verb: 'approve' })}
                  >
                    批准
                  </Button>
                  <Button danger style={{ flex: 1 }} onClick={() => setDeciding({ request: r, verb: 'refuse' })}>
                    驳回
                  </Button>
                </Flex>
              )}
              {mayResume && (
                <Button block style={{ marginTop: 6 }} loading={resuming === r.id} onClick={() => resume(r)}>
                  恢复计时
                </Button>
              )}
            </div>
          );
        })}
      </Flex>
      {deciding && (
        <ActionModal<{ note?: string }>
          title={`${deciding.verb === 'approve' ? '批准' : '驳回'}${TIME_REQUEST_KIND_LABEL[deciding.request.kind]}申请`}
          danger={deciding.verb === 'refuse'}
          onClose={() => setDeciding(null)}
          onSubmit={(v) =>
            call(
              `${base}/${deciding.request.id}/${deciding.verb}`,
              { note: optional(v.note) },
              deciding.verb === 'approve' ? '已批准' : '已驳回申请',
            )
          }
        >
          <Typography.Paragraph>原因：{deciding.request.reason}</Typography.Paragraph>
          {deciding.request.requestedDueAt && (
            <Typography.Paragraph>申请延至：{formatTime(deciding.request.requestedDueAt)}</Typography.Paragraph>
          )}
          <Form.Item
            name="note"
            label={deciding.verb === 'approve' ? '审批意见' : '驳回理由'}
            rules={[
              ...(deciding.verb === 'refuse' ? [{ required: true, whitespace: true, message: '请写明理由' }] : []),
              { max: 2000, message: '不超过 2000 字' },
            ]}
          >
            <Input.TextArea
              rows={3}
              maxLength={2000}
              placeholder={deciding.verb === 'approve' ? '选填' : '例如：时限充足，请按期办结'}
            />
          </Form.Item>
        </ActionModal>
      )}
    </Card>
  );
}
