import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoutes } from './app';
import { AuthProvider } from './auth/auth';
import { OutboxProvider } from './offline/outbox-context';
import './styles.css';
import { THEME } from './theme';
import { registerSW } from 'virtual:pwa-register';

// The service worker (vite-plugin-pwa): the console opens without signal. Not in `vite dev`.
registerSW({ immediate: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={THEME}
      // "接单", not antd's default "接 单": button names read as the step names they are.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <AuthProvider>
          <OutboxProvider>
            <AppRoutes />
          </OutboxProvider>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
