import type { Actor } from '../auth/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Resolved by the auth hook on every request; anonymous when no credentials were sent. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** The named operation a mutating route performs; failed attempts are audited under it. */
    operation?: string;
    /** Routes reachable without credentials (login, health, public metadata). */
    public?: boolean;
    /** Credential endpoints: rate-limited per address and per account named by this body field. */
    credentials?: 'username' | 'client_id';
    /** Exempt from the anonymous rate limit (health probes). */
    unlimited?: boolean;
  }
}

export {};
