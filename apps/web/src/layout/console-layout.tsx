import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { api, tokenStore } from '../api/client';
import { LEVEL_LABEL, ROLE_LABEL } from '../api/labels';
import type { OrgUnit } from '../api/types';
import { useAuth, useUser } from '../auth/auth';
import { NotificationBell } from '../components/notification-bell';
import { menuFor } from './menu';

/** The signed-in console: header (user, role, scope, bell), the role's menu, the page. */
export function ConsoleLayout() {
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const [scopeName, setScopeName] = useState<string>('');

  useEffect(() => {
    api
      .get<OrgUnit>(`/org-units/${user.scopeCode}`)
      .then((unit) =>
        setScopeName(`${unit.name}（${LEVEL_LABEL[unit.level as keyof typeof LEVEL_LABEL] ?? unit.level}）`),
      )
      .catch(() => setScopeName(user.scopeCode));
  }, [user.scopeCode]);

  const entries = menuFor(user.role);
  const selected = entries
    .filter((e) => location.pathname === e.path || location.pathname.startsWith(e.path + '/'))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;

  const go = (path: string) => {
    const entry = entries.find((e) => e.path === path);
    setDrawer(false);
    if (entry?.external) window.open(`${path}?access_token=${encodeURIComponent(tokenStore.get() ?? '')}`, '_blank');
    else navigate(path);
  };

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={entries.map((e) => ({ key: e.path, icon: e.icon, label: e.label }))}
      onClick={({ key }) => go(key)}
      style={{ borderInlineEnd: 0 }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: mobile ? 12 : 24,
          background: '#c8161d',
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        {mobile && (
          <Button
            type="text"
            icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />}
            onClick={() => setDrawer(true)}
            aria-label="菜单"
          />
        )}
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {mobile ? '网格通' : 'GridFlow 网格化服务管理'}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <Space size={mobile ? 4 : 12} data-testid="current-user">
          {!mobile && <Typography.Text style={{ color: '#fff' }}>{user.displayName}</Typography.Text>}
          <Tag color="gold" style={{ marginInlineEnd: 0 }} data-role={user.role}>
            {ROLE_LABEL[user.role]}
          </Tag>
          {!mobile && (
            <Typography.Text style={{ color: '#ffe7e7' }} data-testid="scope">
              {scopeName}
            </Typography.Text>
          )}
          <NotificationBell />
          <Button
            type="text"
            icon={<LogoutOutlined style={{ color: '#fff' }} />}
            onClick={() => {
              logout();
              navigate('/login');
            }}
            aria-label="退出登录"
          >
            {!mobile && <span style={{ color: '#fff' }}>退出</span>}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {!mobile && (
          <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={64}>
            {menu}
          </Layout.Sider>
        )}
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={260}
          title={
            <Space direction="vertical" size={0}>
              <span>{user.displayName}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {scopeName}
              </Typography.Text>
            </Space>
          }
        >
          {menu}
        </Drawer>
        <Layout.Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
