import { ImportOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Segmented, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { GRID_TYPE_LABEL, WORKER_TYPE_LABEL } from '../../api/labels';
import type { OrgUnit } from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { GridMap, type MapPolygon } from '../../components/grid-map';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { fetchAll } from '../../components/use-cursor-list';
import { GeoJsonImportModal } from './geojson-import-modal';
import { EditGridModal, RetireGridModal } from './grid-modals';
import { GRID_STATUS_LABEL, type GridDetail, type GridSummary, HOUSEHOLDS_STANDARD } from './grid-types';
import { OrgTreeSelect } from './org-tree-select';

type StatusFilter = 'active' | 'retired' | 'all';

/** Every grid of a community (active and retired) with boundary and workers. */
async function loadCommunity(code: string) {
  const [unit, list] = await Promise.all([
    api.get<OrgUnit>(`/org-units/${code}`),
    fetchAll<GridSummary>('/grids', { parentCode: code }),
  ]);
  // The list has no boundaries or workers; a community has a handful of grids.
  const grids = await Promise.all(list.map((g) => api.get<GridDetail>(`/grids/${g.code}`)));
  grids.sort((a, b) => a.code.localeCompare(b.code));
  return { unit, grids };
}

/** 网格地图: one community's grids on the map and in a table; edit, import, sign board, retire. */
export function AdminGridsPage() {
  const [params, setParams] = useSearchParams();
  const community = params.get('community') ?? undefined;
  const [status, setStatus] = useState<StatusFilter>('active');
  const [focus, setFocus] = useState<string | null>(null);
  const [editing, setEditing] = useState<GridDetail | null>(null);
  const [retiring, setRetiring] = useState<GridDetail | null>(null);
  const [importing, setImporting] = useState(false);

  const loaded = useApi(() => (community ? loadCommunity(community) : Promise.resolve(null)), [community]);
  const data = loaded.data && loaded.data.unit.code === community ? loaded.data : null;
  const grids = useMemo(
    () => (data?.grids ?? []).filter((g) => status === 'all' || g.status === status),
    [data, status],
  );

  const polygons: MapPolygon[] = grids.map((g) => ({
    code: g.code,
    name: g.name,
    boundary: g.boundary,
    color:
      g.code === focus
        ? '#c8161d'
        : g.status === 'retired'
          ? '#8c8c8c'
          : g.householdsInStandard
            ? '#1677ff'
            : '#fa8c16',
    info: `${GRID_TYPE_LABEL[g.type] ?? g.type} · ${g.households} 户 · ${g.population} 人${g.status === 'retired' ? ' · 已撤销' : ''}`,
  }));

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        网格地图
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} md={10}>
            <OrgTreeSelect
              ariaLabel="选择村（社区）"
              value={community}
              onChange={(v) => {
                setFocus(null);
                setParams(v ? { community: String(v) } : {});
              }}
              selectable={['community']}
              deepest="community"
              placeholder="选择村（社区）"
            />
          </Col>
          <Col xs={24} md={14}>
            <Space wrap>
              <Segmented<StatusFilter>
                value={status}
                onChange={setStatus}
                options={[
                  { value: 'active', label: '在用' },
                  { value: 'retired', label: '已撤销' },
                  { value: 'all', label: '全部' },
                ]}
              />
              <Button icon={<ReloadOutlined />} onClick={loaded.reload} disabled={!community}>
                刷新
              </Button>
              <Button type="primary" icon={<ImportOutlined />} disabled={!data} onClick={() => setImporting(true)}>
                导入 GeoJSON
              </Button>
            </Space>
          </Col>
        </Row>
      </Card>

      {!community && (
        <Card>
          <Empty description="请先选择一个村（社区），查看和维护它的网格" />
        </Card>
      )}
      {community && <ErrorAlert error={loaded.error} onRetry={loaded.reload} />}
      {community && !data && loaded.loading && (
        <Card>
          <Spin style={{ display: 'block', margin: '48px auto' }} />
        </Card>
      )}

      {data && (
        <Row gutter={[16, 16]}>
          <Col xs={24}>
            <Card
              title={`${data.unit.name}（${data.unit.code}）`}
              extra={
                <Space size={4} wrap>
                  <Tag color="blue">户数达标</Tag>
                  <Tag color="orange">户数未达标</Tag>
                  <Tag>已撤销</Tag>
                </Space>
              }
              styles={{ body: { padding: 12 } }}
            >
              {grids.length ? (
                <GridMap polygons={polygons} height={380} onPolygonClick={setFocus} />
              ) : (
                <Empty
                  description={
                    status === 'active' ? '该村（社区）还没有在用的网格，可导入 GeoJSON 新建' : '没有符合条件的网格'
                  }
                />
              )}
            </Card>
          </Col>
          <Col xs={24}>
            <Card title={`网格（${grids.length}）`} styles={{ body: { padding: 0 } }}>
              <Table<GridDetail>
                rowKey="code"
                loading={loaded.loading}
                dataSource={grids}
                pagination={false}
                scroll={{ x: 'max-content' }}
                onRow={(g) => ({
                  onClick: () => setFocus(g.code),
                  'data-grid-code': g.code,
                  style: g.code === focus ? { background: '#fff1f0' } : undefined,
                })}
                locale={{ emptyText: <Empty description="没有符合条件的网格" /> }}
                columns={[
                  { title: '编码', dataIndex: 'code' },
                  { title: '名称', dataIndex: 'name' },
                  { title: '类型', dataIndex: 'type', render: (t: string) => GRID_TYPE_LABEL[t] ?? t },
                  { title: '户数', dataIndex: 'households', align: 'right' },
                  { title: '人口', dataIndex: 'population', align: 'right' },
                  {
                    title: '户数是否达标',
                    dataIndex: 'householdsInStandard',
                    render: (ok: boolean) =>
                      ok ? (
                        <Tag color="success">达标</Tag>
                      ) : (
                        <Tooltip title={`标准为每格 ${HOUSEHOLDS_STANDARD}`}>
                          <Tag color="warning">未达标</Tag>
                        </Tooltip>
                      ),
                  },
                  {
                    title: '状态',
                    dataIndex: 'status',
                    render: (s: string, g) =>
                      s === 'retired' ? (
                        <Tooltip title={`撤销于 ${formatTime(g.retiredAt)}`}>
                          <Tag>{GRID_STATUS_LABEL[s]}</Tag>
                        </Tooltip>
                      ) : (
                        <Tag color="green">{GRID_STATUS_LABEL[s] ?? s}</Tag>
                      ),
                  },
                  {
                    title: '网格员',
                    key: 'workers',
                    render: (_, g) => <WorkerList grid={g} />,
                  },
                  {
                    title: '操作',
                    key: 'actions',
                    fixed: 'right',
                    render: (_, g) => (
                      <Space size={4} onClick={(e) => e.stopPropagation()}>
                        <Button size="small" type="link" disabled={g.status !== 'active'} onClick={() => setEditing(g)}>
                          编辑
                        </Button>
                        <Button
                          size="small"
                          type="link"
                          href={`/sign-board/${g.code}`}
                          target="_blank"
                          rel="noopener noreferrer"
                        >
                          公示牌
                        </Button>
                        <Button
                          size="small"
                          type="link"
                          danger
                          disabled={g.status !== 'active'}
                          onClick={() => setRetiring(g)}
                        >
                          撤销
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}

      <EditGridModal
        grid={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          loaded.reload();
        }}
      />
      <RetireGridModal
        grid={retiring}
        onClose={() => setRetiring(null)}
        onRetired={() => {
          setRetiring(null);
          loaded.reload();
        }}
      />
      {data && importing && (
        <GeoJsonImportModal
          open
          community={{ code: data.unit.code, name: data.unit.name }}
          existing={data.grids}
          onClose={() => setImporting(false)}
          onImported={loaded.reload}
        />
      )}
    </div>
  );
}

function WorkerList({ grid }: { grid: GridDetail }) {
  if (!grid.workers.length)
    return grid.status === 'active' ? (
      <Tag color="error">未配备网格员</Tag>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );
  return (
    <Space size={[4, 4]} wrap style={{ maxWidth: 320 }}>
      {grid.status === 'active' && !grid.staffed && (
        <Tooltip title="网中有格、格内定人：每个网格至少配备一名专职或兼职网格员">
          <Tag color="error">缺专兼职</Tag>
        </Tooltip>
      )}
      {grid.workers.map((w) => (
        <Tooltip
          key={w.id}
          title={`${WORKER_TYPE_LABEL[w.type] ?? w.type} · ${w.phone}${w.microGridName ? ` · ${w.microGridName}` : ''}`}
        >
          <Tag color={w.type === 'full_time' ? 'red' : w.type === 'part_time' ? 'volcano' : undefined}>{w.name}</Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
