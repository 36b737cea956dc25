import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Popconfirm, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { CursorTable } from '../../components/cursor-table';
import { useNotify } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import { useCursorList } from '../../components/use-cursor-list';
import { useOrgNames } from './use-org-names';
import { ALL_EVENTS, DeliveriesDrawer, eventLabel, SecretModal, type Webhook, WebhookFormModal } from './webhook-parts';

/** 数据推送: outgoing webhooks for ticket events (a city's 12345 hotline, a county's platform …). */
export function AdminWebhooksPage() {
  const list = useCursorList<Webhook>('/webhooks');
  const names = useOrgNames(list.items.map((h) => h.scopeCode));
  const [editing, setEditing] = useState<{ hook: Webhook | null } | null>(null);
  const [secret, setSecret] = useState<Webhook | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const { run } = useNotify();

  const setActive = async (hook: Webhook, active: boolean) => {
    const saved = await run(api.patch<Webhook>(`/webhooks/${hook.id}`, { active }), active ? '已启用' : '已停用');
    if (saved) list.replace((h) => h.id === saved.id, saved);
  };

  const rotate = async (hook: Webhook) => {
    const saved = await run(api.post<Webhook>(`/webhooks/${hook.id}/rotate-secret`), '已生成新密钥');
    if (saved) setSecret(saved);
  };

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        数据推送
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">
            工单发生所订阅的事件时，向接收地址推送带签名的 JSON；失败会自动重试。
          </Typography.Text>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ hook: null })}>
            新增推送
          </Button>
        </Space>
      </Card>
      <CursorTable<Webhook>
        list={list}
        framed
        empty="还没有推送地址，点击「新增推送」添加"
        scroll={{ x: 'max-content' }}
        onRow={(h) => ({ 'data-webhook-id': h.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: '接收地址',
            dataIndex: 'url',
            render: (url: string) => (
              <Typography.Text copyable={{ text: url }} style={{ maxWidth: 360, wordBreak: 'break-all' }}>
                {url}
              </Typography.Text>
            ),
          },
          {
            title: '订阅事件',
            dataIndex: 'eventTypes',
            render: (types: string[]) =>
              types.includes(ALL_EVENTS) ? (
                <Tag color="blue">全部事件</Tag>
              ) : (
                <Tooltip title={types.map(eventLabel).join('、')}>
                  <Space size={[4, 4]} wrap style={{ maxWidth: 300 }}>
                    {types.slice(0, 4).map((t) => (
                      <Tag key={t}>{eventLabel(t)}</Tag>
                    ))}
                    {types.length > 4 && <Tag>等 {types.length} 个</Tag>}
                  </Space>
                </Tooltip>
              ),
          },
          {
            title: '推送范围',
            dataIndex: 'scopeCode',
            render: (c: string) => <span title={c}>{names[c] ?? c}</span>,
          },
          {
            title: '状态',
            dataIndex: 'active',
            render: (active: boolean, h) => (
              <Switch
                checked={active}
                checkedChildren="启用"
                unCheckedChildren="停用"
                aria-label={active ? '停用推送' : '启用推送'}
                onChange={(on) => setActive(h, on)}
              />
            ),
          },
          { title: '创建时间', dataIndex: 'createdAt', render: formatTime },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, h) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setEditing({ hook: h })}>
                  编辑
                </Button>
                <Popconfirm
                  title="轮换签名密钥？"
                  description="旧密钥立即失效，接收方须改用新密钥验签。"
                  okText="轮换"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => rotate(h)}
                >
                  <Button size="small" type="link">
                    轮换密钥
                  </Button>
                </Popconfirm>
                <Button size="small" type="link" onClick={() => setLogOf(h)}>
                  推送记录
                </Button>
              </Space>
            ),
          },
        ]}
      />

      <WebhookFormModal
        open={!!editing}
        hook={editing?.hook ?? null}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          const isNew = !editing?.hook;
          setEditing(null);
          if (isNew) {
            list.reload();
            setSecret(saved);
          } else list.replace((h) => h.id === saved.id, saved);
        }}
      />
      <SecretModal hook={secret} onClose={() => setSecret(null)} />
      <DeliveriesDrawer hook={logOf} onClose={() => setLogOf(null)} />
    </div>
  );
}
