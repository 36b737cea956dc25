import { Button, Descriptions, Divider, Drawer, Grid, Skeleton, Space } from 'antd';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { CHANNEL_LABEL, SATISFACTION_LABEL } from '../../api/labels';
import type { TicketDetail } from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { IntegrityCheck } from '../../components/integrity-check';
import { formatTime, TicketFlags, TicketTimeline } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import type { Lookups } from '../desk/lookups';
import { PhoneLink } from '../../components/phone-link';

const CLOSING_EVENTS = ['archived', 'rejected', 'verified'];

function CaseBody({ id, lookups }: { id: string; lookups: Lookups }) {
  const detail = useApi(() => api.get<TicketDetail>(`/tickets/${id}`), [id]);
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.reload} />;
  const t = detail.data;
  if (!t) return <Skeleton active paragraph={{ rows: 8 }} />;
  const closedAt = t.timeline.filter((e) => CLOSING_EVENTS.includes(e.type)).at(-1)?.at;
  return (
    <>
      <TicketFlags ticket={t} />
      <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }}>
        <Descriptions.Item label="事项">{lookups.itemName(t.itemCode)}</Descriptions.Item>
        <Descriptions.Item label="网格">
          {lookups.gridName(t.gridCode)}（{t.gridCode}）
        </Descriptions.Item>
        <Descriptions.Item label="诉求">{t.description}</Descriptions.Item>
        <Descriptions.Item label="来源">{CHANNEL_LABEL[t.channel ?? ''] ?? t.channel ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="群众">
          {t.reporter?.name}
          {t.reporter?.name && t.reporter?.phone ? '，' : ''}
          <PhoneLink phone={t.reporter?.phone} empty={t.reporter?.name ? '' : '—'} />
        </Descriptions.Item>
        <Descriptions.Item label="办理人">{t.assignee?.displayName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="满意度">
          {t.satisfaction ? (SATISFACTION_LABEL[t.satisfaction] ?? t.satisfaction) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="返工 / 上报">
          {t.reworkCount} 次 / {t.escalations} 次
        </Descriptions.Item>
        <Descriptions.Item label="点单时间">{formatTime(t.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="结案时间">{formatTime(closedAt)}</Descriptions.Item>
      </Descriptions>
      <Divider titlePlacement="start">归档封存</Divider>
      <IntegrityCheck ticketId={t.id} />
      <Divider titlePlacement="start">办理记录</Divider>
      <TicketTimeline events={t.timeline} channel={t.channel} />
    </>
  );
}

/** A closed case: its summary, the 完整性校验 of its sealed record, and the full timeline. */
export function CaseDrawer({
  ticket,
  lookups,
  onClose,
}: {
  ticket: { id: string; number: string } | null;
  lookups: Lookups;
  onClose: () => void;
}) {
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  return (
    <Drawer
      open={ticket !== null}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={ticket ? `工单 ${ticket.number}` : ''}
      destroyOnHidden
      extra={
        ticket && (
          <Space>
            <Button onClick={() => navigate(`/tickets/${ticket.id}`)}>打开工单</Button>
          </Space>
        )
      }
    >
      {ticket && (
        <div data-ticket-id={ticket.id}>
          <CaseBody id={ticket.id} lookups={lookups} />
        </div>
      )}
    </Drawer>
  );
}
