import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { HOME_OF, RequireAuth, useAuth } from './auth/auth';
import { ConsoleLayout } from './layout/console-layout';
import { DeskPage } from './pages/desk/desk-page';
import { FileTicketPage } from './pages/field/file-ticket-page';
import { GridQueuePage } from './pages/field/grid-queue-page';
import { MyTasksPage } from './pages/field/my-tasks-page';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { PublicRequestPage } from './pages/public/request-page';
import { SignBoardPage } from './pages/public/sign-board-page';
import { TrackingPage } from './pages/public/tracking-page';
import { ClosedCasesPage } from './pages/review/closed-cases-page';
import { ReviewQueuePage } from './pages/review/review-queue-page';
import { TimeRequestsPage } from './pages/review/time-requests-page';
import { TicketDetailPage } from './pages/tickets/ticket-detail-page';

// Desk screens with heavy libraries (ECharts) or only for admins load on first use, so a
// resident's phone opening /r/:gridCode downloads neither.
const AdminCalendarPage = lazy(() =>
  import('./pages/admin/calendar-page').then((m) => ({ default: m.AdminCalendarPage })),
);
const AdminCatalogPage = lazy(() =>
  import('./pages/admin/catalog-page').then((m) => ({ default: m.AdminCatalogPage })),
);
const AdminGridsPage = lazy(() => import('./pages/admin/grids-page').then((m) => ({ default: m.AdminGridsPage })));
const AdminOrgPage = lazy(() => import('./pages/admin/org-page').then((m) => ({ default: m.AdminOrgPage })));
const AdminUsersPage = lazy(() => import('./pages/admin/users-page').then((m) => ({ default: m.AdminUsersPage })));
const AdminWebhooksPage = lazy(() =>
  import('./pages/admin/webhooks-page').then((m) => ({ default: m.AdminWebhooksPage })),
);
const AdminWorkersPage = lazy(() =>
  import('./pages/admin/workers-page').then((m) => ({ default: m.AdminWorkersPage })),
);
const DashboardPage = lazy(() =>
  import('./pages/dashboard/dashboard-page').then((m) => ({ default: m.DashboardPage })),
);

function Home() {
  const { user, loading } = useAuth();
  if (loading) return null;
  return <Navigate to={user ? HOME_OF[user.role] : '/login'} replace />;
}

const guard = (roles: Parameters<typeof RequireAuth>[0]['roles'], element: ReactNode) => (
  <RequireAuth roles={roles}>
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />}>{element}</Suspense>
  </RequireAuth>
);

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  { path: '/login', element: <LoginPage /> },
  // Public pages (no login): the sign board's QR code opens /r/:gridCode on a resident's phone.
  { path: '/r/:gridCode', element: <PublicRequestPage /> },
  { path: '/t/:trackingCode', element: <TrackingPage /> },
  { path: '/t', element: <TrackingPage /> },
  // The printable 公示牌, without the console's frame.
  {
    path: '/sign-board/:gridCode',
    element: guard(['admin', 'dispatcher', 'grid_worker', 'supervisor'], <SignBoardPage />),
  },
  {
    element: guard(undefined, <ConsoleLayout />),
    children: [
      { path: '/my/queue', element: guard(['grid_worker'], <GridQueuePage />) },
      { path: '/tickets/new', element: guard(['grid_worker', 'dispatcher'], <FileTicketPage />) },
      { path: '/my/tasks', element: guard(['party_member', 'grid_worker'], <MyTasksPage />) },
      { path: '/tickets/:id', element: <TicketDetailPage /> },
      { path: '/desk', element: guard(['dispatcher'], <DeskPage />) },
      { path: '/review', element: guard(['supervisor'], <ReviewQueuePage />) },
      { path: '/review/requests', element: guard(['supervisor'], <TimeRequestsPage />) },
      { path: '/review/closed', element: guard(['supervisor', 'admin'], <ClosedCasesPage />) },
      { path: '/dashboard', element: guard(['admin', 'supervisor', 'dispatcher'], <DashboardPage />) },
      { path: '/admin/org', element: guard(['admin'], <AdminOrgPage />) },
      { path: '/admin/grids', element: guard(['admin'], <AdminGridsPage />) },
      { path: '/admin/workers', element: guard(['admin'], <AdminWorkersPage />) },
      { path: '/admin/catalog', element: guard(['admin'], <AdminCatalogPage />) },
      { path: '/admin/users', element: guard(['admin'], <AdminUsersPage />) },
      { path: '/admin/calendar', element: guard(['admin'], <AdminCalendarPage />) },
      { path: '/admin/webhooks', element: guard(['admin'], <AdminWebhooksPage />) },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);

export function AppRoutes() {
  return <RouterProvider router={router} />;
}
