import { Form, Input, Modal, Select, Switch } from 'antd';
import { api } from '../../api/client';
import { ROLE_LABEL } from '../../api/labels';
import type { Page, User } from '../../api/types';
import { useNotify } from '../../components/feedback';
import { useApi } from '../../components/use-api';
import { validated } from './form-utils';
import { OrgTreeSelect } from './org-tree-select';
import { PHONE_RULE, type WorkerDetail, WORKER_TYPE_OPTIONS } from './worker-types';
import { useSubmitGuard } from '../../components/use-submit-guard';

interface Values {
  name: string;
  phone: string;
  type: string;
  gridCodes: string[];
  microGridName?: string;
  partyMember: boolean;
  userId?: string | null;
  active: boolean;
}

/** Accounts a worker may be linked to: grid workers and party members in scope. */
function useLinkableUsers(enabled: boolean) {
  return useApi(async () => {
    if (!enabled) return [] as User[];
    const pages = await Promise.all(
      (['grid_worker', 'party_member'] as const).map((role) => api.get<Page<User>>('/users', { role, limit: 100 })),
    );
    return pages.flatMap((p) => p.items);
  }, [enabled]);
}

/** 新增/编辑网格员 (POST /workers, PATCH /workers/:id). */
export function WorkerFormModal({
  open,
  worker,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** null: a new worker */
  worker: WorkerDetail | null;
  onClose: () => void;
  onSaved: (worker: WorkerDetail) => void;
}) {
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch('type', form);
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();
  const users = useLinkableUsers(open);

  const submit = guard(async () => {
    const values = await validated(form);
    if (!values) return;
    const body = {
      name: values.name.trim(),
      phone: values.phone.trim(),
      type: values.type,
      gridCodes: values.gridCodes,
      partyMember: values.partyMember,
      microGridName: values.type === 'micro' ? values.microGridName?.trim() : undefined,
      userId: values.userId || undefined,
    };
    const saved = worker
      ? await run(
          api.patch<WorkerDetail>(`/workers/${worker.id}`, {
            ...body,
            // null unlinks / clears on an edit; on a new worker the field is simply left out
            userId: values.userId || null,
            microGridName: body.microGridName ?? null,
            active: values.active,
          }),
          '已保存',
        )
      : await run(api.post<WorkerDetail>('/workers', body), `已新增网格员：${body.name}`);
    if (saved) onSaved(saved);
  });

  const initial: Partial<Values> = worker
    ? {
        name: worker.name,
        phone: worker.phone,
        type: worker.type,
        gridCodes: worker.grids.map((g) => g.gridCode),
        microGridName: worker.grids[0]?.microGridName ?? undefined,
        partyMember: worker.partyMember,
        userId: worker.userId ?? undefined,
        active: worker.active,
      }
    : { type: 'full_time', partyMember: false, gridCodes: [], active: true };

  return (
    <Modal
      title={worker ? `编辑网格员：${worker.name}` : '新增网格员'}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText={worker ? '保存' : '新增'}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initial}>
        <Form.Item
          name="name"
          label="姓名"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 50, message: '最多 50 个字' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="phone" label="电话" rules={[{ required: true, message: '请输入电话' }, PHONE_RULE]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="type" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={WORKER_TYPE_OPTIONS} />
        </Form.Item>
        {type === 'micro' && (
          <Form.Item
            name="microGridName"
            label="微网格"
            extra="微网格员负责网格内约 30–50 户的微网格，如「3号楼」"
            rules={[
              { required: true, whitespace: true, message: '请输入微网格名称' },
              { max: 100, message: '最多 100 个字' },
            ]}
          >
            <Input placeholder="如：3号楼" />
          </Form.Item>
        )}
        <Form.Item
          name="gridCodes"
          label="所在网格"
          rules={[
            { required: true, type: 'array', min: 1, message: '请至少选择一个网格' },
            { type: 'array', max: 20, message: '最多 20 个网格' },
          ]}
        >
          <OrgTreeSelect multiple selectable={['grid']} placeholder="选择网格" ariaLabel="所在网格" />
        </Form.Item>
        <Form.Item name="partyMember" label="党员" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
        <Form.Item name="userId" label="关联登录账号（可选）" extra="关联后该账号可在手机端接单、办理">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={users.loading}
            placeholder="不关联"
            options={(users.data ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName}（${u.username}）· ${ROLE_LABEL[u.role]}`,
            }))}
          />
        </Form.Item>
        {worker && (
          <Form.Item name="active" label="在岗" valuePropName="checked">
            <Switch checkedChildren="在岗" unCheckedChildren="停用" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
