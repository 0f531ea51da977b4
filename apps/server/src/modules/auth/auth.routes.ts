import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { IsoDateTime, LoginRequest, Me, Ok, PasswordChange, TokenRequest, TokenResponse } from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import { SESSION_COOKIE } from '../../platform/http/authentication.ts';
import type { AuthService } from './auth.service.ts';
import type { Config } from '../../config/config.ts';

/**
 * Login and token requests are accepted only as JSON. A cross-site HTML form can post
 * form-encoded or text/plain bodies but never application/json, so this closes login CSRF
 * (signing a victim's browser into the attacker's account). OAuth's token endpoint keeps
 * form encoding (RFC 6749); it sets no cookie.
 */
async function jsonOnly(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(type.slice(0, 100));
}

export function authRoutes(auth: AuthService, config: Config) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);

    app.post(
      '/api/auth/login',
      {
        config: { public: true, credentials: 'username', operation: 'auth:login' },
        onRequest: jsonOnly,
        schema: { tags: ['auth'], summary: '控制台登录 (console login; sets the session cookie)', body: LoginRequest, response: { 200: Me, ...errors, 423: errors[401] } },
      },
      async (request, reply) => {
        const { token, expiresAt, actor } = await auth.login(request.actor, request.body.username, request.body.password, 'console', request.headers['user-agent'] ?? null);
        reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/', expires: expiresAt });
        return auth.me(actor);
      },
    );

    app.post(
      '/api/auth/tokens',
      {
        config: { public: true, credentials: 'username', operation: 'auth:token' },
        onRequest: jsonOnly,
        schema: {
          tags: ['auth'],
          summary: '为脚本和系统集成签发个人 API 令牌 (personal bearer token)',
          body: LoginRequest,
          response: { 200: Type.Object({ token: Type.String(), expiresAt: IsoDateTime }), ...errors, 423: errors[401] },
        },
      },
      async (request) => {
        const { token, expiresAt } = await auth.login(request.actor, request.body.username, request.body.password, 'user_api', request.headers['user-agent'] ?? null);
        return { token, expiresAt: expiresAt.toISOString() };
      },
    );

    app.post(
      '/api/oauth/token',
      {
        config: { public: true, credentials: 'client_id', operation: 'auth:system-token' },
        schema: { tags: ['auth'], summary: 'OAuth2 client credentials for application systems', body: TokenRequest, response: { 200: TokenResponse, ...errors } },
      },
      async (request) => {
        const { token, expiresIn } = await auth.issueSystemToken(request.actor, request.body.client_id, request.body.client_secret);
        return { access_token: token, token_type: 'Bearer' as const, expires_in: expiresIn };
      },
    );

    app.post(
      '/api/auth/logout',
      { config: { operation: 'auth:logout' }, schema: { tags: ['auth'], summary: '退出登录 (log out)', response: { 200: Ok, ...errors } } },
      async (request, reply) => {
        const header = request.headers.authorization;
        const token = header?.replace(/^Bearer\s+/i, '') || request.cookies[SESSION_COOKIE];
        if (token) await auth.logout(request.actor, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户 (the signed-in user)', response: { 200: Me, ...errors } } }, async (request) => auth.me(request.actor));

    app.post(
      '/api/auth/password',
      { config: { operation: 'auth:password-change' }, schema: { tags: ['auth'], summary: '修改密码 (change own password)', body: PasswordChange, response: { 200: Ok, ...errors } } },
      async (request) => {
        // The session or token making the change stays valid; all others of the user end.
        const token = request.headers.authorization?.replace(/^Bearer\s+/i, '') || request.cookies[SESSION_COOKIE];
        await auth.changePassword(request.actor, request.body.currentPassword, request.body.newPassword, token);
        return { ok: true as const };
      },
    );
  };
}
