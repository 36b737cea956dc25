import { Card, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Sms } from '../../api/types';
import { CursorTable } from '../../components/cursor-table';
import { formatTime } from '../../components/ticket-bits';
import { useCursorList } from '../../components/use-cursor-list';

const KIND_LABEL: Record<Sms['kind'], string> = { filed: '受理回执', verified: '办结告知' };

const STATUS_TAG: Record<Sms['status'], { color: string; label: string }> = {
  queued: { color: 'processing', label: '发送中' },
  sent: { color: 'success', label: '已发送' },
  failed: { color: 'error', label: '发送失败' },
};

type StatusFilter = Sms['status'] | 'all';

/** 短信记录: the SMS residents were sent (tracking code on filing, result on 督查兑单). */
export function AdminSmsPage() {
  const [status, setStatus] = useState<StatusFilter>('all');
  const query = useMemo(() => (status === 'all' ? {} : { status }), [status]);
  const list = useCursorList<Sms>('/sms', query);

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        短信记录
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">
            群众留有手机号的工单：受理时发送查询码，督查兑单通过后告知结果。号码仅显示脱敏后的形式。
          </Typography.Text>
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'all', label: '全部' },
              { value: 'sent', label: '已发送' },
              { value: 'queued', label: '发送中' },
              { value: 'failed', label: '发送失败' },
            ]}
          />
        </Space>
      </Card>
      <CursorTable<Sms>
        list={list}
        framed
        empty="暂无短信"
        scroll={{ x: 'max-content' }}
        onRow={(s) => ({ 'data-sms-id': s.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: formatTime },
          {
            title: '工单编号',
            dataIndex: 'ticketNumber',
            render: (number: string, s) => <Link to={`/tickets/${s.ticketId}`}>{number}</Link>,
          },
          { title: '手机号', dataIndex: 'phone' },
          { title: '类型', dataIndex: 'kind', render: (k: Sms['kind']) => <Tag>{KIND_LABEL[k] ?? k}</Tag> },
          {
            title: '内容',
            dataIndex: 'text',
            render: (text: string) => (
              <Typography.Paragraph style={{ maxWidth: 420, marginBottom: 0, whiteSpace: 'normal' }}>
                {text}
              </Typography.Paragraph>
            ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (st: Sms['status'], s) => {
              const tag = <Tag color={STATUS_TAG[st]?.color}>{STATUS_TAG[st]?.label ?? st}</Tag>;
              return s.lastError ? <Tooltip title={s.lastError}>{tag}</Tooltip> : tag;
            },
          },
          { title: '尝试次数', dataIndex: 'attempts' },
        ]}
      />
    </div>
  );
}
