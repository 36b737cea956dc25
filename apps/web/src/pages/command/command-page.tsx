import { FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Flex, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { LEVEL_LABEL } from '../../api/labels';
import type { components } from '../../api/schema';
import type { Page, Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/feedback';
import { GridMap } from '../../components/grid-map';
import { MapLegend } from '../../components/map-legend';
import { PageHeader } from '../../components/page-header';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { useScopeName } from '../../layout/use-scope-name';
import { ticketPoints } from '../desk/desk-map';

type OpenTickets = components['schemas']['OpenTicketsView'];
type Escalation = components['schemas']['EscalationItemView'];

/** How often the page asks for new escalations (admins get no 督办 notifications to push them). */
const ESCALATION_POLL_MS = 5_000;
/** How often the counts and the map are read again. */
const COUNTS_REFRESH_MS = 30_000;

const levelName = (level: string) => LEVEL_LABEL[level as keyof typeof LEVEL_LABEL] ?? level;

/**
 * The escalations of the admin's scope, newest first, kept current by polling
 * GET /command/escalations?since=; the ones that came while the page was open are marked 新.
 */
function useEscalations(onNew: () => void) {
  const [items, setItems] = useState<(Escalation & { fresh?: boolean })[]>([]);
  const [error, setError] = useState<unknown>(null);
  const onNewRef = useRef(onNew);
  onNewRef.current = onNew;
  useEffect(() => {
    let stopped = false;
    let newest: string | undefined;
    let first = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const { items: got } = await api.get<{ items: Escalation[] }>('/command/escalations', {
          limit: 20,
          since: newest,
        });
        if (stopped) return;
        setError(null);
        if (got.length) {
          newest = got[0].at;
          const fresh = !first;
          setItems((list) => [...got.map((e) => ({ ...e, fresh })), ...list].slice(0, 50));
          if (fresh) onNewRef.current();
        }
        first = false;
      } catch (err) {
        if (!stopped) setError(err);
      }
      if (!stopped) timer = setTimeout(() => void poll(), ESCALATION_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return { items, error };
}

const countColumns = (unit: string) => [
  { title: unit, dataIndex: 'name', key: 'name', render: (name: string | null, r: { key: string }) => name ?? r.key },
  { title: '在办', dataIndex: 'open', key: 'open', align: 'right' as const },
  {
    title: '超时',
    dataIndex: 'overdue',
    key: 'overdue',
    align: 'right' as const,
    render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
  },
  { title: '临期', dataIndex: 'warning', key: 'warning', align: 'right' as const },
];

function CountsTable({ title, unit, data }: { title: string; unit: string; data: OpenTickets | undefined }) {
  return (
    <Card title={title} size="small">
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={data?.rows ?? []}
        columns={countColumns(unit)}
        onRow={(r) => ({ 'data-unit': r.key }) as HTMLAttributes<HTMLElement>}
        scroll={{ y: 320 }}
      />
    </Card>
  );
}

/**
 * 指挥中心 for city and county admins: open and 超时 tickets now by county and township, the
 * escalations as they come, and the map; `wall`: the same without the console's frame, for a
 * wall display (full screen).
 */
export function CommandPage({ wall = false }: { wall?: boolean }) {
  const user = useUser();
  const navigate = useNavigate();
  const { notification } = App.useApp();
  const scopeName = useScopeName(user.scopeCode);
  const isCity = user.scopeCode.length === 4;
  const [tick, setTick] = useState(0);
  const byTownship = useApi(() => api.get<OpenTickets>('/command/open-tickets', { by: 'township' }), [tick]);
  const byCounty = useApi(
    () => (isCity ? api.get<OpenTickets>('/command/open-tickets', { by: 'county' }) : Promise.resolve(undefined)),
    [tick, isCity],
  );
  const tickets = useApi(
    () => api.get<Page<Ticket>>('/tickets', { status: 'open', sort: 'urgency', limit: 100 }),
    [tick],
  );
  const points = useMemo(() => ticketPoints(tickets.data?.items ?? []), [tickets.data]);
  const escalations = useEscalations(() => {
    notification.warning({ title: '新的升级督办', placement: 'topRight', duration: 5 });
    setTick((t) => t + 1);
  });

  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), COUNTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const enterWall = () => {
    // Full screen needs the click itself; the wall layout follows either way.
    document.documentElement.requestFullscreen?.().catch(() => undefined);
    navigate('/command/wall');
  };
  const leaveWall = () => {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    navigate('/command');
  };

  const total = byTownship.data?.total;
  const body = (
    <Flex vertical gap={16}>
      <ErrorAlert
        error={byTownship.error ?? byCounty.error ?? tickets.error ?? escalations.error}
        onRetry={() => setTick((t) => t + 1)}
      />
      <Row gutter={[16, 16]}>
        {(
          [
            ['在办工单', total?.open, undefined],
            ['超时', total?.overdue, '#cf1322'],
            ['临期', total?.warning, '#d48806'],
          ] as const
        ).map(([title, value, color]) => (
          <Col xs={8} key={title}>
            <Card size="small">
              <Statistic title={title} value={value ?? '—'} styles={{ content: { color } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="工单地图" size="small">
            <GridMap
              polygons={[]}
              points={points}
              height={wall ? 'calc(100vh - 330px)' : 420}
              onPointClick={(id) => navigate(`/tickets/${id}`)}
            />
            <Flex gap={16} style={{ marginTop: 8 }} wrap>
              <MapLegend />
              <Typography.Text type="secondary">最紧急的 {points.length} 件有定位的在办工单</Typography.Text>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <Card title="升级督办（实时）" size="small" data-testid="escalations">
              {escalations.items.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无升级" />
              ) : (
                <List
                  size="small"
                  style={{ maxHeight: 260, overflowY: 'auto' }}
                  dataSource={escalations.items}
                  renderItem={(e) => (
                    <List.Item
                      key={e.id}
                      data-testid="escalation"
                      data-ticket-id={e.ticketId}
                      onClick={() => navigate(`/tickets/${e.ticketId}`)}
                      style={{ cursor: 'pointer', background: e.fresh ? '#fff1f0' : undefined }}
                    >
                      <List.Item.Meta
                        title={
                          <Flex gap={6} wrap align="center">
                            {e.fresh && <Tag color="red">新</Tag>}
                            <Typography.Text strong>{e.number}</Typography.Text>
                            <Tag color={e.kind === 'auto' ? 'volcano' : 'orange'}>
                              {e.kind === 'auto' ? '超时督办' : '报大事'}
                            </Tag>
                            <span>
                              {levelName(e.fromLevel)} → {levelName(e.toLevel)}
                            </span>
                          </Flex>
                        }
                        description={`${e.itemName ?? e.itemCode} · ${e.gridName ?? e.gridCode ?? '待定位'} · ${formatTime(e.at)}${e.reason ? ` · ${e.reason}` : ''}`}
                      />
                    </List.Item>
                  )}
                />
              )}
            </Card>
            {isCity && <CountsTable title="按县区" unit="县区" data={byCounty.data} />}
            <CountsTable title="按乡镇街道" unit="乡镇街道" data={byTownship.data} />
          </Flex>
        </Col>
      </Row>
    </Flex>
  );

  if (wall)
    return (
      <div data-testid="command-wall" style={{ minHeight: '100vh', padding: 16, background: '#f0f2f5' }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            指挥中心 · {scopeName}
          </Typography.Title>
          <Button icon={<FullscreenExitOutlined />} onClick={leaveWall}>
            退出大屏
          </Button>
        </Flex>
        {body}
      </div>
    );
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title="指挥中心"
        subtitle={`${scopeName}：在办与超时工单、升级督办、工单地图`}
        onRefresh={() => setTick((t) => t + 1)}
      >
        <Button type="primary" icon={<FullscreenOutlined />} onClick={enterWall}>
          全屏大屏
        </Button>
      </PageHeader>
      {body}
    </Flex>
  );
}
