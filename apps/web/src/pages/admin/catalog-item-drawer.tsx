import { Descriptions, Drawer, Grid, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { api } from '../../api/client';
import { ITEM_STATUS_LABEL, TIER_LABEL } from '../../api/labels';
import { ErrorAlert } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import {
  type CatalogItemDetail,
  CLOCK_LABEL,
  formatLimit,
  ITEM_ACTION_LABEL,
  ITEM_STATUS_COLOR,
  LIMIT_STEPS,
} from './catalog-bits';

/** One matter with its limits and admission history (GET /catalog/items/:code). */
export function CatalogItemDrawer({ code, onClose }: { code: string | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const item = useApi(async () => {
    if (!code) return null;
    return { detail: await api.get<CatalogItemDetail>(`/catalog/items/${code}`) };
  }, [code]);
  const data = item.data?.detail.code === code ? item.data : null;
  const d = data?.detail;

  return (
    <Drawer
      title={d ? `${d.code} ${d.name}` : '事项详情'}
      open={!!code}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
    >
      <ErrorAlert error={item.error} onRetry={item.reload} />
      {!d && !item.error && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {d && (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'code', label: '事项编码', children: d.code },
              {
                key: 'status',
                label: '状态',
                children: <Tag color={ITEM_STATUS_COLOR[d.status]}>{ITEM_STATUS_LABEL[d.status] ?? d.status}</Tag>,
              },
              { key: 'tier', label: '办理层级', children: TIER_LABEL[d.tier] ?? d.tier },
              { key: 'urgent', label: '紧急事项', children: d.urgent ? <Tag color="red">紧急</Tag> : '否' },
              { key: 'dept', label: '责任部门', children: d.department },
              { key: 'clock', label: '计时方式', children: CLOCK_LABEL[d.clock ?? 'working'] },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            各环节时限
          </Typography.Title>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={LIMIT_STEPS.map(([key, label]) => ({ key, label }))}
            columns={[
              { title: '环节', dataIndex: 'label' },
              {
                title: '普通工单',
                key: 'normal',
                render: (_, r) => <LimitText seconds={d.limits[r.key]} clock={d.clock} />,
              },
              {
                title: '紧急工单',
                key: 'urgent',
                render: (_, r) => <LimitText seconds={(d.urgentLimits ?? d.limits)[r.key]} clock={d.clock} />,
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            准入记录
          </Typography.Title>
          <Timeline
            items={d.history.map((h, i) => ({
              key: i,
              color: h.action === 'retire' ? 'gray' : h.action === 'approve' ? 'green' : 'gold',
              content: (
                <div>
                  <Typography.Text strong>{ITEM_ACTION_LABEL[h.action] ?? h.action}</Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {formatTime(h.at)} · {h.actor ? h.actor.displayName : '系统'}
                  </Typography.Text>
                  <div>
                    {h.fromStatus ? `${ITEM_STATUS_LABEL[h.fromStatus] ?? h.fromStatus} → ` : ''}
                    {ITEM_STATUS_LABEL[h.toStatus] ?? h.toStatus}
                  </div>
                  {h.reason && (
                    <Typography.Paragraph style={{ marginBottom: 0 }}>理由：{h.reason}</Typography.Paragraph>
                  )}
                </div>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}

function LimitText({ seconds, clock }: { seconds: number | undefined; clock?: string }) {
  return <span title={seconds !== undefined ? `${seconds} 秒` : undefined}>{formatLimit(seconds, clock)}</span>;
}
