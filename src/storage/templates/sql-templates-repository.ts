import type { Kysely, Transaction } from 'kysely';
import type { TemplateContent, TemplateType } from '../../domain/templates/template-content.ts';
import type { DialectSpecifics } from '../dialect.ts';
import { startsWith } from '../iam/paging.ts';
import type { Database } from '../schema.ts';
import { StorageError, guard } from '../storage-error.ts';
import { upsertTags } from '../tags-repository.ts';
import type {
  CreateTemplateResult,
  DeleteVersionResult,
  SetActiveVersionResult,
  TemplateCursor,
  TemplatesRepository,
  TemplateSummary,
  TemplateVersionRecord,
  TemplateWrite,
  WriteTemplateResult,
} from '../templates-repository.ts';
import type { Tenant } from '../tenant.ts';

type Db = Kysely<Database> | Transaction<Database>;

interface VersionRow {
  name: string;
  type: string;
  version: number;
  content: string;
  version_creation_date: string;
  last_modified_date: string;
  active_version: number;
  template_creation_date: string;
}

function toRecord(row: VersionRow): TemplateVersionRecord {
  let content: TemplateContent;
  try {
    content = JSON.parse(row.content) as TemplateContent;
  } catch (error) {
    throw new StorageError('templates.read', `stored content of template ${row.name} (${row.type}) version ${row.version} is not valid JSON`, { cause: error });
  }
  const defaultSubstitutions = (content as { DefaultSubstitutions?: unknown }).DefaultSubstitutions;
  return {
    name: row.name,
    type: row.type as TemplateType,
    version: Number(row.version),
    activeVersion: Number(row.active_version),
    creationDate: row.template_creation_date,
    versionCreationDate: row.version_creation_date,
    lastModifiedDate: row.last_modified_date,
    content,
    ...(typeof defaultSubstitutions === 'string' ? { defaultSubstitutions } : {}),
  };
}

export function templateLockKey(tenant: Tenant, name: string, type: TemplateType): string {
  return JSON.stringify(['template', tenant.accountId, tenant.region, name, type]);
}

export class SqlTemplatesRepository implements TemplatesRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
  }

  create(
    tenant: Tenant,
    template: { name: string; type: TemplateType; arn: string; creationDate: string; content: TemplateContent },
    tags: Record<string, string>,
    maxTemplates: number,
  ): Promise<CreateTemplateResult> {
    return guard('templates.create', () =>
      this.#db.transaction().execute(async (trx): Promise<CreateTemplateResult> => {
        // Creates of one tenant are serialized so the count below stays true until commit.
        await this.#dialect.lockKey(trx, JSON.stringify(['templates', tenant.accountId, tenant.region]));
        if (await this.#header(trx, tenant, template.name, template.type)) return { outcome: 'exists' };
        const counted = await trx
          .selectFrom('templates')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .executeTakeFirstOrThrow();
        if (Number(counted.n) >= maxTemplates) return { outcome: 'template-limit', limit: maxTemplates };
        const key = { account_id: tenant.accountId, region: tenant.region, name: template.name, type: template.type };
        const inserted = await trx
          .insertInto('templates')
          .values({ ...key, active_version: 1, latest_version: 1, creation_date: template.creationDate, last_modified_date: template.creationDate })
          .onConflict((oc) => oc.columns(['account_id', 'region', 'name', 'type']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { outcome: 'exists' };
        await trx
          .insertInto('template_versions')
          .values({ ...key, version: 1, content: JSON.stringify(template.content), creation_date: template.creationDate, last_modified_date: template.creationDate })
          .execute();
        if (Object.keys(tags).length > 0) await upsertTags(trx, tenant, template.arn, tags);
        const record = await this.#read(trx, tenant, template.name, template.type, 1);
        if (!record) throw new StorageError('templates.create', `template ${template.name} (${template.type}) was not readable after its creation`);
        return { outcome: 'created', record };
      }),
    );
  }

  write(tenant: Tenant, name: string, type: TemplateType, write: TemplateWrite, content: TemplateContent, date: string): Promise<WriteTemplateResult> {
    return guard('templates.write', () =>
      this.#db.transaction().execute(async (trx): Promise<WriteTemplateResult> => {
        await this.#dialect.lockKey(trx, templateLockKey(tenant, name, type));
        const header = await this.#header(trx, tenant, name, type);
        if (!header) return { outcome: 'no-template' };
        const latestExisting = await this.#latestExisting(trx, tenant, name, type);
        let version: number;
        if (write.mode === 'new-version') {
          const counted = await this.#versions(trx, tenant, name, type)
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow();
          if (Number(counted.n) >= write.maxVersions) return { outcome: 'version-limit', limit: write.maxVersions };
          version = Number(header.latest_version) + 1;
          await trx
            .insertInto('template_versions')
            .values({ account_id: tenant.accountId, region: tenant.region, name, type, version, content: JSON.stringify(content), creation_date: date, last_modified_date: date })
            .execute();
          await this.#touch(trx, tenant, name, type, { latest_version: version, last_modified_date: date });
        } else {
          if (write.expectedVersion !== undefined && write.expectedVersion !== latestExisting) {
            const exists = await this.#versions(trx, tenant, name, type).select('version').where('version', '=', write.expectedVersion).executeTakeFirst();
            return exists ? { outcome: 'not-latest', latest: latestExisting } : { outcome: 'no-version' };
          }
          version = latestExisting;
          await trx
            .updateTable('template_versions')
            .set({ content: JSON.stringify(content), last_modified_date: date })
            .where('account_id', '=', tenant.accountId)
            .where('region', '=', tenant.region)
            .where('name', '=', name)
            .where('type', '=', type)
            .where('version', '=', version)
            .execute();
          await this.#touch(trx, tenant, name, type, { last_modified_date: date });
        }
        const record = await this.#read(trx, tenant, name, type, version);
        if (!record) throw new StorageError('templates.write', `version ${version} of template ${name} (${type}) was not readable after it was written`);
        return { outcome: 'written', record };
      }),
    );
  }

  get(tenant: Tenant, name: string, type: TemplateType, version?: number): Promise<TemplateVersionRecord | undefined> {
    return guard('templates.get', () => this.#read(this.#db, tenant, name, type, version));
  }

  list(tenant: Tenant, page: { limit: number; after?: TemplateCursor; prefix?: string; type?: TemplateType }): Promise<TemplateSummary[]> {
    return guard('templates.list', async () => {
      let query = this.#db
        .selectFrom('templates')
        .select(['name', 'type', 'active_version', 'creation_date', 'last_modified_date'])
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region);
      if (page.type !== undefined) query = query.where('type', '=', page.type);
      if (page.prefix !== undefined && page.prefix !== '') query = query.where(startsWith('name', page.prefix));
      const after = page.after;
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb('creation_date', '>', after.creationDate),
            eb.and([eb('creation_date', '=', after.creationDate), eb('name', '>', after.name)]),
            eb.and([eb('creation_date', '=', after.creationDate), eb('name', '=', after.name), eb('type', '>', after.type)]),
          ]),
        );
      }
      const rows = await query.orderBy('creation_date').orderBy('name').orderBy('type').limit(page.limit).execute();
      return rows.map((row) => ({
        name: row.name,
        type: row.type as TemplateType,
        activeVersion: Number(row.active_version),
        creationDate: row.creation_date,
        lastModifiedDate: row.last_modified_date,
      }));
    });
  }

  listVersions(tenant: Tenant, name: string, type: TemplateType, page: { limit: number; before?: number }): Promise<TemplateVersionRecord[]> {
    return guard('templates.listVersions', async () => {
      let query = this.#versionQuery(this.#db, tenant, name, type);
      if (page.before !== undefined) query = query.where('v.version', '<', page.before);
      const rows = await query.orderBy('v.version', 'desc').limit(page.limit).execute();
      return rows.map(toRecord);
    });
  }

  setActiveVersion(tenant: Tenant, name: string, type: TemplateType, version: number | 'latest', date: string): Promise<SetActiveVersionResult> {
    return guard('templates.setActiveVersion', () =>
      this.#db.transaction().execute(async (trx): Promise<SetActiveVersionResult> => {
        await this.#dialect.lockKey(trx, templateLockKey(tenant, name, type));
        if (!(await this.#header(trx, tenant, name, type))) return { outcome: 'no-template' };
        let target: number;
        if (version === 'latest') {
          target = await this.#latestExisting(trx, tenant, name, type);
        } else {
          const exists = await this.#versions(trx, tenant, name, type).select('version').where('version', '=', version).executeTakeFirst();
          if (!exists) return { outcome: 'no-version' };
          target = version;
        }
        await this.#touch(trx, tenant, name, type, { active_version: target, last_modified_date: date });
        return { outcome: 'set', version: target };
      }),
    );
  }

  delete(tenant: Tenant, name: string, type: TemplateType, arn: string): Promise<boolean> {
    return guard('templates.delete', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#dialect.lockKey(trx, templateLockKey(tenant, name, type));
        if (!(await this.#header(trx, tenant, name, type))) return false;
        for (const table of ['template_versions', 'templates'] as const) {
          await trx.deleteFrom(table).where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('name', '=', name).where('type', '=', type).execute();
        }
        await trx.deleteFrom('resource_tags').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('resource_arn', '=', arn).execute();
        return true;
      }),
    );
  }

  deleteVersion(tenant: Tenant, name: string, type: TemplateType, version: number, date: string): Promise<DeleteVersionResult> {
    return guard('templates.deleteVersion', () =>
      this.#db.transaction().execute(async (trx): Promise<DeleteVersionResult> => {
        await this.#dialect.lockKey(trx, templateLockKey(tenant, name, type));
        if (!(await this.#header(trx, tenant, name, type))) return { outcome: 'no-template' };
        const record = await this.#read(trx, tenant, name, type, version);
        if (!record) return { outcome: 'no-version' };
        if (record.version === record.activeVersion) return { outcome: 'active' };
        await trx
          .deleteFrom('template_versions')
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('name', '=', name)
          .where('type', '=', type)
          .where('version', '=', version)
          .execute();
        await this.#touch(trx, tenant, name, type, { last_modified_date: date });
        return { outcome: 'deleted', record };
      }),
    );
  }

  #header(db: Db, tenant: Tenant, name: string, type: TemplateType) {
    return db
      .selectFrom('templates')
      .select(['active_version', 'latest_version', 'creation_date'])
      .where('account_id', '=', tenant.accountId)
      .where('region', '=', tenant.region)
      .where('name', '=', name)
      .where('type', '=', type)
      .executeTakeFirst();
  }

  #versions(db: Db, tenant: Tenant, name: string, type: TemplateType) {
    return db.selectFrom('template_versions').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('name', '=', name).where('type', '=', type);
  }

  /** The highest existing version number (a template always has at least its active version). */
  async #latestExisting(db: Db, tenant: Tenant, name: string, type: TemplateType): Promise<number> {
    const row = await this.#versions(db, tenant, name, type)
      .select((eb) => eb.fn.max('version').as('latest'))
      .executeTakeFirst();
    if (row?.latest === undefined || row.latest === null) throw new StorageError('templates.read', `template ${name} (${type}) has no versions`);
    return Number(row.latest);
  }

  async #touch(db: Db, tenant: Tenant, name: string, type: TemplateType, set: { active_version?: number; latest_version?: number; last_modified_date: string }): Promise<void> {
    await db.updateTable('templates').set(set).where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('name', '=', name).where('type', '=', type).execute();
  }

  #versionQuery(db: Db, tenant: Tenant, name: string, type: TemplateType) {
    return db
      .selectFrom('templates as t')
      .innerJoin('template_versions as v', (join) =>
        join.onRef('v.account_id', '=', 't.account_id').onRef('v.region', '=', 't.region').onRef('v.name', '=', 't.name').onRef('v.type', '=', 't.type'),
      )
      .select([
        'v.name',
        'v.type',
        'v.version',
        'v.content',
        'v.creation_date as version_creation_date',
        'v.last_modified_date',
        't.active_version',
        't.creation_date as template_creation_date',
      ])
      .where('t.account_id', '=', tenant.accountId)
      .where('t.region', '=', tenant.region)
      .where('t.name', '=', name)
      .where('t.type', '=', type);
  }

  async #read(db: Db, tenant: Tenant, name: string, type: TemplateType, version?: number): Promise<TemplateVersionRecord | undefined> {
    let query = this.#versionQuery(db, tenant, name, type);
    query = version === undefined ? query.whereRef('v.version', '=', 't.active_version') : query.where('v.version', '=', version);
    const row: VersionRow | undefined = await query.executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }
}
