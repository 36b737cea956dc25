import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Segmented, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ITEM_STATUS_LABEL, TIER_LABEL } from '../../api/labels';
import type { CatalogCategory, CatalogItem } from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { useApi } from '../../components/use-api';
import { CLOCK_LABEL, formatLimit, ITEM_STATUS_COLOR, LIMIT_STEPS } from './catalog-bits';
import { CatalogItemDrawer } from './catalog-item-drawer';
import { ItemDecisionModal, ProposeItemModal } from './catalog-modals';
import { LinkButton } from './link-button';

type StatusFilter = 'all' | CatalogItem['status'];

/** 准入事项: the matter catalogue (凭票上车) with its admission lifecycle. */
export function AdminCatalogPage() {
  const catalog = useApi(() => api.get<CatalogCategory[]>('/catalog', { status: 'all' }), []);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [proposing, setProposing] = useState(false);
  const [decision, setDecision] = useState<{ item: CatalogItem; action: 'approve' | 'retire' } | null>(null);
  const [openCode, setOpenCode] = useState<string | null>(null);
  const categories = catalog.data ?? [];
  const items = categories.flatMap((c) => c.items);
  const count = (s: CatalogItem['status']) => items.filter((i) => i.status === s).length;

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        准入事项
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Segmented<StatusFilter>
              value={status}
              onChange={setStatus}
              options={[
                { value: 'all', label: `全部 ${items.length}` },
                { value: 'proposed', label: `待审批 ${count('proposed')}` },
                { value: 'active', label: `已准入 ${count('active')}` },
                { value: 'retired', label: `已退出 ${count('retired')}` },
              ]}
            />
            <Button icon={<ReloadOutlined />} onClick={catalog.reload}>
              刷新
            </Button>
          </Space>
          <Button type="primary" icon={<PlusOutlined />} disabled={!catalog.data} onClick={() => setProposing(true)}>
            提出新事项
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          网格员只承接清单内已准入的事项（凭票上车）：{categories.length} 类 {count('active')}{' '}
          项已准入。时限按计时方式计算，工作时间每工作日 7 小时。
        </Typography.Paragraph>
      </Card>

      <ErrorAlert error={catalog.error} onRetry={catalog.reload} />
      {!catalog.data && catalog.loading && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {catalog.data && categories.length === 0 && (
        <Card>
          <Empty description="事项清单为空" />
        </Card>
      )}

      {categories.map((c) => {
        const rows = c.items.filter((i) => status === 'all' || i.status === status);
        if (status !== 'all' && rows.length === 0) return null;
        return (
          <Card
            key={c.code}
            title={`${c.code} ${c.name}`}
            extra={<Typography.Text type="secondary">{c.items.length} 项</Typography.Text>}
            style={{ marginBottom: 16 }}
            styles={{ body: { padding: 0 } }}
            data-category={c.code}
          >
            <Table<CatalogItem>
              rowKey="code"
              size="middle"
              dataSource={rows}
              pagination={false}
              loading={catalog.loading}
              tableLayout="fixed"
              scroll={{ x: 1200 }}
              onRow={(i) => ({ 'data-item-code': i.code }) as React.HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该类别下暂无事项" /> }}
              columns={[
                { title: '编码', dataIndex: 'code', width: 72 },
                {
                  title: '名称',
                  width: 190,
                  dataIndex: 'name',
                  render: (name: string, i) => <LinkButton onClick={() => setOpenCode(i.code)}>{name}</LinkButton>,
                },
                {
                  title: '状态',
                  width: 90,
                  dataIndex: 'status',
                  render: (s: string) => <Tag color={ITEM_STATUS_COLOR[s]}>{ITEM_STATUS_LABEL[s] ?? s}</Tag>,
                },
                {
                  title: '办理层级',
                  width: 90,
                  dataIndex: 'tier',
                  render: (t: string) => (
                    <Tooltip title={TIER_LABEL[t]}>
                      <Tag color={t === 'grid' ? 'blue' : 'purple'}>{t === 'grid' ? '办小事' : '报大事'}</Tag>
                    </Tooltip>
                  ),
                },
                {
                  title: '紧急',
                  width: 70,
                  dataIndex: 'urgent',
                  render: (u: boolean) =>
                    u ? <Tag color="red">紧急</Tag> : <Typography.Text type="secondary">—</Typography.Text>,
                },
                { title: '责任部门', width: 100, dataIndex: 'department' },
                {
                  title: '时限',
                  width: 320,
                  key: 'limits',
                  render: (_, i) => <Limits item={i} />,
                },
                {
                  title: '计时',
                  width: 90,
                  dataIndex: 'clock',
                  render: (clk: string | undefined) => CLOCK_LABEL[clk ?? 'working'] ?? clk,
                },
                {
                  title: '操作',
                  width: 170,
                  key: 'actions',
                  fixed: 'right',
                  render: (_, i) => (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => setOpenCode(i.code)}>
                        详情
                      </Button>
                      {i.status === 'proposed' && (
                        <Button size="small" type="link" onClick={() => setDecision({ item: i, action: 'approve' })}>
                          准入
                        </Button>
                      )}
                      {i.status !== 'retired' && (
                        <Button
                          size="small"
                          type="link"
                          danger
                          onClick={() => setDecision({ item: i, action: 'retire' })}
                        >
                          退出
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        );
      })}

      {catalog.data && (
        <ProposeItemModal
          open={proposing}
          categories={categories}
          onClose={() => setProposing(false)}
          onProposed={() => {
            setProposing(false);
            setStatus('proposed');
            catalog.reload();
          }}
        />
      )}
      <ItemDecisionModal
        decision={decision}
        onClose={() => setDecision(null)}
        onDone={() => {
          setDecision(null);
          catalog.reload();
        }}
      />
      <CatalogItemDrawer code={openCode} onClose={() => setOpenCode(null)} />
    </div>
  );
}

/** The six step limits in one compact line; the exact hours in the tooltip. */
function Limits({ item }: { item: CatalogItem }) {
  const clock = item.clock ?? 'working';
  const exact = LIMIT_STEPS.map(
    ([key, label]) => `${label} ${Math.round((item.limits[key] / 3600) * 100) / 100} 小时`,
  ).join('，');
  return (
    <Tooltip title={`${CLOCK_LABEL[clock]}：${exact}`}>
      <Space size={[8, 0]} wrap style={{ maxWidth: 290, fontSize: 13 }}>
        {LIMIT_STEPS.map(([key, label]) => (
          <span key={key}>
            <Typography.Text type="secondary">{label}</Typography.Text> {formatLimit(item.limits[key], clock)}
          </span>
        ))}
      </Space>
    </Tooltip>
  );
}
