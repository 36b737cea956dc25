import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { HOME_OF, RequireAuth, useAuth } from './auth/auth';
import { ConsoleLayout } from './layout/console-layout';
import { AdminCalendarPage } from './pages/admin/calendar-page';
import { AdminCatalogPage } from './pages/admin/catalog-page';
import { AdminGridsPage } from './pages/admin/grids-page';
import { AdminOrgPage } from './pages/admin/org-page';
import { AdminUsersPage } from './pages/admin/users-page';
import { AdminWebhooksPage } from './pages/admin/webhooks-page';
import { AdminWorkersPage } from './pages/admin/workers-page';
import { DashboardPage } from './pages/dashboard/dashboard-page';
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

function Home() {
  const { user, loading } = useAuth();
  if (loading) return null;
  return <Navigate to={user ? HOME_OF[user.role] : '/login'} replace />;
}

const guard = (roles: Parameters<typeof RequireAuth>[0]['roles'], element: React.ReactNode) => (
  <RequireAuth roles={roles}>{element}</RequireAuth>
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
