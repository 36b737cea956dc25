import type { ReactNode } from 'react';

/**
 * The resident request page's frame (群众点单): a phone-first column under a red header, in
 * plain elements styled by resident.css — the same look as PublicShell without antd, so that
 * the page a QR code opens is usable within 5 s on slow 4G.
 */
export function PublicFrame({
  title,
  subtitle,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="rp-page">
      <header className="rp-header">
        <div className="rp-column">
          <h1 className="rp-title">{title}</h1>
          {subtitle && <div className="rp-subtitle">{subtitle}</div>}
        </div>
      </header>
      <main className="rp-column rp-main">
        {children}
        <div className="rp-footer-link">
          <a href="/t">查询办理进度</a>
        </div>
        <p className="rp-footer">网格化服务管理 · 群众点单 · 网格接单 · 村社派单 · 党员接单 · 督查兑单 · 归档销单</p>
      </main>
    </div>
  );
}
