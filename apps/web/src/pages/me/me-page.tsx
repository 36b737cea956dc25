import { Card, Descriptions, Typography } from 'antd';
import { ROLE_LABEL } from '../../api/labels';
import { useUser } from '../../auth/auth';
import { LogoutButton } from '../../layout/logout-button';
import { useScopeName } from '../../layout/use-scope-name';

/** 我的: who is signed in, for which area, and 退出登录 (asks first). */
export function MePage() {
  const user = useUser();
  const scope = useScopeName(user.scopeCode);
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        我的
      </Typography.Title>
      <Card>
        <Descriptions
          column={1}
          items={[
            { key: 'name', label: '姓名', children: user.displayName },
            { key: 'username', label: '用户名', children: user.username },
            { key: 'role', label: '角色', children: ROLE_LABEL[user.role] },
            { key: 'scope', label: '负责范围', children: <span data-testid="scope">{scope}</span> },
          ]}
        />
      </Card>
      <LogoutButton label="退出登录" danger block size="large" style={{ marginTop: 16 }} />
    </div>
  );
}
