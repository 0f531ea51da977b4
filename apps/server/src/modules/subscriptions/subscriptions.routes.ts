import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { IdParams, Subscription, SubscriptionChangePage, SubscriptionChangesQuery, SubscriptionCreate, SubscriptionCreated } from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { SubscriptionsService } from './subscriptions.service.ts';

export function subscriptionRoutes(subscriptions: SubscriptionsService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['subscriptions'];

    app.post(
      '/api/subscriptions',
      {
        schema: {
          tags,
          summary: '订阅数据集变更 (subscribe an application system of the own department to a dataset; needs a grant in force for the entry and system; push returns the signing secret once)',
          body: SubscriptionCreate,
          response: { 201: SubscriptionCreated, ...errors },
        },
      },
      async (request, reply) => reply.code(201).send(await subscriptions.create(request.actor, request.body)),
    );

    app.get('/api/subscriptions', { schema: { tags, summary: '本部门的订阅 (subscriptions of the own department; a system sees its own)', response: { 200: Type.Array(Subscription), ...errors } } }, async (request) =>
      subscriptions.list(request.actor),
    );

    app.get('/api/subscriptions/:id', { schema: { tags, summary: '订阅 (with its lag: head − delivered sequence)', params: IdParams, response: { 200: Subscription, ...errors } } }, async (request) =>
      subscriptions.get(request.actor, request.params.id),
    );

    app.post('/api/subscriptions/:id/pause', { schema: { tags, summary: '暂停订阅', params: IdParams, response: { 200: Subscription, ...errors } } }, async (request) =>
      subscriptions.pause(request.actor, request.params.id),
    );

    app.post('/api/subscriptions/:id/resume', { schema: { tags, summary: '恢复订阅 (needs a grant in force again)', params: IdParams, response: { 200: Subscription, ...errors } } }, async (request) =>
      subscriptions.resume(request.actor, request.params.id),
    );

    app.delete('/api/subscriptions/:id', { schema: { tags, summary: '删除订阅', params: IdParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
      await subscriptions.remove(request.actor, request.params.id);
      return reply.code(204).send(null);
    });

    app.get(
      '/api/subscriptions/:id/changes',
      {
        schema: {
          tags,
          summary: '拉取变更 (pull: the changes after the opaque cursor, only granted items, masked per the grant; also with the system token from /api/oauth/token)',
          params: IdParams,
          querystring: SubscriptionChangesQuery,
          response: { 200: SubscriptionChangePage, ...errors },
        },
      },
      async (request) => subscriptions.pull(request.actor, request.params.id, request.query.cursor, request.query.limit ?? 100),
    );
  };
}
