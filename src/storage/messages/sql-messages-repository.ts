import type { Kysely, Selectable, Transaction } from 'kysely';
import { appendEvents } from '../audience/write-endpoints.ts';
import { BulkSql, ROWS_PER_STATEMENT } from '../audience/bulk-sql.ts';
import type { DialectSpecifics } from '../dialect.ts';
import type { EventLogEntry } from '../endpoints-repository.ts';
import { ProjectMissingError } from '../endpoints-repository.ts';
import type { MessageCursor, MessageRecord, MessagesRepository } from '../messages-repository.ts';
import type { Database, MessagesTable } from '../schema.ts';
import { prunePerProject } from '../prune-per-project.ts';
import { guard, StorageError } from '../storage-error.ts';
import type { Tenant } from '../tenant.ts';

const MESSAGE_COLUMNS = [
  'account_id',
  'region',
  'app_id',
  'id',
  'channel',
  'transport',
  'address',
  'provider_message_id',
  'endpoint_id',
  'delivery_status',
  'status_code',
  'status_message',
  'trace_id',
  'created_date',
  'content',
] as const;

/** Messages deleted per statement when old ones are pruned. */
const PRUNE_CHUNK = 1000;

function toRecord(row: Selectable<MessagesTable>): MessageRecord {
  let content: Record<string, unknown> | undefined;
  if (row.content !== null) {
    try {
      content = JSON.parse(row.content) as Record<string, unknown>;
    } catch (error) {
      throw new StorageError('messages.get', `stored content of message ${row.id} is not JSON`, { cause: error });
    }
  }
  return {
    id: row.id,
    channel: row.channel,
    transport: row.transport,
    address: row.address,
    ...(row.provider_message_id !== null ? { providerMessageId: row.provider_message_id } : {}),
    ...(row.endpoint_id !== null ? { endpointId: row.endpoint_id } : {}),
    deliveryStatus: row.delivery_status,
    statusCode: Number(row.status_code),
    statusMessage: row.status_message,
    ...(row.trace_id !== null ? { traceId: row.trace_id } : {}),
    createdDate: row.created_date,
    ...(content !== undefined ? { content } : {}),
  };
}

function feedbackCounts(text: string | null, messageId: string): Record<string, number> {
  if (text === null) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, number>;
  } catch (error) {
    throw new StorageError('messages.appendReportEvent', `stored report counts of message ${messageId} are not JSON`, { cause: error });
  }
  throw new StorageError('messages.appendReportEvent', `stored report counts of message ${messageId} are not a JSON object`);
}

export class SqlMessagesRepository implements MessagesRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;
  readonly #sql: BulkSql;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
    this.#sql = new BulkSql(dialect);
  }

  record(tenant: Tenant, appId: string, messages: readonly MessageRecord[], events: readonly EventLogEntry[]): Promise<void> {
    return guard('messages.record', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#requireApp(trx, tenant, appId);
        for (let start = 0; start < messages.length; start += ROWS_PER_STATEMENT) {
          const part = messages.slice(start, start + ROWS_PER_STATEMENT);
          const parameters: unknown[] = [];
          for (const m of part) {
            parameters.push(
              tenant.accountId,
              tenant.region,
              appId,
              m.id,
              m.channel,
              m.transport,
              m.address,
              m.providerMessageId ?? null,
              m.endpointId ?? null,
              m.deliveryStatus,
              m.statusCode,
              m.statusMessage,
              m.traceId ?? null,
              m.createdDate,
              m.content === undefined ? null : JSON.stringify(m.content),
            );
          }
          await this.#sql.run(trx, this.#sql.insertText('messages', MESSAGE_COLUMNS, part.length), parameters);
        }
        if (events.length > 0) await appendEvents(trx, this.#sql, tenant, appId, events, new Date().toISOString());
      }),
    );
  }

  appendEvents(tenant: Tenant, appId: string, events: readonly EventLogEntry[]): Promise<void> {
    return guard('messages.appendEvents', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#requireApp(trx, tenant, appId);
        if (events.length > 0) await appendEvents(trx, this.#sql, tenant, appId, events, new Date().toISOString());
      }),
    );
  }

  appendReportEvent(tenant: Tenant, appId: string, messageId: string, report: { kind: string; limit: number }, event: EventLogEntry): Promise<boolean> {
    return guard('messages.appendReportEvent', () =>
      this.#db.transaction().execute(async (trx) => {
        await this.#requireApp(trx, tenant, appId);
        // PostgreSQL: the message row is locked, so two copies of one report arriving at once
        // are counted one after the other; SQLite's write transaction already serializes them.
        let query = trx.selectFrom('messages').select('feedback_counts').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId).where('id', '=', messageId);
        if (this.#dialect.name === 'postgres') query = query.forUpdate();
        const row = await query.executeTakeFirst();
        if (!row) return false;
        const counts = feedbackCounts(row.feedback_counts, messageId);
        const recorded = counts[report.kind] ?? 0;
        if (recorded >= report.limit) return false;
        counts[report.kind] = recorded + 1;
        await trx
          .updateTable('messages')
          .set({ feedback_counts: JSON.stringify(counts) })
          .where('account_id', '=', tenant.accountId)
          .where('region', '=', tenant.region)
          .where('app_id', '=', appId)
          .where('id', '=', messageId)
          .execute();
        await appendEvents(trx, this.#sql, tenant, appId, [event], new Date().toISOString());
        return true;
      }),
    );
  }

  get(tenant: Tenant, appId: string, id: string): Promise<MessageRecord | undefined> {
    return guard('messages.get', async () => {
      const row = await this.#db
        .selectFrom('messages')
        .selectAll()
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    });
  }

  findByProviderId(transport: string, providerMessageId: string): Promise<{ tenant: Tenant; appId: string; message: MessageRecord } | undefined> {
    return guard('messages.findByProviderId', async () => {
      const row = await this.#db.selectFrom('messages').selectAll().where('transport', '=', transport).where('provider_message_id', '=', providerMessageId).executeTakeFirst();
      return row ? { tenant: { accountId: row.account_id, region: row.region }, appId: row.app_id, message: toRecord(row) } : undefined;
    });
  }

  updateStatus(tenant: Tenant, appId: string, id: string, status: { deliveryStatus: string; statusCode: number; statusMessage: string }): Promise<void> {
    return guard('messages.updateStatus', async () => {
      await this.#db
        .updateTable('messages')
        .set({ delivery_status: status.deliveryStatus, status_code: status.statusCode, status_message: status.statusMessage })
        .where('account_id', '=', tenant.accountId)
        .where('region', '=', tenant.region)
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .execute();
    });
  }

  prune(olderThan: Date): Promise<number> {
    if (!Number.isFinite(olderThan.getTime())) return Promise.reject(new RangeError('messages.prune: olderThan must be a valid date'));
    const cutoff = olderThan.toISOString();
    return guard('messages.prune', () =>
      // Chunks through the listing index.
      prunePerProject(this.#db, { table: 'messages', arrival: 'created_date' }, cutoff, PRUNE_CHUNK),
    );
  }

  list(tenant: Tenant, appId: string, page: { limit: number; after?: MessageCursor; transport?: string }): Promise<MessageRecord[]> {
    return guard('messages.list', async () => {
      let query = this.#db.selectFrom('messages').selectAll().where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('app_id', '=', appId);
      if (page.transport !== undefined) query = query.where('transport', '=', page.transport);
      const after = page.after;
      if (after) {
        query = query.where((eb) => eb.or([eb('created_date', '<', after.createdDate), eb.and([eb('created_date', '=', after.createdDate), eb('id', '<', after.id)])]));
      }
      const rows = await query.orderBy('created_date', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toRecord);
    });
  }

  async #requireApp(trx: Transaction<Database>, tenant: Tenant, appId: string): Promise<void> {
    // The project must stay until this commits (PostgreSQL: a row share lock that DeleteApp waits
    // for; SQLite: the single write lock), so no message outlives its project.
    let query = trx.selectFrom('apps').select('id').where('account_id', '=', tenant.accountId).where('region', '=', tenant.region).where('id', '=', appId);
    if (this.#dialect.name === 'postgres') query = query.forShare();
    if (!(await query.executeTakeFirst())) throw new ProjectMissingError(appId);
  }
}
