import type { Selectable } from 'kysely';
import type { IamManagedPoliciesTable } from '../schema.ts';
import type { ManagedPolicyRecord, Page, PageRequest, PolicyVersionRecord } from '../iam-repository.ts';
import { IamConflictError } from '../iam-repository.ts';
import { guard } from '../storage-error.ts';
import { iamWrite } from './generation.ts';
import { checkPageSize, decodeMarker, decodeNumberMarker, pageOf, startsWith } from './paging.ts';
import type { IamStore, Queryable } from './rows.ts';
import { countOf, isoDate, nameKey, parseDate } from './rows.ts';

/** A policy row as read, with the count of its attachments (drivers return counts as they like). */
export type PolicyRow = Omit<Selectable<IamManagedPoliciesTable>, 'account_id'> & { attachment_count: string | number | bigint | null };

/** The account's managed policies (aliased `p`), each with its attachment count. */
export function policyQuery(db: Queryable, accountId: string) {
  return db
    .selectFrom('iam_managed_policies as p')
    .select(['p.id', 'p.name', 'p.name_key', 'p.path', 'p.arn', 'p.description', 'p.default_version_id', 'p.next_version', 'p.create_date', 'p.update_date'])
    .select((eb) =>
      eb
        .selectFrom('iam_policy_attachments as a')
        .select((sub) => sub.fn.countAll<string | number | bigint>().as('n'))
        .whereRef('a.account_id', '=', 'p.account_id')
        .whereRef('a.policy_id', '=', 'p.id')
        .as('attachment_count'),
    )
    .where('p.account_id', '=', accountId);
}

export function toPolicyRecord(row: PolicyRow): ManagedPolicyRecord {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    description: row.description ?? undefined,
    defaultVersionId: row.default_version_id,
    attachmentCount: Number(row.attachment_count ?? 0),
    createDate: parseDate(row.create_date),
    updateDate: parseDate(row.update_date),
  };
}

export function noSuchPolicy(arn: string): IamConflictError {
  return new IamConflictError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

export function findPolicy(db: Queryable, accountId: string, arn: string): Promise<PolicyRow | undefined> {
  return policyQuery(db, accountId).where('p.arn', '=', arn).executeTakeFirst();
}

export async function requirePolicy(db: Queryable, accountId: string, arn: string): Promise<PolicyRow> {
  const row = await findPolicy(db, accountId, arn);
  if (!row) throw noSuchPolicy(arn);
  return row;
}

function noSuchVersion(arn: string, versionId: string): IamConflictError {
  return new IamConflictError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
}

const VERSION_COLUMNS = ['version_id', 'version_number', 'document', 'create_date'] as const;

function toVersionRecord(row: { version_id: string; document: string; create_date: string }, defaultVersionId: string): PolicyVersionRecord {
  return {
    versionId: row.version_id,
    document: row.document,
    isDefaultVersion: row.version_id === defaultVersionId,
    createDate: parseDate(row.create_date),
  };
}

/** Customer managed policies and their versions (v1, v2, … numbered per policy, never reused). */
export class IamManagedPolicies {
  constructor(private readonly store: IamStore) {}

  createManagedPolicy(
    accountId: string,
    policy: Omit<ManagedPolicyRecord, 'defaultVersionId' | 'attachmentCount'>,
    document: string,
  ): Promise<ManagedPolicyRecord> {
    return iamWrite(this.store, 'iam.createManagedPolicy', accountId, async (trx) => {
      const clash = await trx
        .selectFrom('iam_managed_policies')
        .select('name')
        .where('account_id', '=', accountId)
        .where((eb) => eb.or([eb('name_key', '=', nameKey(policy.name)), eb('arn', '=', policy.arn)]))
        .executeTakeFirst();
      if (clash) {
        throw new IamConflictError('EntityAlreadyExists', `A policy called ${policy.name} already exists. Duplicate names are not allowed.`);
      }
      await trx
        .insertInto('iam_managed_policies')
        .values({
          account_id: accountId,
          id: policy.id,
          name: policy.name,
          name_key: nameKey(policy.name),
          path: policy.path,
          arn: policy.arn,
          description: policy.description ?? null,
          default_version_id: 'v1',
          next_version: 2,
          create_date: isoDate(policy.createDate),
          update_date: isoDate(policy.updateDate),
        })
        .execute();
      await trx
        .insertInto('iam_policy_versions')
        .values({ account_id: accountId, policy_id: policy.id, version_id: 'v1', version_number: 1, document, create_date: isoDate(policy.createDate) })
        .execute();
      return {
        id: policy.id,
        name: policy.name,
        path: policy.path,
        arn: policy.arn,
        description: policy.description,
        defaultVersionId: 'v1',
        attachmentCount: 0,
        createDate: new Date(isoDate(policy.createDate)),
        updateDate: new Date(isoDate(policy.updateDate)),
      };
    });
  }

  getManagedPolicy(accountId: string, arn: string): Promise<ManagedPolicyRecord | undefined> {
    return guard('iam.getManagedPolicy', async () => {
      const row = await findPolicy(this.store.db, accountId, arn);
      return row && toPolicyRecord(row);
    });
  }

  async listManagedPolicies(accountId: string, options: PageRequest & { pathPrefix?: string; onlyAttached?: boolean }): Promise<Page<ManagedPolicyRecord>> {
    checkPageSize('iam.listManagedPolicies', options);
    const start = decodeMarker(options.marker);
    if (start.kind === 'invalid') return { items: [] };
    return guard('iam.listManagedPolicies', async () => {
      let query = policyQuery(this.store.db, accountId);
      if (start.kind === 'after') query = query.where('p.name_key', '>', start.key);
      if (options.pathPrefix !== undefined) query = query.where(startsWith('p.path', options.pathPrefix));
      if (options.onlyAttached === true) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('iam_policy_attachments as at')
              .select('at.policy_id')
              .whereRef('at.account_id', '=', 'p.account_id')
              .whereRef('at.policy_id', '=', 'p.id'),
          ),
        );
      }
      const rows = await query.orderBy('p.name_key').limit(options.maxItems + 1).execute();
      return pageOf(rows, options.maxItems, (row) => row.name_key, toPolicyRecord);
    });
  }

  deleteManagedPolicy(accountId: string, arn: string): Promise<void> {
    return iamWrite(this.store, 'iam.deleteManagedPolicy', accountId, async (trx) => {
      const policy = await requirePolicy(trx, accountId, arn);
      const attachments = Number(policy.attachment_count ?? 0);
      if (attachments > 0) {
        throw new IamConflictError(
          'DeleteConflict',
          `Cannot delete a policy attached to entities: ${arn} is attached to ${attachments} ${attachments === 1 ? 'entity' : 'entities'}.`,
        );
      }
      const versions = await this.#versionCount(trx, accountId, policy.id);
      if (versions > 1) {
        throw new IamConflictError(
          'DeleteConflict',
          `This policy has more than one version (${versions}). Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.`,
        );
      }
      await trx.deleteFrom('iam_policy_versions').where('account_id', '=', accountId).where('policy_id', '=', policy.id).execute();
      await trx.deleteFrom('iam_managed_policies').where('account_id', '=', accountId).where('id', '=', policy.id).execute();
    });
  }

  createPolicyVersion(accountId: string, arn: string, document: string, setAsDefault: boolean, createDate: Date, limit: number): Promise<PolicyVersionRecord> {
    return iamWrite(this.store, 'iam.createPolicyVersion', accountId, async (trx) => {
      const policy = await requirePolicy(trx, accountId, arn);
      const versions = await this.#versionCount(trx, accountId, policy.id);
      if (versions >= limit) {
        throw new IamConflictError(
          'LimitExceeded',
          `A managed policy can have up to ${limit} versions. Before you create a new version, you must delete an existing version (${arn} has ${versions}).`,
        );
      }
      const number = Number(policy.next_version);
      const versionId = `v${number}`;
      const created = isoDate(createDate);
      await trx
        .insertInto('iam_policy_versions')
        .values({ account_id: accountId, policy_id: policy.id, version_id: versionId, version_number: number, document, create_date: created })
        .execute();
      await trx
        .updateTable('iam_managed_policies')
        .set(setAsDefault ? { next_version: number + 1, default_version_id: versionId, update_date: created } : { next_version: number + 1 })
        .where('account_id', '=', accountId)
        .where('id', '=', policy.id)
        .execute();
      return { versionId, document, isDefaultVersion: setAsDefault, createDate: parseDate(created) };
    });
  }

  getPolicyVersion(accountId: string, arn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    return guard('iam.getPolicyVersion', async () => {
      const row = await this.store.db
        .selectFrom('iam_policy_versions as v')
        .innerJoin('iam_managed_policies as p', (join) => join.onRef('p.account_id', '=', 'v.account_id').onRef('p.id', '=', 'v.policy_id'))
        .select(['v.version_id', 'v.document', 'v.create_date', 'p.default_version_id'])
        .where('p.account_id', '=', accountId)
        .where('p.arn', '=', arn)
        .where('v.version_id', '=', versionId)
        .executeTakeFirst();
      return row && toVersionRecord(row, row.default_version_id);
    });
  }

  async listPolicyVersions(accountId: string, arn: string, page: PageRequest): Promise<Page<PolicyVersionRecord>> {
    checkPageSize('iam.listPolicyVersions', page);
    const start = decodeNumberMarker(page.marker);
    return guard('iam.listPolicyVersions', async () => {
      const policy = await requirePolicy(this.store.db, accountId, arn);
      if (start.kind === 'invalid') return { items: [] };
      let query = this.store.db
        .selectFrom('iam_policy_versions')
        .select(VERSION_COLUMNS)
        .where('account_id', '=', accountId)
        .where('policy_id', '=', policy.id);
      if (start.kind === 'after') query = query.where('version_number', '<', start.key);
      const rows = await query.orderBy('version_number', 'desc').limit(page.maxItems + 1).execute();
      return pageOf(rows, page.maxItems, (row) => String(row.version_number), (row) => toVersionRecord(row, policy.default_version_id));
    });
  }

  deletePolicyVersion(accountId: string, arn: string, versionId: string): Promise<void> {
    return iamWrite(this.store, 'iam.deletePolicyVersion', accountId, async (trx) => {
      const policy = await requirePolicy(trx, accountId, arn);
      await this.#requireVersion(trx, accountId, policy, versionId);
      if (versionId === policy.default_version_id) {
        throw new IamConflictError('DeleteConflict', `Cannot delete the default version of a policy (${arn} version ${versionId}).`);
      }
      await trx
        .deleteFrom('iam_policy_versions')
        .where('account_id', '=', accountId)
        .where('policy_id', '=', policy.id)
        .where('version_id', '=', versionId)
        .execute();
    });
  }

  setDefaultPolicyVersion(accountId: string, arn: string, versionId: string, updateDate: Date): Promise<void> {
    return iamWrite(this.store, 'iam.setDefaultPolicyVersion', accountId, async (trx) => {
      const policy = await requirePolicy(trx, accountId, arn);
      await this.#requireVersion(trx, accountId, policy, versionId);
      await trx
        .updateTable('iam_managed_policies')
        .set({ default_version_id: versionId, update_date: isoDate(updateDate) })
        .where('account_id', '=', accountId)
        .where('id', '=', policy.id)
        .execute();
    });
  }

  async #versionCount(db: Queryable, accountId: string, policyId: string): Promise<number> {
    return countOf(
      await db
        .selectFrom('iam_policy_versions')
        .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
        .where('account_id', '=', accountId)
        .where('policy_id', '=', policyId)
        .executeTakeFirst(),
    );
  }

  async #requireVersion(db: Queryable, accountId: string, policy: PolicyRow, versionId: string): Promise<void> {
    const row = await db
      .selectFrom('iam_policy_versions')
      .select('version_id')
      .where('account_id', '=', accountId)
      .where('policy_id', '=', policy.id)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    if (!row) throw noSuchVersion(policy.arn, versionId);
  }
}
