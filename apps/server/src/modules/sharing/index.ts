import type { PlatformDeps } from '../../platform/deps.ts';
import type { CatalogService } from '../catalog/index.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import type { OrgService } from '../org/index.ts';
import { DeadlineService } from './deadline.service.ts';
import { DemandService } from './demand.service.ts';
import { GrantService } from './grant.service.ts';
import { sharingRoutes } from './sharing.routes.ts';
import { SharingService } from './sharing.service.ts';

export function createSharingModule(deps: PlatformDeps, org: OrgService, catalog: CatalogService, notifications: NotificationService) {
  const service = new SharingService(deps, org, catalog, notifications);
  const grants = new GrantService(deps, org, catalog, notifications);
  const demands = new DemandService(deps, org, catalog, notifications);
  const deadlines = new DeadlineService(deps, service, notifications);
  // Grant holders are consumers of an entry: catalog changes reach them with notice (000 Art. 8).
  catalog.useEntryConsumers({ consumersOf: (db, entryId) => grants.grantHolders(db, entryId) });
  catalog.events.subscribe('catalog.change_notices_issued', async (trx, { notices }) => {
    for (const notice of notices) {
      await notifications.notifyRoles(trx, notice.recipientDepartmentId, ['data_officer', 'dept_leader'], notificationMessages.catalogChangeNotice({ entryId: notice.entryId, entry: notice.entryName, notice: notice.message }));
      await notifications.emit(trx, [notice.recipientDepartmentId], 'catalog.change_notice', { entryId: notice.entryId, kind: notice.kind, effectiveAt: notice.effectiveAt.toISOString() });
    }
  });
  return { service, grants, demands, deadlines, routes: sharingRoutes(service, grants, demands, deadlines) };
}

// The port other modules use.
export type { DeadlineService } from './deadline.service.ts';
/** The grant check a data channel applies before it hands anything out. */
export type GrantAccessPort = Pick<GrantService, 'access'>;
export { sharingTargetNames } from './target-names.repository.ts';
export type { SharingService } from './sharing.service.ts';
export type { AccessDecision, GrantService } from './grant.service.ts';
