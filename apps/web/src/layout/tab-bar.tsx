import { NavLink } from 'react-router';
import type { Role } from '../api/types';
import { PHONE_TARGET } from '../theme';
import { tabsFor } from './menu';

/** Height of the bar (without the phone's home-indicator inset). */
export const TAB_BAR_HEIGHT = 60;

/**
 * 底部导航 on a phone, for the roles that work in the field (grid workers, party members):
 * their few destinations one thumb-tap away, each at least 44×44 px.
 */
export function TabBar({ role }: { role: Role }) {
  const tabs = tabsFor(role);
  return (
    <nav
      aria-label="底部导航"
      data-testid="tab-bar"
      style={{
        position: 'fixed',
        insetInline: 0,
        bottom: 0,
        zIndex: 10,
        display: 'flex',
        background: '#fff',
        borderTop: '1px solid #d9d9d9',
        paddingBottom: 'env(safe-area-inset-bottom)',
      }}
    >
      {tabs.map((tab) => (
        <NavLink
          key={tab.path}
          to={tab.path}
          end
          style={({ isActive }) => ({
            flex: 1,
            minWidth: PHONE_TARGET,
            minHeight: TAB_BAR_HEIGHT,
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'center',
            justifyContent: 'center',
            gap: 2,
            fontSize: 12,
            textDecoration: 'none',
            color: isActive ? '#c8161d' : 'rgba(0, 0, 0, 0.62)',
            fontWeight: isActive ? 600 : 400,
          })}
        >
          <span aria-hidden style={{ fontSize: 22, lineHeight: 1 }}>
            {tab.icon}
          </span>
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
