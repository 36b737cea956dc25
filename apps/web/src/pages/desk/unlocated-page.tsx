import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { levelOf, LEVEL_LABEL } from '@gridflow/domain/org-code';
import { Alert, Button, Card, Col, Empty, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Grid, Page, Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { ErrorAlert, useNotify } from '../../components/feedback';
import { GridMap } from '../../components/grid-map';
import { PageHeader } from '../../components/page-header';
import { useApi } from '../../components/use-api';
import { gridsUnder } from './desk-map';

/** The unit an unlocated request waits at, in words: 村（社区）… with its code. */
const unitLabel = (code: string) => {
  const level = levelOf(code);
  return `${level ? LEVEL_LABEL[level] : '单位'} ${code}`;
};

const formatTime = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', {
    hour12: false,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

/**
 * 待定位: requests filed with only an address the address register did not know. The desk places
 * each one — a click on the map (its grid is the one containing the point) or a grid chosen from
 * the list — and it leaves this list for the grid's queue (POST /tickets/:id/locate).
 */
export function UnlocatedPage() {
  const user = useUser();
  const notify = useNotify();
  const list = useApi(() => api.get<Page<Ticket>>('/tickets', { unlocated: true, limit: 100 }), []);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = items.find((t) => t.id === selectedId) ?? items[0] ?? null;
  // The grids the desk may place into: those of its own scope.
  const grids = useApi(() => gridsUnder(user.scopeCode), [user.scopeCode]);
  const polygons = useMemo(
    () => (grids.data ?? []).map((g) => ({ code: g.code, name: g.name, boundary: g.boundary })),
    [grids.data],
  );
  const [picked, setPicked] = useState<{ lng: number; lat: number } | null>(null);
  const [pickedGrid, setPickedGrid] = useState<Grid | null | 'outside'>(null);
  const [chosenGrid, setChosenGrid] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setPicked(null);
    setPickedGrid(null);
    setChosenGrid(undefined);
  }, [selected?.id]);

  const pick = async (at: { lng: number; lat: number }) => {
    setPicked(at);
    setChosenGrid(undefined);
    setPickedGrid(null);
    try {
      setPickedGrid(await api.get<Grid>('/grids/locate', at));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setPickedGrid('outside');
      else notify.error(error);
    }
  };

  const place = async (body: { gridCode: string } | { location: { lng: number; lat: number } }) => {
    if (!selected) return;
    setBusy(true);
    const done = await notify.run(api.post<Ticket>(`/tickets/${selected.id}/locate`, body));
    setBusy(false);
    if (!done) return;
    const name = grids.data?.find((g) => g.code === done.gridCode)?.name ?? done.gridCode;
    notify.success(`工单 ${done.number} 已定位到 ${name}`);
    setSelectedId(null);
    list.reload();
  };

  const pointInfo =
    picked &&
    (pickedGrid === 'outside' ? (
      <Alert type="warning" showIcon message="该位置不在任何网格内，请重新点选" />
    ) : pickedGrid ? (
      <Typography.Text data-testid="picked-grid">
        所选位置属于：<b>{pickedGrid.name}</b>（{pickedGrid.code}）
      </Typography.Text>
    ) : (
      <Typography.Text type="secondary">正在查询所在网格…</Typography.Text>
    ));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="待定位"
        subtitle="只有地址、标准地址库未能匹配网格的诉求：在地图上点选位置或选择网格，定位后进入该网格的工单队列"
        onRefresh={() => (list.reload(), grids.reload())}
      />
      <ErrorAlert error={list.error ?? grids.error} onRetry={() => (list.reload(), grids.reload())} />
      <Row gutter={16}>
        <Col xs={24} lg={9}>
          <Card size="small" title={`待定位诉求（${items.length}${list.data?.nextCursor ? '+' : ''}）`}>
            <List
              loading={list.loading}
              dataSource={items}
              locale={{ emptyText: <Empty description="没有待定位的诉求" /> }}
              renderItem={(t) => (
                <List.Item
                  key={t.id}
                  data-testid="unlocated-item"
                  data-ticket-id={t.id}
                  onClick={() => setSelectedId(t.id)}
                  role="button"
                  tabIndex={0}
                  aria-pressed={t.id === selected?.id}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setSelectedId(t.id);
                    }
                  }}
                  style={{
                    cursor: 'pointer',
                    paddingInline: 8,
                    background: t.id === selected?.id ? '#e6f4ff' : undefined,
                  }}
                >
                  <List.Item.Meta
                    title={
                      <Space size={8} wrap>
                        <span>{t.number}</span>
                        <Tag color="orange">{unitLabel(t.orgCode)}</Tag>
                      </Space>
                    }
                    description={
                      <>
                        <div>
                          <EnvironmentOutlined /> {t.location?.address ?? '（无地址）'}
                        </div>
                        <Typography.Text type="secondary">
                          {formatTime(t.createdAt)} · {t.description.slice(0, 40)}
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            size="small"
            title={selected ? `定位工单 ${selected.number}` : '定位'}
            extra={selected && <Link to={`/tickets/${selected.id}`}>查看工单</Link>}
          >
            {selected ? (
              <Space direction="vertical" size={12} style={{ width: '100%' }}>
                <Typography.Text>
                  地址：<b data-testid="unlocated-address">{selected.location?.address ?? '（无地址）'}</b>
                </Typography.Text>
                <GridMap polygons={polygons} picked={picked} onPick={(at) => void pick(at)} height={420} />
                <Space wrap>
                  {pointInfo ?? <Typography.Text type="secondary">在地图上点选事发位置，或选择网格：</Typography.Text>}
                  <Button
                    type="primary"
                    icon={<AimOutlined />}
                    disabled={!picked || !pickedGrid || pickedGrid === 'outside'}
                    loading={busy}
                    onClick={() => picked && void place({ location: picked })}
                  >
                    定位到此处
                  </Button>
                </Space>
                <Space wrap>
                  <Select
                    aria-label="选择网格"
                    placeholder="选择网格"
                    style={{ minWidth: 260 }}
                    showSearch
                    optionFilterProp="label"
                    value={chosenGrid}
                    onChange={(v) => (setChosenGrid(v), setPicked(null), setPickedGrid(null))}
                    options={(grids.data ?? []).map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` }))}
                  />
                  <Button
                    disabled={!chosenGrid}
                    loading={busy}
                    onClick={() => chosenGrid && void place({ gridCode: chosenGrid })}
                  >
                    定位到该网格
                  </Button>
                </Space>
              </Space>
            ) : (
              <Empty description="没有待定位的诉求" />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
