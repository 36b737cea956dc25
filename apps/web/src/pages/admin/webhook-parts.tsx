import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Checkbox,
  Drawer,
  Form,
  Grid,
  Input,
  Modal,
  Radio,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { Link } from 'react-router';
import { SYSTEM_EVENT_TYPES, TRANSITION_EVENT_TYPES } from '@gridflow/domain/ticket-flow';
import { api } from '../../api/client';
import { EVENT_LABEL } from '../../api/labels';
import { CursorTable } from '../../components/cursor-table';
import { useNotify } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import { useCursorList } from '../../components/use-cursor-list';
import { validated } from './form-utils';
import { OrgTreeSelect } from './org-tree-select';
import { useSubmitGuard } from '../../components/use-submit-guard';

/** libs/webhooks WebhookView; `secret` only in the answers to create and rotate. */
export interface Webhook {
  id: string;
  url: string;
  eventTypes: string[];
  scopeCode: string;
  active: boolean;
  createdAt: string;
  secret?: string;
}

interface Delivery {
  id: string;
  eventType: string;
  /** `${ticketId}:${seq}` */
  eventKey: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Subscribes to every event type, now and future (libs/webhooks ALL_EVENTS). */
export const ALL_EVENTS = '*';

const EVENT_GROUPS = [
  { title: '工单流转', types: [...new Set(TRANSITION_EVENT_TYPES)] as string[] },
  {
    title: '系统事件',
    types: SYSTEM_EVENT_TYPES.filter((t) => !TRANSITION_EVENT_TYPES.includes(t as never)) as string[],
  },
];

export const eventLabel = (t: string) => (t === ALL_EVENTS ? '全部事件' : (EVENT_LABEL[t] ?? t));

const DELIVERY_STATUS: Record<Delivery['status'], { label: string; color: string }> = {
  pending: { label: '待推送', color: 'processing' },
  delivered: { label: '已送达', color: 'success' },
  failed: { label: '失败', color: 'error' },
};

interface FormValues {
  url: string;
  all: boolean;
  eventTypes: string[];
  scopeCode?: string;
  active?: boolean;
}

/** 新增/编辑推送 (POST /webhooks, PATCH /webhooks/:id). */
export function WebhookFormModal({
  open,
  hook,
  onClose,
  onSaved,
}: {
  open: boolean;
  hook: Webhook | null;
  onClose: () => void;
  onSaved: (hook: Webhook) => void;
}) {
  const [form] = Form.useForm<FormValues>();
  const all = Form.useWatch('all', form);
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();

  const submit = guard(async () => {
    const v = await validated(form);
    if (!v) return;
    const eventTypes = v.all ? [ALL_EVENTS] : v.eventTypes;
    const saved = hook
      ? await run(
          api.patch<Webhook>(`/webhooks/${hook.id}`, { url: v.url.trim(), eventTypes, active: v.active }),
          '已保存',
        )
      : await run(
          api.post<Webhook>('/webhooks', { url: v.url.trim(), eventTypes, scopeCode: v.scopeCode || undefined }),
          '已新增推送',
        );
    if (saved) onSaved(saved);
  });

  const subscribedAll = hook?.eventTypes.includes(ALL_EVENTS) ?? true;
  return (
    <Modal
      title={hook ? '编辑推送' : '新增推送'}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText={hook ? '保存' : '新增'}
      confirmLoading={saving}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          url: hook?.url ?? '',
          all: subscribedAll,
          eventTypes: subscribedAll ? [] : (hook?.eventTypes ?? []),
          active: hook?.active ?? true,
        }}
      >
        <Form.Item
          name="url"
          label="接收地址"
          extra="GridFlow 以 POST 推送 JSON，并带 X-GridFlow-Signature 签名头"
          rules={[
            { required: true, whitespace: true, message: '请输入接收地址' },
            { max: 2000, message: '最多 2000 个字符' },
            {
              validator: (_, v: string) => {
                if (!v) return Promise.resolve();
                try {
                  const u = new URL(v.trim());
                  return ['http:', 'https:'].includes(u.protocol) && u.hostname
                    ? Promise.resolve()
                    : Promise.reject(new Error('须为 http 或 https 地址'));
                } catch {
                  return Promise.reject(new Error('须为完整的网址，如 https://example.com/hooks/gridflow'));
                }
              },
            },
          ]}
        >
          <Input placeholder="https://example.com/hooks/gridflow" inputMode="url" />
        </Form.Item>
        <Form.Item name="all" label="订阅事件">
          <Radio.Group
            options={[
              { value: true, label: '全部事件（含今后新增的事件）' },
              { value: false, label: '指定事件' },
            ]}
          />
        </Form.Item>
        {!all && (
          <Form.Item
            name="eventTypes"
            rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个事件' }]}
          >
            <Checkbox.Group style={{ display: 'block' }}>
              {EVENT_GROUPS.map((g) => (
                <div key={g.title} style={{ marginBottom: 8 }}>
                  <Typography.Text type="secondary">{g.title}</Typography.Text>
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 0' }}>
                    {g.types.map((t) => (
                      <Checkbox key={t} value={t} style={{ width: 170 }}>
                        {eventLabel(t)}
                      </Checkbox>
                    ))}
                  </div>
                </div>
              ))}
            </Checkbox.Group>
          </Form.Item>
        )}
        {!hook && (
          <Form.Item
            name="scopeCode"
            label="推送范围（可选）"
            extra="只推送该范围内网格的工单事件；不选则为您的全部管辖范围"
          >
            <OrgTreeSelect placeholder="默认：我的管辖范围" allowClear ariaLabel="推送范围" />
          </Form.Item>
        )}
        {hook && (
          <Form.Item name="active" label="启用" valuePropName="checked" extra="停用后不再推送，待推送的记录将跳过">
            <Switch checkedChildren="启用" unCheckedChildren="停用" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** The signing secret, shown once (after create or rotate). */
export function SecretModal({ hook, onClose }: { hook: Webhook | null; onClose: () => void }) {
  return (
    <Modal
      title="签名密钥（仅显示这一次）"
      open={!!hook?.secret}
      onCancel={onClose}
      onOk={onClose}
      okText="我已保存"
      cancelButtonProps={{ style: { display: 'none' } }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="请立即复制并保存到接收方。关闭后无法再次查看；如遗失，只能轮换生成新密钥。"
      />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {hook?.url}
      </Typography.Paragraph>
      <Typography.Paragraph
        copyable={{ text: hook?.secret, tooltips: ['复制', '已复制'] }}
        style={{
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: 14,
          wordBreak: 'break-all',
          background: '#fafafa',
          border: '1px solid #f0f0f0',
          padding: 12,
          borderRadius: 6,
        }}
        data-testid="webhook-secret"
      >
        {hook?.secret}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
        验签：X-GridFlow-Signature = "sha256=" + HMAC-SHA256(密钥, X-GridFlow-Timestamp + "." + 请求体原文) 的十六进制。
      </Typography.Paragraph>
    </Modal>
  );
}

/** 推送记录 (GET /webhooks/:id/deliveries), newest first. */
export function DeliveriesDrawer({ hook, onClose }: { hook: Webhook | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const list = useCursorList<Delivery>(hook ? `/webhooks/${hook.id}/deliveries` : null);
  return (
    <Drawer
      title={hook ? `推送记录：${hook.url}` : '推送记录'}
      open={!!hook}
      onClose={onClose}
      size={screens.lg ? 960 : '100%'}
      destroyOnHidden
      extra={
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          刷新
        </Button>
      }
    >
      <CursorTable<Delivery>
        list={list}
        empty="还没有推送记录：工单发生所订阅的事件时才会推送"
        size="small"
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: formatTime },
          { title: '事件', dataIndex: 'eventType', render: eventLabel },
          {
            title: '工单',
            dataIndex: 'eventKey',
            render: (key: string) => {
              const [ticketId, seq] = key.split(':');
              return (
                <Link to={`/tickets/${ticketId}`}>
                  {ticketId.slice(0, 8)}… #{seq}
                </Link>
              );
            },
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: Delivery['status']) => (
              <Tag color={DELIVERY_STATUS[s]?.color}>{DELIVERY_STATUS[s]?.label ?? s}</Tag>
            ),
          },
          { title: '尝试次数', dataIndex: 'attempts', align: 'right' },
          { title: '最后响应', dataIndex: 'lastStatus', render: (s: number | null) => s ?? '—' },
          {
            title: '错误',
            dataIndex: 'lastError',
            render: (e: string | null) =>
              e ? (
                <Tooltip title={e}>
                  <Typography.Text type="danger" ellipsis style={{ maxWidth: 240 }}>
                    {e}
                  </Typography.Text>
                </Tooltip>
              ) : (
                '—'
              ),
          },
          { title: '送达时间', dataIndex: 'deliveredAt', render: formatTime },
        ]}
      />
    </Drawer>
  );
}
