import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { WORKER_TYPE_LABEL } from '../../api/labels';
import type { Page } from '../../api/types';
import { CursorTable } from '../../components/cursor-table';
import { useNotify } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { useCursorList } from '../../components/use-cursor-list';
import { FilterBar, GridTreeFilter } from './filter-bar';
import { validated } from './form-utils';
import { OrgTreeSelect } from './org-tree-select';
import { useOrgNames } from './use-org-names';
import { PAIRING_KIND_LABEL, PHONE_RULE, type PolicePairing, type WorkerSummary } from './worker-types';
import { useSubmitGuard } from '../../components/use-submit-guard';

const workerNames = new Map<string, Promise<string>>();

/** Names of workers by id (a pairing carries ids only). */
function useWorkerNames(ids: string[]) {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(ids)].sort().join();
  useEffect(() => {
    let live = true;
    for (const id of key.split(',').filter(Boolean)) {
      if (!workerNames.has(id))
        workerNames.set(
          id,
          api.get<WorkerSummary>(`/workers/${id}`).then(
            (w) => w.name,
            () => '',
          ),
        );
      void workerNames.get(id)!.then((name) => live && name && setNames((n) => ({ ...n, [id]: name })));
    }
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

/** 警网组合: police–grid pairings, urban "1+2+N" and rural "1+N". */
export function PolicePairingsTab() {
  const [gridCode, setGridCode] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const list = useCursorList<PolicePairing>('/police-pairings', { gridCode });
  const gridNames = useOrgNames(list.items.flatMap((p) => p.gridCodes));
  const names = useWorkerNames(list.items.flatMap((p) => p.workerIds));

  return (
    <>
      <FilterBar addText="新增警网组合" onAdd={() => setCreating(true)} addMd={14}>
        <Col xs={24} md={10}>
          <GridTreeFilter value={gridCode} onChange={setGridCode} />
        </Col>
      </FilterBar>
      <CursorTable<PolicePairing>
        list={list}
        framed
        empty="暂无警网组合"
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: '类型',
            dataIndex: 'kind',
            render: (k: string, p) => (
              <Space size={4}>
                <Tag color={k === 'urban' ? 'blue' : 'green'}>{k === 'urban' ? '城市' : '农村'}</Tag>
                <Typography.Text strong>{p.label}</Typography.Text>
              </Space>
            ),
          },
          {
            title: '社区民警',
            dataIndex: 'officer',
            render: (o: PolicePairing['officer']) => `${o.name} ${o.phone}`,
          },
          {
            title: '网格',
            dataIndex: 'gridCodes',
            render: (codes: string[]) => (
              <Space size={[4, 4]} wrap style={{ maxWidth: 320 }}>
                {codes.map((c) => (
                  <Tag key={c}>{gridNames[c] ?? c}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: '网格员',
            dataIndex: 'workerIds',
            render: (ids: string[]) => (ids.length ? ids.map((id) => names[id] ?? '…').join('、') : '—'),
          },
          {
            title: '志愿者',
            dataIndex: 'volunteers',
            render: (vs: PolicePairing['volunteers']) =>
              vs.length ? vs.map((v) => (v.phone ? `${v.name}（${v.phone}）` : v.name)).join('、') : '—',
          },
          { title: '建立时间', dataIndex: 'createdAt', render: formatTime },
        ]}
      />
      <PairingModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          list.reload();
        }}
      />
    </>
  );
}

interface PairingValues {
  kind: 'urban' | 'rural';
  gridCodes: string[];
  officer: { name: string; phone: string };
  workerIds: string[];
  volunteers: { name: string; phone?: string }[];
}

function PairingModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const [form] = Form.useForm<PairingValues>();
  const kind = Form.useWatch('kind', form);
  const gridCodes = Form.useWatch('gridCodes', form) as string[] | undefined;
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();
  const gridKey = (gridCodes ?? []).join();
  // Only active workers of the chosen grids may be paired (PolicePairingsService).
  const workers = useApi(async () => {
    const codes = gridKey.split(',').filter(Boolean);
    const pages = await Promise.all(
      codes.map((gridCode) => api.get<Page<WorkerSummary>>('/workers', { gridCode, limit: 100 })),
    );
    const byId = new Map(pages.flatMap((p) => p.items).map((w) => [w.id, w]));
    return [...byId.values()].filter((w) => w.active);
  }, [gridKey]);

  const submit = guard(async () => {
    const v = await validated(form);
    if (!v) return;
    const body = {
      kind: v.kind,
      gridCodes: v.gridCodes,
      officer: { name: v.officer.name.trim(), phone: v.officer.phone.trim() },
      workerIds: v.workerIds ?? [],
      volunteers: (v.volunteers ?? []).map((x) => ({ name: x.name.trim(), phone: x.phone?.trim() || undefined })),
    };
    const saved = await run(api.post('/police-pairings', body), '已新增警网组合');
    if (saved) onCreated();
  });

  return (
    <Modal
      title="新增警网组合"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="新增"
      confirmLoading={saving}
      destroyOnHidden
      width={600}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'urban', gridCodes: [], workerIds: [], volunteers: [] }}
      >
        <Form.Item name="kind" label="组合类型" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'urban', label: PAIRING_KIND_LABEL.urban },
              { value: 'rural', label: PAIRING_KIND_LABEL.rural },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="gridCodes"
          label="网格"
          rules={[
            { required: true, type: 'array', min: 1, message: '请至少选择一个网格' },
            { type: 'array', max: 20, message: '最多 20 个网格' },
          ]}
        >
          <OrgTreeSelect multiple selectable={['grid']} placeholder="选择网格" ariaLabel="组合网格" />
        </Form.Item>
        <Space wrap align="start" size={12}>
          <Form.Item
            name={['officer', 'name']}
            label="社区民警"
            rules={[
              { required: true, whitespace: true, message: '请输入民警姓名' },
              { max: 50, message: '最多 50 个字' },
            ]}
          >
            <Input placeholder="姓名" />
          </Form.Item>
          <Form.Item
            name={['officer', 'phone']}
            label="民警电话"
            rules={[{ required: true, message: '请输入民警电话' }, PHONE_RULE]}
          >
            <Input placeholder="电话" inputMode="tel" />
          </Form.Item>
        </Space>
        <Form.Item
          name="workerIds"
          label="网格员"
          dependencies={['kind', 'volunteers']}
          extra={kind === 'urban' ? '城市“1+2+N”：恰好 2 名网格员' : '农村“1+N”：网格员与志愿者合计至少 1 人'}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, ids: string[] = []) => {
                if (getFieldValue('kind') === 'urban' && ids.length !== 2)
                  return Promise.reject(new Error('城市警网组合须恰好选择 2 名网格员'));
                if (getFieldValue('kind') === 'rural' && ids.length + (getFieldValue('volunteers') ?? []).length < 1)
                  return Promise.reject(new Error('农村警网组合至少需要 1 名网格员或志愿者'));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <Select
            mode="multiple"
            placeholder={gridKey ? '选择这些网格的网格员' : '请先选择网格'}
            disabled={!gridKey}
            loading={workers.loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={(workers.data ?? []).map((w) => ({
              value: w.id,
              label: `${w.name}（${WORKER_TYPE_LABEL[w.type] ?? w.type}）`,
            }))}
          />
        </Form.Item>
        <Form.List name="volunteers">
          {(fields, { add, remove }) => (
            <Form.Item label={`志愿者（${fields.length}）`}>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[
                      { required: true, whitespace: true, message: '请输入姓名' },
                      { max: 50, message: '最多 50 个字' },
                    ]}
                  >
                    <Input placeholder="志愿者姓名" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'phone']} rules={[PHONE_RULE]}>
                    <Input placeholder="电话（可选）" inputMode="tel" />
                  </Form.Item>
                  <MinusCircleOutlined aria-label="删除志愿者" onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })} block>
                添加志愿者
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
