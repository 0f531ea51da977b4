import type { ApplicationFlow, ApplicationState, StepKind, SupervisionKind } from '@huitong/contracts';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Kysely table types. Column names are snake_case as in SQL; services map them to API shapes. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** 'YYYY-MM-DD' strings: both drivers are configured to return dates untouched. */
type DateString = string;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface DepartmentTable {
  id: Generated<string>;
  parent_id: string | null;
  name: string;
  short_name: string | null;
  kind: string;
  level: string;
  uscc: string | null;
  class_code: string | null;
  is_operator: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  name: string;
  id_number_cipher: string;
  id_number_digest: string;
  id_number_masked: string;
  phone_cipher: string;
  phone_masked: string;
  email: ColumnType<string | null, string | null | undefined, string | null>;
  department_id: string;
  password_hash: string;
  active: Generated<boolean>;
  locked_until: NullableTimestamp;
  password_changed_at: Generated<Date>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  succeeded: boolean;
  client_ip: string | null;
  attempted_at: Timestamp;
}

export interface ApplicationSystemTable {
  id: Generated<string>;
  department_id: string;
  name: string;
  description: string | null;
  client_id: string;
  secret_hash: string;
  secret_rotated_at: Timestamp;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface AuthSessionTable {
  token_digest: string;
  kind: 'console' | 'user_api' | 'system';
  user_id: string | null;
  system_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  client_ip: string | null;
  user_agent: string | null;
  revoked_at: NullableTimestamp;
}

export interface DataOfficerTable {
  id: Generated<string>;
  department_id: string;
  user_id: string;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
  note: string | null;
  assigned_by: string | null;
  ended_by: string | null;
}

export interface AuditLogTable {
  seq: number;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_department_id: string | null;
  actor_department_name: string | null;
  system_id: string | null;
  operation: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  client_ip: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointTable {
  seq: number;
  hash: string;
  signed_at: Timestamp;
  key_id: string;
  signature: string;
}

export interface AuditHeadTable {
  id: Generated<boolean>;
  seq: number;
  hash: string;
  signed_at: Timestamp;
  key_id: string;
  signature: string;
}

/** From which record on the chain follows the checkpoint schedule verify expects (one row). */
export interface AuditCheckpointRuleTable {
  id: Generated<boolean>;
  since_seq: number;
  adopted_at: Generated<Timestamp>;
}

export interface AuditAnchorTable {
  seq: number;
  hash: string;
  purged_at: Timestamp;
  purged_by: string;
  key_id: string;
  signature: string;
}

export interface CalendarYearTable {
  year: number;
  source: string;
  updated_at: Generated<Date>;
  updated_by: string;
}

export interface CalendarDayTable {
  day: DateString;
  year: number;
  kind: 'holiday' | 'workday';
  name: string;
}

export interface CatalogClassificationTable {
  code: string;
  name: string;
  parent_code: string | null;
}

export interface CatalogCodeSequenceTable {
  class_code: string;
  next_value: number;
}

export interface CatalogEntryTable {
  id: Generated<string>;
  resource_code: string;
  provider_department_id: string;
  status: 'draft' | 'published' | 'offline';
  published_version_id: string | null;
  pending_version_id: string | null;
  name: string;
  abstract: string;
  class_code: string;
  share_type: string;
  open_type: string;
  domain: string;
  format_category: string;
  update_cycle: string;
  provision_method: string;
  dedicated: Generated<boolean>;
  dedicated_department_ids: ColumnType<string[], string[] | undefined, string[]>;
  item_names: ColumnType<string[], string[] | undefined, string[]>;
  item_count: Generated<number>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  mount_status: Generated<'none' | 'mounted'>;
  mount_detail: string | null;
  mounted_at: NullableTimestamp;
  published_at: NullableTimestamp;
  offline_at: NullableTimestamp;
  last_maintained_at: NullableTimestamp;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CatalogVersionTable {
  id: Generated<string>;
  entry_id: string;
  version_no: number;
  kind: 'content' | 'offline';
  state: 'draft' | 'submitted' | 'rejected' | 'approved' | 'published' | 'superseded';
  content: Json;
  change_summary: string | null;
  offline_reason: string | null;
  replacement_entry_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_by: string | null;
  submitted_at: NullableTimestamp;
  reviewed_by: string | null;
  reviewed_at: NullableTimestamp;
  review_comment: string | null;
  effective_at: NullableTimestamp;
  published_at: NullableTimestamp;
}

export interface CatalogReviewTable {
  id: Generated<number>;
  version_id: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp;
}

export interface CatalogObjectionTable {
  id: Generated<string>;
  entry_id: string;
  kind: 'objection' | 'error';
  item_code: string | null;
  content: string;
  state: 'open' | 'answered' | 'closed';
  raised_by_department_id: string;
  raised_by: string;
  raised_at: Timestamp;
  answer: string | null;
  answered_by: string | null;
  answered_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  closed_by: string | null;
  due_on: DateString | null;
  due_provisional: Generated<boolean>;
  escalated_at: NullableTimestamp;
}

export interface CatalogMaintenanceTriggerTable {
  id: Generated<string>;
  department_id: string;
  kind: 'legal_change' | 'function_change';
  description: string;
  occurred_on: DateString;
  due_on: DateString;
  due_provisional: boolean;
  created_by: string;
  created_at: Timestamp;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
}

export interface CatalogChangeNoticeTable {
  id: Generated<string>;
  entry_id: string;
  version_id: string;
  recipient_department_id: string;
  kind: 'update' | 'offline';
  message: string;
  noticed_at: Timestamp;
  effective_at: Timestamp;
  replacement_entry_id: string | null;
}

export interface StoredFileTable {
  id: Generated<string>;
  owner_department_id: string;
  purpose: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sm3: string;
  content: Buffer | Uint8Array;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export type { ApplicationFlow, ApplicationState, StepKind };

export interface ShareApplicationNumberTable {
  day: DateString;
  next_value: number;
}

export interface ShareApplicationTable {
  id: Generated<string>;
  number: string;
  applicant_department_id: string;
  applicant_user_id: string;
  contact_name: string;
  contact_phone: string;
  system_id: string;
  entry_id: string;
  entry_version_id: string;
  provider_department_id: string;
  item_codes: ColumnType<string[], string[], string[]>;
  share_mode: 'interface' | 'download' | 'page_query';
  purpose: string;
  scenario: string;
  basis: string;
  security_measures: string;
  period_start: DateString;
  period_end: DateString;
  letter_file_id: string | null;
  flow: ApplicationFlow;
  state: ApplicationState;
  rejection_final: Generated<boolean>;
  submitted_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  grant_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ShareApplicationStepTable {
  id: Generated<string>;
  seq: Generated<number>;
  application_id: string;
  kind: StepKind;
  assignee_department_id: string;
  state: 'pending' | 'approved' | 'rejected' | 'cancelled';
  received_at: Timestamp;
  workdays: number | null;
  due_on: DateString | null;
  due_provisional: Generated<boolean>;
  decided_at: NullableTimestamp;
  decided_by: string | null;
  on_behalf_of_department_id: string | null;
  delegation_id: string | null;
  comment: string | null;
  legal_basis: string | null;
  reminded_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
}

export interface ShareApplicationEventTable {
  id: Generated<number>;
  application_id: string;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  from_state: ApplicationState | null;
  to_state: ApplicationState | null;
  comment: string | null;
}

export interface ShareGrantTable {
  id: Generated<string>;
  application_id: string | null;
  entry_id: string;
  provider_department_id: string;
  consumer_department_id: string;
  system_id: string;
  item_codes: ColumnType<string[], string[], string[]>;
  share_mode: 'interface' | 'download' | 'page_query';
  starts_on: DateString;
  ends_on: DateString;
  conditions: string | null;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  revoke_reason: string | null;
  destruction_confirmed_at: NullableTimestamp;
  destruction_confirmed_by: string | null;
  destruction_note: string | null;
  expiry_notified_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ReviewDelegationTable {
  id: Generated<string>;
  entry_id: string;
  provider_department_id: string;
  delegate_user_id: string;
  granted_by: string;
  granted_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
}

export interface ShareDemandTable {
  id: Generated<string>;
  requester_department_id: string;
  requester_user_id: string;
  provider_department_id: string;
  title: string;
  normalized_title: string;
  description: string;
  items_wanted: string | null;
  purpose: string;
  basis: string | null;
  state: 'open' | 'agreed' | 'declined';
  received_at: Timestamp;
  due_on: DateString;
  due_provisional: boolean;
  answered_at: NullableTimestamp;
  answered_by: string | null;
  answer: string | null;
  catalog_entry_id: string | null;
  reminded_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  /** Catalog code and parameters (ADR 0017); null for messages stored only as text. */
  code: ColumnType<string | null, string | null | undefined, string | null>;
  params: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  title: string;
  body: string;
  link: string | null;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export interface WebhookSubscriptionTable {
  id: Generated<string>;
  department_id: string;
  url: string;
  secret: string;
  events: ColumnType<string[], string[], string[]>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: 'email' | 'webhook';
  target: string;
  subject: string | null;
  payload: Json<Record<string, unknown>>;
  signing_key_ref: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  delivered_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
}

export interface SupervisionRecordTable {
  id: Generated<string>;
  kind: SupervisionKind;
  department_id: string;
  subject_id: string;
  reference: string;
  due_on: DateString;
  recorded_at: Timestamp;
  resolved_at: NullableTimestamp;
}

export interface Database {
  department: DepartmentTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  login_attempt: LoginAttemptTable;
  application_system: ApplicationSystemTable;
  auth_session: AuthSessionTable;
  data_officer: DataOfficerTable;
  audit_log: AuditLogTable;
  audit_checkpoint: AuditCheckpointTable;
  audit_head: AuditHeadTable;
  audit_anchor: AuditAnchorTable;
  audit_checkpoint_rule: AuditCheckpointRuleTable;
  calendar_year: CalendarYearTable;
  calendar_day: CalendarDayTable;
  catalog_classification: CatalogClassificationTable;
  catalog_code_sequence: CatalogCodeSequenceTable;
  catalog_entry: CatalogEntryTable;
  catalog_version: CatalogVersionTable;
  catalog_review: CatalogReviewTable;
  catalog_objection: CatalogObjectionTable;
  catalog_maintenance_trigger: CatalogMaintenanceTriggerTable;
  catalog_change_notice: CatalogChangeNoticeTable;
  stored_file: StoredFileTable;
  share_application_number: ShareApplicationNumberTable;
  share_application: ShareApplicationTable;
  share_application_step: ShareApplicationStepTable;
  share_application_event: ShareApplicationEventTable;
  share_grant: ShareGrantTable;
  review_delegation: ReviewDelegationTable;
  share_demand: ShareDemandTable;
  notification: NotificationTable;
  webhook_subscription: WebhookSubscriptionTable;
  outbox: OutboxTable;
  supervision_record: SupervisionRecordTable;
}

export type DepartmentRow = Selectable<DepartmentTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type CatalogEntryRow = Selectable<CatalogEntryTable>;
export type CatalogVersionRow = Selectable<CatalogVersionTable>;
export type NewCatalogEntry = Insertable<CatalogEntryTable>;
export type CatalogEntryUpdate = Updateable<CatalogEntryTable>;
