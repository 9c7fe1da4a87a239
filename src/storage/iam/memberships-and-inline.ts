import type { EntityKind, IamEntityRecord, InlinePolicyRecord, Page, PageRequest } from '../iam-repository.ts';
import { IamConflictError } from '../iam-repository.ts';
import { guard } from '../storage-error.ts';
import { findEntity, requireEntity } from './entities.ts';
import { iamWrite } from './generation.ts';
import { checkPageSize, decodeMarker, pageOf } from './paging.ts';
import type { IamStore } from './rows.ts';
import { E_COLUMNS, nameKey, toEntityRecord } from './rows.ts';

/** Group membership (users ↔ groups, by id) and inline policies of users, groups and roles. */
export class IamMembershipsAndInline {
  constructor(private readonly store: IamStore) {}

  // ---- group membership ----

  addUserToGroup(accountId: string, groupName: string, userName: string): Promise<void> {
    return iamWrite(this.store, 'iam.addUserToGroup', accountId, async (trx) => {
      const group = await requireEntity(trx, accountId, 'group', groupName);
      const user = await requireEntity(trx, accountId, 'user', userName);
      await trx
        .insertInto('iam_group_members')
        .values({ account_id: accountId, group_id: group.id, user_id: user.id })
        .onConflict((oc) => oc.columns(['account_id', 'group_id', 'user_id']).doNothing())
        .execute();
    });
  }

  removeUserFromGroup(accountId: string, groupName: string, userName: string): Promise<void> {
    return iamWrite(this.store, 'iam.removeUserFromGroup', accountId, async (trx) => {
      const group = await requireEntity(trx, accountId, 'group', groupName);
      const user = await requireEntity(trx, accountId, 'user', userName);
      const result = await trx
        .deleteFrom('iam_group_members')
        .where('account_id', '=', accountId)
        .where('group_id', '=', group.id)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        throw new IamConflictError('NoSuchEntity', `The user with name ${user.name} is not a member of the group with name ${group.name}.`);
      }
    });
  }

  async groupMembers(accountId: string, groupName: string, page: PageRequest): Promise<Page<IamEntityRecord>> {
    checkPageSize('iam.groupMembers', page);
    const start = decodeMarker(page.marker);
    return guard('iam.groupMembers', async () => {
      const group = await requireEntity(this.store.db, accountId, 'group', groupName);
      if (start.kind === 'invalid') return { items: [] };
      let query = this.store.db
        .selectFrom('iam_group_members as m')
        .innerJoin('iam_entities as e', (join) => join.onRef('e.account_id', '=', 'm.account_id').onRef('e.id', '=', 'm.user_id'))
        .select(E_COLUMNS)
        .where('m.account_id', '=', accountId)
        .where('m.group_id', '=', group.id);
      if (start.kind === 'after') query = query.where('e.name_key', '>', start.key);
      const rows = await query.orderBy('e.name_key').limit(page.maxItems + 1).execute();
      return pageOf(rows, page.maxItems, (row) => row.name_key, toEntityRecord);
    });
  }

  async groupsForUser(accountId: string, userName: string, page: PageRequest): Promise<Page<IamEntityRecord>> {
    checkPageSize('iam.groupsForUser', page);
    const start = decodeMarker(page.marker);
    return guard('iam.groupsForUser', async () => {
      const user = await requireEntity(this.store.db, accountId, 'user', userName);
      if (start.kind === 'invalid') return { items: [] };
      let query = this.store.db
        .selectFrom('iam_group_members as m')
        .innerJoin('iam_entities as e', (join) => join.onRef('e.account_id', '=', 'm.account_id').onRef('e.id', '=', 'm.group_id'))
        .select(E_COLUMNS)
        .where('m.account_id', '=', accountId)
        .where('m.user_id', '=', user.id);
      if (start.kind === 'after') query = query.where('e.name_key', '>', start.key);
      const rows = await query.orderBy('e.name_key').limit(page.maxItems + 1).execute();
      return pageOf(rows, page.maxItems, (row) => row.name_key, toEntityRecord);
    });
  }

  // ---- inline policies ----

  /** Keyed by the name without regard to case; a put in another case replaces it and its name. */
  putInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policy: InlinePolicyRecord): Promise<void> {
    return iamWrite(this.store, 'iam.putInlinePolicy', accountId, async (trx) => {
      const entity = await requireEntity(trx, accountId, kind, entityName);
      await trx
        .insertInto('iam_inline_policies')
        .values({
          account_id: accountId,
          entity_id: entity.id,
          name_key: nameKey(policy.policyName),
          policy_name: policy.policyName,
          document: policy.document,
        })
        .onConflict((oc) =>
          oc.columns(['account_id', 'entity_id', 'name_key']).doUpdateSet((eb) => ({
            policy_name: eb.ref('excluded.policy_name'),
            document: eb.ref('excluded.document'),
          })),
        )
        .execute();
    });
  }

  getInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policyName: string): Promise<InlinePolicyRecord | undefined> {
    return guard('iam.getInlinePolicy', async () => {
      const entity = await findEntity(this.store.db, accountId, kind, entityName);
      if (!entity) return undefined;
      const row = await this.store.db
        .selectFrom('iam_inline_policies')
        .select(['policy_name', 'document'])
        .where('account_id', '=', accountId)
        .where('entity_id', '=', entity.id)
        .where('name_key', '=', nameKey(policyName))
        .executeTakeFirst();
      return row && { policyName: row.policy_name, document: row.document };
    });
  }

  async listInlinePolicies(accountId: string, kind: EntityKind, entityName: string, page: PageRequest): Promise<Page<string>> {
    checkPageSize('iam.listInlinePolicies', page);
    const start = decodeMarker(page.marker);
    return guard('iam.listInlinePolicies', async () => {
      const entity = await requireEntity(this.store.db, accountId, kind, entityName);
      if (start.kind === 'invalid') return { items: [] };
      let query = this.store.db
        .selectFrom('iam_inline_policies')
        .select(['name_key', 'policy_name'])
        .where('account_id', '=', accountId)
        .where('entity_id', '=', entity.id);
      if (start.kind === 'after') query = query.where('name_key', '>', start.key);
      const rows = await query.orderBy('name_key').limit(page.maxItems + 1).execute();
      return pageOf(rows, page.maxItems, (row) => row.name_key, (row) => row.policy_name);
    });
  }

  deleteInlinePolicy(accountId: string, kind: EntityKind, entityName: string, policyName: string): Promise<void> {
    return iamWrite(this.store, 'iam.deleteInlinePolicy', accountId, async (trx) => {
      const entity = await requireEntity(trx, accountId, kind, entityName);
      const result = await trx
        .deleteFrom('iam_inline_policies')
        .where('account_id', '=', accountId)
        .where('entity_id', '=', entity.id)
        .where('name_key', '=', nameKey(policyName))
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        throw new IamConflictError('NoSuchEntity', `The ${kind} policy with name ${policyName} cannot be found.`);
      }
    });
  }
}
