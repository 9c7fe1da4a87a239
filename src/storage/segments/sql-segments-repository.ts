import type { Kysely, Selectable, Transaction } from 'kysely';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { SegmentDefinition, SegmentType, SegmentVersionRecord } from '../../domain/segments/segment-record.ts';
import type { SegmentSelection } from '../../domain/segments/segment-selection.ts';
import type { DialectSpecifics } from '../dialect.ts';
import { ProjectMissingError } from '../endpoints-repository.ts';
import type { AppCursor } from '../repositories.ts';
import type { Database, SegmentVersionsTable } from '../schema.ts';
import type { EndpointDocument, SegmentsRepository } from '../segments-repository.ts';
import { StorageError, guard } from '../storage-error.ts';
import { upsertTags } from '../tags-repository.ts';
import type { Tenant } from '../tenant.ts';
import { countSegmentEndpoints, countSegmentEndpointsByChannel, selectSegmentEndpointDocuments, selectSegmentEndpoints } from './select-endpoints.ts';

/** Member ids inserted per statement (6 parameters a row). */
const MEMBER_CHUNK = 150;

type VersionRow = Selectable<SegmentVersionsTable> & { segment_type: string; creation_date: string };

function toRecord(row: VersionRow): SegmentVersionRecord {
  let definition: unknown;
  try {
    definition = JSON.parse(row.definition);
  } catch (error) {
    throw new StorageError('segments.read', `stored definition of segment ${row.segment_id} version ${row.version} is not valid JSON`, { cause: error });
  }
  return {
    segmentId: row.segment_id,
    version: Number(row.version),
    segmentType: row.segment_type as SegmentType,
    creationDate: row.creation_date,
    lastModifiedDate: row.last_modified_date,
    definition: definition as SegmentDefinition,
  };
}

export function segmentLockKey(tenant: Tenant, appId: string, segmentId: string): string {
  return JSON.stringify(['segment', tenant.accountId, tenant.region, appId, segmentId]);
}

export class SqlSegmentsRepository implements SegmentsRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
  }

  create(
    tenant: Tenant,
    appId: string,
    segment: { id: string; arn: string; segmentType: SegmentType; creationDate: string; definition: SegmentDefinition },
    tags: Record<string, string>,
  ): Promise<SegmentVersionRecord> {
    return guard('segments.create', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#requireApp(trx, tenant, appId);
        const scope = { account_id: tenant.accountId, region: tenant.region, app_id: appId };
        await trx.insertInto('segments').values({ ...scope, id: segment.id, segment_type: segment.segmentType, version: 1, creation_date: segment.creationDate }).execute();
        await trx
          .insertInto('segment_versions')
          .values({ ...scope, segment_id: segment.id, version: 1, definition: JSON.stringify(segment.definition), last_modified_date: segment.creationDate })
          .execute();
        if (Object.keys(tags).length > 0) await upsertTags(trx, tenant, segment.arn, tags);
        return { segmentId: segment.id, version: 1, segmentType: segment.segmentType, creationDate: segment.creationDate, lastModifiedDate: segment.creationDate, definition: segment.definition };
      }),
    );
  }

  async addVersion(
    tenant: Tenant,
    appId: string,
    segmentId: string,
    lastModifiedDate: string,
    next: (latest: SegmentVersionRecord) => SegmentDefinition,
  ): Promise<SegmentVersionRecord | undefined> {
    // A refusal thrown by `next` leaves as it is, not wrapped as a StorageError.
    let refusal: { error: unknown } | undefined;
    try {
      return await guard('segments.addVersion', () =>
        this.#db.transaction().execute(async (trx) => {
          await this.#dialect.lockKey(trx, segmentLockKey(tenant, appId, segmentId));
          const latest = await this.#read(trx, tenant, appId, segmentId);
          if (!latest) return undefined;
          let definition: SegmentDefinition;
          try {
            definition = next(latest);
          } catch (error) {
            refusal = { error };
            throw error;
          }
          const version = latest.version + 1;
          const scope = { account_id: tenant.accountId, region: tenant.region, app_id: appId };
          await trx.insertInto('segment_versions').values({ ...scope, segment_id: segmentId, version, definition: JSON.stringify(definition), last_modified_date: lastModifiedDate }).execute();
          await trx.updateTable('segments').set({ version }).where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId).where('id', '=', segmentId).execute();
          return { ...latest, version, lastModifiedDate, definition };
        }),
      );
    } catch (error) {
      if (refusal) throw refusal.error;
      throw error;
    }
  }

  get(tenant: Tenant, appId: string, segmentId: string, version?: number): Promise<SegmentVersionRecord | undefined> {
    return guard('segments.get', () => this.#read(this.#db, tenant, appId, segmentId, version));
  }

  list(tenant: Tenant, appId: string, page: { limit: number; after?: AppCursor }): Promise<SegmentVersionRecord[]> {
    return guard('segments.list', async () => {
      let query = this.#versionQuery(this.#db, tenant, appId).whereRef('v.version', '=', 's.version');
      const after = page.after;
      if (after) {
        query = query.where((eb) =>
          eb.or([eb('s.creation_date', '>', after.creationDate), eb.and([eb('s.creation_date', '=', after.creationDate), eb('s.id', '>', after.id)])]),
        );
      }
      const rows = await query.orderBy('s.creation_date').orderBy('s.id').limit(page.limit).execute();
      return rows.map(toRecord);
    });
  }

  listVersions(tenant: Tenant, appId: string, segmentId: string, page: { limit: number; before?: number }): Promise<SegmentVersionRecord[]> {
    return guard('segments.listVersions', async () => {
      let query = this.#versionQuery(this.#db, tenant, appId).where('s.id', '=', segmentId);
      if (page.before !== undefined) query = query.where('v.version', '<', page.before);
      const rows = await query.orderBy('v.version', 'desc').limit(page.limit).execute();
      return rows.map(toRecord);
    });
  }

  delete(tenant: Tenant, appId: string, segmentId: string, arn: string): Promise<SegmentVersionRecord | undefined> {
    return guard('segments.delete', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#dialect.lockKey(trx, segmentLockKey(tenant, appId, segmentId));
        const latest = await this.#read(trx, tenant, appId, segmentId);
        if (!latest) return undefined;
        const scoped = <T extends 'segments' | 'segment_versions' | 'segment_members'>(table: T) =>
          trx.deleteFrom(table as 'segment_versions').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId);
        await scoped('segment_members').where('segment_id', '=', segmentId).execute();
        await scoped('segment_versions').where('segment_id', '=', segmentId).execute();
        await trx.deleteFrom('segments').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId).where('id', '=', segmentId).execute();
        await trx.deleteFrom('resource_tags').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('resource_arn', '=', arn).execute();
        return latest;
      }),
    );
  }

  addMembers(tenant: Tenant, appId: string, segmentId: string, version: number, endpointIds: readonly string[]): Promise<void> {
    return guard('segments.addMembers', async () => {
      if (endpointIds.length === 0) return;
      const rows = endpointIds.map((endpointId) => [tenant.accountId, tenant.region, appId, segmentId, version, endpointId] as const);
      for (let start = 0; start < rows.length; start += MEMBER_CHUNK) {
        await this.#dialect.appendRows(
          this.#db,
          'segment_members',
          ['account_id', 'region', 'app_id', 'segment_id', 'version', 'endpoint_id'],
          ['account_id', 'region', 'app_id', 'segment_id', 'version', 'endpoint_id'],
          rows.slice(start, start + MEMBER_CHUNK),
        );
      }
    });
  }

  selectEndpoints(tenant: Tenant, appId: string, selection: SegmentSelection, page: { limit: number; after?: string }, now: Date): Promise<StoredEndpoint[]> {
    return guard('segments.selectEndpoints', () => selectSegmentEndpoints(this.#db, this.#dialect.name, tenant, appId, selection, page, now, this.#dialect.readInBackground));
  }

  selectEndpointDocuments(tenant: Tenant, appId: string, selection: SegmentSelection, page: { limit: number; after?: string }, now: Date): Promise<EndpointDocument[]> {
    return guard('segments.selectEndpointDocuments', () => selectSegmentEndpointDocuments(this.#db, this.#dialect.name, tenant, appId, selection, page, now, this.#dialect.readInBackground));
  }

  countEndpoints(tenant: Tenant, appId: string, selection: SegmentSelection, now: Date): Promise<number> {
    return guard('segments.countEndpoints', () => countSegmentEndpoints(this.#db, this.#dialect.name, tenant, appId, selection, now, this.#dialect.readInBackground));
  }

  countByChannel(tenant: Tenant, appId: string, selection: SegmentSelection, now: Date): Promise<Record<string, number>> {
    return guard('segments.countByChannel', () => countSegmentEndpointsByChannel(this.#db, this.#dialect.name, tenant, appId, selection, now, this.#dialect.readInBackground));
  }

  async #requireApp(trx: Transaction<Database>, tenant: Tenant, appId: string): Promise<void> {
    // The project must exist and stay until this commits (PostgreSQL: a row share lock that a
    // concurrent DeleteApp waits for; SQLite: the single write lock).
    let query = trx.selectFrom('apps').select('id').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('id', '=', appId);
    if (this.#dialect.name === 'postgres') query = query.forShare();
    if (!(await query.executeTakeFirst())) throw new ProjectMissingError(appId);
  }

  #versionQuery(db: Kysely<Database> | Transaction<Database>, tenant: Tenant, appId: string) {
    return db
      .selectFrom('segments as s')
      .innerJoin('segment_versions as v', (join) =>
        join.onRef('v.account_id', '=', 's.account_id').onRef('v.region', '=', 's.region').onRef('v.app_id', '=', 's.app_id').onRef('v.segment_id', '=', 's.id'),
      )
      .select(['v.account_id', 'v.region', 'v.app_id', 'v.segment_id', 'v.version', 'v.definition', 'v.last_modified_date', 's.segment_type', 's.creation_date'])
      .where('s.account_id', '=', tenant.accountId)
      .where('s.region', '=', tenant.region)
      .where('s.app_id', '=', appId);
  }

  async #read(db: Kysely<Database> | Transaction<Database>, tenant: Tenant, appId: string, segmentId: string, version?: number): Promise<SegmentVersionRecord | undefined> {
    let query = this.#versionQuery(db, tenant, appId).where('s.id', '=', segmentId);
    query = version === undefined ? query.whereRef('v.version', '=', 's.version') : query.where('v.version', '=', version);
    const row = await query.executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }
}
