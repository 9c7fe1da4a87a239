import type { EffectivePolicy, EntityKind, ManagedPolicyRecord, Page, PageRequest } from '../iam-repository.ts';
import { IamConflictError } from '../iam-repository.ts';
import { guard } from '../storage-error.ts';
import { requireEntity } from './entities.ts';
import { iamWrite } from './generation.ts';
import { requirePolicy, policyQuery, toPolicyRecord } from './managed-policies.ts';
import { checkPageSize, decodeMarker, pageOf, startsWith } from './paging.ts';
import type { EntityRow, IamStore } from './rows.ts';
import { E_COLUMNS, ENTITY_COLUMNS } from './rows.ts';

/** Managed policies attached to users, groups and roles, and what applies to a principal. */
export class IamAttachments {
  constructor(private readonly store: IamStore) {}

  attachPolicy(accountId: string, kind: EntityKind, entityName: string, policyArn: string, limit: number): Promise<void> {
    return iamWrite(this.store, 'iam.attachPolicy', accountId, async (trx) => {
      const entity = await requireEntity(trx, accountId, kind, entityName);
      const policy = await requirePolicy(trx, accountId, policyArn);
      const attached = await trx
        .selectFrom('iam_policy_attachments')
        .select('policy_id')
        .where('account_id', '=', accountId)
        .where('entity_id', '=', entity.id)
        .execute();
      if (attached.some((row) => row.policy_id === policy.id)) return; // idempotent
      if (attached.length >= limit) {
        const quota = kind === 'user' ? 'PoliciesPerUser' : kind === 'group' ? 'PoliciesPerGroup' : 'PoliciesPerRole';
        throw new IamConflictError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit} (${kind} ${entity.name} already has ${attached.length} attached policies).`);
      }
      await trx.insertInto('iam_policy_attachments').values({ account_id: accountId, entity_id: entity.id, policy_id: policy.id }).execute();
    });
  }

  detachPolicy(accountId: string, kind: EntityKind, entityName: string, policyArn: string): Promise<void> {
    return iamWrite(this.store, 'iam.detachPolicy', accountId, async (trx) => {
      const entity = await requireEntity(trx, accountId, kind, entityName);
      const policy = await requirePolicy(trx, accountId, policyArn);
      const result = await trx
        .deleteFrom('iam_policy_attachments')
        .where('account_id', '=', accountId)
        .where('entity_id', '=', entity.id)
        .where('policy_id', '=', policy.id)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        throw new IamConflictError('NoSuchEntity', `Policy ${policyArn} was not found attached to ${kind} ${entity.name}.`);
      }
    });
  }

  async attachedPolicies(
    accountId: string,
    kind: EntityKind,
    entityName: string,
    options: PageRequest & { pathPrefix?: string },
  ): Promise<Page<ManagedPolicyRecord>> {
    checkPageSize('iam.attachedPolicies', options);
    const start = decodeMarker(options.marker);
    return guard('iam.attachedPolicies', async () => {
      const entity = await requireEntity(this.store.db, accountId, kind, entityName);
      if (start.kind === 'invalid') return { items: [] };
      let query = policyQuery(this.store.db, accountId).where((eb) =>
        eb.exists(
          eb
            .selectFrom('iam_policy_attachments as at')
            .select('at.policy_id')
            .whereRef('at.account_id', '=', 'p.account_id')
            .whereRef('at.policy_id', '=', 'p.id')
            .where('at.entity_id', '=', entity.id),
        ),
      );
      if (start.kind === 'after') query = query.where('p.name_key', '>', start.key);
      if (options.pathPrefix !== undefined) query = query.where(startsWith('p.path', options.pathPrefix));
      const rows = await query.orderBy('p.name_key').limit(options.maxItems + 1).execute();
      return pageOf(rows, options.maxItems, (row) => row.name_key, toPolicyRecord);
    });
  }

  /**
   * In a fixed order: the entity's inline policies (by name), its attached policies (by name),
   * then the same for each of a user's groups (by group name). A managed policy reached twice
   * (attached to the user and to a group) is listed once, where first reached.
   */
  effectivePolicies(accountId: string, entityId: string): Promise<EffectivePolicy[]> {
    return guard('iam.effectivePolicies', async () => {
      const db = this.store.db;
      const entity = await db.selectFrom('iam_entities').select(ENTITY_COLUMNS).where('account_id', '=', accountId).where('id', '=', entityId).executeTakeFirst();
      if (!entity) return [];
      const holders: EntityRow[] = [entity];
      if (entity.kind === 'user') {
        const groups = await db
          .selectFrom('iam_group_members as m')
          .innerJoin('iam_entities as e', (join) => join.onRef('e.account_id', '=', 'm.account_id').onRef('e.id', '=', 'm.group_id'))
          .select(E_COLUMNS)
          .where('m.account_id', '=', accountId)
          .where('m.user_id', '=', entity.id)
          .orderBy('e.name_key')
          .execute();
        holders.push(...groups);
      }
      const ids = holders.map((holder) => holder.id);
      const inline = await db
        .selectFrom('iam_inline_policies')
        .select(['entity_id', 'policy_name', 'document'])
        .where('account_id', '=', accountId)
        .where('entity_id', 'in', ids)
        .orderBy('name_key')
        .execute();
      const attached = await db
        .selectFrom('iam_policy_attachments as a')
        .innerJoin('iam_managed_policies as p', (join) => join.onRef('p.account_id', '=', 'a.account_id').onRef('p.id', '=', 'a.policy_id'))
        .innerJoin('iam_policy_versions as v', (join) =>
          join.onRef('v.account_id', '=', 'p.account_id').onRef('v.policy_id', '=', 'p.id').onRef('v.version_id', '=', 'p.default_version_id'),
        )
        .select(['a.entity_id', 'p.arn', 'v.document'])
        .where('a.account_id', '=', accountId)
        .where('a.entity_id', 'in', ids)
        .orderBy('p.name_key')
        .execute();

      const result: EffectivePolicy[] = [];
      const seenArns = new Set<string>();
      for (const holder of holders) {
        for (const policy of inline) {
          if (policy.entity_id !== holder.id) continue;
          result.push({ sourceId: `${holder.kind}/${holder.name}/inline/${policy.policy_name}`, document: policy.document });
        }
        for (const policy of attached) {
          if (policy.entity_id !== holder.id || seenArns.has(policy.arn)) continue;
          seenArns.add(policy.arn);
          result.push({ sourceId: policy.arn, document: policy.document });
        }
      }
      return result;
    });
  }
}
