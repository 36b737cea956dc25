import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useParams } from 'react-router';
import { HOME_OF, RequireAuth, useAuth } from './auth/auth';

// Every route loads on first use (its own chunk with the antd parts it needs): a resident's
// phone opening /r/:gridCode downloads the request form and nothing of the desk screens,
// ECharts or Leaflet (only pages that show a map import it).
const ConsoleLayout = lazy(() => import('./layout/console-layout').then((m) => ({ default: m.ConsoleLayout })));
const DeskPage = lazy(() => import('./pages/desk/desk-page').then((m) => ({ default: m.DeskPage })));
const UnlocatedPage = lazy(() => import('./pages/desk/unlocated-page').then((m) => ({ default: m.UnlocatedPage })));
const FileTicketPage = lazy(() =>
  import('./pages/field/file-ticket-page').then((m) => ({ default: m.FileTicketPage })),
);
const DepartmentTicketsPage = lazy(() =>
  import('./pages/department/department-tickets-page').then((m) => ({ default: m.DepartmentTicketsPage })),
);
const AdminDepartmentsPage = lazy(() =>
  import('./pages/admin/departments-page').then((m) => ({ default: m.AdminDepartmentsPage })),
);
const GridQueuePage = lazy(() => import('./pages/field/grid-queue-page').then((m) => ({ default: m.GridQueuePage })));
const MyTasksPage = lazy(() => import('./pages/field/my-tasks-page').then((m) => ({ default: m.MyTasksPage })));
const MePage = lazy(() => import('./pages/me/me-page').then((m) => ({ default: m.MePage })));
const MessagesPage = lazy(() => import('./pages/me/messages-page').then((m) => ({ default: m.MessagesPage })));
const LoginPage = lazy(() => import('./pages/login').then((m) => ({ default: m.LoginPage })));
const NotFoundPage = lazy(() => import('./pages/not-found').then((m) => ({ default: m.NotFoundPage })));
// The API serves /r/:gridCode from its own small entry (resident.html); this route is the same
// page when the console navigates there itself (and under the dev server).
const PublicRequestPage = lazy(() =>
  import('./pages/public/request-page').then((m) => ({
    default: function PublicRequestRoute() {
      const { gridCode = '' } = useParams();
      return <m.PublicRequestPage gridCode={gridCode} />;
    },
  })),
);
const SignBoardPage = lazy(() => import('./pages/public/sign-board-page').then((m) => ({ default: m.SignBoardPage })));
const TrackingPage = lazy(() => import('./pages/public/tracking-page').then((m) => ({ default: m.TrackingPage })));
const ClosedCasesPage = lazy(() =>
  import('./pages/review/closed-cases-page').then((m) => ({ default: m.ClosedCasesPage })),
);
const ReviewQueuePage = lazy(() =>
  import('./pages/review/review-queue-page').then((m) => ({ default: m.ReviewQueuePage })),
);
const TimeRequestsPage = lazy(() =>
  import('./pages/review/time-requests-page').then((m) => ({ default: m.TimeRequestsPage })),
);
const TicketPrintPage = lazy(() =>
  import('./pages/print/six-part-print-page').then((m) => ({ default: m.TicketPrintPage })),
);
const TicketsPrintPage = lazy(() =>
  import('./pages/print/six-part-print-page').then((m) => ({ default: m.TicketsPrintPage })),
);
const TicketDetailPage = lazy(() =>
  import('./pages/tickets/ticket-detail-page').then((m) => ({ default: m.TicketDetailPage })),
);
const AdminCalendarPage = lazy(() =>
  import('./pages/admin/calendar-page').then((m) => ({ default: m.AdminCalendarPage })),
);
const AdminCatalogPage = lazy(() =>
  import('./pages/admin/catalog-page').then((m) => ({ default: m.AdminCatalogPage })),
);
const AdminGridsPage = lazy(() => import('./pages/admin/grids-page').then((m) => ({ default: m.AdminGridsPage })));
const AdminOrgPage = lazy(() => import('./pages/admin/org-page').then((m) => ({ default: m.AdminOrgPage })));
const AdminUsersPage = lazy(() => import('./pages/admin/users-page').then((m) => ({ default: m.AdminUsersPage })));
const AdminAddressesPage = lazy(() =>
  import('./pages/admin/addresses-page').then((m) => ({ default: m.AdminAddressesPage })),
);
const AdminSmsPage = lazy(() => import('./pages/admin/sms-page').then((m) => ({ default: m.AdminSmsPage })));
const AdminWebhooksPage = lazy(() =>
  import('./pages/admin/webhooks-page').then((m) => ({ default: m.AdminWebhooksPage })),
);
const AdminWorkersPage = lazy(() =>
  import('./pages/admin/workers-page').then((m) => ({ default: m.AdminWorkersPage })),
);
const CommandPage = lazy(() => import('./pages/command/command-page').then((m) => ({ default: m.CommandPage })));
const BurdenPage = lazy(() => import('./pages/burden/burden-page').then((m) => ({ default: m.BurdenPage })));
const TopicsPage = lazy(() => import('./pages/topics/topics-page').then((m) => ({ default: m.TopicsPage })));
const DashboardPage = lazy(() =>
  import('./pages/dashboard/dashboard-page').then((m) => ({ default: m.DashboardPage })),
);

function Home() {
  const { user, loading } = useAuth();
  if (loading) return null;
  return <Navigate to={user ? HOME_OF[user.role] : '/login'} replace />;
}

const fallback = <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;
const page = (element: ReactNode) => <Suspense fallback={fallback}>{element}</Suspense>;

const guard = (roles: Parameters<typeof RequireAuth>[0]['roles'], element: ReactNode) => (
  <RequireAuth roles={roles}>
    <Suspense fallback={fallback}>{element}</Suspense>
  </RequireAuth>
);

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  { path: '/login', element: page(<LoginPage />) },
  // Public pages (no login): the sign board's QR code opens /r/:gridCode on a resident's phone.
  { path: '/r/:gridCode', element: page(<PublicRequestPage />) },
  { path: '/t/:trackingCode', element: page(<TrackingPage />) },
  { path: '/t', element: page(<TrackingPage />) },
  // The printable 公示牌, without the console's frame.
  {
    path: '/sign-board/:gridCode',
    element: guard(['admin', 'dispatcher', 'grid_worker', 'supervisor'], <SignBoardPage />),
  },
  // The printable 六联单 (one ticket, or a selection one per page), without the console's frame.
  { path: '/tickets/print', element: guard(undefined, <TicketsPrintPage />) },
  { path: '/tickets/:id/print', element: guard(undefined, <TicketPrintPage />) },
  // 指挥中心 on a wall display: without the console's frame.
  { path: '/command/wall', element: guard(['admin'], <CommandPage wall />) },
  {
    element: guard(undefined, <ConsoleLayout />),
    children: [
      { path: '/my/queue', element: guard(['grid_worker'], <GridQueuePage />) },
      { path: '/tickets/new', element: guard(['grid_worker', 'dispatcher'], <FileTicketPage />) },
      { path: '/my/tasks', element: guard(['party_member', 'grid_worker'], <MyTasksPage />) },
      { path: '/tickets/:id', element: <TicketDetailPage /> },
      { path: '/messages', element: <MessagesPage /> },
      { path: '/me', element: <MePage /> },
      { path: '/desk', element: guard(['dispatcher'], <DeskPage />) },
      { path: '/unlocated', element: guard(['dispatcher', 'admin'], <UnlocatedPage />) },
      { path: '/department', element: guard(['department_staff'], <DepartmentTicketsPage />) },
      { path: '/review', element: guard(['supervisor'], <ReviewQueuePage />) },
      { path: '/review/requests', element: guard(['supervisor'], <TimeRequestsPage />) },
      { path: '/review/closed', element: guard(['supervisor', 'admin'], <ClosedCasesPage />) },
      { path: '/dashboard', element: guard(['admin', 'supervisor', 'dispatcher'], <DashboardPage />) },
      { path: '/burden', element: guard(['admin', 'supervisor'], <BurdenPage />) },
      { path: '/topics', element: guard(['admin', 'supervisor', 'dispatcher'], <TopicsPage />) },
      { path: '/command', element: guard(['admin'], <CommandPage />) },
      { path: '/admin/org', element: guard(['admin'], <AdminOrgPage />) },
      { path: '/admin/grids', element: guard(['admin'], <AdminGridsPage />) },
      { path: '/admin/workers', element: guard(['admin'], <AdminWorkersPage />) },
      { path: '/admin/departments', element: guard(['admin'], <AdminDepartmentsPage />) },
      { path: '/admin/catalog', element: guard(['admin'], <AdminCatalogPage />) },
      { path: '/admin/users', element: guard(['admin'], <AdminUsersPage />) },
      { path: '/admin/calendar', element: guard(['admin'], <AdminCalendarPage />) },
      { path: '/admin/webhooks', element: guard(['admin'], <AdminWebhooksPage />) },
      { path: '/admin/sms', element: guard(['admin'], <AdminSmsPage />) },
      { path: '/admin/addresses', element: guard(['admin'], <AdminAddressesPage />) },
    ],
  },
  { path: '*', element: page(<NotFoundPage />) },
]);

export function AppRoutes() {
  return <RouterProvider router={router} />;
}
