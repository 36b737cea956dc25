import { DownloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Row,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { TOPIC_KIND_LABEL, TOPIC_STATUS_LABEL, type TopicKind, type TopicStatus } from '@gridflow/domain/topics';
import { api } from '../../api/client';
import type { Grid } from '../../api/types';
import { useUser } from '../../auth/auth';
import { CursorTable } from '../../components/cursor-table';
import { ErrorAlert, useNotify } from '../../components/feedback';
import { GridMap, type MapPoint } from '../../components/grid-map';
import { PageHeader } from '../../components/page-header';
import { formatTime, StatusTag } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { useCursorList } from '../../components/use-cursor-list';
import { AdoptModal, CloseModal } from './topic-modals';
import { ThresholdsModal } from './thresholds-modal';
import { KIND_COLOR, STATUS_COLOR, type Topic, type TopicDetail } from './topic-types';

/** Boundaries come one grid at a time (GET /grids/:code): the grids of the topics shown, at most this many. */
const MAX_POLYGONS = 30;

type KindFilter = TopicKind | 'all';
type StatusFilter = TopicStatus | 'all';

/**
 * 治理专题 (未诉先办, 每月一题): the recurring problems the detection found in my scope — a list
 * with filters, their centres on the map, a topic's tickets, 立项 and 办结, and the month's report.
 */
export function TopicsPage() {
  const user = useUser();
  const notify = useNotify();
  const [kind, setKind] = useState<KindFilter>('all');
  const [status, setStatus] = useState<StatusFilter>('open');
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [openId, setOpenId] = useState<string | null>(null);
  const [detecting, setDetecting] = useState(false);
  const [thresholdsOpen, setThresholdsOpen] = useState(false);
  const query = useMemo(
    () => ({ ...(kind === 'all' ? {} : { kind }), ...(status === 'all' ? {} : { status }) }),
    [kind, status],
  );
  const list = useCursorList<Topic>('/topics', query, { limit: 50 });
  const gridCodes = useMemo(
    () => [...new Set(list.items.flatMap((t) => t.gridCodes))].slice(0, MAX_POLYGONS),
    [list.items],
  );
  const grids = useApi(
    () => Promise.all(gridCodes.map((code) => api.get<Grid>(`/grids/${code}`).catch(() => null))),
    [gridCodes.join(',')],
  );
  const polygons = useMemo(
    () =>
      (grids.data ?? [])
        .filter((g): g is Grid => !!g)
        .map((g) => ({ code: g.code, name: g.name, boundary: g.boundary })),
    [grids.data],
  );
  const points: MapPoint[] = useMemo(
    () =>
      list.items
        .filter((t) => t.center)
        .map((t) => ({ id: t.id, lng: t.center!.lng, lat: t.center!.lat, color: KIND_COLOR[t.kind], label: t.title })),
    [list.items],
  );

  const detect = async () => {
    setDetecting(true);
    const r = await notify.run(api.post<{ created: number; grown: number; linked: number }>('/topics/detect'));
    setDetecting(false);
    if (r) {
      notify.success(`发现完成：新增专题 ${r.created} 个，更新 ${r.grown} 个，关联工单 ${r.linked} 件`);
      list.reload();
    }
  };
  const download = () =>
    notify.run(
      api.download(
        '/topics/monthly-report',
        { month: month.format('YYYY-MM'), scopeCode: user.scopeCode },
        `每月一题-${month.format('YYYY-MM')}.xlsx`,
      ),
    );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="治理专题"
        subtitle="未诉先办：同一事项在附近反复发生、同一地址反复反映、同一网格反复返工或不满意，自动归为专题"
        onRefresh={list.reload}
      >
        <DatePicker
          picker="month"
          value={month}
          onChange={(m) => m && setMonth(m)}
          allowClear={false}
          aria-label="报告月份"
        />
        <Button icon={<DownloadOutlined />} onClick={download}>
          下载每月一题
        </Button>
        {user.role === 'admin' && <Button onClick={() => setThresholdsOpen(true)}>发现阈值</Button>}
        {user.role === 'admin' && (
          <Button type="primary" icon={<ThunderboltOutlined />} loading={detecting} onClick={detect}>
            立即发现
          </Button>
        )}
      </PageHeader>
      <Card size="small">
        <Space wrap>
          <Segmented<KindFilter>
            aria-label="专题类型"
            value={kind}
            onChange={setKind}
            options={[
              { value: 'all', label: '全部类型' },
              ...(Object.keys(TOPIC_KIND_LABEL) as TopicKind[]).map((k) => ({ value: k, label: TOPIC_KIND_LABEL[k] })),
            ]}
          />
          <Segmented<StatusFilter>
            aria-label="专题状态"
            value={status}
            onChange={setStatus}
            options={[
              ...(Object.keys(TOPIC_STATUS_LABEL) as TopicStatus[]).map((s) => ({
                value: s,
                label: TOPIC_STATUS_LABEL[s],
              })),
              { value: 'all', label: '全部' },
            ]}
          />
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <CursorTable<Topic>
            list={list}
            framed
            showCount
            empty="暂无专题"
            onRow={(t) =>
              ({
                onClick: () => setOpenId(t.id),
                style: { cursor: 'pointer' },
                'data-topic-id': t.id,
              }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                title: '专题',
                dataIndex: 'title',
                render: (title: string, t) => (
                  <Space direction="vertical" size={0}>
                    <Typography.Link onClick={() => setOpenId(t.id)}>{title}</Typography.Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t.itemCode} {t.itemName}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: '类型',
                dataIndex: 'kind',
                render: (k: TopicKind) => <Tag color={KIND_COLOR[k]}>{TOPIC_KIND_LABEL[k]}</Tag>,
              },
              { title: '件数', dataIndex: 'ticketCount', align: 'right' },
              { title: '最近', dataIndex: 'lastAt', render: formatTime },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: TopicStatus) => <Tag color={STATUS_COLOR[s]}>{TOPIC_STATUS_LABEL[s]}</Tag>,
              },
            ]}
          />
        </Col>
        <Col xs={24} xl={10}>
          <Card title="专题地图" size="small">
            <ErrorAlert error={grids.error} onRetry={grids.reload} />
            <GridMap polygons={polygons} points={points} height={460} onPointClick={setOpenId} />
            <Space size={12} style={{ marginTop: 8 }} wrap>
              {(Object.keys(KIND_COLOR) as TopicKind[]).map((k) => (
                <Space key={k} size={4}>
                  <span
                    style={{
                      display: 'inline-block',
                      width: 10,
                      height: 10,
                      borderRadius: 5,
                      background: KIND_COLOR[k],
                    }}
                  />
                  <Typography.Text type="secondary">{TOPIC_KIND_LABEL[k]}</Typography.Text>
                </Space>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <ThresholdsModal open={thresholdsOpen} onClose={() => setThresholdsOpen(false)} />
      <TopicDrawer
        id={openId}
        onClose={() => setOpenId(null)}
        onChanged={(t) =>
          status === 'all' || t.status === status ? list.replace((x) => x.id === t.id, t) : list.reload()
        }
      />
    </Space>
  );
}

function TopicDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string | null;
  onClose: () => void;
  onChanged: (t: Topic) => void;
}) {
  const user = useUser();
  const [dialog, setDialog] = useState<'adopt' | 'close' | null>(null);
  const detail = useApi(() => (id ? api.get<TopicDetail>(`/topics/${id}`) : Promise.resolve(null)), [id]);
  const t = detail.data;
  const canAct = user.role === 'admin' || user.role === 'supervisor';
  const done = (next: TopicDetail) => {
    setDialog(null);
    onChanged(next);
    detail.reload();
  };
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={720}
      rootClassName="gf-topic-drawer"
      title={t?.title ?? '专题'}
      extra={
        t &&
        canAct && (
          <Space>
            {t.status === 'open' && (
              <Button type="primary" onClick={() => setDialog('adopt')}>
                立项
              </Button>
            )}
            {t.status !== 'closed' && <Button onClick={() => setDialog('close')}>办结</Button>}
          </Space>
        )
      }
    >
      <ErrorAlert error={detail.error} onRetry={detail.reload} />
      {t && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="类型">{TOPIC_KIND_LABEL[t.kind]}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLOR[t.status]}>{TOPIC_STATUS_LABEL[t.status]}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="事项">
              {t.itemCode} {t.itemName}
            </Descriptions.Item>
            <Descriptions.Item label="网格">{t.gridCodes.join('、')}</Descriptions.Item>
            <Descriptions.Item label="工单件数">{t.ticketCount}</Descriptions.Item>
            <Descriptions.Item label="涉及人数">{t.peopleCount}</Descriptions.Item>
            <Descriptions.Item label="不满意">{t.dissatisfiedCount}</Descriptions.Item>
            <Descriptions.Item label="时间">
              {formatTime(t.firstAt)} 至 {formatTime(t.lastAt)}
            </Descriptions.Item>
            {t.leadUnitCode && (
              <Descriptions.Item label="牵头单位">{t.leadUnitName ?? t.leadUnitCode}</Descriptions.Item>
            )}
            {t.dueAt && <Descriptions.Item label="办结期限">{formatTime(t.dueAt)}</Descriptions.Item>}
            {t.note && (
              <Descriptions.Item label="说明" span={2}>
                {t.note}
              </Descriptions.Item>
            )}
            {t.result && (
              <Descriptions.Item label="办理结果" span={2}>
                {t.result}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={t.tickets}
            title={() => `关联工单（${t.tickets.length}）`}
            columns={[
              {
                title: '工单编号',
                dataIndex: 'number',
                render: (n: string, r) => <Link to={`/tickets/${r.id}`}>{n}</Link>,
              },
              { title: '地址', dataIndex: 'address', render: (a: string | null) => a ?? '—' },
              { title: '状态', dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
              { title: '上报时间', dataIndex: 'createdAt', render: formatTime },
              {
                title: '返工/评价',
                render: (_, r) =>
                  [
                    r.reworkCount > 0 ? `返工${r.reworkCount}次` : null,
                    r.satisfaction === 'dissatisfied' ? '不满意' : null,
                  ]
                    .filter(Boolean)
                    .join('，') || '—',
              },
            ]}
          />
          <AdoptModal topic={t} open={dialog === 'adopt'} onClose={() => setDialog(null)} onDone={done} />
          <CloseModal topic={t} open={dialog === 'close'} onClose={() => setDialog(null)} onDone={done} />
        </Space>
      )}
    </Drawer>
  );
}
