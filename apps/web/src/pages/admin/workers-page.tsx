import { Button, Col, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { WORKER_TYPE_LABEL } from '../../api/labels';
import { CursorTable } from '../../components/cursor-table';
import { useNotify } from '../../components/feedback';
import { useCursorList } from '../../components/use-cursor-list';
import { FilterBar, GridTreeFilter } from './filter-bar';
import { PolicePairingsTab } from './police-pairings-tab';
import { LinkButton } from './link-button';
import { useOrgNames } from './use-org-names';
import { WorkerDrawer } from './worker-drawer';
import { WorkerFormModal } from './worker-form-modal';
import { WORKER_TYPE_COLOR, WORKER_TYPE_OPTIONS, type WorkerDetail, type WorkerSummary } from './worker-types';

/** 网格力量: grid workers by grid and type, their records, and the police–grid pairings. */
export function AdminWorkersPage() {
  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        网格力量
      </Typography.Title>
      <Tabs
        items={[
          { key: 'workers', label: '网格员', children: <WorkersTab /> },
          { key: 'pairings', label: '警网组合', children: <PolicePairingsTab /> },
        ]}
      />
    </div>
  );
}

function WorkersTab() {
  const [gridCode, setGridCode] = useState<string | undefined>();
  const [type, setType] = useState<string | undefined>();
  const [party, setParty] = useState<string | undefined>();
  const [openId, setOpenId] = useState<string | null>(null);
  const [form, setForm] = useState<{ worker: WorkerDetail | null } | null>(null);
  const [savedAt, setSavedAt] = useState(0);
  const list = useCursorList<WorkerSummary>('/workers', { gridCode, type, partyMember: party });
  const names = useOrgNames(list.items.flatMap((w) => w.grids.map((g) => g.gridCode)));
  const { run } = useNotify();

  const edit = async (id: string) => {
    const worker = await run(api.get<WorkerDetail>(`/workers/${id}`));
    if (worker) setForm({ worker });
  };

  return (
    <>
      <FilterBar addText="新增网格员" onAdd={() => setForm({ worker: null })} addMd={6}>
        <Col xs={24} md={9}>
          <GridTreeFilter value={gridCode} onChange={setGridCode} />
        </Col>
        <Col xs={12} md={5}>
          <Select
            aria-label="类型"
            value={type}
            onChange={setType}
            allowClear
            placeholder="全部类型"
            options={WORKER_TYPE_OPTIONS}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={4}>
          <Select
            aria-label="党员"
            value={party}
            onChange={setParty}
            allowClear
            placeholder="党员与否"
            options={[
              { value: 'true', label: '党员' },
              { value: 'false', label: '非党员' },
            ]}
            style={{ width: '100%' }}
          />
        </Col>
      </FilterBar>
      <CursorTable<WorkerSummary>
        list={list}
        framed
        empty="没有符合条件的网格员"
        scroll={{ x: 'max-content' }}
        onRow={(w) => ({ 'data-worker-id': w.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: '姓名',
            dataIndex: 'name',
            render: (name: string, w) => <LinkButton onClick={() => setOpenId(w.id)}>{name}</LinkButton>,
          },
          { title: '电话', dataIndex: 'phone' },
          {
            title: '类型',
            dataIndex: 'type',
            render: (t: string) => <Tag color={WORKER_TYPE_COLOR[t]}>{WORKER_TYPE_LABEL[t] ?? t}</Tag>,
          },
          {
            title: '党员',
            dataIndex: 'partyMember',
            render: (p: boolean) =>
              p ? <Tag color="red">党员</Tag> : <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            title: '网格',
            dataIndex: 'grids',
            render: (grids: WorkerSummary['grids']) => (
              <Space size={[4, 4]} wrap style={{ maxWidth: 360 }}>
                {grids.map((g) => (
                  <Tag key={g.gridCode} title={g.gridCode}>
                    {names[g.gridCode] ?? g.gridCode}
                    {g.microGridName ? ` · ${g.microGridName}` : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: '状态',
            dataIndex: 'active',
            render: (a: boolean) => (a ? <Tag color="green">在岗</Tag> : <Tag>停用</Tag>),
          },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, w) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setOpenId(w.id)}>
                  详情
                </Button>
                <Button size="small" type="link" onClick={() => edit(w.id)}>
                  编辑
                </Button>
              </Space>
            ),
          },
        ]}
      />

      <WorkerDrawer
        workerId={openId}
        reloadKey={savedAt}
        onClose={() => setOpenId(null)}
        onEdit={(worker) => setForm({ worker })}
        onChanged={(w) => list.replace((x) => x.id === w.id, w)}
      />
      <WorkerFormModal
        open={!!form}
        worker={form?.worker ?? null}
        onClose={() => setForm(null)}
        onSaved={(saved) => {
          const isNew = !form?.worker;
          setForm(null);
          if (isNew) list.reload();
          else list.replace((x) => x.id === saved.id, saved);
          setSavedAt((n) => n + 1);
        }}
      />
    </>
  );
}
