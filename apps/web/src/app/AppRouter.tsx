import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Spin } from 'antd';
import { RequireAuth } from './RequireAuth.tsx';
import { AppLayout } from './AppLayout.tsx';

// Every view is its own chunk: the login page does not download the admin screens.
const LoginPage = lazy(() => import('../routes/login/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const CatalogSearchPage = lazy(() => import('../routes/catalog-search/CatalogSearchPage.tsx').then((m) => ({ default: m.CatalogSearchPage })));
const CatalogDetailPage = lazy(() => import('../routes/catalog-detail/CatalogDetailPage.tsx').then((m) => ({ default: m.CatalogDetailPage })));
const CatalogEditPage = lazy(() => import('../routes/catalog-edit/CatalogEditPage.tsx').then((m) => ({ default: m.CatalogEditPage })));
const ReviewQueuePage = lazy(() => import('../routes/review-queue/ReviewQueuePage.tsx').then((m) => ({ default: m.ReviewQueuePage })));
const ObjectionsPage = lazy(() => import('../routes/objections/ObjectionsPage.tsx').then((m) => ({ default: m.ObjectionsPage })));
const MaintenancePage = lazy(() => import('../routes/maintenance/MaintenancePage.tsx').then((m) => ({ default: m.MaintenancePage })));
const CatalogTransferPage = lazy(() => import('../routes/catalog-transfer/CatalogTransferPage.tsx').then((m) => ({ default: m.CatalogTransferPage })));
const DepartmentsPage = lazy(() => import('../routes/departments/DepartmentsPage.tsx').then((m) => ({ default: m.DepartmentsPage })));
const UsersPage = lazy(() => import('../routes/users/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const SystemsPage = lazy(() => import('../routes/systems/SystemsPage.tsx').then((m) => ({ default: m.SystemsPage })));
const AuditPage = lazy(() => import('../routes/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const ApplicationsPage = lazy(() => import('../routes/sharing-applications/ApplicationsPage.tsx').then((m) => ({ default: m.ApplicationsPage })));
const ApplicationFormPage = lazy(() => import('../routes/sharing-apply/ApplicationFormPage.tsx').then((m) => ({ default: m.ApplicationFormPage })));
const ApplicationDetailPage = lazy(() => import('../routes/sharing-application-detail/ApplicationDetailPage.tsx').then((m) => ({ default: m.ApplicationDetailPage })));
const SharingReviewPage = lazy(() => import('../routes/sharing-review/SharingReviewPage.tsx').then((m) => ({ default: m.SharingReviewPage })));
const GrantsPage = lazy(() => import('../routes/sharing-grants/GrantsPage.tsx').then((m) => ({ default: m.GrantsPage })));
const GrantDetailPage = lazy(() => import('../routes/sharing-grants/GrantDetailPage.tsx').then((m) => ({ default: m.GrantDetailPage })));
const DelegationsPage = lazy(() => import('../routes/sharing-delegations/DelegationsPage.tsx').then((m) => ({ default: m.DelegationsPage })));
const DemandsPage = lazy(() => import('../routes/sharing-demands/DemandsPage.tsx').then((m) => ({ default: m.DemandsPage })));
const DemandDetailPage = lazy(() => import('../routes/sharing-demands/DemandDetailPage.tsx').then((m) => ({ default: m.DemandDetailPage })));
const SupervisionPage = lazy(() => import('../routes/supervision/SupervisionPage.tsx').then((m) => ({ default: m.SupervisionPage })));
const WebhooksPage = lazy(() => import('../routes/webhooks/WebhooksPage.tsx').then((m) => ({ default: m.WebhooksPage })));
const CalendarPage = lazy(() => import('../routes/calendar/CalendarPage.tsx').then((m) => ({ default: m.CalendarPage })));
const NotFoundPage = lazy(() => import('../routes/not-found/NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })));

function Page({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<Page><LoginPage /></Page>} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Navigate to="/catalog" replace />} />
          <Route path="catalog" element={<Page><CatalogSearchPage mode="search" /></Page>} />
          <Route path="catalog/mine" element={<Page><CatalogSearchPage mode="mine" /></Page>} />
          <Route path="catalog/new" element={<Page><CatalogEditPage /></Page>} />
          <Route path="catalog/:id" element={<Page><CatalogDetailPage /></Page>} />
          <Route path="catalog/:id/edit" element={<Page><CatalogEditPage /></Page>} />
          <Route path="review" element={<Page><ReviewQueuePage /></Page>} />
          <Route path="objections" element={<Page><ObjectionsPage /></Page>} />
          <Route path="maintenance" element={<Page><MaintenancePage /></Page>} />
          <Route path="transfer" element={<Page><CatalogTransferPage /></Page>} />
          <Route path="sharing/applications" element={<Page><ApplicationsPage /></Page>} />
          <Route path="sharing/applications/new" element={<Page><ApplicationFormPage /></Page>} />
          <Route path="sharing/applications/:id" element={<Page><ApplicationDetailPage /></Page>} />
          <Route path="sharing/applications/:id/edit" element={<Page><ApplicationFormPage /></Page>} />
          <Route path="sharing/review" element={<Page><SharingReviewPage /></Page>} />
          <Route path="sharing/grants" element={<Page><GrantsPage /></Page>} />
          <Route path="sharing/grants/:id" element={<Page><GrantDetailPage /></Page>} />
          <Route path="sharing/delegations" element={<Page><DelegationsPage /></Page>} />
          <Route path="sharing/demands" element={<Page><DemandsPage /></Page>} />
          <Route path="sharing/demands/:id" element={<Page><DemandDetailPage /></Page>} />
          <Route path="supervision" element={<Page><SupervisionPage /></Page>} />
          <Route path="admin/webhooks" element={<Page><WebhooksPage /></Page>} />
          <Route path="admin/calendar" element={<Page><CalendarPage /></Page>} />
          <Route path="admin/departments" element={<Page><DepartmentsPage /></Page>} />
          <Route path="admin/users" element={<Page><UsersPage /></Page>} />
          <Route path="admin/systems" element={<Page><SystemsPage /></Page>} />
          <Route path="audit" element={<Page><AuditPage /></Page>} />
          <Route path="*" element={<Page><NotFoundPage /></Page>} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
