import type { Tenant } from './tenant.ts';

/**
 * The channels of a project: at most one per kind. What a channel stores is split in two: the
 * non-secret settings (FromAddress, SenderId, BundleId, DefaultAuthenticationMethod, …) as JSON,
 * and the secret fields (ApiKey, SecretKey, ClientSecret, TokenKey, PrivateKey, Certificate,
 * ServiceJson) as one sealed JSON object (security/secret-box.ts), bound to
 * channelCredentialsContext(account, region, app, kind) so it opens only for its own row.
 * The repository never sees plaintext credentials: it stores and returns the sealed text.
 */

export const CHANNEL_KINDS = ['email', 'sms', 'voice', 'apns', 'apns_sandbox', 'apns_voip', 'apns_voip_sandbox', 'gcm', 'baidu', 'adm'] as const;

/** The kind of a channel, as in its URI (`/v1/apps/{id}/channels/<kind>`) and its deprecated `Id`. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export function isChannelKind(value: string): value is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(value);
}

export interface ChannelRecord {
  appId: string;
  kind: ChannelKind;
  enabled: boolean;
  /** Non-secret settings, as the operation layer wrote them. */
  settings: Record<string, unknown>;
  /** The sealed JSON object of the secret fields; undefined for channels without credentials. */
  credentialsSealed?: string;
  /** 1 on creation, one more on every update. */
  version: number;
  /** ISO-8601 with milliseconds; kept by updates. */
  creationDate: string;
  lastModifiedDate: string;
  /** Who last wrote the channel (the caller's ARN). */
  lastModifiedBy: string;
}

/** What an update writes; the repository sets version, creationDate and lastModifiedDate. */
export interface ChannelWrite {
  enabled: boolean;
  settings: Record<string, unknown>;
  credentialsSealed?: string;
  lastModifiedBy: string;
}

/** One stored sealed value, for master-key rotation. */
export interface SealedChannelCredentials {
  tenant: Tenant;
  appId: string;
  kind: ChannelKind;
  credentialsSealed: string;
}

export interface ChannelsRepository {
  get(tenant: Tenant, appId: string, kind: ChannelKind): Promise<ChannelRecord | undefined>;
  /** Every channel of the project, in kind order (CHANNEL_KINDS). */
  list(tenant: Tenant, appId: string): Promise<ChannelRecord[]>;
  /**
   * Creates or updates the channel in one transaction, serialized with other writes of the same
   * channel: `next` gets the stored record (undefined when there is none) and returns what to
   * write, or throws to write nothing (its error is rethrown as it is). The new record has
   * version current + 1 (1 on creation), keeps the creation date (`now` on creation) and has
   * lastModifiedDate `now`. Throws ProjectMissingError when the project does not exist.
   */
  put(tenant: Tenant, appId: string, kind: ChannelKind, next: (current: ChannelRecord | undefined) => ChannelWrite, now: string): Promise<ChannelRecord>;
  /** Deletes the channel; returns what was deleted, or undefined when there was none. */
  delete(tenant: Tenant, appId: string, kind: ChannelKind): Promise<ChannelRecord | undefined>;
  /** Every sealed credential of every tenant (for `pinion keys rotate` and `prune`). */
  sealedCredentials(): Promise<SealedChannelCredentials[]>;
  /**
   * Replaces the sealed credentials only if they still equal `expected` (a compare-and-set; the
   * version does not change: the plaintext is the same). Says whether it did.
   */
  resealCredentials(tenant: Tenant, appId: string, kind: ChannelKind, expected: string, replacement: string): Promise<boolean>;
}
