import { resolve } from 'node:path';
import type { MessagingConfig } from './messaging-config.ts';
import { messagingConfig } from './messaging-config.ts';
import { withConfigFile } from './config-file.ts';

/**
 * The one configuration object: read once at startup from flags and the environment, validated,
 * frozen and passed down. Nothing else reads process.env.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** PostgreSQL URL; when absent the embedded SQLite file `<dataDir>/pinion.sqlite` is used. */
  readonly databaseUrl: string | undefined;
  /**
   * PINION_DATABASE_STATEMENT_TIMEOUT_MS (PostgreSQL; default 300000, 0: none): the server cancels
   * a statement of the API and background work that runs longer. Migrations are not limited.
   */
  readonly databaseStatementTimeoutMs: number;
  readonly regions: readonly string[];
  /** Configured account id; when absent one is generated once and kept in the database. */
  readonly accountId: string | undefined;
  readonly rootCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted (AWS's front door: 7 MB). */
  readonly bodyLimitBytes: number;
  /**
   * Master key for secrets at rest (PINION_MASTER_KEY, 32 bytes as base64 or 64 hex digits);
   * when absent a key file in the data directory is used (created on first start).
   */
  readonly masterKey: Buffer | undefined;
  /** Older master keys that still open values sealed before a rotation (PINION_MASTER_KEY_PREVIOUS, comma-separated). */
  readonly previousMasterKeys: readonly Buffer[];
  /** Audit records older than this many days are deleted (PINION_AUDIT_RETENTION_DAYS, 1 to 3650, default 90). */
  readonly auditRetentionDays: number;
  /** Events in the event log older than this many days are deleted (PINION_EVENT_LOG_RETENTION_DAYS, 1 to 3650, default 90, as Pinpoint kept analytics). */
  readonly eventLogRetentionDays: number;
  /** Delivery of event streams to Kinesis and Firehose. */
  readonly eventStreams: EventStreamConfig;
  /** S3, where import jobs read and export jobs write. */
  readonly s3: S3Config;
  /** PINION_JOB_POLL_INTERVAL_MS (50 to 60000, default 1000): how often an idle worker looks for import/export jobs. */
  readonly jobPollIntervalMs: number;
  /** Transports for messages (see messaging-config.ts). */
  readonly messaging: MessagingConfig;
  /**
   * PINION_PUBLIC_URL: where recipients reach this server (e.g. https://pinion.example.com). Email
   * gets open and click tracking and one-click unsubscribe links through it; unset: none.
   */
  readonly publicUrl: string | undefined;
  /** PINION_METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <token>`; unset, it is open. */
  readonly metricsToken: string | undefined;
}

/**
 * S3 access of import and export jobs. Credentials come from the standard AWS chain, as for event
 * streams; the customer's RoleArn is checked by Pinion's own evaluation of the role's policies.
 */
export interface S3Config {
  /** PINION_AWS_ENDPOINT_URL_S3: an S3-compatible server; else the SDK's own resolution (AWS_ENDPOINT_URL_S3, …). */
  readonly endpoint: string | undefined;
  /** PINION_S3_FORCE_PATH_STYLE (true/false, default false; true for most S3-compatible servers). */
  readonly forcePathStyle: boolean;
  /**
   * PINION_S3_BUCKETS (comma-separated bucket names, or `*`): the only buckets jobs may read or
   * write; undefined here means any (`*`). Unset: none, so import and export jobs are refused
   * until an operator opens buckets. Jobs use the operator's credentials, so a user who can write
   * role policies in Pinion would otherwise reach every bucket those credentials do.
   */
  readonly allowedBuckets: readonly string[] | undefined;
}

/**
 * Where and how event-stream records are delivered. The AWS clients take their credentials from
 * the standard AWS chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, container or instance roles) and, when
 * no endpoint is configured here, their endpoints from the SDK's own settings (AWS_ENDPOINT_URL_KINESIS,
 * AWS_ENDPOINT_URL_FIREHOSE, AWS_ENDPOINT_URL, the shared config file) or AWS itself.
 */
export interface EventStreamConfig {
  /** PINION_AWS_ENDPOINT_URL_KINESIS: e.g. a Kinesis-compatible server. */
  readonly kinesisEndpoint: string | undefined;
  /** PINION_AWS_ENDPOINT_URL_FIREHOSE. */
  readonly firehoseEndpoint: string | undefined;
  /**
   * PINION_EVENT_STREAM_RETENTION_HOURS (1 to 8760, default 24): how long undelivered records wait
   * for their destination before they are dropped. 24 hours is how long Firehose itself keeps
   * retrying a failing destination and Kinesis's default retention.
   */
  readonly retentionHours: number;
  /** PINION_EVENT_STREAM_POLL_INTERVAL_MS (50 to 60000, default 1000): pause between passes over the outboxes. */
  readonly pollIntervalMs: number;
  /** PINION_EVENT_STREAM_MAX_BACKOFF_MS (100 to 3600000, default 60000): longest wait before retrying a failing stream. */
  readonly maxBackoffMs: number;
  /**
   * PINION_EVENT_STREAM_ACCOUNTS (comma-separated 12-digit ids): the AWS accounts whose streams
   * may be destinations. Unset: only Pinion's own account id. Records are written with the
   * operator's AWS credentials, so a user who can create roles in Pinion must not be able to
   * point them at any stream those credentials reach.
   */
  readonly destinationAccounts: readonly string[] | undefined;
}

export interface ConfigFlags {
  host?: string;
  port?: string | number;
  dataDir?: string;
  databaseUrl?: string;
  regions?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const regionPattern = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A 32-byte key written as 64 hex digits or as base64 (either alphabet). */
function decodeMasterKey(name: string, text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!key || key.length !== 32) throw new ConfigError(`${name} must be a 32-byte key written as 64 hex digits or base64 (for example: openssl rand -base64 32)`);
  return key;
}

/** A whole number from `min` to `max`, or `fallback` when the variable is unset. */
export function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, unit: string): number {
  const text = nonEmpty(env[name]) ?? String(fallback);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number of ${unit} from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

/**
 * A bearer token a client presents: 16 to 512 printable ASCII characters without spaces. A secret:
 * the error says what is wrong with it, never what it is.
 */
export function bearerSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = nonEmpty(env[name]);
  if (value !== undefined && !/^[\x21-\x7e]{16,512}$/.test(value)) throw new ConfigError(`${name} must be 16 to 512 printable ASCII characters without spaces`);
  return value;
}

function accountList(env: NodeJS.ProcessEnv, name: string): readonly string[] | undefined {
  const text = nonEmpty(env[name]);
  if (text === undefined) return undefined;
  const ids = text.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const bad = ids.find((id) => !/^\d{12}$/.test(id));
  if (bad !== undefined || ids.length === 0) throw new ConfigError(`${name} must be comma-separated 12-digit AWS account ids, got '${bad ?? text}'`);
  return Object.freeze(ids);
}

function booleanFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = (nonEmpty(env[name]) ?? 'false').toLowerCase();
  if (text !== 'true' && text !== 'false') throw new ConfigError(`${name} must be true or false, got '${text}'`);
  return text === 'true';
}

/** Bucket names as S3 allows them (3 to 63 lowercase letters, digits, dots and hyphens). */
function bucketList(env: NodeJS.ProcessEnv, name: string): readonly string[] | undefined {
  const text = nonEmpty(env[name]);
  if (text === undefined) return Object.freeze([]);
  if (text === '*') return undefined;
  const buckets = text.split(',').map((bucket) => bucket.trim()).filter((bucket) => bucket !== '');
  const bad = buckets.find((bucket) => !/^(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket));
  if (bad !== undefined || buckets.length === 0) throw new ConfigError(`${name} must be comma-separated S3 bucket names (or * for any bucket), got '${bad ?? text}'`);
  return Object.freeze(buckets);
}

/** An http(s) endpoint URL without credentials or query, normalized without a trailing slash. */
function endpointUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const text = nonEmpty(env[name]);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${name} must be an http:// or https:// URL such as http://127.0.0.1:4567, got '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must be an http:// or https:// URL, got a ${url.protocol} URL`);
  if (url.username !== '' || url.password !== '') throw new ConfigError(`${name} must not carry credentials in the URL (the AWS credential chain provides them)`);
  if (url.search !== '' || url.hash !== '') throw new ConfigError(`${name} must not have a query or fragment`);
  return url.toString().replace(/\/$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function loadConfig(environment: NodeJS.ProcessEnv, flags: ConfigFlags = {}): Config {
  const env = withConfigFile(environment);
  const portText = String(flags.port ?? nonEmpty(env.PINION_PORT) ?? '8733');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError(`Port must be an integer from 0 to 65535, got '${portText}'`);

  const regions = (flags.regions ?? nonEmpty(env.PINION_REGIONS) ?? 'us-east-1')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (regions.length === 0) throw new ConfigError('At least one region must be served (PINION_REGIONS)');
  for (const region of regions) {
    if (!regionPattern.test(region)) throw new ConfigError(`'${region}' is not a region name like us-east-1 (PINION_REGIONS)`);
  }

  const accountId = nonEmpty(env.PINION_ACCOUNT_ID);
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    throw new ConfigError(`PINION_ACCOUNT_ID must be 12 digits, got '${accountId}'`);
  }

  const keyId = nonEmpty(env.PINION_ROOT_ACCESS_KEY_ID);
  const secret = nonEmpty(env.PINION_ROOT_SECRET_ACCESS_KEY);
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new ConfigError('Set both PINION_ROOT_ACCESS_KEY_ID and PINION_ROOT_SECRET_ACCESS_KEY, or neither');
  }
  if (keyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(keyId)) {
    throw new ConfigError('PINION_ROOT_ACCESS_KEY_ID must be 16 to 128 uppercase letters and digits');
  }
  if (secret !== undefined && secret.length < 16) throw new ConfigError('PINION_ROOT_SECRET_ACCESS_KEY must be at least 16 characters');

  const logLevel = (nonEmpty(env.PINION_LOG_LEVEL) ?? 'info') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) throw new ConfigError(`PINION_LOG_LEVEL must be one of ${logLevels.join(', ')}`);

  const databaseUrl = nonEmpty(flags.databaseUrl) ?? nonEmpty(env.PINION_DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('PINION_DATABASE_URL must be a postgres:// URL');
  }

  const masterKeyText = nonEmpty(env.PINION_MASTER_KEY);
  const masterKey = masterKeyText === undefined ? undefined : decodeMasterKey('PINION_MASTER_KEY', masterKeyText);
  const previousMasterKeys = (nonEmpty(env.PINION_MASTER_KEY_PREVIOUS) ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
    .map((k) => decodeMasterKey('PINION_MASTER_KEY_PREVIOUS', k));
  if (previousMasterKeys.length > 0 && masterKey === undefined) {
    throw new ConfigError('PINION_MASTER_KEY_PREVIOUS needs PINION_MASTER_KEY (the key that replaces them)');
  }

  const retentionText = nonEmpty(env.PINION_AUDIT_RETENTION_DAYS) ?? '90';
  const auditRetentionDays = Number(retentionText);
  if (!/^\d+$/.test(retentionText) || auditRetentionDays < 1 || auditRetentionDays > 3650) {
    throw new ConfigError(`PINION_AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 3650, got '${retentionText}'`);
  }

  const eventStreams: EventStreamConfig = Object.freeze({
    kinesisEndpoint: endpointUrl(env, 'PINION_AWS_ENDPOINT_URL_KINESIS'),
    firehoseEndpoint: endpointUrl(env, 'PINION_AWS_ENDPOINT_URL_FIREHOSE'),
    retentionHours: wholeNumber(env, 'PINION_EVENT_STREAM_RETENTION_HOURS', 24, 1, 8760, 'hours'),
    pollIntervalMs: wholeNumber(env, 'PINION_EVENT_STREAM_POLL_INTERVAL_MS', 1000, 50, 60_000, 'milliseconds'),
    maxBackoffMs: wholeNumber(env, 'PINION_EVENT_STREAM_MAX_BACKOFF_MS', 60_000, 100, 3_600_000, 'milliseconds'),
    destinationAccounts: accountList(env, 'PINION_EVENT_STREAM_ACCOUNTS'),
  });

  return Object.freeze({
    host: nonEmpty(flags.host) ?? nonEmpty(env.PINION_HOST) ?? '127.0.0.1',
    port,
    dataDir: resolve(nonEmpty(flags.dataDir) ?? nonEmpty(env.PINION_DATA_DIR) ?? './data'),
    databaseUrl,
    databaseStatementTimeoutMs: wholeNumber(env, 'PINION_DATABASE_STATEMENT_TIMEOUT_MS', 300_000, 0, 86_400_000, 'milliseconds'),
    regions: Object.freeze(regions),
    accountId,
    rootCredentials: keyId && secret ? Object.freeze({ accessKeyId: keyId, secretAccessKey: secret }) : undefined,
    logLevel,
    bodyLimitBytes: 7 * 1024 * 1024,
    masterKey,
    previousMasterKeys: Object.freeze(previousMasterKeys),
    auditRetentionDays,
    eventLogRetentionDays: wholeNumber(env, 'PINION_EVENT_LOG_RETENTION_DAYS', 90, 1, 3650, 'days'),
    eventStreams,
    s3: Object.freeze({
      endpoint: endpointUrl(env, 'PINION_AWS_ENDPOINT_URL_S3'),
      forcePathStyle: booleanFlag(env, 'PINION_S3_FORCE_PATH_STYLE'),
      allowedBuckets: bucketList(env, 'PINION_S3_BUCKETS'),
    }),
    jobPollIntervalMs: wholeNumber(env, 'PINION_JOB_POLL_INTERVAL_MS', 1000, 50, 60_000, 'milliseconds'),
    messaging: messagingConfig(env),
    publicUrl: endpointUrl(env, 'PINION_PUBLIC_URL'),
    metricsToken: bearerSecret(env, 'PINION_METRICS_TOKEN'),
  });
}
