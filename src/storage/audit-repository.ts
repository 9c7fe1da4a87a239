import type { Insertable, Kysely } from 'kysely';
import type { DialectSpecifics } from './dialect.ts';
import type { AuditRecord } from '../observability/audit-event.ts';
import type { AuditEventsTable, Database } from './schema.ts';
import { guard, StorageError } from './storage-error.ts';

/** What `query` selects. Every given field must match (AND); absent fields match everything. */
export interface AuditFilter {
  /** Events at or after this instant. */
  since?: Date;
  /** Events at or before this instant. */
  until?: Date;
  /**
   * Matches userIdentity.userName or userIdentity.arn exactly. For a role session the role's
   * name counts as the user name (CloudTrail's sessionIssuer.userName); for the root user, 'root'.
   */
  user?: string;
  eventName?: string;
  /** Only calls that failed (with any errorCode). */
  errorsOnly?: boolean;
  errorCode?: string;
  /** At most this many records (1 to MAX_AUDIT_QUERY_LIMIT). */
  limit: number;
}

export interface AuditRepository {
  /**
   * Stores the records in one transaction (all or none). Idempotent: a record whose eventID is
   * already stored is skipped, so a batch retried after an unacknowledged commit is not doubled.
   */
  append(records: readonly AuditRecord[]): Promise<void>;
  /** Newest first (eventTime, then eventID, descending). */
  query(filter: AuditFilter): Promise<AuditRecord[]>;
  /** Deletes every record whose eventTime is before `olderThan`; returns how many. */
  prune(olderThan: Date): Promise<number>;
}

export const MAX_AUDIT_QUERY_LIMIT = 10_000;

/** Rows per DELETE statement while pruning, so one prune never holds the write lock for long. */
const PRUNE_CHUNK = 5_000;

/** The name `--user` matches besides the ARN (see AuditFilter.user). */
export function auditUserName(record: AuditRecord): string | null {
  const identity = record.userIdentity;
  if (identity.userName !== undefined) return identity.userName;
  const issuer = identity.sessionContext?.sessionIssuer?.userName;
  if (issuer !== undefined) return issuer;
  return identity.type === 'Root' ? 'root' : null;
}

function isoInstant(what: string, date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`${what} must be a valid Date`);
  return date.toISOString();
}

function toRow(record: AuditRecord): Insertable<AuditEventsTable> {
  if (typeof record.eventID !== 'string' || record.eventID === '') throw new RangeError('audit.append: a record has no eventID');
  const time = new Date(record.eventTime);
  if (Number.isNaN(time.getTime())) {
    throw new RangeError(`audit.append: record ${record.eventID} has an unreadable eventTime '${String(record.eventTime)}'`);
  }
  return {
    event_id: record.eventID,
    account_id: record.recipientAccountId,
    event_time: time.toISOString(),
    event_name: record.eventName,
    user_name: auditUserName(record),
    user_arn: record.userIdentity.arn ?? null,
    error_code: record.errorCode ?? null,
    record: JSON.stringify(record),
  };
}

function parseRecord(eventId: string, text: string): AuditRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StorageError('audit.query', `stored audit record ${eventId} is not valid JSON`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StorageError('audit.query', `stored audit record ${eventId} is not a JSON object`);
  }
  return parsed as AuditRecord;
}

export class SqlAuditRepository implements AuditRepository {
  readonly #db: Kysely<Database>;
  readonly #dialect: DialectSpecifics;

  constructor(db: Kysely<Database>, dialect: DialectSpecifics) {
    this.#db = db;
    this.#dialect = dialect;
  }

  append(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    let rows: Insertable<AuditEventsTable>[];
    try {
      rows = records.map(toRow);
    } catch (error) {
      return Promise.reject(error);
    }
    return guard('audit.append', () =>
      this.#dialect.appendRows(
        this.#db,
        'audit_events',
        ['event_id', 'account_id', 'event_time', 'event_name', 'user_name', 'user_arn', 'error_code', 'record'],
        ['event_time', 'event_id'],
        rows.map((row) => [row.event_id, row.account_id, row.event_time, row.event_name, row.user_name ?? null, row.user_arn ?? null, row.error_code ?? null, row.record]),
      ),
    );
  }



  query(filter: AuditFilter): Promise<AuditRecord[]> {
    const { limit } = filter;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_AUDIT_QUERY_LIMIT) {
      return Promise.reject(new RangeError(`audit.query: limit must be an integer from 1 to ${MAX_AUDIT_QUERY_LIMIT}, got ${limit}`));
    }
    let since: string | undefined;
    let until: string | undefined;
    try {
      if (filter.since !== undefined) since = isoInstant('audit.query: since', filter.since);
      if (filter.until !== undefined) until = isoInstant('audit.query: until', filter.until);
    } catch (error) {
      return Promise.reject(error);
    }
    return guard('audit.query', async () => {
      let query = this.#db.selectFrom('audit_events').select(['event_id', 'record']);
      if (since !== undefined) query = query.where('event_time', '>=', since);
      if (until !== undefined) query = query.where('event_time', '<=', until);
      const user = filter.user;
      if (user !== undefined) query = query.where((eb) => eb.or([eb('user_name', '=', user), eb('user_arn', '=', user)]));
      if (filter.eventName !== undefined) query = query.where('event_name', '=', filter.eventName);
      if (filter.errorsOnly === true) query = query.where('error_code', 'is not', null);
      if (filter.errorCode !== undefined) query = query.where('error_code', '=', filter.errorCode);
      const rows = await query.orderBy('event_time', 'desc').orderBy('event_id', 'desc').limit(limit).execute();
      return rows.map((row) => parseRecord(row.event_id, row.record));
    });
  }

  prune(olderThan: Date): Promise<number> {
    let cutoff: string;
    try {
      cutoff = isoInstant('audit.prune: olderThan', olderThan);
    } catch (error) {
      return Promise.reject(error);
    }
    return guard('audit.prune', async () => {
      let total = 0;
      for (;;) {
        const result = await this.#db
          .deleteFrom('audit_events')
          .where('event_id', 'in', (eb) =>
            eb.selectFrom('audit_events').select('event_id').where('event_time', '<', cutoff).limit(PRUNE_CHUNK),
          )
          .executeTakeFirst();
        const deleted = Number(result.numDeletedRows);
        total += deleted;
        if (deleted < PRUNE_CHUNK) return total;
      }
    });
  }
}
