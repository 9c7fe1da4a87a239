import type { AuditRepository } from './audit-repository.ts';
import type { ChannelsRepository } from './channels-repository.ts';
import type { EndpointsRepository } from './endpoints-repository.ts';
import type { EventStreamsRepository } from './event-streams-repository.ts';
import type { IamRepository } from './iam-repository.ts';
import type { JobsRepository } from './jobs-repository.ts';
import type { MessagesRepository } from './messages-repository.ts';
import type { OtpRepository } from './otp-repository.ts';
import type { SegmentsRepository } from './segments-repository.ts';
import type { SmsOptOutsRepository } from './sms-opt-outs-repository.ts';
import type { TemplatesRepository } from './templates-repository.ts';
import type { Tenant } from './tenant.ts';

/**
 * Repository interfaces: the only way operations reach stored data. Implementations live in
 * storage/ and are the only code that knows SQL; both dialects (SQLite, PostgreSQL) pass the same
 * shared suite in test/integration/storage.test.ts.
 */

export interface AppRecord {
  id: string; // 32 lowercase hex characters
  name: string;
  arn: string;
  creationDate: string; // ISO-8601 with milliseconds, UTC, e.g. 2026-11-23T14:17:09.123Z
}

/** Application settings as stored; JSON-shaped values are kept exactly as the API wrote them. */
export interface AppSettingsRecord {
  applicationId: string;
  lastModifiedDate: string; // ISO-8601
  campaignHook?: Record<string, unknown>;
  cloudWatchMetricsEnabled?: boolean;
  eventTaggingEnabled?: boolean;
  limits?: Record<string, unknown>;
  quietTime?: Record<string, unknown>;
  journeyLimits?: Record<string, unknown>;
}

/** Cursor for keyset pagination of apps: the (creationDate, id) of the last item returned. */
export interface AppCursor {
  creationDate: string;
  id: string;
}

export interface AppsRepository {
  /** Inserts the app, its initial settings and its tags in one transaction. */
  create(tenant: Tenant, app: AppRecord, tags: Record<string, string>): Promise<void>;
  get(tenant: Tenant, id: string): Promise<AppRecord | undefined>;
  /** The app and its tags ({} when none), read together. */
  getWithTags(tenant: Tenant, id: string): Promise<{ app: AppRecord; tags: Record<string, string> } | undefined>;
  /** Stable order: creationDate ascending, then id ascending; returns at most `limit` apps after `after`. */
  list(tenant: Tenant, options: { limit: number; after?: AppCursor }): Promise<AppRecord[]>;
  /**
   * Deletes the app and everything stored under it (settings, endpoints, attribute names, events,
   * event stream and its backlog, channels, tags of the app and of every ARN under `<app arn>/`), in one
   * transaction. Returns the deleted app, or undefined if none.
   */
  delete(tenant: Tenant, id: string): Promise<AppRecord | undefined>;
  getSettings(tenant: Tenant, id: string): Promise<AppSettingsRecord | undefined>;
  /**
   * Merges the given settings fields over the stored ones (a field that is undefined is left as
   * is) and sets lastModifiedDate. Returns the new settings, or undefined if the app is missing.
   */
  updateSettings(
    tenant: Tenant,
    id: string,
    patch: Omit<AppSettingsRecord, 'applicationId' | 'lastModifiedDate'>,
    lastModifiedDate: string,
  ): Promise<AppSettingsRecord | undefined>;
}

export class TagLimitExceededError extends Error {
  constructor(
    readonly resourceArn: string,
    readonly wouldHave: number,
    readonly limit: number,
  ) {
    super(`Resource ${resourceArn} would have ${wouldHave} tags; the limit is ${limit}`);
    this.name = 'TagLimitExceededError';
  }
}

export interface TagsRepository {
  /** Tags of one resource ARN ({} when none). */
  list(tenant: Tenant, resourceArn: string): Promise<Record<string, string>>;
  /**
   * Adds or overwrites tags. Atomically refuses with TagLimitExceededError (writing nothing) when
   * the resource would end up with more than `limit` distinct keys.
   */
  put(tenant: Tenant, resourceArn: string, tags: Record<string, string>, limit: number): Promise<void>;
  /** Removes the given keys (absent keys are ignored). */
  remove(tenant: Tenant, resourceArn: string, keys: readonly string[]): Promise<void>;
}

/** Small key/value store for deployment-wide facts (the generated account id, …). */
export interface MetaRepository {
  get(key: string): Promise<string | undefined>;
  /** Sets the key only if it is absent; returns the value that is stored afterwards. */
  putIfAbsent(key: string, value: string): Promise<string>;
  /** Replaces the value only if it still equals `expected`; says whether it did. */
  replace(key: string, expected: string, value: string): Promise<boolean>;
}

export interface Repositories {
  apps: AppsRepository;
  tags: TagsRepository;
  meta: MetaRepository;
  iam: IamRepository;
  audit: AuditRepository;
  endpoints: EndpointsRepository;
  eventStreams: EventStreamsRepository;
  segments: SegmentsRepository;
  jobs: JobsRepository;
  channels: ChannelsRepository;
  messages: MessagesRepository;
  templates: TemplatesRepository;
  smsOptOuts: SmsOptOutsRepository;
  otp: OtpRepository;
}

export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  readonly repositories: Repositories;
  /** Cheap liveness probe for /health. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
