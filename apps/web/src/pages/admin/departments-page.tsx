import { PlusOutlined } from '@ant-design/icons';
import { DEPARTMENT_NAME_MAX } from '@gridflow/domain/departments';
import { Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Department } from '../../api/types';
import { ErrorAlert, useNotify } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { formatTime } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { useSubmitGuard } from '../../components/use-submit-guard';
import { validated } from './form-utils';
import { OrgTreeSelect } from './org-tree-select';
import { useOrgNames } from './use-org-names';

/**
 * 职能部门: the departments (城管局, 住建局 …) under the counties and cities of the admin's scope,
 * which take escalated matters (报大事); create, rename, disable/enable. Their staff are users
 * with the role 职能部门人员 (用户管理).
 */
export function AdminDepartmentsPage() {
  const list = useApi(() => api.get<{ items: Department[] }>('/departments', { includeDisabled: true }), []);
  const items = list.data?.items ?? [];
  const names = useOrgNames(items.map((d) => d.parentCode));
  const [editing, setEditing] = useState<{ department: Department | null } | null>(null);
  const { run } = useNotify();

  const toggle = async (d: Department) => {
    const saved = await run(
      api.patch<Department>(`/departments/${d.code}`, { disabled: !d.disabled }),
      d.disabled ? `已启用 ${d.name}` : `已停用 ${d.name}`,
    );
    if (saved) list.reload();
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader title="职能部门" subtitle="县（区）或市的职能部门承办上报的报大事事项" onRefresh={list.reload}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ department: null })}>
          新增部门
        </Button>
      </PageHeader>
      <Card>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<Department>
          rowKey="code"
          loading={list.loading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: '还没有职能部门' }}
          onRow={(d) => ({ 'data-department-code': d.code }) as never}
          columns={[
            { title: '编码', dataIndex: 'code', width: 140 },
            { title: '名称', dataIndex: 'name' },
            {
              title: '所属',
              key: 'parent',
              render: (_, d) => `${names[d.parentCode] ?? ''} ${d.parentCode}`,
            },
            {
              title: '状态',
              key: 'status',
              width: 90,
              render: (_, d) => (d.disabled ? <Tag>已停用</Tag> : <Tag color="green">正常</Tag>),
            },
            { title: '创建时间', key: 'createdAt', width: 170, render: (_, d) => formatTime(d.createdAt) },
            {
              title: '操作',
              key: 'actions',
              width: 160,
              render: (_, d) => (
                <Space>
                  <Typography.Link onClick={() => setEditing({ department: d })}>改名</Typography.Link>
                  <Popconfirm
                    title={d.disabled ? `启用 ${d.name}？` : `停用 ${d.name}？停用后不能再向其派单。`}
                    okText="确定"
                    cancelText="取消"
                    onConfirm={() => toggle(d)}
                  >
                    <Typography.Link type={d.disabled ? undefined : 'danger'}>
                      {d.disabled ? '启用' : '停用'}
                    </Typography.Link>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <DepartmentFormModal
          department={editing.department}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}

/** 新增部门 (POST /departments) or 改名 (PATCH /departments/:code). */
function DepartmentFormModal({
  department,
  onClose,
  onSaved,
}: {
  department: Department | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ parentCode: string; name: string }>();
  const { busy, guard } = useSubmitGuard();
  const { run } = useNotify();
  const submit = guard(async () => {
    const v = await validated(form);
    if (!v) return;
    const saved = department
      ? await run(api.patch(`/departments/${department.code}`, { name: v.name.trim() }), '已保存')
      : await run(api.post('/departments', { parentCode: v.parentCode, name: v.name.trim() }), `已新增 ${v.name}`);
    if (saved) onSaved();
  });
  return (
    <Modal
      open
      title={department ? `改名：${department.name}` : '新增职能部门'}
      okText={department ? '保存' : '新增'}
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ name: department?.name }}>
        {!department && (
          <Form.Item
            name="parentCode"
            label="所属县（区）或市"
            rules={[{ required: true, message: '请选择县（区）或市' }]}
          >
            <OrgTreeSelect
              placeholder="选择县（区）或市"
              ariaLabel="所属县（区）或市"
              selectable={['city', 'county']}
              deepest="county"
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label="部门名称"
          rules={[
            { required: true, whitespace: true, message: '请输入部门名称' },
            { max: DEPARTMENT_NAME_MAX, message: `最多 ${DEPARTMENT_NAME_MAX} 个字` },
          ]}
        >
          <Input placeholder="如：城管局" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
