import type { Kysely } from 'kysely';
import type { DialectSpecifics } from '../dialect.ts';
import type {
  AccessKeyRecord,
  AccessKeyStatus,
  EffectivePolicy,
  EntityKind,
  IamEntityRecord,
  IamRepository,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  Page,
  PageRequest,
  PolicyVersionRecord,
  SessionRecord,
} from '../iam-repository.ts';
import type { Database } from '../schema.ts';
import { guard } from '../storage-error.ts';
import { IamAttachments } from './attachments.ts';
import { IamCredentials } from './credentials.ts';
import { IamEntities } from './entities.ts';
import { readGeneration } from './generation.ts';
import { IamManagedPolicies } from './managed-policies.ts';
import { IamMembershipsAndInline } from './memberships-and-inline.ts';

/**
 * The identity store on SQLite and PostgreSQL (same queries; only DialectSpecifics.lockKey
 * differs). Each responsibility lives in its own file; this class only composes them.
 *
 * Concurrency: every write that bumps the generation runs under the account's IAM lock (see
 * generation.ts), so limit checks (access keys, policy versions, attachments, tags), name
 * uniqueness checks and delete-conflict checks cannot interleave with another write of the
 * same account, on either dialect and across processes.
 */
export class SqlIamRepository implements IamRepository {
  readonly #db: Kysely<Database>;
  readonly #entities: IamEntities;
  readonly #memberships: IamMembershipsAndInline;
  readonly #policies: IamManagedPolicies;
  readonly #attachments: IamAttachments;
  readonly #credentials: IamCredentials;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    const store = { db, dialect };
    this.#db = db;
    this.#entities = new IamEntities(store);
    this.#memberships = new IamMembershipsAndInline(store);
    this.#policies = new IamManagedPolicies(store);
    this.#attachments = new IamAttachments(store);
    this.#credentials = new IamCredentials(store);
  }

  generation(accountId: string): Promise<number> {
    return guard('iam.generation', () => readGeneration(this.#db, accountId));
  }

  // ---- users, groups and roles ----

  createEntity(accountId: string, entity: IamEntityRecord, tags: Readonly<Record<string, string>>): Promise<void> {
    return this.#entities.create(accountId, entity, tags);
  }

  getEntity(accountId: string, kind: EntityKind, name: string): Promise<IamEntityRecord | undefined> {
    return this.#entities.get(accountId, kind, name);
  }

  getEntityById(accountId: string, id: string): Promise<IamEntityRecord | undefined> {
    return this.#entities.getById(accountId, id);
  }

  listEntities(accountId: string, kind: EntityKind, options: PageRequest & { pathPrefix?: string }): Promise<Page<IamEntityRecord>> {
    return this.#entities.list(accountId, kind, options);
  }

  updateEntity(
    accountId: string,
    kind: EntityKind,
    name: string,
    change: { newName?: string; newPath?: string; newArn?: string; details?: Readonly<Record<string, unknown>> },
  ): Promise<IamEntityRecord> {
    return this.#entities.update(accountId, kind, name, change);
  }

  deleteEntity(accountId: string, kind: EntityKind, name: string): Promise<IamEntityRecord> {
    return this.#entities.delete(accountId, kind, name);
  }

  tagEntity(accountId: string, kind: EntityKind, name: string, tags: Readonly<Record<string, string>>, limit: number): Promise<void> {
    return this.#entities.tag(accountId, kind, name, tags, limit);
  }

  untagEntity(accountId: string, kind: EntityKind, name: string, keys: readonly string[]): Promise<void> {
    return this.#entities.untag(accountId, kind, name, keys);
  }

  entityTags(accountId: string, entityId: string): Promise<Record<string, string>> {
    return this.#entities.tags(accountId, entityId);
  }

  // ---- group membership ----

  addUserToGroup(accountId: string, groupName: string, userName: string): Promise<void> {
    return this.#memberships.addUserToGroup(accountId, groupName, userName);
  }

  removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<void> {
    return this.#memberships.removeUserFromGroup(accountId, groupName, userName);
  }

  groupMembers(accountId: string, groupName: string, page: PageRequest): Promise<Page<IamEntityRecord>> {
    return this.#memberships.groupMembers(accountId, groupName, page);
  }

  groupsForUser(accountId: string, userName: string, page: PageRequest): Promise<Page<IamEntityRecord>> {
    return this.#memberships.groupsForUser(accountId, userName, page);
  }

  // ---- inline policies ----

  putInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policy: InlinePolicyRecord): Promise<void> {
    return this.#memberships.putInlinePolicy(accountId, kind, entityName, policy);
  }

  getInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
    return this.#memberships.getInlinePolicy(accountId, kind, entityName, policyName);
  }

  listInlinePolicies(accountId: string, kind: EntityKind, entityName: string, page: PageRequest): Promise<Page<string>> {
    return this.#memberships.listInlinePolicies(accountId, kind, entityName, page);
  }

  deleteInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policyName: string): Promise<void> {
    return this.#memberships.deleteInlinePolicy(accountId, kind, entityName, policyName);
  }

  // ---- managed policies ----

  createManagedPolicy(
    accountId: string,
    policy: Omit<ManagedPolicyRecord, 'defaultVersionId' | 'attachmentCount'>,
    document: string,
  ): Promise<ManagedPolicyRecord> {
    return this.#policies.createManagedPolicy(accountId, policy, document);
  }

  getManagedPolicy(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
    return this.#policies.getManagedPolicy(accountId, arn);
  }

  listManagedPolicies(accountId: string, options: PageRequest & { pathPrefix?: string; onlyAttached?: boolean }): Promise<Page<ManagedPolicyRecord>> {
    return this.#policies.listManagedPolicies(accountId, options);
  }

  deleteManagedPolicy(accountId: string, arn: string): Promise<void> {
    return this.#policies.deleteManagedPolicy(accountId, arn);
  }

  createPolicyVersion(accountId: string, arn: string, document: string, setAsDefault: boolean, createDate: Date, limit: number): Promise<PolicyVersionRecord> {
    return this.#policies.createPolicyVersion(accountId, arn, document, setAsDefault, createDate, limit);
  }

  getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    return this.#policies.getPolicyVersion(accountId, arn, versionId);
  }

  listPolicyVersions(accountId: string, arn: string, page: PageRequest): Promise<Page<PolicyVersionRecord>> {
    return this.#policies.listPolicyVersions(accountId, arn, page);
  }

  deletePolicyVersion(accountId: string, arn: string, versionId: string): Promise<void> {
    return this.#policies.deletePolicyVersion(accountId, arn, versionId);
  }

  setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, updateDate: Date): Promise<void> {
    return this.#policies.setDefaultPolicyVersion(accountId, arn, versionId, updateDate);
  }

  attachPolicy(accountId: string, kind: EntityKind, entityName: string, policyArn: string, limit: number): Promise<void> {
    return this.#attachments.attachPolicy(accountId, kind, entityName, policyArn, limit);
  }

  detachPolicy(accountId: string, kind: EntityKind, entityName: string, policyArn: string): Promise<void> {
    return this.#attachments.detachPolicy(accountId, kind, entityName, policyArn);
  }

  attachedPolicies(accountId: string, kind: EntityKind, entityName: string, options: PageRequest & { pathPrefix?: string }): Promise<Page<ManagedPolicyRecord>> {
    return this.#attachments.attachedPolicies(accountId, kind, entityName, options);
  }

  effectivePolicies(accountId: string, entityId: string): Promise<EffectivePolicy[]> {
    return this.#attachments.effectivePolicies(accountId, entityId);
  }

  // ---- access keys ----

  createAccessKey(
    accountId: string,
    userName: string,
    key: { accessKeyId: string; secretSealed: string; createDate: Date },
    limit: number,
  ): Promise<AccessKeyRecord> {
    return this.#credentials.createAccessKey(accountId, userName, key, limit);
  }

  listAccessKeys(accountId: string, userName: string): Promise<AccessKeyRecord[]> {
    return this.#credentials.listAccessKeys(accountId, userName);
  }

  updateAccessKeyStatus(accountId: string, userName: string, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    return this.#credentials.updateAccessKeyStatus(accountId, userName, accessKeyId, status);
  }

  deleteAccessKey(accountId: string, userName: string, accessKeyId: string): Promise<void> {
    return this.#credentials.deleteAccessKey(accountId, userName, accessKeyId);
  }

  findAccessKey(accessKeyId: string): Promise<{ accountId: string; key: AccessKeyRecord; user: IamEntityRecord } | undefined> {
    return this.#credentials.findAccessKey(accessKeyId);
  }

  touchAccessKey(accessKeyId: string, when: Date, region: string, service: string): Promise<void> {
    return this.#credentials.touchAccessKey(accessKeyId, when, region, service);
  }

  // ---- sessions ----

  createSession(session: SessionRecord): Promise<void> {
    return this.#credentials.createSession(session);
  }

  findSession(accessKeyId: string): Promise<SessionRecord | undefined> {
    return this.#credentials.findSession(accessKeyId);
  }

  deleteExpiredSessions(now: Date): Promise<number> {
    return this.#credentials.deleteExpiredSessions(now);
  }

  // ---- secrets at rest ----

  sealedSecrets(): Promise<{ table: 'access_keys' | 'sessions'; accessKeyId: string; secretSealed: string }[]> {
    return this.#credentials.sealedSecrets();
  }

  resealSecret(table: 'access_keys' | 'sessions', accessKeyId: string, expected: string, replacement: string): Promise<boolean> {
    return this.#credentials.resealSecret(table, accessKeyId, expected, replacement);
  }
}
