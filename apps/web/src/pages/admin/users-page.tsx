import { Button, Col, Popconfirm, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ROLE_LABEL } from '../../api/labels';
import { useUser } from '../../auth/auth';
import { CursorTable } from '../../components/cursor-table';
import { useNotify } from '../../components/feedback';
import { formatTime } from '../../components/ticket-bits';
import { useCursorList } from '../../components/use-cursor-list';
import { FilterBar } from './filter-bar';
import { OrgTreeSelect } from './org-tree-select';
import { useOrgNames } from './use-org-names';
import { ResetPasswordModal, ROLE_OPTIONS, UserFormModal, type UserRow } from './user-modals';

const ROLE_COLOR: Record<string, string> = {
  admin: 'red',
  supervisor: 'purple',
  dispatcher: 'blue',
  grid_worker: 'green',
  party_member: 'volcano',
  department_staff: 'cyan',
};

/** 用户管理: accounts in the admin's scope; create, edit, disable/enable, reset password. */
export function AdminUsersPage() {
  const me = useUser();
  const [role, setRole] = useState<string | undefined>();
  const [scopeCode, setScopeCode] = useState<string | undefined>();
  const [editing, setEditing] = useState<{ user: UserRow | null } | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const list = useCursorList<UserRow>('/users', { role, scopeCode });
  const names = useOrgNames(list.items.map((u) => u.scopeCode));
  const { run } = useNotify();

  const toggle = async (u: UserRow) => {
    const saved = await run(
      api.patch<UserRow>(`/users/${u.id}`, { disabled: !u.disabled }),
      u.disabled ? `已启用 ${u.username}` : `已停用 ${u.username}`,
    );
    if (saved) list.replace((x) => x.id === saved.id, saved);
  };

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        用户管理
      </Typography.Title>
      <FilterBar addText="新增用户" onAdd={() => setEditing({ user: null })} addMd={8}>
        <Col xs={24} md={6}>
          <Select
            aria-label="角色"
            value={role}
            onChange={setRole}
            allowClear
            placeholder="全部角色"
            options={ROLE_OPTIONS}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={24} md={10}>
          <OrgTreeSelect
            ariaLabel="管辖范围"
            value={scopeCode}
            onChange={(v) => setScopeCode(v ? String(v) : undefined)}
            placeholder="管辖范围（含下级）"
            allowClear
          />
        </Col>
      </FilterBar>
      <CursorTable<UserRow>
        list={list}
        framed
        empty="没有符合条件的用户"
        scroll={{ x: 'max-content' }}
        onRow={(u) => ({ 'data-username': u.username }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          {
            title: '角色',
            dataIndex: 'role',
            render: (r: string) => <Tag color={ROLE_COLOR[r]}>{ROLE_LABEL[r as keyof typeof ROLE_LABEL] ?? r}</Tag>,
          },
          {
            title: '管辖范围',
            dataIndex: 'scopeCode',
            render: (c: string) => (
              <Tooltip title={c}>
                <span>{names[c] ?? c}</span>
              </Tooltip>
            ),
          },
          { title: '手机', dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          {
            title: '状态',
            dataIndex: 'disabled',
            render: (d: boolean) => (d ? <Tag>已停用</Tag> : <Tag color="green">正常</Tag>),
          },
          { title: '创建时间', dataIndex: 'createdAt', render: formatTime },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, u) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setEditing({ user: u })}>
                  编辑
                </Button>
                <Button size="small" type="link" onClick={() => setResetting(u)}>
                  重置密码
                </Button>
                <Popconfirm
                  title={`停用 ${u.displayName}（${u.username}）？`}
                  description="停用后该账号立即无法登录，已登录的设备也会退出。"
                  okText="停用"
                  okButtonProps={{ danger: true }}
                  disabled={u.disabled || u.id === me.id}
                  onConfirm={() => toggle(u)}
                >
                  <Button
                    size="small"
                    type="link"
                    danger={!u.disabled}
                    disabled={u.id === me.id}
                    title={u.id === me.id ? '不能停用自己的账号' : undefined}
                    onClick={u.disabled ? () => void toggle(u) : undefined}
                  >
                    {u.disabled ? '启用' : '停用'}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />

      <UserFormModal
        open={!!editing}
        user={editing?.user ?? null}
        selfId={me.id}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          const isNew = !editing?.user;
          setEditing(null);
          if (isNew) list.reload();
          else list.replace((x) => x.id === saved.id, saved);
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}
