import { Type, type Static } from '@sinclair/typebox';
import { ITEM_DATA_TYPES } from './enums.ts';
import { IsoDateTime, StringEnum, Uuid } from './common.ts';

/** The data resource center (数据资源中心): datasets of published entries and their load batches (ADR 0012). */

export const BATCH_STATES = [
  { code: 'receiving', zh: '接收中', en: 'Receiving' },
  { code: 'validating', zh: '校验中', en: 'Validating' },
  { code: 'loaded', zh: '已入库', en: 'Loaded' },
  { code: 'rejected', zh: '已拒收', en: 'Rejected' },
  { code: 'failed', zh: '失败', en: 'Failed' },
  { code: 'rolled_back', zh: '已回退', en: 'Rolled back' },
] as const;
export type BatchState = (typeof BATCH_STATES)[number]['code'];

export const LOAD_MODES = [
  { code: 'replace', zh: '全量替换', en: 'Replace (full)' },
  { code: 'upsert', zh: '增量更新(按主键)', en: 'Upsert by key (incremental)' },
] as const;
export type LoadMode = (typeof LOAD_MODES)[number]['code'];

export const ERROR_POLICIES = [
  { code: 'reject', zh: '有错误则整批拒收', en: 'Reject the whole file' },
  { code: 'load_valid', zh: '仅入库正确的行', en: 'Load the valid rows' },
] as const;
export type ErrorPolicy = (typeof ERROR_POLICIES)[number]['code'];

export const BATCH_SOURCES = [
  { code: 'upload', zh: '文件上传', en: 'File upload' },
  { code: 'sync', zh: '库表对接', en: 'Table sync' },
  { code: 'api', zh: '接口', en: 'API' },
  { code: 'rollback', zh: '回退', en: 'Rollback' },
] as const;

/** Row rules a value can break; named in every row error. */
export const ROW_RULES = [
  { code: 'required', zh: '必填', en: 'Required' },
  { code: 'type', zh: '数据类型', en: 'Data type' },
  { code: 'length', zh: '长度', en: 'Length' },
  { code: 'id_number', zh: '公民身份号码校验', en: 'Citizen ID check' },
  { code: 'uscc', zh: '统一社会信用代码校验', en: 'USCC check' },
  { code: 'unique', zh: '主键唯一', en: 'Unique key' },
  { code: 'columns', zh: '列数', en: 'Column count' },
] as const;
export type RowRule = (typeof ROW_RULES)[number]['code'];

export const DatasetCreate = Type.Object({ entryId: Uuid }, { additionalProperties: false });
export type DatasetCreate = Static<typeof DatasetCreate>;

export const DatasetColumn = Type.Object({
  itemCode: Type.String(),
  itemName: Type.String(),
  dataType: StringEnum(ITEM_DATA_TYPES),
  length: Type.Union([Type.Integer(), Type.Null()]),
  required: Type.Boolean(),
  isKey: Type.Boolean(),
});
export type DatasetColumn = Static<typeof DatasetColumn>;

export const Dataset = Type.Object({
  id: Uuid,
  entryId: Uuid,
  entryName: Type.String(),
  resourceCode: Type.String(),
  providerDepartmentId: Uuid,
  keyItemCode: Type.Union([Type.String(), Type.Null()]),
  keyKind: Type.String(),
  rowCount: Type.Integer(),
  lastLoadedAt: Type.Union([IsoDateTime, Type.Null()]),
  columns: Type.Array(DatasetColumn),
  createdAt: IsoDateTime,
});
export type Dataset = Static<typeof Dataset>;

export const BatchRowError = Type.Object({
  row: Type.Union([Type.Integer(), Type.Null()]),
  column: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.String(), Type.Null()]),
  rule: Type.String(),
  message: Type.String(),
});
export type BatchRowError = Static<typeof BatchRowError>;

export const BatchCounts = Type.Object({
  read: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  deleted: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
});
export type BatchCounts = Static<typeof BatchCounts>;

export const DatasetBatch = Type.Object({
  id: Uuid,
  datasetId: Uuid,
  batchNo: Type.Integer(),
  state: StringEnum(BATCH_STATES),
  source: StringEnum(BATCH_SOURCES),
  mode: StringEnum(LOAD_MODES),
  onError: StringEnum(ERROR_POLICIES),
  fileName: Type.Union([Type.String(), Type.Null()]),
  fileSize: Type.Union([Type.Integer(), Type.Null()]),
  encoding: Type.Union([Type.String(), Type.Null()]),
  counts: BatchCounts,
  errorCount: Type.Integer(),
  failure: Type.Union([Type.String(), Type.Null()]),
  /** For a rollback batch: the batch it reverted. */
  rollbackOf: Type.Union([Uuid, Type.Null()]),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  finishedAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type DatasetBatch = Static<typeof DatasetBatch>;

/** A batch with its row errors (the first 1,000). */
export const DatasetBatchDetail = Type.Intersect([DatasetBatch, Type.Object({ errors: Type.Array(BatchRowError), errorsTruncated: Type.Boolean() })]);
export type DatasetBatchDetail = Static<typeof DatasetBatchDetail>;

export const BatchUploadQuery = Type.Object(
  {
    mode: Type.Optional(StringEnum(LOAD_MODES, { default: 'replace' })),
    onError: Type.Optional(StringEnum(ERROR_POLICIES, { default: 'reject' })),
  },
  { additionalProperties: false },
);
export type BatchUploadQuery = Static<typeof BatchUploadQuery>;

export const DatasetIdParams = Type.Object({ id: Uuid });
export const BatchIdParams = Type.Object({ id: Uuid, batchId: Uuid });

/** One entry of a dataset's change log, in sequence order (subscriptions read the same log). */
export const DatasetChange = Type.Object({
  seq: Type.Integer(),
  batchId: Uuid,
  key: Type.String(),
  op: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')]),
  /** New values by item code; null for a delete. */
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  changedAt: IsoDateTime,
});
export type DatasetChange = Static<typeof DatasetChange>;

export const DatasetChangesQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const DatasetChangePage = Type.Object({
  changes: Type.Array(DatasetChange),
  /** Pass as `after` for the next page; null when this page is the end. */
  next: Type.Union([Type.Integer(), Type.Null()]),
});
export type DatasetChangePage = Static<typeof DatasetChangePage>;
