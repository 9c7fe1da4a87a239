/**
 * The identity store: IAM users, groups and roles (one "entity" table, told apart by kind),
 * their inline and attached managed policies, access keys and temporary sessions. IAM data is
 * per account, not per region, as in AWS. Names are unique per kind and account without regard
 * to case (`Bob` and `bob` are the same user), but are returned as they were created.
 *
 * Secrets never reach this layer in clear text: `secretSealed` values are sealed by
 * security/secret-box.ts before they are stored and opened after they are read.
 *
 * Every write bumps the account's IAM generation in the same transaction, so authorization caches
 * (which key on it) can tell that what they hold may be stale.
 */

export type EntityKind = 'user' | 'group' | 'role';

export interface IamEntityRecord {
  readonly kind: EntityKind;
  /** AIDA…/AGPA…/AROA… followed by 17 upper-case letters and digits (21 characters in all). */
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
  /** Roles: AssumeRolePolicyDocument (JSON text as given), Description, MaxSessionDuration. Users: PermissionsBoundary. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface ManagedPolicyRecord {
  readonly id: string; // ANPA… 21 characters
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly description: string | undefined;
  readonly defaultVersionId: string; // 'v1', 'v2', …
  readonly attachmentCount: number;
  readonly createDate: Date;
  readonly updateDate: Date;
}

export interface PolicyVersionRecord {
  readonly versionId: string;
  readonly document: string;
  readonly isDefaultVersion: boolean;
  readonly createDate: Date;
}

export interface InlinePolicyRecord {
  readonly policyName: string;
  readonly document: string;
}

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly userId: string;
  readonly userName: string;
  readonly status: AccessKeyStatus;
  readonly createDate: Date;
  /** Sealed secret access key (see security/secret-box.ts). */
  readonly secretSealed: string;
  readonly lastUsedDate: Date | undefined;
  readonly lastUsedRegion: string | undefined;
  readonly lastUsedService: string | undefined;
}

/** Temporary credentials from STS (AssumeRole, GetSessionToken). */
export interface SessionRecord {
  readonly accessKeyId: string; // ASIA…
  readonly accountId: string;
  readonly secretSealed: string;
  /** SHA-256 hex of the session token: the token itself is never stored. */
  readonly sessionTokenHash: string;
  /** Who the session acts as: JSON-serializable description owned by iam/ (role or user id, session name, tags…). */
  readonly principal: Readonly<Record<string, unknown>>;
  /** Session policy (inline JSON) passed to AssumeRole, when any. */
  readonly sessionPolicy: string | undefined;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** Pagination as IAM does it: an opaque marker and a page size (MaxItems, 1–1000, default 100). */
export interface PageRequest {
  readonly marker?: string;
  readonly maxItems: number;
}

export interface Page<T> {
  readonly items: T[];
  /** Present when more items follow; pass it back as `marker`. */
  readonly marker?: string;
}

/** A policy document that applies to a principal, for authorization. */
export interface EffectivePolicy {
  /** e.g. `user/alice/inline/ReadOnly`, `group/devs/inline/x`, or the managed policy ARN. */
  readonly sourceId: string;
  readonly document: string;
}

/** What IAM refuses, with the reason; handlers turn these into IAM's modelled errors. */
export class IamConflictError extends Error {
  constructor(
    readonly code: 'EntityAlreadyExists' | 'NoSuchEntity' | 'DeleteConflict' | 'LimitExceeded',
    message: string,
  ) {
    super(message);
    this.name = 'IamConflictError';
  }
}

export interface IamRepository {
  /** The account's IAM generation: changes after every committed IAM write. */
  generation(accountId: string): Promise<number>;

  // ---- users, groups and roles ----
  /** Refuses with EntityAlreadyExists when an entity of that kind has the name (any case). */
  createEntity(accountId: string, entity: IamEntityRecord, tags: Readonly<Record<string, string>>): Promise<void>;
  getEntity(accountId: string, kind: EntityKind, name: string): Promise<IamEntityRecord | undefined>;
  getEntityById(accountId: string, id: string): Promise<IamEntityRecord | undefined>;
  /** Ordered by name (case-insensitively); `pathPrefix` filters on path. */
  listEntities(accountId: string, kind: EntityKind, options: PageRequest & { pathPrefix?: string }): Promise<Page<IamEntityRecord>>;
  /**
   * Renames or moves an entity (new name must be free: EntityAlreadyExists), or replaces `details`
   * keys given in `details` (merged over the stored ones). Returns the updated record, or
   * NoSuchEntity. The ARN follows the new path and name.
   */
  updateEntity(
    accountId: string,
    kind: EntityKind,
    name: string,
    change: { newName?: string; newPath?: string; newArn?: string; details?: Readonly<Record<string, unknown>> },
  ): Promise<IamEntityRecord>;
  /**
   * Deletes the entity. Refuses with DeleteConflict (message says what is still attached) when a
   * user still has access keys, inline policies, attached policies or group memberships; a group
   * still has members, inline or attached policies; a role still has inline or attached policies.
   * NoSuchEntity when absent.
   */
  deleteEntity(accountId: string, kind: EntityKind, name: string): Promise<IamEntityRecord>;

  /** Entity tags (IAM allows 50). Refuses with LimitExceeded when the result would exceed `limit`; NoSuchEntity when absent. */
  tagEntity(accountId: string, kind: EntityKind, name: string, tags: Readonly<Record<string, string>>, limit: number): Promise<void>;
  untagEntity(accountId: string, kind: EntityKind, name: string, keys: readonly string[]): Promise<void>;
  /** Tags by entity id, ordered by key. */
  entityTags(accountId: string, entityId: string): Promise<Record<string, string>>;

  // ---- group membership ----
  /** Idempotent. NoSuchEntity when the group or user is absent. */
  addUserToGroup(accountId: string, groupName: string, userName: string): Promise<void>;
  /** NoSuchEntity when either is absent or the user is not a member. */
  removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<void>;
  /** Users of a group, by name; NoSuchEntity when the group is absent. */
  groupMembers(accountId: string, groupName: string, page: PageRequest): Promise<Page<IamEntityRecord>>;
  /** Groups a user belongs to, by name; NoSuchEntity when the user is absent. */
  groupsForUser(accountId: string, userName: string, page: PageRequest): Promise<Page<IamEntityRecord>>;

  // ---- inline policies ----
  /** Creates or replaces. NoSuchEntity when the entity is absent. */
  putInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policy: InlinePolicyRecord): Promise<void>;
  getInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policyName: string): Promise<InlinePolicyRecord | undefined>;
  /** Policy names ordered case-insensitively. NoSuchEntity when the entity is absent. */
  listInlinePolicies(accountId: string, kind: EntityKind, entityName: string, page: PageRequest): Promise<Page<string>>;
  /** NoSuchEntity when the entity or the policy is absent. */
  deleteInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policyName: string): Promise<void>;

  // ---- managed policies ----
  /** Creates the policy with version v1 as default. EntityAlreadyExists on a name clash (any case). */
  createManagedPolicy(accountId: string, policy: Omit<ManagedPolicyRecord, 'defaultVersionId' | 'attachmentCount'>, document: string): Promise<ManagedPolicyRecord>;
  getManagedPolicy(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined>;
  listManagedPolicies(
    accountId: string,
    options: PageRequest & { pathPrefix?: string; onlyAttached?: boolean },
  ): Promise<Page<ManagedPolicyRecord>>;
  /** DeleteConflict while attached to anything or while it has non-default versions (AWS's rule). NoSuchEntity when absent. */
  deleteManagedPolicy(accountId: string, arn: string): Promise<void>;
  /**
   * Adds the next version (v2, v3, … never reused). At most `limit` (5) versions: LimitExceeded.
   * When `setAsDefault`, it becomes the default. NoSuchEntity when the policy is absent.
   */
  createPolicyVersion(accountId: string, arn: string, document: string, setAsDefault: boolean, createDate: Date, limit: number): Promise<PolicyVersionRecord>;
  getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  /** Newest first. NoSuchEntity when the policy is absent. */
  listPolicyVersions(accountId: string, arn: string, page: PageRequest): Promise<Page<PolicyVersionRecord>>;
  /** DeleteConflict for the default version; NoSuchEntity when absent. */
  deletePolicyVersion(accountId: string, arn: string, versionId: string): Promise<void>;
  /** NoSuchEntity when the policy or version is absent. */
  setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, updateDate: Date): Promise<void>;

  /** Idempotent. NoSuchEntity when the entity or policy is absent. Refuses with LimitExceeded beyond `limit` (10) attached policies. */
  attachPolicy(accountId: string, kind: EntityKind, entityName: string, policyArn: string, limit: number): Promise<void>;
  /** NoSuchEntity when not attached. */
  detachPolicy(accountId: string, kind: EntityKind, entityName: string, policyArn: string): Promise<void>;
  /** Attached managed policies of an entity, ordered by policy name; pathPrefix filters on the policy's path. */
  attachedPolicies(
    accountId: string,
    kind: EntityKind,
    entityName: string,
    options: PageRequest & { pathPrefix?: string },
  ): Promise<Page<ManagedPolicyRecord>>;

  /**
   * Every policy document that applies to an entity, for authorization: for a user its inline
   * policies, its attached policies' default versions, and the same for each of its groups; for a
   * role its inline and attached policies. Empty when the entity is absent.
   */
  effectivePolicies(accountId: string, entityId: string): Promise<EffectivePolicy[]>;

  // ---- access keys ----
  /** Refuses with LimitExceeded when the user already has `limit` (2) keys; NoSuchEntity when the user is absent. */
  createAccessKey(accountId: string, userName: string, key: { accessKeyId: string; secretSealed: string; createDate: Date }, limit: number): Promise<AccessKeyRecord>;
  /** Keys of a user, oldest first; NoSuchEntity when the user is absent. */
  listAccessKeys(accountId: string, userName: string): Promise<AccessKeyRecord[]>;
  /** NoSuchEntity when the key is absent or belongs to another user. */
  updateAccessKeyStatus(accountId: string, userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void>;
  deleteAccessKey(accountId: string, userName: string, accessKeyId: string): Promise<void>;
  /** Any account's key by id (SigV4 lookup), with its user. */
  findAccessKey(accessKeyId: string): Promise<{ accountId: string; key: AccessKeyRecord; user: IamEntityRecord } | undefined>;
  /** Records last use; does not bump the generation (it changes no permission). */
  touchAccessKey(accessKeyId: string, when: Date, region: string, service: string): Promise<void>;

  // ---- sessions ----
  createSession(session: SessionRecord): Promise<void>;
  findSession(accessKeyId: string): Promise<SessionRecord | undefined>;
  /** Removes sessions that expired before `now`; returns how many. */
  deleteExpiredSessions(now: Date): Promise<number>;

  // ---- secrets at rest ----
  /** Every sealed value in the identity store (access keys and sessions), for `pinion keys rotate`. */
  sealedSecrets(): Promise<{ table: 'access_keys' | 'sessions'; accessKeyId: string; secretSealed: string }[]>;
  /** Replaces one sealed value if it still equals `expected` (no lost update against a concurrent write). */
  resealSecret(table: 'access_keys' | 'sessions', accessKeyId: string, expected: string, replacement: string): Promise<boolean>;
}
