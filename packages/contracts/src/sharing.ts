import { Type, type Static } from '@sinclair/typebox';
import { SHARE_MODES, SHARE_TYPES } from './enums.ts';
import { CatalogContent } from './catalog.ts';
import { IsoDate, IsoDateTime, StringEnum, Uuid } from './common.ts';
import { Phone } from './org.ts';
import { MessageParamsSchema } from './messages.ts';

/** What a supervision record is about: a deadline someone missed. */
export const SUPERVISION_KINDS = ['application_step_overdue', 'demand_overdue', 'objection_overdue', 'monthly_report_missing'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

/**
 * A closed list of strings as a typed `enum`: one error per bad value (an anyOf of literals gives
 * one per branch) and ajv checks `uniqueItems` of typed items with a hash instead of pairwise.
 */
const literals = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

export const APPLICATION_STATES = [
  { code: 'draft', zh: '草稿', en: 'Draft' },
  { code: 'leader_review', zh: '分管领导审批', en: 'Leader approval' },
  { code: 'compliance_check', zh: '符合性审查', en: 'Compliance check' },
  { code: 'preliminary_review', zh: '平台初审', en: 'Preliminary review' },
  { code: 'provider_review', zh: '提供部门审核', en: 'Provider review' },
  { code: 'coordination', zh: '协调处理', en: 'Coordination' },
  { code: 'approved', zh: '已同意', en: 'Approved' },
  { code: 'rejected', zh: '未同意', en: 'Rejected' },
  { code: 'withdrawn', zh: '已撤回', en: 'Withdrawn' },
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number]['code'];

export const APPLICATION_FLOWS = [
  { code: 'direct', zh: '无条件共享·直接授权', en: 'Unconditional: direct grant' },
  { code: 'compliance_check', zh: '无条件共享·符合性审查', en: 'Unconditional: compliance check' },
  { code: 'conditional', zh: '有条件共享·审核', en: 'Conditional: reviewed' },
  { code: 'coordination', zh: '不予共享·协调', en: 'Not shared: coordination' },
] as const;
export type ApplicationFlow = (typeof APPLICATION_FLOWS)[number]['code'];

export const STEP_KINDS = [
  { code: 'leader_approval', zh: '本部门分管领导审批', en: 'Leader approval' },
  { code: 'compliance_check', zh: '平台符合性审查', en: 'Operator compliance check' },
  { code: 'preliminary_review', zh: '平台初审', en: 'Operator preliminary review' },
  { code: 'provider_review', zh: '提供部门审核', en: 'Provider review' },
  { code: 'coordination', zh: '平台协调', en: 'Operator coordination' },
] as const;
export type StepKind = (typeof STEP_KINDS)[number]['code'];

export const GRANT_STATUSES = [
  { code: 'active', zh: '有效', en: 'Active' },
  { code: 'pending', zh: '未到期', en: 'Not yet started' },
  { code: 'expired', zh: '已过期', en: 'Expired' },
  { code: 'revoked', zh: '已撤销', en: 'Revoked' },
] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number]['code'];

const Named = Type.Object({ id: Uuid, name: Type.String() });

export const ApplicationInput = Type.Object(
  {
    entryId: Uuid,
    itemCodes: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 500, uniqueItems: true }),
    shareMode: StringEnum(SHARE_MODES),
    systemId: Uuid,
    contactName: Type.String({ minLength: 2, maxLength: 50 }),
    contactPhone: Phone,
    purpose: Type.String({ minLength: 4, maxLength: 1000, description: '使用用途' }),
    scenario: Type.String({ minLength: 4, maxLength: 1000, description: '应用场景' }),
    basis: Type.String({ minLength: 4, maxLength: 2000, description: '法律依据或履职依据' }),
    securityMeasures: Type.String({ minLength: 4, maxLength: 2000 }),
    periodStart: IsoDate,
    periodEnd: IsoDate,
  },
  { additionalProperties: false },
);
export type ApplicationInput = Static<typeof ApplicationInput>;

export const ApplicationStep = Type.Object({
  id: Uuid,
  kind: StringEnum(STEP_KINDS),
  assigneeDepartment: Named,
  state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('cancelled')]),
  receivedAt: IsoDateTime,
  workdays: Type.Union([Type.Integer(), Type.Null()]),
  dueOn: Type.Union([IsoDate, Type.Null()]),
  /** The due date reaches into a year whose official schedule is not loaded yet. */
  dueProvisional: Type.Boolean(),
  /** Working days left until the due date, from today (negative when overdue); null when none. */
  remainingWorkdays: Type.Union([Type.Integer(), Type.Null()]),
  overdue: Type.Boolean(),
  decidedAt: Type.Union([IsoDateTime, Type.Null()]),
  decidedByName: Type.Union([Type.String(), Type.Null()]),
  /** A delegated reviewer decided on behalf of this department (004 Art. 15(1)). */
  onBehalfOf: Type.Union([Named, Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  legalBasis: Type.Union([Type.String(), Type.Null()]),
  escalatedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type ApplicationStep = Static<typeof ApplicationStep>;

export const ApplicationEvent = Type.Object({
  occurredAt: IsoDateTime,
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  fromState: Type.Union([StringEnum(APPLICATION_STATES), Type.Null()]),
  toState: Type.Union([StringEnum(APPLICATION_STATES), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
});

export const ApplicationSummary = Type.Object({
  id: Uuid,
  number: Type.String(),
  state: StringEnum(APPLICATION_STATES),
  flow: StringEnum(APPLICATION_FLOWS),
  applicantDepartment: Named,
  provider: Named,
  entry: Type.Object({ id: Uuid, name: Type.String(), resourceCode: Type.String(), shareType: StringEnum(SHARE_TYPES) }),
  shareMode: StringEnum(SHARE_MODES),
  itemCount: Type.Integer(),
  submittedAt: Type.Union([IsoDateTime, Type.Null()]),
  updatedAt: IsoDateTime,
  /** The step waiting for a decision, with its deadline. */
  currentStep: Type.Union([ApplicationStep, Type.Null()]),
});
export type ApplicationSummary = Static<typeof ApplicationSummary>;

export const Application = Type.Intersect([
  ApplicationSummary,
  Type.Object({
    applicantUserName: Type.String(),
    contactName: Type.String(),
    contactPhone: Type.String(),
    system: Named,
    items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), shareType: StringEnum(SHARE_TYPES) })),
    purpose: Type.String(),
    scenario: Type.String(),
    basis: Type.String(),
    securityMeasures: Type.String(),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    letter: Type.Union([Type.Object({ id: Uuid, filename: Type.String(), sizeBytes: Type.Integer(), uploadedAt: IsoDateTime }), Type.Null()]),
    rejectionFinal: Type.Boolean(),
    decidedAt: Type.Union([IsoDateTime, Type.Null()]),
    grantId: Type.Union([Uuid, Type.Null()]),
    steps: Type.Array(ApplicationStep),
    history: Type.Array(ApplicationEvent),
    permissions: Type.Object({
      edit: Type.Boolean(),
      submit: Type.Boolean(),
      withdraw: Type.Boolean(),
      decide: Type.Boolean(),
      dispute: Type.Boolean(),
    }),
  }),
]);
export type Application = Static<typeof Application>;

export const StepDecision = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    /** Required when refusing under profiles that ask for the legal or policy basis of a refusal. */
    legalBasis: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type StepDecision = Static<typeof StepDecision>;

export const DisputeInput = Type.Object({ reason: Type.String({ minLength: 4, maxLength: 2000 }) }, { additionalProperties: false });

export const Grant = Type.Object({
  id: Uuid,
  status: StringEnum(GRANT_STATUSES),
  entry: Type.Object({ id: Uuid, name: Type.String(), resourceCode: Type.String() }),
  provider: Named,
  consumer: Named,
  system: Named,
  itemCodes: Type.Array(Type.String()),
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  shareMode: StringEnum(SHARE_MODES),
  startsOn: IsoDate,
  endsOn: IsoDate,
  conditions: Type.Union([Type.String(), Type.Null()]),
  applicationId: Type.Union([Uuid, Type.Null()]),
  applicationNumber: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  revokedAt: Type.Union([IsoDateTime, Type.Null()]),
  revokedByName: Type.Union([Type.String(), Type.Null()]),
  revokeReason: Type.Union([Type.String(), Type.Null()]),
  destructionConfirmedAt: Type.Union([IsoDateTime, Type.Null()]),
  destructionNote: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Object({ revoke: Type.Boolean(), confirmDestruction: Type.Boolean() }),
});
export type Grant = Static<typeof Grant>;

export const GrantRevoke = Type.Object({ reason: Type.String({ minLength: 4, maxLength: 2000 }) }, { additionalProperties: false });
export const DestructionConfirm = Type.Object({ note: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false });

export const Delegation = Type.Object({
  id: Uuid,
  entry: Type.Object({ id: Uuid, name: Type.String() }),
  delegate: Type.Object({ id: Uuid, name: Type.String(), departmentName: Type.String() }),
  grantedByName: Type.String(),
  grantedAt: IsoDateTime,
  revokedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type Delegation = Static<typeof Delegation>;
export const DelegationCreate = Type.Object({ entryId: Uuid, delegateUserId: Uuid }, { additionalProperties: false });
/** An active user a leader may name as delegate, found by name or username. */
export const DelegationCandidate = Type.Object({ id: Uuid, name: Type.String(), username: Type.String(), departmentName: Type.String() });
export type DelegationCandidate = Static<typeof DelegationCandidate>;
export const DelegationCandidateQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 50 }) }, { additionalProperties: false });

export const Demand = Type.Object({
  id: Uuid,
  requesterDepartment: Named,
  requesterName: Type.String(),
  provider: Named,
  title: Type.String(),
  description: Type.String(),
  itemsWanted: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.String(),
  basis: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.Literal('open'), Type.Literal('agreed'), Type.Literal('declined')]),
  receivedAt: IsoDateTime,
  dueOn: IsoDate,
  dueProvisional: Type.Boolean(),
  overdue: Type.Boolean(),
  answeredAt: Type.Union([IsoDateTime, Type.Null()]),
  answer: Type.Union([Type.String(), Type.Null()]),
  catalogEntryId: Type.Union([Uuid, Type.Null()]),
});
export type Demand = Static<typeof Demand>;

export const DemandCreate = Type.Object(
  {
    providerDepartmentId: Uuid,
    title: Type.String({ minLength: 2, maxLength: 200 }),
    description: Type.String({ minLength: 4, maxLength: 2000 }),
    itemsWanted: Type.Optional(Type.String({ maxLength: 2000 })),
    purpose: Type.String({ minLength: 4, maxLength: 1000 }),
    basis: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const DemandAnswer = Type.Object(
  {
    decision: Type.Union([Type.Literal('agree'), Type.Literal('decline')]),
    answer: Type.String({ minLength: 2, maxLength: 2000 }),
    /** When agreeing: the catalog draft to register for the demanded data (003 Art. 17). */
    draft: Type.Optional(CatalogContent),
  },
  { additionalProperties: false },
);

export const DemandHotspot = Type.Object({
  title: Type.String(),
  provider: Named,
  departments: Type.Integer(),
  demands: Type.Integer(),
  openDemands: Type.Integer(),
});
export type DemandHotspot = Static<typeof DemandHotspot>;

export const EntryDemand = Type.Object({
  entry: Type.Object({ id: Uuid, name: Type.String(), resourceCode: Type.String() }),
  provider: Named,
  departments: Type.Integer(),
  applications: Type.Integer(),
});
export type EntryDemand = Static<typeof EntryDemand>;

export const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  /** Catalog code (notification-messages.ts) and its parameters; null for messages stored as text. */
  code: Type.Union([Type.String(), Type.Null()]),
  params: Type.Union([MessageParamsSchema, Type.Null()]),
  /** Rendered in the reader's language when the message has a code. */
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  readAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type Notification = Static<typeof Notification>;

export const WEBHOOK_EVENTS = [
  'application.submitted',
  'application.step_assigned',
  'application.decided',
  'application.reminder',
  'application.overdue',
  'grant.created',
  'grant.revoked',
  'catalog.change_notice',
  'demand.created',
  'demand.answered',
] as const;

export const Webhook = Type.Object({
  id: Uuid,
  departmentId: Uuid,
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: IsoDateTime,
});
export type Webhook = Static<typeof Webhook>;
export const WebhookCreate = Type.Object(
  {
    departmentId: Uuid,
    url: Type.String({ pattern: '^https?://', maxLength: 500 }),
    events: Type.Array(literals(WEBHOOK_EVENTS), { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const CalendarYear = Type.Object({
  year: Type.Integer(),
  source: Type.String(),
  updatedAt: IsoDateTime,
  updatedBy: Type.String(),
  holidays: Type.Integer(),
  workdays: Type.Integer(),
});
export type CalendarYear = Static<typeof CalendarYear>;
export const CalendarDay = Type.Object({
  day: IsoDate,
  kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]),
  name: Type.String({ minLength: 1, maxLength: 50 }),
}, { additionalProperties: false });
export type CalendarDay = Static<typeof CalendarDay>;
export const CalendarYearPut = Type.Object(
  {
    source: Type.String({ minLength: 4, maxLength: 300, description: '通知名称及文号, e.g. 国务院办公厅关于2027年部分节假日安排的通知' }),
    days: Type.Array(CalendarDay, { maxItems: 200 }),
  },
  { additionalProperties: false },
);

export const SupervisionRecord = Type.Object({
  id: Uuid,
  kind: literals(SUPERVISION_KINDS),
  department: Named,
  reference: Type.String(),
  dueOn: IsoDate,
  recordedAt: IsoDateTime,
  resolvedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type SupervisionRecord = Static<typeof SupervisionRecord>;
