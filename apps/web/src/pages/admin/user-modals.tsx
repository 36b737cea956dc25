import { Alert, Button, Form, Input, Modal, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { departmentParentOf, userDepartmentProblemZh } from '@gridflow/domain/departments';
import { ROLES, type Role } from '@gridflow/domain/roles';
import {
  deepestScopeLevelForRole,
  roleScopeProblemZh,
  roleScopeRuleZh,
  scopeLevelsForRole,
} from '@gridflow/domain/role-scope';
import { api } from '../../api/client';
import type { Department } from '../../api/types';
import { useApi } from '../../components/use-api';
import { ROLE_LABEL } from '../../api/labels';
import { useNotify } from '../../components/feedback';
import { validated } from './form-utils';
import { OrgTreeSelect } from './org-tree-select';
import { PHONE_RULE } from './worker-types';
import { useSubmitGuard } from '../../components/use-submit-guard';

/** GET /users item (libs/auth toUserView). */
export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string;
  /** 职能部门人员: their department */
  departmentCode: string | null;
  phone: string | null;
  disabled: boolean;
  createdAt: string;
}

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

const PASSWORD_RULES = [
  { required: true, message: '请输入密码' },
  { min: 10, message: '密码至少 10 位' },
  { max: 256, message: '密码最多 256 位' },
];

/** A random password of 12 letters and digits (no look-alikes), for resets read out by phone. */
function randomPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  let out = '';
  while (out.length < 12) {
    // Rejection sampling: bytes past the last whole multiple of the alphabet would bias it.
    for (const b of crypto.getRandomValues(new Uint8Array(16))) {
      if (b < 256 - (256 % alphabet.length) && out.length < 12) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

function PasswordFields({ onGenerate }: { onGenerate: (password: string) => void }) {
  const [generated, setGenerated] = useState<string | null>(null);
  return (
    <>
      <Form.Item
        label="密码"
        required
        extra={
          generated ? (
            <span>
              已生成：
              <Typography.Text code copyable>
                {generated}
              </Typography.Text>
              请复制后告知本人
            </span>
          ) : (
            '至少 10 位'
          )
        }
      >
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="password" noStyle rules={PASSWORD_RULES}>
            <Input.Password autoComplete="new-password" aria-label="密码" />
          </Form.Item>
          <Button
            onClick={() => {
              const p = randomPassword();
              setGenerated(p);
              onGenerate(p);
            }}
          >
            随机生成
          </Button>
        </Space.Compact>
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认密码"
        dependencies={['password']}
        rules={[
          { required: true, message: '请再次输入密码' },
          ({ getFieldValue }) => ({
            validator: (_, v: string) =>
              !v || v === getFieldValue('password')
                ? Promise.resolve()
                : Promise.reject(new Error('两次输入的密码不一致')),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

interface UserValues {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  scopeCode: string;
  departmentCode?: string;
  phone?: string;
  disabled?: boolean;
}

/** 新增用户 (POST /users) or 编辑用户 (PATCH /users/:id). */
export function UserFormModal({
  open,
  user,
  selfId,
  onClose,
  onSaved,
}: {
  open: boolean;
  user: UserRow | null;
  selfId: string;
  onClose: () => void;
  onSaved: (user: UserRow) => void;
}) {
  const [form] = Form.useForm<UserValues>();
  const role = Form.useWatch('role', form) as Role | undefined;
  const scope = Form.useWatch('scopeCode', form) as string | undefined;
  const disabled = Form.useWatch('disabled', form) as boolean | undefined;
  const { busy: saving, guard } = useSubmitGuard();
  const { run } = useNotify();
  const self = user?.id === selfId;

  const submit = guard(async () => {
    const v = await validated(form);
    if (!v) return;
    const saved = user
      ? await run(
          api.patch<UserRow>(`/users/${user.id}`, {
            displayName: v.displayName.trim(),
            role: v.role,
            scopeCode: v.scopeCode,
            departmentCode: v.role === 'department_staff' ? v.departmentCode : null,
            phone: v.phone?.trim() || null,
            disabled: v.disabled,
          }),
          '已保存',
        )
      : await run(
          api.post<UserRow>('/users', {
            username: v.username.trim(),
            password: v.password,
            displayName: v.displayName.trim(),
            role: v.role,
            scopeCode: v.scopeCode,
            departmentCode: v.role === 'department_staff' ? v.departmentCode : undefined,
            phone: v.phone?.trim() || undefined,
          }),
          `已新增用户 ${v.username}`,
        );
    if (saved) onSaved(saved);
  });

  return (
    <Modal
      title={user ? `编辑用户：${user.displayName}（${user.username}）` : '新增用户'}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText={user ? '保存' : '新增'}
      confirmLoading={saving}
      destroyOnHidden
    >
      {user &&
        ((role && role !== user.role) ||
          (scope && scope !== user.scopeCode) ||
          (disabled !== undefined && disabled !== user.disabled)) && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title="修改角色、管辖范围或停用后，该用户需重新登录。"
          />
        )}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          user
            ? {
                displayName: user.displayName,
                role: user.role,
                scopeCode: user.scopeCode,
                departmentCode: user.departmentCode ?? undefined,
                phone: user.phone ?? '',
                disabled: user.disabled,
              }
            : { role: 'grid_worker' }
        }
      >
        {!user && (
          <Form.Item
            name="username"
            label="用户名"
            extra="3–64 位字母、数字或 _ . -，用于登录，创建后不可修改"
            rules={[
              { required: true, message: '请输入用户名' },
              { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: '须为 3–64 位字母、数字或 _ . -' },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        {!user && <PasswordFields onGenerate={(p) => form.setFieldsValue({ password: p, confirm: p } as never)} />}
        <Form.Item
          name="displayName"
          label="姓名"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 100, message: '最多 100 个字' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={ROLE_OPTIONS} disabled={self} />
        </Form.Item>
        <Form.Item
          name="scopeCode"
          label="管辖范围"
          extra={role ? roleScopeRuleZh(role) : undefined}
          dependencies={['role']}
          rules={[
            { required: true, message: '请选择管辖范围' },
            // The API's rule (libs/domain): said here before anything is sent.
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) => {
                const r = getFieldValue('role') as Role | undefined;
                const problem = r && v ? roleScopeProblemZh(r, v) : null;
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
              },
            }),
          ]}
        >
          <OrgTreeSelect
            placeholder="选择组织单位"
            ariaLabel="管辖范围"
            selectable={role ? scopeLevelsForRole(role) : undefined}
            deepest={role ? deepestScopeLevelForRole(role) : undefined}
          />
        </Form.Item>
        {role === 'department_staff' && (
          <DepartmentField onPick={(d) => form.setFieldsValue({ scopeCode: departmentParentOf(d) })} />
        )}
        <Form.Item name="phone" label="手机（可选）" rules={[PHONE_RULE]}>
          <Input inputMode="tel" />
        </Form.Item>
        {user && (
          <Form.Item
            name="disabled"
            label="账号状态"
            valuePropName="checked"
            extra={self ? '不能停用自己的账号' : '停用后该账号立即无法登录'}
          >
            <Switch checkedChildren="已停用" unCheckedChildren="正常" disabled={self} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * 所属职能部门 of a department_staff: the departments of the admin's counties and cities. Picking
 * one sets the scope to its county or city (libs/domain userDepartmentProblem: they must agree).
 */
function DepartmentField({ onPick }: { onPick: (code: string) => void }) {
  const departments = useApi(() => api.get<{ items: Department[] }>('/departments'), []);
  return (
    <Form.Item
      name="departmentCode"
      label="所属职能部门"
      dependencies={['scopeCode', 'role']}
      rules={[
        ({ getFieldValue }) => ({
          validator: (_, v: string | undefined) => {
            const problem = userDepartmentProblemZh(getFieldValue('role') as Role, getFieldValue('scopeCode'), v);
            return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
          },
        }),
      ]}
    >
      <Select
        aria-label="所属职能部门"
        placeholder="选择职能部门"
        loading={departments.loading}
        showSearch
        optionFilterProp="label"
        onChange={(code: string) => onPick(code)}
        options={(departments.data?.items ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))}
      />
    </Form.Item>
  );
}

/** 重置密码 (POST /users/:id/reset-password): the user's sessions end at once. */
export function ResetPasswordModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const { busy: saving, guard } = useSubmitGuard();
  const [done, setDone] = useState<string | null>(null);
  const { run } = useNotify();

  const submit = guard(async () => {
    if (!user) return;
    const v = await validated(form);
    if (!v) return;
    const ok = await run(api.post(`/users/${user.id}/reset-password`, { password: v.password }), '密码已重置');
    if (ok) setDone(v.password);
  });

  return (
    <Modal
      title={user ? `重置密码：${user.displayName}（${user.username}）` : ''}
      open={!!user}
      onCancel={onClose}
      onOk={done ? onClose : submit}
      okText={done ? '完成' : '重置密码'}
      cancelButtonProps={done ? { style: { display: 'none' } } : undefined}
      confirmLoading={saving}
      destroyOnHidden
      afterClose={() => setDone(null)}
    >
      {done ? (
        <>
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            title="密码已重置，该用户已登录的设备需用新密码重新登录。"
          />
          <Typography.Paragraph>
            新密码：
            <Typography.Text code copyable>
              {done}
            </Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">请通过安全渠道告知本人，并提醒其妥善保管。</Typography.Paragraph>
        </>
      ) : (
        <Form form={form} layout="vertical" preserve={false}>
          <PasswordFields onGenerate={(p) => form.setFieldsValue({ password: p, confirm: p })} />
        </Form>
      )}
    </Modal>
  );
}
