import type { Role } from '@huitong/contracts';

/**
 * Who is acting. Every service method takes the actor first; the actor carries the request id
 * and client address so the audit record written by the service can name them.
 */
export interface Actor {
  kind: 'user' | 'system' | 'anonymous' | 'cli';
  userId: string | null;
  username: string | null;
  name: string | null;
  /** The department the user belongs to (may be an internal unit). */
  departmentId: string | null;
  departmentName: string | null;
  /** The 政务部门 the actor acts for: its own department, or the one above an internal unit. */
  organisationId: string | null;
  organisationName: string | null;
  /** Whether the organisation is the platform operator (数据管理单位). */
  operatorMember: boolean;
  roles: Role[];
  systemId: string | null;
  requestId: string | null;
  clientIp: string | null;
  /** Set once a failure record has been written for this request, so it is not written twice. */
  failureAudited?: boolean;
}

export function anonymousActor(requestId: string | null = null, clientIp: string | null = null): Actor {
  return {
    kind: 'anonymous',
    userId: null,
    username: null,
    name: null,
    departmentId: null,
    departmentName: null,
    organisationId: null,
    organisationName: null,
    operatorMember: false,
    roles: [],
    systemId: null,
    requestId,
    clientIp,
  };
}

/** The command line acts as the operating-system user who runs it. */
export function cliActor(command: string): Actor {
  const osUser = process.env.USER || process.env.LOGNAME || 'unknown';
  return { ...anonymousActor(null, null), kind: 'cli', name: `cli:${osUser}`, username: `cli:${osUser}`, requestId: `cli:${command}` };
}

export function isAuthenticated(actor: Actor): boolean {
  return actor.kind === 'user' || actor.kind === 'system' || actor.kind === 'cli';
}

/** The platform acting on its own (scheduled jobs): recorded in the audit trail under `task:<name>`. */
export function taskActor(task: string): Actor {
  return { ...anonymousActor(null, null), kind: 'cli', name: `task:${task}`, username: `task:${task}`, requestId: `task:${task}` };
}
