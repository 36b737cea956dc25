import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Department, OrgUnit } from '../../api/types';
import { useUser } from '../../auth/auth';
import { useNotify } from '../../components/feedback';
import type { TopicDetail } from './topic-types';

/** 立项: a lead unit (an org unit of my scope, or a department serving it) and a due date ahead. */
export function AdoptModal({
  topic,
  open,
  onClose,
  onDone,
}: {
  topic: TopicDetail;
  open: boolean;
  onClose: () => void;
  onDone: (t: TopicDetail) => void;
}) {
  const user = useUser();
  const notify = useNotify();
  const [form] = Form.useForm<{ leadUnitCode: string; dueAt: Dayjs; note?: string }>();
  const [units, setUnits] = useState<{ value: string; label: string }[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    void Promise.all([
      api.get<OrgUnit>(`/org-units/${user.scopeCode}`),
      api.get<{ items: Department[] }>('/departments').catch(() => ({ items: [] as Department[] })),
    ]).then(
      ([unit, departments]) =>
        setUnits([
          { value: unit.code, label: unit.name },
          ...unit.children.map((c) => ({ value: c.code, label: c.name })),
          ...departments.items.map((d) => ({ value: d.code, label: `${d.name}（职能部门）` })),
        ]),
      (err) => notify.error(err),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- when the dialog opens
  }, [open, user.scopeCode]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    const done = await notify.run(
      api.post<TopicDetail>(`/topics/${topic.id}/adopt`, {
        leadUnitCode: v.leadUnitCode,
        dueAt: v.dueAt.endOf('day').toISOString(),
        note: v.note || undefined,
      }),
      '已立项',
    );
    setSaving(false);
    if (done) onDone(done);
  };

  return (
    <Modal
      title="立项（认领专题）"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="立项"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="leadUnitCode" label="牵头单位" rules={[{ required: true, message: '请选择牵头单位' }]}>
          <Select options={units} showSearch optionFilterProp="label" placeholder="选择牵头单位" />
        </Form.Item>
        <Form.Item name="dueAt" label="办结期限" rules={[{ required: true, message: '请选择办结期限' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={3} maxLength={2000} placeholder="如：社区牵头，城管、物业配合" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 办结: what was done. */
export function CloseModal({
  topic,
  open,
  onClose,
  onDone,
}: {
  topic: TopicDetail;
  open: boolean;
  onClose: () => void;
  onDone: (t: TopicDetail) => void;
}) {
  const notify = useNotify();
  const [form] = Form.useForm<{ result: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    const done = await notify.run(api.post<TopicDetail>(`/topics/${topic.id}/close`, v), '专题已办结');
    setSaving(false);
    if (done) onDone(done);
  };
  return (
    <Modal
      title="办结专题"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="办结"
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="result"
          label="办理结果"
          rules={[{ required: true, whitespace: true, message: '请填写办理结果' }]}
        >
          <Input.TextArea rows={4} maxLength={4000} placeholder="如：增设垃圾收集点，建立每日巡查" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
