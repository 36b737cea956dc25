import { MenuOutlined } from '@ant-design/icons';
import { ConfigProvider, Button, type ThemeConfig, Drawer, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { tokenStore } from '../api/client';
import { ROLE_LABEL } from '../api/labels';
import { useUser } from '../auth/auth';
import { NotificationBell } from '../components/notification-bell';
import { OfflineBar } from '../offline/offline-bar';
import { BRAND_RED, PHONE_CLASS, PHONE_TARGET, PHONE_THEME } from '../theme';
import { LogoutButton } from './logout-button';
import { menuFor, TAB_BAR_ROLES } from './menu';
import { TAB_BAR_HEIGHT, TabBar } from './tab-bar';
import { useScopeName } from './use-scope-name';

/** The desk's theme: the app's own, unchanged. */
const INHERITED_THEME: ThemeConfig = {};

/** The header's icon buttons: white on the brand red, a full touch target on every screen. */
const HEADER_BUTTON = { color: '#fff', minWidth: PHONE_TARGET, height: PHONE_TARGET } as const;

/**
 * The signed-in console: header (user, role, scope, bell, 退出), the role's menu, the page.
 * On a phone, grid workers and party members get a bottom tab bar instead of the menu, and
 * every control is at least 44 px (PHONE_THEME).
 */
export function ConsoleLayout() {
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const tabBar = mobile && TAB_BAR_ROLES.includes(user.role);
  const [drawer, setDrawer] = useState(false);
  const scopeName = useScopeName(user.scopeCode);

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

  const layout = (
    <Layout style={{ minHeight: '100vh' }} className={mobile ? PHONE_CLASS : undefined}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: mobile ? 4 : 12,
          paddingInline: mobile ? 8 : 24,
          background: BRAND_RED,
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        {mobile && !tabBar && (
          <Button
            type="text"
            icon={<MenuOutlined style={{ fontSize: 18 }} />}
            onClick={() => setDrawer(true)}
            aria-label="菜单"
            style={HEADER_BUTTON}
          />
        )}
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {mobile ? '网格通' : 'GridFlow 网格化服务管理'}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <Space size={mobile ? 0 : 12} data-testid="current-user">
          {!mobile && <Typography.Text style={{ color: '#fff' }}>{user.displayName}</Typography.Text>}
          {/* dark gold on pale gold: antd's "gold" tag text is only 2.5:1 */}
          <Tag color="#fff7d6" style={{ marginInlineEnd: 0, color: '#6b4a00' }} data-role={user.role}>
            {ROLE_LABEL[user.role]}
          </Tag>
          {!mobile && (
            <Typography.Text style={{ color: '#fff' }} data-testid="scope">
              {scopeName}
            </Typography.Text>
          )}
          <NotificationBell buttonStyle={HEADER_BUTTON} />
          <LogoutButton type="text" label={mobile ? undefined : '退出'} style={HEADER_BUTTON} />
        </Space>
      </Layout.Header>
      <Layout>
        {!mobile && (
          <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={64}>
            {menu}
          </Layout.Sider>
        )}
        {!tabBar && (
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
        )}
        <Layout.Content
          style={{
            padding: mobile ? 12 : 24,
            paddingBottom: tabBar ? `calc(${TAB_BAR_HEIGHT + 16}px + env(safe-area-inset-bottom))` : undefined,
            minWidth: 0,
          }}
        >
          <OfflineBar />
          <Outlet />
        </Layout.Content>
      </Layout>
      {tabBar && <TabBar role={user.role} />}
    </Layout>
  );

  // One tree on every screen: crossing the breakpoint (a tablet turned, a window resized) only
  // changes the theme, and never remounts the page — an open form keeps what was typed.
  // (antd wraps the tree in one more provider only when `theme` is set: so always set one.)
  return <ConfigProvider theme={mobile ? PHONE_THEME : INHERITED_THEME}>{layout}</ConfigProvider>;
}
