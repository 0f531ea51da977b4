import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { AuditTrail } from './audit/audit-trail.ts';
import type { ActorCache } from './auth/actor-cache.ts';
import type { CalendarService } from './calendar/calendar.service.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db/schema.ts';
import type { DatabaseKind } from './db/database.ts';
import type { KeyRing } from './keys.ts';
import type { Policy } from './policy/profiles.ts';

/** What every module is built from. Passed explicitly; there is no container. */
export interface PlatformDeps {
  config: Config;
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  clock: Clock;
  keys: KeyRing;
  audit: AuditTrail;
  policy: Policy;
  calendar: CalendarService;
  /** Resolved actors by token; whoever changes an identity forgets it here after the commit. */
  actors: ActorCache;
}
