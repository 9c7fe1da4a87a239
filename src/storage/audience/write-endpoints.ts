import type { Transaction } from 'kysely';
import type { StoredEndpoint } from '../../domain/endpoints/stored-endpoint.ts';
import type { UserEndpointLimitSummary } from '../../domain/endpoints/user-limit.ts';
import { createEventIdGenerator } from '../../observability/audit-event-id.ts';
import type { DialectSpecifics } from '../dialect.ts';
import { ProjectMissingError, UserEndpointsBusyError } from '../endpoints-repository.ts';
import type { EndpointWrite, EventLogEntry } from '../endpoints-repository.ts';
import type { Database } from '../schema.ts';
import type { Tenant } from '../tenant.ts';
import type { AttributeRegistry } from './attribute-registry.ts';
import { chunks } from './bulk-sql.ts';
import type { BulkSql } from './bulk-sql.ts';
import { addressLockKey, endpointLockKey, toEndpointRow, toStoredEndpoint, userLockKey } from './endpoint-rows.ts';
import type { EndpointReadRow } from './endpoint-rows.ts';

const nextLogId = createEventIdGenerator();

export const ENDPOINT_COLUMNS = ['account_id', 'region', 'app_id', 'id', 'channel_type', 'address', 'user_id', 'opt_out', 'endpoint_status', 'creation_date', 'effective_date', 'modified_date', 'document'] as const;
const ENDPOINT_UPSERT = {
  columns: ['account_id', 'region', 'app_id', 'id'],
  update: ['channel_type', 'address', 'user_id', 'opt_out', 'endpoint_status', 'effective_date', 'modified_date', 'document'],
} as const;
export const EVENT_LOG_COLUMNS = ['account_id', 'region', 'app_id', 'id', 'endpoint_id', 'event_type', 'event_timestamp', 'arrival_timestamp', 'record'] as const;
const OUTBOX_COLUMNS = ['id', 'account_id', 'region', 'app_id', 'partition_key', 'record', 'enqueued_date'] as const;

/** Everything one write needs besides its input. */
export interface WriteTools {
  readonly dialect: DialectSpecifics;
  readonly registry: AttributeRegistry;
  readonly sql: BulkSql;
}

/**
 * One create-or-update of endpoints, inside the caller's transaction. Lock order (PostgreSQL):
 * the project row (shared), the endpoints' keys, then the users' and addresses' keys, then the
 * attribute registry's (membership shared, then the count key when a name is new). Every write
 * takes them in that order, so concurrent writes never deadlock; retiring a user's endpoint only
 * tries its lock. SQLite's single write lock covers it all.
 */
export async function writeEndpoints(
  trx: Transaction<Database>,
  { dialect, registry, sql }: WriteTools,
  tenant: Tenant,
  write: EndpointWrite,
  modifiedDate: string,
): Promise<StoredEndpoint[]> {
  const { appId } = write;
  const scope = { accountId: tenant.accountId, region: tenant.region };
  // The project must exist, and stay until this commits: a concurrent DeleteApp waits for this
  // write (PostgreSQL: row share lock; SQLite: the write lock), then deletes what it wrote.
  const appText = sql.text('apps.exists', () => `select id from apps where account_id = ${sql.param(1)} and region = ${sql.param(2)} and id = ${sql.param(3)}${sql.forShare}`);
  if ((await sql.run(trx, appText, [scope.accountId, scope.region, appId])).length === 0) throw new ProjectMissingError(appId);
  await dialect.lockKeys(trx, write.ids.map((id) => endpointLockKey(tenant, appId, id)));

  const existing = new Map<string, StoredEndpoint>();
  for (const ids of chunks(write.ids)) {
    const text = sql.text(`endpoints.read:${ids.length}`, () => `select id, opt_out, endpoint_status, document from endpoints where account_id = ${sql.param(1)} and region = ${sql.param(2)} and app_id = ${sql.param(3)} and id in ${sql.list(4, ids.length)}`);
    const rows = await sql.run<EndpointReadRow>(trx, text, [scope.accountId, scope.region, appId, ...ids]);
    for (const row of rows) existing.set(row.id, toStoredEndpoint(row));
  }

  const merged = write.merge(existing);
  const mergedIds = new Set(merged.map((endpoint) => endpoint.Id));

  // Second round of locks, after every endpoint lock so that the lock order stays acyclic: the
  // users that endpoints join (the per-user limit counts them), and the channel and address of
  // every endpoint written ACTIVE (its other holders go INACTIVE: writers of one address take turns).
  const joiningByUser = new Map<string, StoredEndpoint[]>();
  for (const endpoint of merged) {
    const userId = endpoint.User?.UserId;
    if (userId === undefined || existing.get(endpoint.Id)?.User?.UserId === userId) continue;
    const list = joiningByUser.get(userId) ?? [];
    list.push(endpoint);
    joiningByUser.set(userId, list);
  }
  const users = [...joiningByUser.keys()];
  const addresses = write.deactivateSameAddress ? merged.filter(holdsAddress).map((endpoint) => addressLockKey(tenant, appId, endpoint.ChannelType!, endpoint.Address!)) : [];
  await dialect.lockKeys(trx, [...users.map((userId) => userLockKey(tenant, appId, userId)), ...addresses]);

  const retirements: { userId: string; retire: number; candidates: readonly string[] }[] = [];
  if (users.length > 0) {
    const others = new Map<string, UserEndpointLimitSummary[]>();
    for (const part of chunks(users)) {
      const text = sql.text(`endpoints.users:${part.length}`, () => `select id, user_id, channel_type, effective_date from endpoints where account_id = ${sql.param(1)} and region = ${sql.param(2)} and app_id = ${sql.param(3)} and user_id in ${sql.list(4, part.length)}`);
      const rows = await sql.run<{ id: string; user_id: string | null; channel_type: string | null; effective_date: string }>(trx, text, [scope.accountId, scope.region, appId, ...part]);
      for (const row of rows) {
        if (mergedIds.has(row.id)) continue;
        const list = others.get(row.user_id!) ?? [];
        list.push({ id: row.id, channelType: row.channel_type ?? undefined, effectiveDate: row.effective_date });
        others.set(row.user_id!, list);
      }
    }
    const byUser = new Map<string, StoredEndpoint[]>();
    for (const endpoint of merged) {
      const userId = endpoint.User?.UserId;
      if (userId === undefined || !joiningByUser.has(userId)) continue;
      const list = byUser.get(userId) ?? [];
      list.push(endpoint);
      byUser.set(userId, list);
    }
    for (const [userId, joining] of joiningByUser) {
      const incoming = byUser.get(userId)!;
      const { retire, candidates } = write.enforceUserLimit(userId, others.get(userId) ?? [], incoming, joining);
      if (retire > 0) retirements.push({ userId, retire, candidates });
    }
  }

  await registry.register(trx, sql, tenant, appId, merged, write.attributeKeyLimit);

  for (const part of chunks(merged)) {
    const parameters: unknown[] = [];
    for (const endpoint of part) {
      const row = toEndpointRow(tenant, appId, endpoint, modifiedDate);
      for (const column of ENDPOINT_COLUMNS) parameters.push(row[column]);
    }
    await sql.run(trx, sql.insertText('endpoints', ENDPOINT_COLUMNS, part.length, ENDPOINT_UPSERT), parameters);
  }

  if (write.deactivateSameAddress) await deactivateSameAddress(trx, sql, tenant, appId, merged, modifiedDate);
  for (const retirement of retirements) await retireFromUser(trx, dialect, tenant, appId, retirement, modifiedDate);

  const events = write.events?.(new Map(merged.map((endpoint) => [endpoint.Id, endpoint])), existing) ?? [];
  if (events.length > 0) await appendEvents(trx, sql, tenant, appId, events, modifiedDate);
  return merged;
}

function holdsAddress(endpoint: StoredEndpoint): boolean {
  return endpoint.Address !== undefined && endpoint.ChannelType !== undefined && endpoint.EndpointStatus === 'ACTIVE';
}

/**
 * Retires endpoints of a user past the per-user limit: INACTIVE, and no longer the user's
 * (Pinpoint removes the UserId). Each candidate is locked without waiting (its lock ranks before
 * the user's, which this write holds, so waiting could deadlock) and read again under the lock; a
 * candidate another write holds is passed over, one that left the user meanwhile counts as done.
 */
async function retireFromUser(
  trx: Transaction<Database>,
  dialect: DialectSpecifics,
  tenant: Tenant,
  appId: string,
  { userId, retire, candidates }: { userId: string; retire: number; candidates: readonly string[] },
  modifiedDate: string,
): Promise<void> {
  let done = 0;
  for (const id of candidates) {
    if (done === retire) return;
    if (!(await dialect.tryLockKey(trx, endpointLockKey(tenant, appId, id)))) continue;
    const row = await trx
      .selectFrom('endpoints')
      .select(['id', 'user_id', 'opt_out', 'endpoint_status', 'document'])
      .where('account_id', '=', tenant.accountId)
      .where('region', '=', tenant.region)
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    done++;
    if (!row || row.user_id !== userId) continue;
    const endpoint = toStoredEndpoint(row);
    endpoint.EndpointStatus = 'INACTIVE';
    if (endpoint.User) {
      delete endpoint.User.UserId;
      if (Object.keys(endpoint.User).length === 0) delete endpoint.User;
    }
    const { document } = toEndpointRow(tenant, appId, endpoint, modifiedDate);
    await trx
      .updateTable('endpoints')
      .set({ endpoint_status: 'INACTIVE', user_id: null, modified_date: modifiedDate, document })
      .where('account_id', '=', tenant.accountId)
      .where('region', '=', tenant.region)
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .execute();
  }
  if (done < retire) throw new UserEndpointsBusyError(userId);
}

/** Pinpoint: updating an endpoint makes other endpoints with the same address INACTIVE (per channel here). */
async function deactivateSameAddress(trx: Transaction<Database>, sql: BulkSql, tenant: Tenant, appId: string, merged: readonly StoredEndpoint[], modifiedDate: string): Promise<void> {
  // Per channel, the written endpoints that hold an address ACTIVE (within one write only the last
  // writer of an address does: the merge made the others INACTIVE).
  const byChannel = new Map<string, StoredEndpoint[]>();
  for (const endpoint of merged) {
    if (!holdsAddress(endpoint)) continue;
    const list = byChannel.get(endpoint.ChannelType!) ?? [];
    list.push(endpoint);
    byChannel.set(endpoint.ChannelType!, list);
  }
  for (const [channel, holders] of byChannel) {
    for (const part of chunks(holders)) {
      // Every other ACTIVE holder of these addresses goes INACTIVE; the holders just written keep
      // their status. Each statement excludes exactly the ids holding its own addresses, so a
      // write of any size never deactivates what it wrote.
      const text = sql.text(`endpoints.deactivate:${part.length}`, () =>
        `update endpoints set endpoint_status = 'INACTIVE', modified_date = ${sql.param(1)} where account_id = ${sql.param(2)} and region = ${sql.param(3)} and app_id = ${sql.param(4)} and channel_type = ${sql.param(5)} and endpoint_status = 'ACTIVE' and address in ${sql.list(6, part.length)} and id not in ${sql.list(6 + part.length, part.length)}`,
      );
      await sql.run(trx, text, [modifiedDate, tenant.accountId, tenant.region, appId, channel, ...part.map((endpoint) => endpoint.Address!), ...part.map((endpoint) => endpoint.Id)]);
    }
  }
}

/** Appends to the event log and, when the project streams its events, to the stream's outbox. */
export async function appendEvents(trx: Transaction<Database>, sql: BulkSql, tenant: Tenant, appId: string, events: readonly EventLogEntry[], enqueuedDate: string): Promise<void> {
  const ids = events.map(() => nextLogId());
  for (let start = 0; start < events.length; start += 200) {
    const part = events.slice(start, start + 200);
    const parameters: unknown[] = [];
    part.forEach((event, i) => parameters.push(tenant.accountId, tenant.region, appId, ids[start + i], event.endpointId, event.eventType, event.eventTimestamp, event.arrivalTimestamp, event.record));
    await sql.run(trx, sql.insertText('event_log', EVENT_LOG_COLUMNS, part.length), parameters);
  }
  // Locked so that a concurrent DeleteEventStream (which drops the outbox) waits for these rows
  // or they wait for it: never outbox rows without a stream, which nothing would deliver or prune.
  const streamText = sql.text('event_streams.exists', () => `select app_id from event_streams where account_id = ${sql.param(1)} and region = ${sql.param(2)} and app_id = ${sql.param(3)}${sql.forShare}`);
  const [stream] = await sql.run(trx, streamText, [tenant.accountId, tenant.region, appId]);
  if (!stream) return;
  for (let start = 0; start < events.length; start += 200) {
    const part = events.slice(start, start + 200);
    const parameters: unknown[] = [];
    part.forEach((event, i) => parameters.push(ids[start + i], tenant.accountId, tenant.region, appId, event.endpointId, event.record, enqueuedDate));
    await sql.run(trx, sql.insertText('event_stream_outbox', OUTBOX_COLUMNS, part.length), parameters);
  }
}
