import { Type, type Static } from '@sinclair/typebox';
import { AUDIT_OUTCOMES } from './enums.ts';
import { IsoDateTime, StringEnum, Uuid } from './common.ts';

export const AuditRecord = Type.Object({
  seq: Type.Integer(),
  occurredAt: IsoDateTime,
  actorUserId: Type.Union([Uuid, Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorDepartmentId: Type.Union([Uuid, Type.Null()]),
  actorDepartmentName: Type.Union([Type.String(), Type.Null()]),
  systemId: Type.Union([Uuid, Type.Null()]),
  operation: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  /** The target's current name (entry name, department, user, application number …), or null when it has none or is gone. */
  targetName: Type.Union([Type.String(), Type.Null()]),
  outcome: StringEnum(AUDIT_OUTCOMES),
  requestId: Type.Union([Type.String(), Type.Null()]),
  clientIp: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
  hash: Type.String(),
});
export type AuditRecord = Static<typeof AuditRecord>;

export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 50, description: 'actor name or username, partial match' })),
  actorUserId: Type.Optional(Uuid),
  departmentId: Type.Optional(Uuid),
  operation: Type.Optional(Type.String({ maxLength: 80, description: 'exact, or a prefix ending in ":" such as catalog:' })),
  targetType: Type.Optional(Type.String({ maxLength: 40 })),
  targetId: Type.Optional(Type.String({ maxLength: 80 })),
  outcome: Type.Optional(StringEnum(AUDIT_OUTCOMES)),
  from: Type.Optional(IsoDateTime),
  to: Type.Optional(IsoDateTime),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditVerifyResult = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstSeq: Type.Union([Type.Integer(), Type.Null()]),
  lastSeq: Type.Union([Type.Integer(), Type.Null()]),
  checkpointsVerified: Type.Integer(),
  problem: Type.Union([
    Type.Object({ seq: Type.Integer(), kind: Type.String(), message: Type.String() }),
    Type.Null(),
  ]),
});
export type AuditVerifyResult = Static<typeof AuditVerifyResult>;
