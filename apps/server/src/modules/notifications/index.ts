import type { PlatformDeps } from '../../platform/deps.ts';
import { notificationRoutes } from './notification.routes.ts';
import { NotificationService } from './notification.service.ts';

export function createNotificationModule(deps: PlatformDeps) {
  const service = new NotificationService(deps);
  return { service, routes: notificationRoutes(service) };
}

// The port other modules use: the service and the builders of the messages it sends.
export type { NotificationService } from './notification.service.ts';
export { notificationMessages, type Message } from './notification.messages.ts';
