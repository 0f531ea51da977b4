import client from 'prom-client';
import type { SubscriptionsService } from './subscriptions.service.ts';

/**
 * `huitong_subscription_lag{subscription,dataset,state}`: changes not yet delivered (head − delivered
 * sequence), so a stalled or forgotten subscriber shows up on a dashboard and can be alerted on
 * (e.g. lag > 0 for 30 minutes) instead of falling behind silently.
 */
export function registerSubscriptionMetrics(registry: client.Registry, subscriptions: SubscriptionsService): void {
  new client.Gauge({
    name: 'huitong_subscription_lag',
    help: 'Changes of the dataset not yet delivered to the subscriber (head sequence minus delivered sequence)',
    labelNames: ['subscription', 'dataset', 'state', 'mode'] as const,
    registers: [registry],
    async collect() {
      try {
        const lags = await subscriptions.lags();
        this.reset();
        for (const l of lags) this.labels(l.id, l.datasetId, l.state, l.mode).set(l.lag);
      } catch {
        // keep the previous values: metrics must answer while the database is away
      }
    },
  });
}
