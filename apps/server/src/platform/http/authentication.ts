import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { anonymousActor, type Actor } from '../auth/actor.ts';
import { AuthenticationError, NotAllowedError } from '../errors.ts';

export const SESSION_COOKIE = 'huitong_session';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a presented token stands for; the auth module implements it, app.ts passes it in. */
export interface TokenResolver {
  resolve(token: string, request: Actor): Promise<{ actor: Actor; kind: 'console' | 'user_api' | 'system' } | null>;
}

/** A route as registered, for the access-control walk in the tests and for operations. */
export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
}

export interface RouteTable {
  list(): RegisteredRoute[];
}

/** The credentials sent with a request: a bearer token, else the session cookie. */
export function presentedToken(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = request.headers.authorization;
  const bearer = header && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : '';
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/**
 * Resolves every request's actor: a console session cookie, or an `Authorization: Bearer` token
 * (a user API token or a system's client-credentials token). Unknown or expired tokens leave the
 * request anonymous; whether that is enough is decided later by `requireAuthentication`.
 *
 * Cookie-authenticated writes must carry `X-Requested-With`: a cross-site form cannot set it,
 * and a cross-site script cannot send it without a CORS preflight the platform never grants.
 *
 * Also records every route as it is registered (the route table), so access control can be
 * checked route by route. Register this before any route.
 */
export function registerAuthentication(app: FastifyInstance, resolver: TokenResolver): RouteTable {
  const routes: RouteOptions[] = [];
  // Kept as references: scopes registered later (the docs, the console) mark their routes public
  // in their own onRoute hooks, which run after this one.
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });

  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    const base = anonymousActor(request.id, request.ip);
    request.actor = base;
    const presented = presentedToken(request);
    if (!presented) return;
    let resolved: Awaited<ReturnType<TokenResolver['resolve']>>;
    try {
      resolved = await resolver.resolve(presented.token, base);
    } catch (error) {
      // A public route needs no identity: health, readiness and metrics (which checks its own
      // scraper token) keep answering while the sessions cannot be read, e.g. during a database
      // outage. Every other route fails as the resolver failed (503 DATABASE_UNAVAILABLE).
      if (request.routeOptions.config?.public) return;
      throw error;
    }
    // Cookies carry console sessions only; API and system tokens travel as bearer tokens.
    if (resolved && (presented.via === 'cookie' ? resolved.kind === 'console' : resolved.kind !== 'console')) {
      if (presented.via === 'cookie' && UNSAFE_METHODS.has(request.method) && !request.headers['x-requested-with']) {
        throw new NotAllowedError('csrf', '缺少 X-Requested-With 请求头 (cookie-authenticated writes need X-Requested-With)');
      }
      request.actor = resolved.actor;
    }
  });

  return {
    list: () =>
      routes.flatMap((route) =>
        [route.method].flat().map((method) => ({ method: String(method), url: route.url, public: Boolean(route.config?.public) })),
      ),
  };
}

/**
 * Access control on the route Fastify matched, never on the raw URL: the router decodes the path
 * (`/%61pi/…` is `/api/…`), so only its decision is the truth. Every route needs an authenticated
 * actor unless it is declared `config.public`. Unmatched paths go on to the not-found handler,
 * which serves no data.
 *
 * `onRejected` is told before the 401 is thrown (the anonymous-rejection summary in the audit trail).
 */
export function requireAuthentication(app: FastifyInstance, options: { onRejected?: (request: FastifyRequest, status: number, code: string) => Promise<void> } = {}): void {
  app.addHook('onRequest', async (request) => {
    const matched = request.routeOptions.url !== undefined && request.is404 !== true;
    if (!matched || request.routeOptions.config?.public || request.actor.kind !== 'anonymous') return;
    const error = new AuthenticationError();
    await options.onRejected?.(request, error.status, error.code);
    throw error;
  });
}

/** Marks every route registered in `scope` as public (third-party plugins: API docs, console files). */
export function declarePublic(scope: FastifyInstance, options: { unlimited?: boolean } = {}): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: true, ...(options.unlimited && { unlimited: true }) };
  });
}
