import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * Security headers on every answer: the console, the API, the API docs, errors and 404s alike.
 *
 * The CSP allows scripts only from the platform itself: the built console loads its bundles as
 * files and the bundled Swagger UI has no inline script (its csp.json lists no hashes), so no
 * nonce or hash is needed. Styles may be inline because both the console's component library
 * (antd, CSS-in-JS) and Swagger UI write <style> elements at run time (test/e2e/security-headers
 * shows the violations without it); a style cannot run script. Framing is
 * refused twice (frame-ancestors and X-Frame-Options) for old browsers. HSTS is sent only when
 * the platform runs behind HTTPS (secure cookies on): sent over plain HTTP it would lock
 * browsers out of a server that has no certificate.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.https && { upgradeInsecureRequests: [] }),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}
