import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  DatabaseOutlined,
  DesktopOutlined,
  EditOutlined,
  FallOutlined,
  FileDoneOutlined,
  FireOutlined,
  GlobalOutlined,
  InboxOutlined,
  EnvironmentOutlined,
  MailOutlined,
  MessageOutlined,
  ApiOutlined,
  SendOutlined,
  BookOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../api/types';

export interface MenuEntry {
  path: string;
  label: string;
  icon: ReactNode;
  roles: readonly Role[];
  /** a page outside the console (opened in a new tab) */
  external?: boolean;
}

/** The console's screens, each only for the roles that use it. */
export const MENU: MenuEntry[] = [
  { path: '/my/queue', label: '本网格工单', icon: <InboxOutlined />, roles: ['grid_worker'] },
  { path: '/tickets/new', label: '代群众点单', icon: <EditOutlined />, roles: ['grid_worker', 'dispatcher'] },
  { path: '/my/tasks', label: '我的任务', icon: <CheckSquareOutlined />, roles: ['party_member', 'grid_worker'] },
  { path: '/desk', label: '派单台', icon: <SendOutlined />, roles: ['dispatcher'] },
  { path: '/unlocated', label: '待定位', icon: <EnvironmentOutlined />, roles: ['dispatcher', 'admin'] },
  { path: '/department', label: '部门工单', icon: <BankOutlined />, roles: ['department_staff'] },
  { path: '/review', label: '督查兑单', icon: <AuditOutlined />, roles: ['supervisor'] },
  { path: '/review/requests', label: '延期与挂起', icon: <ClockCircleOutlined />, roles: ['supervisor'] },
  { path: '/review/closed', label: '办结案件', icon: <FileDoneOutlined />, roles: ['supervisor', 'admin'] },
  {
    path: '/dashboard',
    label: '数据看板',
    icon: <BarChartOutlined />,
    roles: ['admin', 'supervisor', 'dispatcher'],
  },
  { path: '/burden', label: '减负', icon: <FallOutlined />, roles: ['admin', 'supervisor'] },
  { path: '/topics', label: '治理专题', icon: <FireOutlined />, roles: ['admin', 'supervisor', 'dispatcher'] },
  { path: '/command', label: '指挥中心', icon: <DesktopOutlined />, roles: ['admin'] },
  { path: '/admin/org', label: '组织架构', icon: <ApartmentOutlined />, roles: ['admin'] },
  { path: '/admin/grids', label: '网格地图', icon: <GlobalOutlined />, roles: ['admin'] },
  { path: '/admin/workers', label: '网格力量', icon: <TeamOutlined />, roles: ['admin'] },
  { path: '/admin/departments', label: '职能部门', icon: <BankOutlined />, roles: ['admin'] },
  { path: '/admin/catalog', label: '准入事项', icon: <AppstoreOutlined />, roles: ['admin'] },
  { path: '/admin/users', label: '用户管理', icon: <UserOutlined />, roles: ['admin'] },
  { path: '/admin/calendar', label: '工作日历', icon: <CalendarOutlined />, roles: ['admin'] },
  { path: '/admin/webhooks', label: '数据推送', icon: <ApiOutlined />, roles: ['admin'] },
  { path: '/admin/addresses', label: '标准地址库', icon: <BookOutlined />, roles: ['admin'] },
  { path: '/admin/sms', label: '短信记录', icon: <MailOutlined />, roles: ['admin'] },
  { path: '/admin/queues', label: '队列监控', icon: <DatabaseOutlined />, roles: ['admin'], external: true },
];

export const menuFor = (role: Role) => MENU.filter((m) => m.roles.includes(role));

/** The roles whose phone layout has a bottom tab bar instead of the drawer menu. */
export const TAB_BAR_ROLES: readonly Role[] = ['grid_worker', 'party_member'];

/** The bottom tab bar's destinations (phone): what a grid worker or party member uses every day. */
export const TABS: MenuEntry[] = [
  { path: '/my/queue', label: '工单', icon: <InboxOutlined />, roles: ['grid_worker'] },
  { path: '/tickets/new', label: '上报', icon: <EditOutlined />, roles: ['grid_worker'] },
  { path: '/my/tasks', label: '任务', icon: <CheckSquareOutlined />, roles: ['grid_worker', 'party_member'] },
  { path: '/messages', label: '消息', icon: <MessageOutlined />, roles: TAB_BAR_ROLES },
  { path: '/me', label: '我的', icon: <UserOutlined />, roles: TAB_BAR_ROLES },
];

export const tabsFor = (role: Role) => TABS.filter((t) => t.roles.includes(role));
