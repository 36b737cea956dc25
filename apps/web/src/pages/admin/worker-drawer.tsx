import {
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { WORKER_TYPE_LABEL } from '../../api/labels';
import { ErrorAlert, useNotify } from '../../components/feedback';
import { useApi } from '../../components/use-api';
import { validated } from './form-utils';
import { useOrgNames } from './use-org-names';
import { WORKER_TYPE_COLOR, type WorkerDetail } from './worker-types';
import { useSubmitGuard } from '../../components/use-submit-guard';

/** A worker's record: grids, trainings, honours and (party members) liaison households. */
export function WorkerDrawer({
  workerId,
  reloadKey,
  onClose,
  onEdit,
  onChanged,
}: {
  workerId: string | null;
  /** changes when the worker was edited elsewhere */
  reloadKey: number;
  onClose: () => void;
  onEdit: (worker: WorkerDetail) => void;
  onChanged: (worker: WorkerDetail) => void;
}) {
  const screens = Grid.useBreakpoint();
  const loaded = useApi(
    () => (workerId ? api.get<WorkerDetail>(`/workers/${workerId}`) : Promise.resolve(null)),
    [workerId, reloadKey],
  );
  const [fresh, setFresh] = useState<WorkerDetail | null>(null);
  useEffect(() => setFresh(null), [reloadKey]);
  const worker = fresh?.id === workerId ? fresh : loaded.data?.id === workerId ? loaded.data : null;
  const names = useOrgNames(worker?.grids.map((g) => g.gridCode) ?? []);

  const changed = (w: WorkerDetail) => {
    setFresh(w);
    onChanged(w);
  };

  return (
    <Drawer
      title={worker ? `网格员：${worker.name}` : '网格员'}
      open={!!workerId}
      onClose={onClose}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      extra={
        worker && (
          <Button type="primary" onClick={() => onEdit(worker)}>
            编辑
          </Button>
        )
      }
    >
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {!worker && !loaded.error && <Spin style={{ display: 'block', margin: '48px auto' }} />}
      {worker && (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'name', label: '姓名', children: worker.name },
              { key: 'phone', label: '电话', children: worker.phone },
              {
                key: 'type',
                label: '类型',
                children: (
                  <Tag color={WORKER_TYPE_COLOR[worker.type]}>{WORKER_TYPE_LABEL[worker.type] ?? worker.type}</Tag>
                ),
              },
              { key: 'party', label: '党员', children: worker.partyMember ? <Tag color="red">党员</Tag> : '否' },
              {
                key: 'active',
                label: '状态',
                children: worker.active ? <Tag color="green">在岗</Tag> : <Tag>停用</Tag>,
              },
              { key: 'user', label: '登录账号', children: worker.userId ? '已关联' : '未关联' },
              {
                key: 'grids',
                label: '所在网格',
                span: 2,
                children: (
                  <Space size={[4, 4]} wrap>
                    {worker.grids.map((g) => (
                      <Tag key={g.gridCode}>
                        {names[g.gridCode] ?? g.gridCode}
                        {g.microGridName ? ` · ${g.microGridName}` : ''}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          <Trainings worker={worker} onChanged={changed} />
          <Honours worker={worker} onChanged={changed} />
          {worker.partyMember && <LiaisonHouseholds worker={worker} gridNames={names} onChanged={changed} />}
        </>
      )}
    </Drawer>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section style={{ marginTop: 24 }}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

/** POSTs one record and hands back the worker the API answers with. */
function useAdd(worker: WorkerDetail, path: string, success: string, onChanged: (w: WorkerDetail) => void) {
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();
  const add = guard(async (body: object) => {
    const saved = await run(api.post<WorkerDetail>(`/workers/${worker.id}/${path}`, body), success);
    if (saved) onChanged(saved);
    return !!saved;
  });
  return { add, saving };
}

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

function Trainings({ worker, onChanged }: { worker: WorkerDetail; onChanged: (w: WorkerDetail) => void }) {
  const [form] = Form.useForm<{ title: string; heldOn: Dayjs; hours: number }>();
  const { add, saving } = useAdd(worker, 'trainings', '已添加培训记录', onChanged);
  const submit = async () => {
    const v = await validated(form);
    if (v && (await add({ title: v.title.trim(), heldOn: day(v.heldOn), hours: v.hours }))) form.resetFields();
  };
  return (
    <Section title={`培训记录（${worker.trainings.length}）`}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={worker.trainings}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无培训记录" /> }}
        columns={[
          { title: '培训内容', dataIndex: 'title' },
          { title: '日期', dataIndex: 'heldOn' },
          { title: '学时', dataIndex: 'hours', render: (h: number) => `${h} 小时` },
        ]}
      />
      <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} aria-label="添加培训">
        <Form.Item
          name="title"
          rules={[
            { required: true, whitespace: true, message: '请输入培训内容' },
            { max: 200, message: '最多 200 个字' },
          ]}
        >
          <Input placeholder="培训内容" aria-label="培训内容" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="heldOn" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker placeholder="培训日期" aria-label="培训日期" />
        </Form.Item>
        <Form.Item name="hours" rules={[{ required: true, message: '请输入学时' }]}>
          <InputNumber
            min={0.5}
            max={1000}
            step={0.5}
            precision={1}
            placeholder="学时"
            aria-label="学时"
            suffix="小时"
          />
        </Form.Item>
        <Button onClick={submit} loading={saving}>
          添加培训
        </Button>
      </Form>
    </Section>
  );
}

function Honours({ worker, onChanged }: { worker: WorkerDetail; onChanged: (w: WorkerDetail) => void }) {
  const [form] = Form.useForm<{ title: string; awardedOn: Dayjs; awardedBy?: string }>();
  const { add, saving } = useAdd(worker, 'honours', '已添加荣誉', onChanged);
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const body = { title: v.title.trim(), awardedOn: day(v.awardedOn), awardedBy: v.awardedBy?.trim() || undefined };
    if (await add(body)) form.resetFields();
  };
  return (
    <Section title={`荣誉（${worker.honours.length}）`}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={worker.honours}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无荣誉" /> }}
        columns={[
          { title: '荣誉', dataIndex: 'title' },
          { title: '授予日期', dataIndex: 'awardedOn' },
          { title: '授予单位', dataIndex: 'awardedBy', render: (b: string | null) => b ?? '—' },
        ]}
      />
      <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} aria-label="添加荣誉">
        <Form.Item
          name="title"
          rules={[
            { required: true, whitespace: true, message: '请输入荣誉名称' },
            { max: 200, message: '最多 200 个字' },
          ]}
        >
          <Input placeholder="如：岗位之星" aria-label="荣誉名称" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="awardedOn" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker placeholder="授予日期" aria-label="授予日期" />
        </Form.Item>
        <Form.Item name="awardedBy" rules={[{ max: 200, message: '最多 200 个字' }]}>
          <Input placeholder="授予单位（可选）" aria-label="授予单位" style={{ width: 160 }} />
        </Form.Item>
        <Button onClick={submit} loading={saving}>
          添加荣誉
        </Button>
      </Form>
    </Section>
  );
}

function LiaisonHouseholds({
  worker,
  gridNames,
  onChanged,
}: {
  worker: WorkerDetail;
  gridNames: Record<string, string>;
  onChanged: (w: WorkerDetail) => void;
}) {
  const [form] = Form.useForm<{ gridCode: string; address: string; householder?: string }>();
  const { add, saving } = useAdd(worker, 'liaison-households', '已添加联系户', onChanged);
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const body = { gridCode: v.gridCode, address: v.address.trim(), householder: v.householder?.trim() || undefined };
    if (await add(body)) form.resetFields(['address', 'householder']);
  };
  return (
    <Section title={`党员联系户（${worker.liaisonHouseholds.length}）`}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={worker.liaisonHouseholds}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无联系户" /> }}
        columns={[
          { title: '网格', dataIndex: 'gridCode', render: (c: string) => gridNames[c] ?? c },
          { title: '住址', dataIndex: 'address' },
          { title: '户主', dataIndex: 'householder', render: (h: string | null) => h ?? '—' },
        ]}
      />
      <Form
        form={form}
        layout="inline"
        style={{ marginTop: 12, rowGap: 8 }}
        aria-label="添加联系户"
        initialValues={{ gridCode: worker.grids[0]?.gridCode }}
      >
        <Form.Item name="gridCode" rules={[{ required: true, message: '请选择网格' }]}>
          <Select
            aria-label="联系户所在网格"
            style={{ width: 180 }}
            options={worker.grids.map((g) => ({ value: g.gridCode, label: gridNames[g.gridCode] ?? g.gridCode }))}
          />
        </Form.Item>
        <Form.Item
          name="address"
          rules={[
            { required: true, whitespace: true, message: '请输入住址' },
            { max: 200, message: '最多 200 个字' },
          ]}
        >
          <Input placeholder="如：和平小区3号楼2单元401" aria-label="住址" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="householder" rules={[{ max: 50, message: '最多 50 个字' }]}>
          <Input placeholder="户主（可选）" aria-label="户主" style={{ width: 120 }} />
        </Form.Item>
        <Button onClick={submit} loading={saving}>
          添加联系户
        </Button>
      </Form>
    </Section>
  );
}
