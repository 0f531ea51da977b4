import type { FastifyInstance } from 'fastify';
import type client from 'prom-client';
import type { PlatformDeps } from '../../platform/deps.ts';
import type { DatasetFeedPort } from '../datasets/index.ts';
import type { NotificationService } from '../notifications/index.ts';
import type { GrantAccessPort } from '../sharing/index.ts';
import { PostgresClaimDispatcher, type ChangeDispatcher, type DispatcherOptions } from './dispatcher.ts';
import { registerSubscriptionMetrics } from './subscription-metrics.ts';
import { subscriptionRoutes } from './subscriptions.routes.ts';
import { SubscriptionsService } from './subscriptions.service.ts';

export function createSubscriptionsModule(deps: PlatformDeps, feed: DatasetFeedPort, grants: GrantAccessPort, notifications: NotificationService, dispatcherOptions: Partial<DispatcherOptions> = {}) {
  const service = new SubscriptionsService(deps, feed, grants, notifications);
  const dispatcher: ChangeDispatcher = new PostgresClaimDispatcher(deps, service, dispatcherOptions);
  const routes = async (fastify: FastifyInstance) => {
    await fastify.register(subscriptionRoutes(service));
  };
  return { service, dispatcher, routes, metrics: (registry: client.Registry) => registerSubscriptionMetrics(registry, service) };
}

export type { ChangeDispatcher } from './dispatcher.ts';
export { subscriptionTargetNames } from './target-names.repository.ts';
