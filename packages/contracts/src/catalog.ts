import { Type, type Static } from '@sinclair/typebox';
import {
  CHANGE_KINDS,
  DOMAINS,
  ENTRY_STATUSES,
  FORMAT_CATEGORIES,
  ITEM_DATA_TYPES,
  MASKING_RULES,
  MOUNT_STATUSES,
  OBJECTION_KINDS,
  OBJECTION_STATES,
  OPEN_TYPES,
  PROVISION_METHODS,
  SENSITIVITY_GRADES,
  SHARE_METHOD_TYPES,
  SHARE_MODES,
  SHARE_TYPES,
  UPDATE_CYCLES,
  VERSION_STATES,
} from './enums.ts';
import { IsoDate, IsoDateTime, PageOf, StringEnum, Uuid } from './common.ts';

/** A resource code: 分类码 (class 1 digit + 项 2 digits [+ 目 3 digits]) "/" 6-digit 顺序码. */
export const ResourceCode = Type.String({ pattern: '^[123][0-9]{2}([0-9]{3})?/[0-9]{6}$', maxLength: 20 });
export const ClassCode = Type.String({ pattern: '^[123][0-9]{2}([0-9]{3})?$', maxLength: 6 });

export const IDENTIFIER_KINDS = [
  { code: 'none', zh: '无', en: 'None' },
  { code: 'id_number', zh: '公民身份号码', en: 'Citizen ID number' },
  { code: 'uscc', zh: '统一社会信用代码', en: 'Unified social credit code' },
] as const;

/** 信息项: one field of a resource. */
export const CatalogItem = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_]*$', description: 'stable field code, unique within the entry' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    dataType: StringEnum(ITEM_DATA_TYPES),
    length: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    required: Type.Boolean({ default: false }),
    /** Item-level share type: partial sharing (000 Art. 11 "仅能够部分提供"). */
    shareType: StringEnum(SHARE_TYPES),
    sensitivity: StringEnum(SENSITIVITY_GRADES),
    maskingRule: StringEnum(MASKING_RULES),
    /** Natural persons are keyed by ID number, organisations by USCC (001 Art. 33; 003 Art. 12). */
    identifierKind: Type.Optional(StringEnum(IDENTIFIER_KINDS)),
  },
  { additionalProperties: false },
);
export type CatalogItem = Static<typeof CatalogItem>;

/** Everything that a reviewed version of an entry holds. */
export const CatalogContent = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 200 }),
    classCode: ClassCode,
    internalUnitId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    abstract: Type.String({ minLength: 1, maxLength: 2000 }),
    keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 20 })),
    formatCategory: StringEnum(FORMAT_CATEGORIES),
    formatType: Type.String({ minLength: 1, maxLength: 50, description: 'e.g. xlsx, pdf, 达梦, MySQL, REST' }),
    items: Type.Array(CatalogItem, { minItems: 1, maxItems: 500 }),
    shareType: StringEnum(SHARE_TYPES),
    shareConditions: Type.Optional(Type.String({ maxLength: 1000 })),
    legalBasis: Type.Optional(Type.String({ maxLength: 2000 })),
    shareModes: Type.Array(StringEnum(SHARE_MODES), { maxItems: 3, uniqueItems: true }),
    shareMethodType: StringEnum(SHARE_METHOD_TYPES),
    openType: StringEnum(OPEN_TYPES),
    openConditions: Type.Optional(Type.String({ maxLength: 1000 })),
    openLegalBasis: Type.Optional(Type.String({ maxLength: 2000 })),
    updateCycle: StringEnum(UPDATE_CYCLES),
    timeliness: Type.Optional(Type.String({ maxLength: 200 })),
    provisionMethod: StringEnum(PROVISION_METHODS),
    domain: StringEnum(DOMAINS),
    relatedResourceCodes: Type.Array(ResourceCode, { maxItems: 50, uniqueItems: true }),
    /** "专用" (004 Art. 15(4)): departments that use the entry directly without applying. */
    dedicated: Type.Boolean({ default: false }),
    dedicatedDepartmentIds: Type.Array(Uuid, { maxItems: 100, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CatalogContent = Static<typeof CatalogContent>;

export const CatalogEntryCreate = Type.Object(
  {
    content: CatalogContent,
    changeSummary: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CatalogEntryCreate = Static<typeof CatalogEntryCreate>;

export const CatalogDraftSave = Type.Object(
  { content: CatalogContent, changeSummary: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type CatalogDraftSave = Static<typeof CatalogDraftSave>;

export const ReviewDecision = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ReviewDecision = Static<typeof ReviewDecision>;

export const OfflineRequest = Type.Object(
  {
    reason: Type.String({ minLength: 2, maxLength: 1000 }),
    /** A replacement keeps this entry online through the transition period (004 Art. 18). */
    replacementEntryId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type OfflineRequest = Static<typeof OfflineRequest>;

export const Mount = Type.Object({
  provisionMethod: StringEnum(PROVISION_METHODS),
  status: StringEnum(MOUNT_STATUSES),
  mountedAt: Type.Union([IsoDateTime, Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
});

export const VersionReview = Type.Object({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  comment: Type.Union([Type.String(), Type.Null()]),
  reviewerName: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: IsoDateTime,
});
export type VersionReview = Static<typeof VersionReview>;

export const CatalogVersion = Type.Object({
  id: Uuid,
  entryId: Uuid,
  versionNo: Type.Integer(),
  kind: StringEnum(CHANGE_KINDS),
  state: StringEnum(VERSION_STATES),
  content: CatalogContent,
  changeSummary: Type.Union([Type.String(), Type.Null()]),
  offlineReason: Type.Union([Type.String(), Type.Null()]),
  replacementEntryId: Type.Union([Uuid, Type.Null()]),
  createdAt: IsoDateTime,
  createdByName: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.Union([IsoDateTime, Type.Null()]),
  reviewedAt: Type.Union([IsoDateTime, Type.Null()]),
  reviewedByName: Type.Union([Type.String(), Type.Null()]),
  reviewComment: Type.Union([Type.String(), Type.Null()]),
  effectiveAt: Type.Union([IsoDateTime, Type.Null()]),
  publishedAt: Type.Union([IsoDateTime, Type.Null()]),
  /** Every review decision on this version, oldest first (a rejected version may be resubmitted). */
  reviews: Type.Array(VersionReview),
});
export type CatalogVersion = Static<typeof CatalogVersion>;

export const CatalogEntrySummary = Type.Object({
  id: Uuid,
  resourceCode: Type.String(),
  status: StringEnum(ENTRY_STATUSES),
  name: Type.String(),
  abstract: Type.String(),
  providerDepartmentId: Uuid,
  providerDepartmentName: Type.String(),
  classCode: Type.String(),
  shareType: StringEnum(SHARE_TYPES),
  openType: StringEnum(OPEN_TYPES),
  formatCategory: StringEnum(FORMAT_CATEGORIES),
  updateCycle: StringEnum(UPDATE_CYCLES),
  domain: StringEnum(DOMAINS),
  dedicated: Type.Boolean(),
  mountStatus: StringEnum(MOUNT_STATUSES),
  itemCount: Type.Integer(),
  publishedAt: Type.Union([IsoDateTime, Type.Null()]),
  updatedAt: IsoDateTime,
  /** Present while a change is being drafted or reviewed. */
  pendingState: Type.Union([StringEnum(VERSION_STATES), Type.Null()]),
  /** Search hit: names of items whose text matched. */
  matchedItems: Type.Optional(Type.Array(Type.String())),
});
export type CatalogEntrySummary = Static<typeof CatalogEntrySummary>;

export const CatalogEntryDetail = Type.Object({
  id: Uuid,
  resourceCode: Type.String(),
  status: StringEnum(ENTRY_STATUSES),
  providerDepartmentId: Uuid,
  providerDepartmentName: Type.String(),
  internalUnitName: Type.Union([Type.String(), Type.Null()]),
  dedicatedDepartments: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  mount: Mount,
  /** The content everyone sees: the published version, or the working draft for its owners. */
  current: Type.Union([CatalogVersion, Type.Null()]),
  /** The draft or submitted change, visible to the provider and to the operator. */
  pending: Type.Union([CatalogVersion, Type.Null()]),
  publishedAt: Type.Union([IsoDateTime, Type.Null()]),
  lastMaintainedAt: Type.Union([IsoDateTime, Type.Null()]),
  maintenanceDueAt: Type.Union([IsoDate, Type.Null()]),
  maintenanceOverdue: Type.Boolean(),
  offlineAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  permissions: Type.Object({
    edit: Type.Boolean(),
    submit: Type.Boolean(),
    withdraw: Type.Boolean(),
    review: Type.Boolean(),
    requestOffline: Type.Boolean(),
    answerObjections: Type.Boolean(),
  }),
});
export type CatalogEntryDetail = Static<typeof CatalogEntryDetail>;

export const FacetBucket = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() });
export type FacetBucket = Static<typeof FacetBucket>;

export const CatalogSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  departmentId: Type.Optional(Uuid),
  resourceClass: Type.Optional(Type.String({ pattern: '^[123]$' })),
  classCode: Type.Optional(ClassCode),
  shareType: Type.Optional(StringEnum(SHARE_TYPES)),
  openType: Type.Optional(StringEnum(OPEN_TYPES)),
  domain: Type.Optional(StringEnum(DOMAINS)),
  formatCategory: Type.Optional(StringEnum(FORMAT_CATEGORIES)),
  updateCycle: Type.Optional(StringEnum(UPDATE_CYCLES)),
  mountStatus: Type.Optional(StringEnum(MOUNT_STATUSES)),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  facets: Type.Optional(Type.Boolean({ default: true })),
});
export type CatalogSearchQuery = Static<typeof CatalogSearchQuery>;

export const CatalogSearchResult = Type.Intersect([
  PageOf(CatalogEntrySummary),
  Type.Object({
    facets: Type.Object({
      department: Type.Array(FacetBucket),
      resourceClass: Type.Array(FacetBucket),
      shareType: Type.Array(FacetBucket),
      openType: Type.Array(FacetBucket),
      domain: Type.Array(FacetBucket),
      formatCategory: Type.Array(FacetBucket),
      updateCycle: Type.Array(FacetBucket),
    }),
  }),
]);
export type CatalogSearchResult = Static<typeof CatalogSearchResult>;

export const DiffChange = Type.Object({
  path: Type.String({ description: 'field path, e.g. shareType or items[xm].name' }),
  label: Type.String(),
  change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type DiffChange = Static<typeof DiffChange>;

export const VersionDiff = Type.Object({
  fromVersionNo: Type.Union([Type.Integer(), Type.Null()]),
  toVersionNo: Type.Integer(),
  changes: Type.Array(DiffChange),
});
export type VersionDiff = Static<typeof VersionDiff>;

export const Objection = Type.Object({
  id: Uuid,
  entryId: Uuid,
  entryName: Type.String(),
  providerDepartmentId: Uuid,
  kind: StringEnum(OBJECTION_KINDS),
  itemCode: Type.Union([Type.String(), Type.Null()]),
  content: Type.String(),
  state: StringEnum(OBJECTION_STATES),
  raisedByDepartmentId: Uuid,
  raisedByDepartmentName: Type.String(),
  raisedByName: Type.String(),
  raisedAt: IsoDateTime,
  answer: Type.Union([Type.String(), Type.Null()]),
  answeredByName: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([IsoDateTime, Type.Null()]),
  closedAt: Type.Union([IsoDateTime, Type.Null()]),
  /** Reply deadline where the profile sets one (jinzhong, chongzhou: 5 working days). */
  dueOn: Type.Union([IsoDate, Type.Null()]),
  dueProvisional: Type.Boolean(),
  overdue: Type.Boolean(),
});
export type Objection = Static<typeof Objection>;

export const ObjectionCreate = Type.Object(
  {
    kind: StringEnum(OBJECTION_KINDS),
    itemCode: Type.Optional(Type.String({ maxLength: 64 })),
    content: Type.String({ minLength: 2, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export const ObjectionAnswer = Type.Object(
  { answer: Type.String({ minLength: 2, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const ReviewQueueItem = Type.Object({
  versionId: Uuid,
  entryId: Uuid,
  resourceCode: Type.String(),
  name: Type.String(),
  providerDepartmentName: Type.String(),
  versionNo: Type.Integer(),
  kind: StringEnum(CHANGE_KINDS),
  entryStatus: StringEnum(ENTRY_STATUSES),
  submittedAt: Type.Union([IsoDateTime, Type.Null()]),
  submittedByName: Type.Union([Type.String(), Type.Null()]),
  changeSummary: Type.Union([Type.String(), Type.Null()]),
  offlineReason: Type.Union([Type.String(), Type.Null()]),
});
export type ReviewQueueItem = Static<typeof ReviewQueueItem>;

export const ChangeNotice = Type.Object({
  id: Uuid,
  entryId: Uuid,
  entryName: Type.String(),
  resourceCode: Type.String(),
  versionNo: Type.Integer(),
  kind: Type.Union([Type.Literal('update'), Type.Literal('offline')]),
  message: Type.String(),
  noticedAt: IsoDateTime,
  effectiveAt: IsoDateTime,
  replacementEntryId: Type.Union([Uuid, Type.Null()]),
});
export type ChangeNotice = Static<typeof ChangeNotice>;

export const OverdueEntry = Type.Object({
  id: Uuid,
  resourceCode: Type.String(),
  name: Type.String(),
  providerDepartmentName: Type.String(),
  lastMaintainedAt: Type.Union([IsoDateTime, Type.Null()]),
  dueOn: Type.Union([IsoDate, Type.Null()]),
});

export const CatalogExportFile = Type.Object({
  format: Type.Literal('huitong-catalog'),
  version: Type.Literal(1),
  exportedAt: IsoDateTime,
  entries: Type.Array(
    Type.Object({
      resourceCode: Type.Optional(Type.String()),
      providerDepartmentName: Type.Optional(Type.String()),
      status: Type.Optional(Type.String()),
      content: Type.Unknown(),
    }),
  ),
});
export type CatalogExportFile = Static<typeof CatalogExportFile>;

export const ImportReport = Type.Object({
  imported: Type.Integer(),
  entries: Type.Array(Type.Object({ id: Uuid, resourceCode: Type.String(), name: Type.String() })),
});

export const MaintenanceTrigger = Type.Object({
  id: Uuid,
  departmentId: Uuid,
  kind: Type.Union([Type.Literal('legal_change'), Type.Literal('function_change')]),
  description: Type.String(),
  occurredOn: IsoDate,
  dueOn: IsoDate,
  dueProvisional: Type.Boolean(),
  resolvedAt: Type.Union([IsoDateTime, Type.Null()]),
  overdue: Type.Boolean(),
});
export type MaintenanceTrigger = Static<typeof MaintenanceTrigger>;

export const MaintenanceTriggerCreate = Type.Object(
  {
    kind: Type.Union([Type.Literal('legal_change'), Type.Literal('function_change')]),
    description: Type.String({ minLength: 2, maxLength: 1000 }),
    occurredOn: IsoDate,
  },
  { additionalProperties: false },
);

export const ClassificationNode = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
});
export type ClassificationNode = Static<typeof ClassificationNode>;
