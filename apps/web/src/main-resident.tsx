import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PublicRequestPage } from './pages/public/request-page';

// The page a resident's phone opens from the grid's QR code (/r/:gridCode; the API sends
// resident.html for it). No router, no antd up front: React and the request form only, so it
// is usable within 5 s on slow 4G (bench/web.mjs). Every other link leaves for the console.
const gridCode = decodeURIComponent(window.location.pathname.split('/')[2] ?? '');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PublicRequestPage gridCode={gridCode} />
  </StrictMode>,
);
