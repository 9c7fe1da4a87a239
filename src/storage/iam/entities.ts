import type { Transaction } from 'kysely';
import type { EntityKind, IamEntityRecord, Page, PageRequest } from '../iam-repository.ts';
import { IamConflictError } from '../iam-repository.ts';
import type { Database } from '../schema.ts';
import { guard } from '../storage-error.ts';
import { iamWrite } from './generation.ts';
import { checkPageSize, decodeMarker, pageOf, startsWith } from './paging.ts';
import type { EntityRow, IamStore, Queryable } from './rows.ts';
import { chunks, countOf, ENTITY_COLUMNS, isoDate, kindTitle, nameKey, toEntityRecord } from './rows.ts';

/** The entity of that kind and name (any case), or undefined. */
export function findEntity(db: Queryable, accountId: string, kind: EntityKind, name: string): Promise<EntityRow | undefined> {
  return db
    .selectFrom('iam_entities')
    .select(ENTITY_COLUMNS)
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('name_key', '=', nameKey(name))
    .executeTakeFirst();
}

export function noSuchEntity(kind: EntityKind, name: string): IamConflictError {
  return new IamConflictError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
}

/** The entity, or NoSuchEntity in IAM's words. */
export async function requireEntity(db: Queryable, accountId: string, kind: EntityKind, name: string): Promise<EntityRow> {
  const row = await findEntity(db, accountId, kind, name);
  if (!row) throw noSuchEntity(kind, name);
  return row;
}

async function upsertEntityTags(trx: Transaction<Database>, accountId: string, entityId: string, tags: Readonly<Record<string, string>>): Promise<void> {
  const rows = Object.entries(tags).map(([tagKey, tagValue]) => ({ account_id: accountId, entity_id: entityId, tag_key: tagKey, tag_value: tagValue }));
  for (const chunk of chunks(rows)) {
    await trx
      .insertInto('iam_entity_tags')
      .values(chunk)
      .onConflict((oc) => oc.columns(['account_id', 'entity_id', 'tag_key']).doUpdateSet((eb) => ({ tag_value: eb.ref('excluded.tag_value') })))
      .execute();
  }
}

/** The ARN after a rename or move: the caller's, or the old one with its "<path><name>" tail replaced. */
function arnAfterChange(row: EntityRow, newName: string, newPath: string, newArn: string | undefined): string {
  if (newArn !== undefined) return newArn;
  const tail = `${row.path}${row.name}`;
  if (!row.arn.endsWith(tail)) return row.arn;
  return `${row.arn.slice(0, row.arn.length - tail.length)}${newPath}${newName}`;
}

type CountQuery = (trx: Transaction<Database>, accountId: string, id: string) => Promise<number>;

const accessKeysOf: CountQuery = async (trx, accountId, id) =>
  countOf(
    await trx
      .selectFrom('iam_access_keys')
      .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
      .where('account_id', '=', accountId)
      .where('user_id', '=', id)
      .executeTakeFirst(),
  );

const inlinePoliciesOf: CountQuery = async (trx, accountId, id) =>
  countOf(
    await trx
      .selectFrom('iam_inline_policies')
      .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
      .where('account_id', '=', accountId)
      .where('entity_id', '=', id)
      .executeTakeFirst(),
  );

const attachedPoliciesOf: CountQuery = async (trx, accountId, id) =>
  countOf(
    await trx
      .selectFrom('iam_policy_attachments')
      .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
      .where('account_id', '=', accountId)
      .where('entity_id', '=', id)
      .executeTakeFirst(),
  );

const groupsOfUser: CountQuery = async (trx, accountId, id) =>
  countOf(
    await trx
      .selectFrom('iam_group_members')
      .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
      .where('account_id', '=', accountId)
      .where('user_id', '=', id)
      .executeTakeFirst(),
  );

const membersOfGroup: CountQuery = async (trx, accountId, id) =>
  countOf(
    await trx
      .selectFrom('iam_group_members')
      .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
      .where('account_id', '=', accountId)
      .where('group_id', '=', id)
      .executeTakeFirst(),
  );

/** What stops an entity from being deleted, per kind: [singular, plural, how many]. */
const deleteBlockers: Record<EntityKind, readonly (readonly [string, string, CountQuery])[]> = {
  user: [
    ['access key', 'access keys', accessKeysOf],
    ['inline policy', 'inline policies', inlinePoliciesOf],
    ['attached managed policy', 'attached managed policies', attachedPoliciesOf],
    ['group membership', 'group memberships', groupsOfUser],
  ],
  group: [
    ['member', 'members', membersOfGroup],
    ['inline policy', 'inline policies', inlinePoliciesOf],
    ['attached managed policy', 'attached managed policies', attachedPoliciesOf],
  ],
  role: [
    ['inline policy', 'inline policies', inlinePoliciesOf],
    ['attached managed policy', 'attached managed policies', attachedPoliciesOf],
  ],
};

/** Users, groups and roles, and their tags. */
export class IamEntities {
  constructor(private readonly store: IamStore) {}

  create(accountId: string, entity: IamEntityRecord, tags: Readonly<Record<string, string>>): Promise<void> {
    return iamWrite(this.store, 'iam.createEntity', accountId, async (trx) => {
      const clash = await findEntity(trx, accountId, entity.kind, entity.name);
      if (clash) {
        throw new IamConflictError('EntityAlreadyExists', `${kindTitle(entity.kind)} with name ${entity.name} already exists.`);
      }
      await trx
        .insertInto('iam_entities')
        .values({
          account_id: accountId,
          kind: entity.kind,
          id: entity.id,
          name: entity.name,
          name_key: nameKey(entity.name),
          path: entity.path,
          arn: entity.arn,
          create_date: isoDate(entity.createDate),
          details: JSON.stringify(entity.details),
        })
        .execute();
      await upsertEntityTags(trx, accountId, entity.id, tags);
    });
  }

  get(accountId: string, kind: EntityKind, name: string): Promise<IamEntityRecord | undefined> {
    return guard('iam.getEntity', async () => {
      const row = await findEntity(this.store.db, accountId, kind, name);
      return row && toEntityRecord(row);
    });
  }

  getById(accountId: string, id: string): Promise<IamEntityRecord | undefined> {
    return guard('iam.getEntityById', async () => {
      const row = await this.store.db
        .selectFrom('iam_entities')
        .select(ENTITY_COLUMNS)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toEntityRecord(row);
    });
  }

  async list(accountId: string, kind: EntityKind, options: PageRequest & { pathPrefix?: string }): Promise<Page<IamEntityRecord>> {
    checkPageSize('iam.listEntities', options);
    const start = decodeMarker(options.marker);
    if (start.kind === 'invalid') return { items: [] };
    return guard('iam.listEntities', async () => {
      let query = this.store.db.selectFrom('iam_entities').select(ENTITY_COLUMNS).where('account_id', '=', accountId).where('kind', '=', kind);
      if (start.kind === 'after') query = query.where('name_key', '>', start.key);
      if (options.pathPrefix !== undefined) query = query.where(startsWith('path', options.pathPrefix));
      const rows = await query.orderBy('name_key').limit(options.maxItems + 1).execute();
      return pageOf(rows, options.maxItems, (row) => row.name_key, toEntityRecord);
    });
  }

  update(
    accountId: string,
    kind: EntityKind,
    name: string,
    change: { newName?: string; newPath?: string; newArn?: string; details?: Readonly<Record<string, unknown>> },
  ): Promise<IamEntityRecord> {
    return iamWrite(this.store, 'iam.updateEntity', accountId, async (trx) => {
      const row = await requireEntity(trx, accountId, kind, name);
      const newName = change.newName ?? row.name;
      const newPath = change.newPath ?? row.path;
      if (nameKey(newName) !== row.name_key) {
        const clash = await findEntity(trx, accountId, kind, newName);
        if (clash) throw new IamConflictError('EntityAlreadyExists', `${kindTitle(kind)} with name ${newName} already exists.`);
      }
      // A key given as undefined is dropped by JSON.stringify: that is how a detail is removed.
      const details = change.details === undefined ? row.details : JSON.stringify({ ...toEntityRecord(row).details, ...change.details });
      const updated: EntityRow = {
        ...row,
        name: newName,
        name_key: nameKey(newName),
        path: newPath,
        arn: arnAfterChange(row, newName, newPath, change.newArn),
        details,
      };
      await trx
        .updateTable('iam_entities')
        .set({ name: updated.name, name_key: updated.name_key, path: updated.path, arn: updated.arn, details: updated.details })
        .where('account_id', '=', accountId)
        .where('id', '=', row.id)
        .execute();
      return toEntityRecord(updated);
    });
  }

  delete(accountId: string, kind: EntityKind, name: string): Promise<IamEntityRecord> {
    return iamWrite(this.store, 'iam.deleteEntity', accountId, async (trx) => {
      const row = await requireEntity(trx, accountId, kind, name);
      const inTheWay: string[] = [];
      for (const [one, many, count] of deleteBlockers[kind]) {
        const n = await count(trx, accountId, row.id);
        if (n > 0) inTheWay.push(`${n} ${n === 1 ? one : many}`);
      }
      if (inTheWay.length > 0) {
        throw new IamConflictError(
          'DeleteConflict',
          `Cannot delete entity, must detach or delete everything attached first: ${kind} ${row.name} still has ${inTheWay.join(', ')}.`,
        );
      }
      await trx.deleteFrom('iam_entity_tags').where('account_id', '=', accountId).where('entity_id', '=', row.id).execute();
      await trx.deleteFrom('iam_entities').where('account_id', '=', accountId).where('id', '=', row.id).execute();
      return toEntityRecord(row);
    });
  }

  tag(accountId: string, kind: EntityKind, name: string, tags: Readonly<Record<string, string>>, limit: number): Promise<void> {
    return iamWrite(this.store, 'iam.tagEntity', accountId, async (trx) => {
      const row = await requireEntity(trx, accountId, kind, name);
      const existing = await trx.selectFrom('iam_entity_tags').select('tag_key').where('account_id', '=', accountId).where('entity_id', '=', row.id).execute();
      const keys = new Set(existing.map((tag) => tag.tag_key));
      for (const key of Object.keys(tags)) keys.add(key);
      if (keys.size > limit) {
        throw new IamConflictError('LimitExceeded', `The number of tags has reached the maximum limit of ${limit}: ${kind} ${row.name} would have ${keys.size}.`);
      }
      await upsertEntityTags(trx, accountId, row.id, tags);
    });
  }

  untag(accountId: string, kind: EntityKind, name: string, keys: readonly string[]): Promise<void> {
    return iamWrite(this.store, 'iam.untagEntity', accountId, async (trx) => {
      const row = await requireEntity(trx, accountId, kind, name);
      for (const chunk of chunks([...new Set(keys)])) {
        await trx
          .deleteFrom('iam_entity_tags')
          .where('account_id', '=', accountId)
          .where('entity_id', '=', row.id)
          .where('tag_key', 'in', chunk)
          .execute();
      }
    });
  }

  tags(accountId: string, entityId: string): Promise<Record<string, string>> {
    return guard('iam.entityTags', async () => {
      const rows = await this.store.db
        .selectFrom('iam_entity_tags')
        .select(['tag_key', 'tag_value'])
        .where('account_id', '=', accountId)
        .where('entity_id', '=', entityId)
        .orderBy('tag_key')
        .execute();
      // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
      return Object.fromEntries(rows.map((row) => [row.tag_key, row.tag_value]));
    });
  }
}
