import type { Generated } from 'kysely';

/**
 * Kysely table types for the storage schema (see migrations/). Column names are snake_case here
 * and nowhere else: repositories map rows to the camelCase records of repositories.ts.
 */

export interface PinionMetaTable {
  key: string;
  value: string;
}

export interface AppsTable {
  account_id: string;
  region: string;
  id: string;
  name: string;
  arn: string;
  /** ISO-8601 UTC with milliseconds; sorts lexicographically. */
  creation_date: string;
  /** JSON text: the AppSettingsRecord fields other than applicationId and lastModifiedDate. */
  settings: string;
  settings_last_modified: string;
}

export interface ResourceTagsTable {
  account_id: string;
  region: string;
  resource_arn: string;
  tag_key: string;
  tag_value: string;
}

/**
 * IAM (migrations/0002-iam.ts). Per account, not per region. Names are unique per kind without
 * regard to case: `name_key` is the name lower-cased (by the repository, not by SQL, so both
 * dialects agree) and carries the unique constraints and the listing order. Child rows reference
 * entity and policy ids, never names, so a rename touches one row.
 */
export interface IamEntitiesTable {
  account_id: string;
  /** 'user' | 'group' | 'role' */
  kind: string;
  id: string;
  name: string;
  name_key: string;
  path: string;
  arn: string;
  /** ISO-8601 UTC with milliseconds. */
  create_date: string;
  /** JSON text: a JSON object (role trust policy, description, permissions boundary…). */
  details: string;
}

export interface IamEntityTagsTable {
  account_id: string;
  entity_id: string;
  tag_key: string;
  tag_value: string;
}

export interface IamGroupMembersTable {
  account_id: string;
  group_id: string;
  user_id: string;
}

export interface IamInlinePoliciesTable {
  account_id: string;
  entity_id: string;
  name_key: string;
  policy_name: string;
  document: string;
}

export interface IamManagedPoliciesTable {
  account_id: string;
  id: string;
  name: string;
  name_key: string;
  path: string;
  arn: string;
  description: string | null;
  default_version_id: string;
  /** The number the next version gets (versions are never renumbered or reused). */
  next_version: number;
  create_date: string;
  update_date: string;
}

export interface IamPolicyVersionsTable {
  account_id: string;
  policy_id: string;
  version_id: string;
  version_number: number;
  document: string;
  create_date: string;
}

export interface IamPolicyAttachmentsTable {
  account_id: string;
  entity_id: string;
  policy_id: string;
}

export interface IamAccessKeysTable {
  access_key_id: string;
  account_id: string;
  user_id: string;
  secret_sealed: string;
  /** 'Active' | 'Inactive' */
  status: string;
  create_date: string;
  last_used_date: string | null;
  last_used_region: string | null;
  last_used_service: string | null;
}

export interface IamSessionsTable {
  access_key_id: string;
  account_id: string;
  secret_sealed: string;
  session_token_hash: string;
  /** JSON text: a JSON object owned by iam/. */
  principal: string;
  session_policy: string | null;
  issued_at: string;
  expires_at: string;
}

export interface IamStateTable {
  account_id: string;
  generation: number;
}

/**
 * The audit trail (migrations/0003-audit.ts): one row per API call. `record` is the whole
 * CloudTrail record as JSON text; the other columns are copies of its fields for filtering.
 */
export interface AuditEventsTable {
  event_id: string;
  account_id: string;
  /** The record's eventTime as ISO-8601 UTC with milliseconds (sorts lexicographically). */
  event_time: string;
  event_name: string;
  /** userIdentity.userName, else the role name of a role session, else 'root' for the root user. */
  user_name: string | null;
  user_arn: string | null;
  error_code: string | null;
  record: string;
}

/** Audience and events (migrations/0004-audience.ts). */
export interface EndpointsTable {
  account_id: string;
  region: string;
  app_id: string;
  id: string;
  channel_type: string | null;
  address: string | null;
  user_id: string | null;
  opt_out: string;
  endpoint_status: string;
  creation_date: string;
  effective_date: string;
  modified_date: string;
  /** The stored endpoint (StoredEndpoint) as JSON: text on SQLite, jsonb (read back as an object) on PostgreSQL. */
  document: string | object;
}

export interface EndpointAttributeKeysTable {
  account_id: string;
  region: string;
  app_id: string;
  attribute_type: string;
  name: string;
}

export interface EventLogTable {
  account_id: string;
  region: string;
  app_id: string;
  id: string;
  endpoint_id: string;
  event_type: string;
  /** bigint: PostgreSQL returns it as a string. */
  event_timestamp: number | string;
  arrival_timestamp: number | string;
  record: string;
}

export interface EventStreamsTable {
  account_id: string;
  region: string;
  app_id: string;
  destination_stream_arn: string;
  role_arn: string;
  external_id: string | null;
  last_modified_date: string;
  last_updated_by: string;
  health: Generated<string>;
  health_reason: string | null;
  health_since: string | null;
  last_delivery_date: string | null;
}

export interface EventStreamOutboxTable {
  id: string;
  account_id: string;
  region: string;
  app_id: string;
  partition_key: string;
  record: string;
  enqueued_date: string;
  attempts: Generated<number>;
}

export interface SegmentsTable {
  account_id: string;
  region: string;
  app_id: string;
  id: string;
  /** DIMENSIONAL | IMPORT */
  segment_type: string;
  /** The latest version. */
  version: number;
  creation_date: string;
}

export interface SegmentVersionsTable {
  account_id: string;
  region: string;
  app_id: string;
  segment_id: string;
  version: number;
  /** JSON text: Name, Dimensions, SegmentGroups, ImportDefinition. */
  definition: string;
  last_modified_date: string;
}

/** The endpoints of one version of an imported segment. */
export interface SegmentMembersTable {
  account_id: string;
  region: string;
  app_id: string;
  segment_id: string;
  version: number;
  endpoint_id: string;
}

export interface JobsTable {
  account_id: string;
  region: string;
  app_id: string;
  id: string;
  /** IMPORT | EXPORT */
  job_type: string;
  segment_id: string | null;
  /** JSON text: the job's Definition. */
  definition: string;
  job_status: string;
  total_pieces: Generated<number>;
  completed_pieces: Generated<number>;
  failed_pieces: Generated<number>;
  total_processed: Generated<number>;
  total_failures: Generated<number>;
  /** JSON text: at most 100 failure descriptions. */
  failures: Generated<string>;
  creation_date: string;
  completion_date: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  attempts: Generated<number>;
}

export interface JobPiecesTable {
  account_id: string;
  region: string;
  app_id: string;
  job_id: string;
  piece: number;
  s3_key: string;
  /** PENDING | COMPLETED | FAILED */
  state: string;
  /** JSON text: where the piece resumes. */
  checkpoint: string | null;
  processed: Generated<number>;
  failures: Generated<number>;
}

/** Message templates (migrations/0007-templates.ts): account and region wide, keyed by (name, type). */
export interface TemplatesTable {
  account_id: string;
  region: string;
  /** Case-sensitive. */
  name: string;
  /** EMAIL | SMS | PUSH | VOICE | INAPP */
  type: string;
  active_version: number;
  /** The highest version number given so far (numbers are never reused). */
  latest_version: number;
  creation_date: string;
  last_modified_date: string;
}

export interface TemplateVersionsTable {
  account_id: string;
  region: string;
  name: string;
  type: string;
  version: number;
  /** JSON text: the type's request shape less tags. */
  content: string;
  creation_date: string;
  last_modified_date: string;
}

/** The message log (migrations/0009-messages.ts). */
export interface MessagesTable {
  account_id: string;
  region: string;
  app_id: string;
  id: string;
  channel: string;
  transport: string;
  address: string;
  provider_message_id: string | null;
  endpoint_id: string | null;
  delivery_status: string;
  status_code: number;
  status_message: string;
  trace_id: string | null;
  created_date: string;
  content: string | null;
  /** Reports recorded per kind, JSON text (migrations/0012-message-feedback-counts.ts); null: none. */
  feedback_counts: string | null;
}

/** Channels of a project (migrations/0008-channels.ts). */
export interface ChannelsTable {
  account_id: string;
  region: string;
  app_id: string;
  /** The ChannelKind (storage/channels-repository.ts). */
  channel_type: string;
  /** 1 or 0. */
  enabled: number;
  /** JSON text: the non-secret settings. */
  settings: string;
  /** Sealed JSON of the secret fields (security/secret-box.ts); null when the channel has none. */
  credentials_sealed: string | null;
  version: number;
  creation_date: string;
  last_modified_date: string;
  last_modified_by: string;
}

/** One-time passwords (migrations/0010-otp.ts): hashes only, never the codes. */
export interface OtpCodesTable {
  account_id: string;
  region: string;
  app_id: string;
  reference_id: string;
  destination: string;
  code_hash: string;
  attempts_left: number;
  expires_at: string;
  created_date: string;
}

/** Numbers that opted out by keyword (migrations/0011-sms-opt-outs.ts). */
export interface SmsOptOutsTable {
  account_id: string;
  region: string;
  phone_number: string;
  opted_out_date: string;
}

export interface Database {
  pinion_meta: PinionMetaTable;
  apps: AppsTable;
  resource_tags: ResourceTagsTable;
  iam_entities: IamEntitiesTable;
  iam_entity_tags: IamEntityTagsTable;
  iam_group_members: IamGroupMembersTable;
  iam_inline_policies: IamInlinePoliciesTable;
  iam_managed_policies: IamManagedPoliciesTable;
  iam_policy_versions: IamPolicyVersionsTable;
  iam_policy_attachments: IamPolicyAttachmentsTable;
  iam_access_keys: IamAccessKeysTable;
  iam_sessions: IamSessionsTable;
  iam_state: IamStateTable;
  audit_events: AuditEventsTable;
  endpoints: EndpointsTable;
  endpoint_attribute_keys: EndpointAttributeKeysTable;
  event_log: EventLogTable;
  event_streams: EventStreamsTable;
  event_stream_outbox: EventStreamOutboxTable;
  segments: SegmentsTable;
  segment_versions: SegmentVersionsTable;
  segment_members: SegmentMembersTable;
  jobs: JobsTable;
  job_pieces: JobPiecesTable;
  channels: ChannelsTable;
  messages: MessagesTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
  sms_opt_outs: SmsOptOutsTable;
  otp_codes: OtpCodesTable;
}
