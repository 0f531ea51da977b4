import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { IdParams, Notification, Ok, Uuid, Webhook, WebhookCreate } from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import type { NotificationService } from './notification.service.ts';

export function notificationRoutes(notifications: NotificationService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['notifications'];
    app.get(
      '/api/notifications',
      {
        schema: {
          tags,
          summary: '站内信收件箱;有 code 的消息按请求语言(X-Huitong-Language, 否则 Accept-Language)呈现',
          querystring: Type.Object({ unreadOnly: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
          response: { 200: Type.Object({ items: Type.Array(Notification), unread: Type.Integer() }), ...errors },
        },
      },
      async (request) => notifications.inbox(request.actor, request.query, requestLanguage(request.headers) ?? undefined),
    );
    app.post(
      '/api/notifications/read',
      {
        config: { operation: 'notification:read' },
        schema: { tags, summary: '标为已读 (ids, or all)', body: Type.Object({ ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { maxItems: 500 })), all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), response: { 200: Ok, ...errors } },
      },
      async (request) => {
        await notifications.markRead(request.actor, request.body.all ? 'all' : (request.body.ids ?? []));
        return { ok: true as const };
      },
    );
    app.get(
      '/api/webhooks',
      { schema: { tags, summary: '部门事件推送订阅', querystring: Type.Object({ departmentId: Uuid }), response: { 200: Type.Array(Webhook), ...errors } } },
      async (request) => notifications.listWebhooks(request.actor, request.query.departmentId),
    );
    app.post(
      '/api/webhooks',
      { config: { operation: 'org:webhook:create' }, schema: { tags, summary: '订阅事件推送;签名密钥只显示这一次', body: WebhookCreate, response: { 201: Type.Object({ webhook: Webhook, secret: Type.String() }), ...errors } } },
      async (request, reply) => reply.status(201).send(await notifications.createWebhook(request.actor, request.body)),
    );
    app.delete(
      '/api/webhooks/:id',
      { config: { operation: 'org:webhook:delete' }, schema: { tags, summary: '停用事件推送', params: IdParams, response: { 200: Ok, ...errors } } },
      async (request) => {
        await notifications.disableWebhook(request.actor, request.params.id);
        return { ok: true as const };
      },
    );
  };
}
