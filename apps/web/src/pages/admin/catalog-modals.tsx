import {
  Alert,
  AutoComplete,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import { api } from '../../api/client';
import { TIER_LABEL } from '../../api/labels';
import type { CatalogCategory, CatalogItem } from '../../api/types';
import { useNotify } from '../../components/feedback';
import { type CatalogItemDetail, CLOCK_LABEL, formatLimit, LIMIT_STEPS, type LimitKey } from './catalog-bits';
import { validated } from './form-utils';
import { useSubmitGuard } from '../../components/use-submit-guard';

type Hours = Record<LimitKey, number>;

interface ProposeValues {
  categoryCode: string;
  suffix: string;
  name: string;
  tier: 'grid' | 'escalate';
  urgent: boolean;
  department: string;
  clock: 'working' | 'calendar';
  limits: Hours;
  ownUrgentLimits: boolean;
  urgentLimits?: Hours;
  reason?: string;
}

/** The limits of the default catalogue (DOMAIN.md), as a starting point. */
const DEFAULT_HOURS: Hours = {
  acceptSeconds: 2,
  dispatchSeconds: 4,
  claimSeconds: 4,
  resolveSeconds: 21,
  verifySeconds: 14,
  archiveSeconds: 21,
};
const DEFAULT_URGENT_HOURS: Hours = {
  acceptSeconds: 0.5,
  dispatchSeconds: 1,
  claimSeconds: 1,
  resolveSeconds: 7,
  verifySeconds: 7,
  archiveSeconds: 14,
};

/** Hours as typed → whole seconds as the API wants them. */
const toSeconds = (hours: Hours) =>
  Object.fromEntries(LIMIT_STEPS.map(([key]) => [key, Math.round(hours[key] * 3600)])) as Record<LimitKey, number>;

/** The next free item number in a category (A03 after A01, A02). */
function nextSuffix(category: CatalogCategory | undefined): string {
  const used = new Set((category?.items ?? []).map((i) => i.code.slice(1)));
  for (let n = 1; n < 100; n++) {
    const s = String(n).padStart(2, '0');
    if (!used.has(s)) return s;
  }
  return '';
}

function LimitInputs({ name, clock }: { name: 'limits' | 'urgentLimits'; clock: string }) {
  return (
    <Row gutter={12}>
      {LIMIT_STEPS.map(([key, label]) => (
        <Col xs={12} sm={8} key={key}>
          <Form.Item
            name={[name, key]}
            label={`${label}时限`}
            rules={[
              { required: true, message: '请输入' },
              { type: 'number', min: 1 / 3600, max: 366 * 24, message: '须大于 0 且不超过 8784 小时' },
            ]}
            extra={
              <Form.Item noStyle shouldUpdate={(a, b) => a[name]?.[key] !== b[name]?.[key]}>
                {({ getFieldValue }) => {
                  const h = getFieldValue([name, key]) as number | undefined;
                  return h ? `≈ ${formatLimit(Math.round(h * 3600), clock)}` : null;
                }}
              </Form.Item>
            }
          >
            <InputNumber min={0} max={366 * 24} step={0.5} suffix="小时" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

/** 提出新事项: a department asks for a matter to be admitted; it starts as 待审批. */
export function ProposeItemModal({
  open,
  categories,
  onClose,
  onProposed,
}: {
  open: boolean;
  categories: CatalogCategory[];
  onClose: () => void;
  onProposed: (item: CatalogItemDetail) => void;
}) {
  const [form] = Form.useForm<ProposeValues>();
  const categoryCode = Form.useWatch('categoryCode', form);
  const clock = Form.useWatch('clock', form) ?? 'working';
  const ownUrgent = Form.useWatch('ownUrgentLimits', form);
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();
  const category = categories.find((c) => c.code === categoryCode);
  const taken = new Set(categories.flatMap((c) => c.items.map((i) => i.code)));
  const departments = [...new Set(categories.flatMap((c) => c.items.map((i) => i.department)))].sort();

  const submit = guard(async () => {
    const v = await validated(form);
    if (!v) return;
    const body = {
      code: v.categoryCode + v.suffix,
      name: v.name.trim(),
      categoryCode: v.categoryCode,
      tier: v.tier,
      urgent: v.urgent,
      department: v.department.trim(),
      clock: v.clock,
      limits: toSeconds(v.limits),
      urgentLimits: v.ownUrgentLimits && v.urgentLimits ? toSeconds(v.urgentLimits) : undefined,
      reason: v.reason?.trim() || undefined,
    };
    const saved = await run(
      api.post<CatalogItemDetail>('/catalog/items', body),
      `已提出 ${body.code} ${body.name}，待审批`,
    );
    if (saved) onProposed(saved);
  });

  const first = categories[0];
  return (
    <Modal
      title="提出新事项（准入申请）"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="提交申请"
      confirmLoading={saving}
      destroyOnHidden
      width={720}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          categoryCode: first?.code,
          suffix: nextSuffix(first),
          tier: 'grid',
          urgent: false,
          clock: 'working',
          limits: DEFAULT_HOURS,
          ownUrgentLimits: false,
          urgentLimits: DEFAULT_URGENT_HOURS,
        }}
        onValuesChange={(changed: Partial<ProposeValues>) => {
          if (changed.categoryCode)
            form.setFieldValue('suffix', nextSuffix(categories.find((c) => c.code === changed.categoryCode)));
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="categoryCode" label="所属类别" rules={[{ required: true, message: '请选择类别' }]}>
              <Select options={categories.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="suffix"
              label="事项编码"
              extra="类别字母加 2–4 位数字，如 B05"
              dependencies={['categoryCode']}
              rules={[
                { required: true, message: '请输入编号' },
                { pattern: /^\d{2,4}$/, message: '须为 2–4 位数字' },
                ({ getFieldValue }) => ({
                  validator: (_, s: string) =>
                    s && taken.has(getFieldValue('categoryCode') + s)
                      ? Promise.reject(new Error('该编码已存在'))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Input
                prefix={<Typography.Text type="secondary">{category?.code ?? ''}</Typography.Text>}
                maxLength={4}
                inputMode="numeric"
                aria-label="事项编号"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="name"
          label="事项名称"
          rules={[
            { required: true, whitespace: true, message: '请输入事项名称' },
            { max: 100, message: '最多 100 个字' },
          ]}
        >
          <Input placeholder="如：校园周边安全隐患" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="department"
              label="责任部门"
              rules={[
                { required: true, whitespace: true, message: '请输入责任部门' },
                { max: 100, message: '最多 100 个字' },
              ]}
            >
              <AutoComplete
                options={departments.map((d) => ({ value: d }))}
                placeholder="如：教育局"
                showSearch={{
                  filterOption: (input, option) => String(option?.value ?? '').includes(input),
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="urgent" label="紧急事项" valuePropName="checked">
              <Switch checkedChildren="紧急" unCheckedChildren="否" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="tier" label="办理层级" rules={[{ required: true }]}>
          <Radio.Group options={(['grid', 'escalate'] as const).map((t) => ({ value: t, label: TIER_LABEL[t] }))} />
        </Form.Item>
        <Form.Item
          name="clock"
          label="计时方式"
          extra="工作时间：只计工作日 08:30–12:00、14:30–18:00（每工作日 7 小时），跳过节假日；自然时间：全天候计时，适用于应急类事项"
        >
          <Radio.Group options={(['working', 'calendar'] as const).map((c) => ({ value: c, label: CLOCK_LABEL[c] }))} />
        </Form.Item>
        <Typography.Title level={5}>各环节时限（小时）</Typography.Title>
        <LimitInputs name="limits" clock={clock} />
        <Form.Item name="ownUrgentLimits" label="紧急工单单独设置更短时限" valuePropName="checked">
          <Switch />
        </Form.Item>
        {ownUrgent && <LimitInputs name="urgentLimits" clock={clock} />}
        <Form.Item name="reason" label="申请理由（可选）" rules={[{ max: 500, message: '最多 500 个字' }]}>
          <Input.TextArea rows={2} placeholder="说明为何需要纳入网格事项" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 准入 (approve) or 退出 (retire) one item, with a reason (required to retire). */
export function ItemDecisionModal({
  decision,
  onClose,
  onDone,
}: {
  decision: { item: CatalogItem; action: 'approve' | 'retire' } | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();
  const retire = decision?.action === 'retire';

  const submit = guard(async () => {
    if (!decision) return;
    const v = await validated(form);
    if (!v) return;
    const { item, action } = decision;
    const ok = await run(
      api.post(`/catalog/items/${item.code}/${action}`, { reason: v.reason?.trim() || undefined }),
      `${item.code} ${item.name}已${retire ? '退出' : '准入'}`,
    );
    if (ok) onDone();
  });

  return (
    <Modal
      title={decision ? `${retire ? '退出' : '准入'}：${decision.item.code} ${decision.item.name}` : ''}
      open={!!decision}
      onCancel={onClose}
      onOk={submit}
      okText={retire ? '确认退出' : '确认准入'}
      okButtonProps={{ danger: retire }}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Alert
        type={retire ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        title={
          retire
            ? '退出后不能再以该事项点单，且不能重新准入；已有工单照常办理。'
            : '准入后网格员即可受理该事项的工单（凭票上车）。'
        }
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={retire ? '退出理由' : '准入说明（可选）'}
          rules={[
            ...(retire ? [{ required: true, whitespace: true, message: '请填写退出理由' }] : []),
            { max: 500, message: '最多 500 个字' },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
