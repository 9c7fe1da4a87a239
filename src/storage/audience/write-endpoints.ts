import type { Transaction } from 'kysely';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { UserEndpointLimitSummary } from '../../domain/endpoints/user-limit.ts';
import { createEventIdGenerator } from '../../observability/audit-event-id.ts';
import type { DialectSpecifics } from '../dialect.ts';
import type { EndpointWrite, EventLogEntry } from '../endpoints-repository.ts';
import type { Database, EndpointsTable } from '../schema.ts';
import type { Tenant } from '../tenant.ts';
import type { AttributeRegistry } from './attribute-registry.ts';
import { ENDPOINT_READ_COLUMNS, endpointLockKey, toEndpointRow, toStoredEndpoint, userLockKey } from './endpoint-rows.ts';

/** Rows per multi-row statement: within SQLite's and PostgreSQL's parameter limits for these tables. */
const ROWS_PER_STATEMENT = 200;
const nextLogId = createEventIdGenerator();

const UPDATED_COLUMNS = ['channel_type', 'address', 'user_id', 'opt_out', 'endpoint_status', 'effective_date', 'modified_date', 'document'] as const;

function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * One create-or-update of endpoints, inside the caller's transaction. Lock order (PostgreSQL):
 * the endpoints' keys, then the users' keys, then the attribute registry's: every write takes
 * them in that order, so concurrent writes never deadlock. SQLite's write lock covers it all.
 */
export async function writeEndpoints(
  trx: Transaction<Database>,
  dialect: DialectSpecifics,
  registry: AttributeRegistry,
  tenant: Tenant,
  write: EndpointWrite,
  modifiedDate: string,
): Promise<{ stored: StoredEndpoint[]; afterCommit: () => void }> {
  const { appId } = write;
  const scope = { accountId: tenant.accountId, region: tenant.region };
  await dialect.lockKeys(trx, write.ids.map((id) => endpointLockKey(tenant, appId, id)));

  const existing = new Map<string, StoredEndpoint>();
  for (const ids of chunks(write.ids)) {
    const rows = await trx
      .selectFrom('endpoints')
      .select(ENDPOINT_READ_COLUMNS)
      .where('account_id', '=', scope.accountId)
      .where('region', '=', scope.region)
      .where('app_id', '=', appId)
      .where('id', 'in', ids)
      .execute();
    for (const row of rows) existing.set(row.id, toStoredEndpoint(row));
  }

  const merged = write.merge(existing);
  const mergedIds = new Set(merged.map((endpoint) => endpoint.Id));

  // Users that an ACTIVE endpoint joins (new to the user, or back from INACTIVE).
  const joiningByUser = new Map<string, StoredEndpoint[]>();
  for (const endpoint of merged) {
    const userId = endpoint.User?.UserId;
    if (userId === undefined || endpoint.EndpointStatus !== 'ACTIVE') continue;
    const before = existing.get(endpoint.Id);
    if (before && before.User?.UserId === userId && before.EndpointStatus === 'ACTIVE') continue;
    const list = joiningByUser.get(userId) ?? [];
    list.push(endpoint);
    joiningByUser.set(userId, list);
  }
  const deactivate = new Set<string>();
  if (joiningByUser.size > 0) {
    const users = [...joiningByUser.keys()];
    await dialect.lockKeys(trx, users.map((userId) => userLockKey(tenant, appId, userId)));
    const others = new Map<string, UserEndpointLimitSummary[]>();
    for (const part of chunks(users)) {
      const rows = await trx
        .selectFrom('endpoints')
        .select(['id', 'user_id', 'channel_type', 'modified_date'])
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('app_id', '=', appId)
        .where('user_id', 'in', part)
        .where('endpoint_status', '=', 'ACTIVE')
        .execute();
      for (const row of rows) {
        if (mergedIds.has(row.id)) continue;
        const list = others.get(row.user_id!) ?? [];
        list.push({ id: row.id, channelType: row.channel_type ?? undefined, modifiedDate: row.modified_date });
        others.set(row.user_id!, list);
      }
    }
    for (const [userId, joining] of joiningByUser) {
      const incoming = merged.filter((endpoint) => endpoint.User?.UserId === userId && endpoint.EndpointStatus === 'ACTIVE');
      for (const id of write.enforceUserLimit(userId, others.get(userId) ?? [], incoming, joining)) deactivate.add(id);
    }
  }

  const commitRegistry = await registry.register(trx, tenant, appId, merged, write.attributeKeyLimit);

  const rows: EndpointsTable[] = merged.map((endpoint) => toEndpointRow(tenant, appId, endpoint, modifiedDate));
  for (const part of chunks(rows)) {
    await trx
      .insertInto('endpoints')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['account_id', 'region', 'app_id', 'id']).doUpdateSet((eb) => Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)]))),
      )
      .execute();
  }

  if (write.deactivateSameAddress) await deactivateSameAddress(trx, tenant, appId, merged, modifiedDate);
  if (deactivate.size > 0) {
    for (const ids of chunks([...deactivate])) {
      await trx
        .updateTable('endpoints')
        .set({ endpoint_status: 'INACTIVE', modified_date: modifiedDate })
        .where('account_id', '=', scope.accountId)
        .where('region', '=', scope.region)
        .where('app_id', '=', appId)
        .where('id', 'in', ids)
        .execute();
    }
  }

  const events = write.events?.(new Map(merged.map((endpoint) => [endpoint.Id, endpoint])), existing) ?? [];
  if (events.length > 0) await appendEvents(trx, tenant, appId, events, modifiedDate);
  return { stored: merged, afterCommit: commitRegistry };
}

/** Pinpoint: updating an endpoint makes other endpoints with the same address INACTIVE (per channel here). */
async function deactivateSameAddress(trx: Transaction<Database>, tenant: Tenant, appId: string, merged: readonly StoredEndpoint[], modifiedDate: string): Promise<void> {
  const byChannel = new Map<string, string[]>();
  for (const endpoint of merged) {
    if (endpoint.Address === undefined || endpoint.ChannelType === undefined || endpoint.EndpointStatus !== 'ACTIVE') continue;
    const list = byChannel.get(endpoint.ChannelType) ?? [];
    list.push(endpoint.Address);
    byChannel.set(endpoint.ChannelType, list);
  }
  const ids = merged.map((endpoint) => endpoint.Id);
  for (const [channel, addresses] of byChannel) {
    for (const part of chunks(addresses)) {
      await trx
        .updateTable('endpoints')
        .set({ endpoint_status: 'INACTIVE', modified_date: modifiedDate })
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('address', 'in', part)
        .where('channel_type', '=', channel)
        .where('endpoint_status', '=', 'ACTIVE')
        .where('id', 'not in', ids)
        .execute();
    }
  }
}

/** Appends to the event log and, when the project streams its events, to the stream's outbox. */
export async function appendEvents(trx: Transaction<Database>, tenant: Tenant, appId: string, events: readonly EventLogEntry[], enqueuedDate: string): Promise<void> {
  const logRows = events.map((event) => ({
    account_id: tenant.accountId,
    region: tenant.region,
    app_id: appId,
    id: nextLogId(),
    endpoint_id: event.endpointId,
    event_type: event.eventType,
    event_timestamp: event.eventTimestamp,
    arrival_timestamp: event.arrivalTimestamp,
    record: event.record,
  }));
  for (const part of chunks(logRows)) await trx.insertInto('event_log').values(part).execute();
  const stream = await trx
    .selectFrom('event_streams')
    .select('app_id')
    .where('account_id', '=', tenant.accountId)
    .where('region', '=', tenant.region)
    .where('app_id', '=', appId)
    .executeTakeFirst();
  if (!stream) return;
  const outboxRows = logRows.map((row) => ({
    id: row.id,
    account_id: row.account_id,
    region: row.region,
    app_id: appId,
    partition_key: row.endpoint_id,
    record: row.record,
    enqueued_date: enqueuedDate,
  }));
  for (const part of chunks(outboxRows)) await trx.insertInto('event_stream_outbox').values(part).execute();
}
