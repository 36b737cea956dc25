import { Descriptions, Skeleton } from 'antd';
import { api } from '../../api/client';
import { CHANNEL_LABEL, SATISFACTION_LABEL } from '../../api/labels';
import type { TicketDetail, TimelineEvent } from '../../api/types';
import { BeforeAfterPhotos } from '../../components/attachments';
import { ErrorAlert } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { PhoneLink } from '../../components/phone-link';

const lastOf = (events: TimelineEvent[], type: string) => events.filter((e) => e.type === type).at(-1);

/**
 * What a supervisor wants before opening a ticket: the resident and the request (lists carry
 * no reporter), the handler's result and the last callback. Loaded when the row is expanded.
 */
export function TicketBrief({ id }: { id: string }) {
  const detail = useApi(() => api.get<TicketDetail>(`/tickets/${id}`), [id]);
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={detail.reload} />;
  const t = detail.data;
  if (!t) return <Skeleton active paragraph={{ rows: 3 }} />;
  const resolved = lastOf(t.timeline, 'resolved');
  const verified = lastOf(t.timeline, 'verified');
  const data = (e: TimelineEvent | undefined, key: string) =>
    typeof e?.data?.[key] === 'string' ? (e.data[key] as string) : null;
  const satisfaction = data(verified, 'satisfaction') ?? t.satisfaction;
  return (
    <>
      <BeforeAfterPhotos timeline={t.timeline} />
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label="群众">{t.reporter?.name || '（未留姓名）'}</Descriptions.Item>
        <Descriptions.Item label="联系电话">
          <PhoneLink phone={t.reporter?.phone} empty="（未留电话）" />
        </Descriptions.Item>
        <Descriptions.Item label="诉求" span="filled">
          {t.description}
        </Descriptions.Item>
        {t.location?.address && (
          <Descriptions.Item label="地址" span="filled">
            {t.location.address}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="来源">{CHANNEL_LABEL[t.channel ?? ''] ?? t.channel ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="办结时间">{formatTime(resolved?.at)}</Descriptions.Item>
        <Descriptions.Item label="办理结果" span="filled">
          {data(resolved, 'result') ?? '—'}
        </Descriptions.Item>
        {verified && (
          <>
            <Descriptions.Item label="督查时间">{formatTime(verified.at)}</Descriptions.Item>
            <Descriptions.Item label="回访满意度">
              {satisfaction ? (SATISFACTION_LABEL[satisfaction] ?? satisfaction) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="回访记录" span="filled">
              {data(verified, 'callbackNote') ?? verified.comment ?? '—'}
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
    </>
  );
}
