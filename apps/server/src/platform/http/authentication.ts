import type { FastifyInstance } from 'fastify';
import { anonymousActor } from '../auth/actor.ts';
import { AuthenticationError, NotAllowedError } from '../errors.ts';
import type { AuthService } from '../../modules/auth/auth.service.ts';

export const SESSION_COOKIE = 'huitong_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves every request's actor: a console session cookie, or an `Authorization: Bearer` token
 * (a user API token or a system's client-credentials token). `/api/*` routes need an
 * authenticated actor unless marked `config.public`.
 *
 * Cookie-authenticated writes must carry `X-Requested-With`: a cross-site form cannot set it,
 * and a cross-site script cannot send it without a CORS preflight the platform never grants.
 */
export function registerAuthentication(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    const base = anonymousActor(request.id, request.ip);
    request.actor = base;

    const header = request.headers.authorization;
    const bearer = header && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : undefined;
    const cookie = bearer ? undefined : request.cookies[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (token) {
      const resolved = await auth.resolve(token, base);
      // Cookies carry console sessions only; API and system tokens travel as bearer tokens.
      if (resolved && (cookie ? resolved.kind === 'console' : resolved.kind !== 'console')) {
        if (cookie && UNSAFE_METHODS.has(request.method) && !request.headers['x-requested-with']) {
          throw new NotAllowedError('csrf', '缺少 X-Requested-With 请求头 (cookie-authenticated writes need X-Requested-With)');
        }
        request.actor = resolved.actor;
      }
    }
    // The interactive API reference (/api/docs) is public documentation, like /api/openapi.json.
    const isApi = request.url.startsWith('/api/') && !request.url.startsWith('/api/docs');
    if (isApi && !request.routeOptions.config?.public && request.actor.kind === 'anonymous') {
      throw new AuthenticationError();
    }
  });
}
