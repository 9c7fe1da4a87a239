import { sql } from 'kysely';
import type { Compilable, Kysely, SqlBool } from 'kysely';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { SegmentSelection } from '../../domain/segments/segment-selection.ts';
import { toStoredEndpoint } from '../audience/endpoint-rows.ts';
import type { DialectSpecifics } from '../dialect.ts';
import type { Database } from '../schema.ts';
import type { EndpointDocument } from '../segments-repository.ts';
import type { Tenant } from '../tenant.ts';
import type { SegmentDialect } from './json-sql.ts';
import { selectionPredicate } from './segment-sql.ts';

/** The project's endpoints that the selection picks, as one query (the predicate from segment-sql.ts). */
function selectedEndpoints(db: Kysely<Database>, dialect: SegmentDialect, tenant: Tenant, appId: string, selection: SegmentSelection, now: Date) {
  const predicate = selectionPredicate(selection, { dialect, tenant, appId, now });
  return db
    .selectFrom('endpoints as e')
    .where('e.account_id', '=', tenant.accountId)
    .where('e.region', '=', tenant.region)
    .where('e.app_id', '=', appId)
    .where(sql<SqlBool>`${predicate}`);
}

/** Where a whole-project read runs: on a thread of its own when the dialect offers one (SQLite), else through Kysely. */
export type BackgroundRead = DialectSpecifics['readInBackground'];

/** Runs a whole-project read, off the event loop when `background` is given. */
async function readRows<Row>(query: Compilable<Row> & { execute(): Promise<Row[]> }, background: BackgroundRead): Promise<Row[]> {
  if (!background) return query.execute();
  const compiled = query.compile();
  return (await background(compiled.sql, compiled.parameters)) as Row[];
}

/** One keyset page in id order, as stored JSON text (PostgreSQL renders its jsonb as text): at most `limit` endpoints with an id above `after`. */
export async function selectSegmentEndpointDocuments(
  db: Kysely<Database>,
  dialect: SegmentDialect,
  tenant: Tenant,
  appId: string,
  selection: SegmentSelection,
  page: { limit: number; after?: string },
  now: Date,
  background?: BackgroundRead,
): Promise<EndpointDocument[]> {
  if (selection.kind === 'none' || page.limit <= 0) return [];
  const document = dialect === 'postgres' ? sql<string>`e.document::text` : sql<string>`e.document`;
  let query = selectedEndpoints(db, dialect, tenant, appId, selection, now).select(['e.id', 'e.opt_out', 'e.endpoint_status', document.as('document')]);
  if (page.after !== undefined) query = query.where('e.id', '>', page.after);
  // A page can take tens of milliseconds to find on SQLite (a selective segment scans many rows
  // to fill one): it is read off the event loop.
  const rows = await readRows(query.orderBy('e.id').limit(page.limit), background);
  return rows.map((row) => ({ id: row.id, optOut: row.opt_out, endpointStatus: row.endpoint_status, document: row.document }));
}

/** selectSegmentEndpointDocuments, parsed (with the status columns laid over each document). */
export async function selectSegmentEndpoints(
  db: Kysely<Database>,
  dialect: SegmentDialect,
  tenant: Tenant,
  appId: string,
  selection: SegmentSelection,
  page: { limit: number; after?: string },
  now: Date,
  background?: BackgroundRead,
): Promise<StoredEndpoint[]> {
  const documents = await selectSegmentEndpointDocuments(db, dialect, tenant, appId, selection, page, now, background);
  return documents.map((row) => toStoredEndpoint({ id: row.id, opt_out: row.optOut, endpoint_status: row.endpointStatus, document: row.document }));
}

export async function countSegmentEndpoints(db: Kysely<Database>, dialect: SegmentDialect, tenant: Tenant, appId: string, selection: SegmentSelection, now: Date, background?: BackgroundRead): Promise<number> {
  if (selection.kind === 'none') return 0;
  const [row] = await readRows(selectedEndpoints(db, dialect, tenant, appId, selection, now).select(sql<number | string | bigint>`count(*)`.as('n')), background);
  // PostgreSQL answers count(*) (a bigint) as a string.
  return Number(row?.n ?? 0);
}

/** countSegmentEndpoints per channel type; channels with no endpoint are left out, endpoints without a channel count under ''. */
export async function countSegmentEndpointsByChannel(db: Kysely<Database>, dialect: SegmentDialect, tenant: Tenant, appId: string, selection: SegmentSelection, now: Date, background?: BackgroundRead): Promise<Record<string, number>> {
  if (selection.kind === 'none') return {};
  if (selection.kind === 'members') return countMembersByChannel(db, tenant, appId, selection, background);
  const rows = await readRows(
    selectedEndpoints(db, dialect, tenant, appId, selection, now)
      .select([sql<string>`COALESCE(e.channel_type, '')`.as('channel'), sql<number | string | bigint>`count(*)`.as('n')])
      .groupBy(sql`COALESCE(e.channel_type, '')`),
    background,
  );
  return Object.fromEntries(rows.map((row) => [row.channel, Number(row.n)]));
}

/**
 * An imported segment's counts (every GetSegment and GetSegments item of one) start from its
 * members, a range of segment_members' primary key, instead of testing every endpoint of the
 * project for membership.
 */
async function countMembersByChannel(db: Kysely<Database>, tenant: Tenant, appId: string, members: { segmentId: string; version: number }, background: BackgroundRead): Promise<Record<string, number>> {
  const query = db
    .selectFrom('segment_members as m')
    .innerJoin('endpoints as e', (join) => join.onRef('e.account_id', '=', 'm.account_id').onRef('e.region', '=', 'm.region').onRef('e.app_id', '=', 'm.app_id').onRef('e.id', '=', 'm.endpoint_id'))
    .where('m.account_id', '=', tenant.accountId)
    .where('m.region', '=', tenant.region)
    .where('m.app_id', '=', appId)
    .where('m.segment_id', '=', members.segmentId)
    .where('m.version', '=', members.version)
    .select([sql<string>`COALESCE(e.channel_type, '')`.as('channel'), sql<number | string | bigint>`count(*)`.as('n')])
    .groupBy(sql`COALESCE(e.channel_type, '')`);
  const rows = await readRows(query, background);
  return Object.fromEntries(rows.map((row) => [row.channel, Number(row.n)]));
}
