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

/** The webhook signature header value (HMAC-SM3), for every channel that calls out to a department. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return NotificationService.signature(secret, timestamp, body);
}
