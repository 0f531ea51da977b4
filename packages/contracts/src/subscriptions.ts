import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, StringEnum, Uuid } from './common.ts';

/** Subscriptions of a consuming system to a dataset's change feed (SPEC §4; ADR 0018). */

export const SUBSCRIPTION_MODES = [
  { code: 'pull', zh: '拉取(游标)', en: 'Pull with a cursor' },
  { code: 'push', zh: '推送(回调地址)', en: 'Push to an endpoint' },
] as const;
export type SubscriptionMode = (typeof SUBSCRIPTION_MODES)[number]['code'];

export const SUBSCRIPTION_STATES = [
  { code: 'active', zh: '正常', en: 'Active' },
  { code: 'paused', zh: '已暂停', en: 'Paused' },
  { code: 'stalled', zh: '投递受阻', en: 'Stalled' },
  { code: 'grant_revoked', zh: '授权失效', en: 'Grant no longer in force' },
  { code: 'deleted', zh: '已删除', en: 'Deleted' },
] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number]['code'];

export const SubscriptionCreate = Type.Object(
  {
    datasetId: Uuid,
    systemId: Uuid,
    mode: StringEnum(SUBSCRIPTION_MODES),
    /** Required for push: where the changes are POSTed (http or https). */
    endpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type SubscriptionCreate = Static<typeof SubscriptionCreate>;

export const Subscription = Type.Object({
  id: Uuid,
  datasetId: Uuid,
  entryName: Type.String(),
  consumerDepartmentId: Uuid,
  systemId: Uuid,
  mode: StringEnum(SUBSCRIPTION_MODES),
  endpoint: Type.Union([Type.String(), Type.Null()]),
  state: StringEnum(SUBSCRIPTION_STATES),
  deliveredSeq: Type.Integer(),
  headSeq: Type.Integer(),
  /** Changes not yet delivered (head − delivered). */
  lag: Type.Integer(),
  failures: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastDeliveredAt: Type.Union([IsoDateTime, Type.Null()]),
  nextAttemptAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
});
export type Subscription = Static<typeof Subscription>;

export const SubscriptionCreated = Type.Object({
  subscription: Subscription,
  /** Push only, shown once: the key of the HMAC-SM3 signature on every delivery. */
  secret: Type.Union([Type.String(), Type.Null()]),
});
export type SubscriptionCreated = Static<typeof SubscriptionCreated>;

export const SubscriptionChangesQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

/** One change as a subscriber sees it: only granted items, masked per the grant. */
export const SubscriptionChange = Type.Object({
  seq: Type.Integer(),
  /** `<subscription id>:<seq>`: the same change delivered twice carries the same key. */
  idempotencyKey: Type.String(),
  key: Type.String(),
  op: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')]),
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  changedAt: IsoDateTime,
});
export type SubscriptionChange = Static<typeof SubscriptionChange>;

export const SubscriptionChangePage = Type.Object({
  changes: Type.Array(SubscriptionChange),
  /** Pass as `cursor` for the next page (also when this page is empty: it is where to continue). */
  cursor: Type.String(),
  more: Type.Boolean(),
});
export type SubscriptionChangePage = Static<typeof SubscriptionChangePage>;
