import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** The frame of the residents' pages: a phone-first column under a red header. */
export function PublicShell({
  title,
  subtitle,
  children,
  footerLink = { to: '/t', text: '查询办理进度' },
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  footerLink?: { to: string; text: string } | null;
}) {
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <header
        style={{
          background: 'linear-gradient(160deg, #c8161d 0%, #8c0f14 100%)',
          color: '#fff',
          padding: '20px 16px 18px',
        }}
      >
        <div style={{ maxWidth: 560, margin: '0 auto' }}>
          <Typography.Title level={3} style={{ color: '#fff', margin: 0, wordBreak: 'break-all' }}>
            {title}
          </Typography.Title>
          {subtitle && <div style={{ marginTop: 6, opacity: 0.9, fontSize: 15 }}>{subtitle}</div>}
        </div>
      </header>
      <main style={{ maxWidth: 560, margin: '0 auto', padding: '12px 12px 32px', boxSizing: 'border-box' }}>
        {children}
        {footerLink && (
          <div style={{ textAlign: 'center', marginTop: 24, fontSize: 15 }}>
            <Link to={footerLink.to}>{footerLink.text}</Link>
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 12, fontSize: 12 }}>
          网格化服务管理 · 群众点单 · 网格接单 · 村社派单 · 党员接单 · 督查兑单 · 归档销单
        </Typography.Paragraph>
      </main>
    </div>
  );
}
