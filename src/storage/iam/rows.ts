import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DialectSpecifics } from '../dialect.ts';
import type { EntityKind, IamEntityRecord } from '../iam-repository.ts';
import type { Database, IamEntitiesTable } from '../schema.ts';
import { StorageError } from '../storage-error.ts';

/** What every part of the IAM repository works on. */
export interface IamStore {
  readonly db: Kysely<Database>;
  readonly dialect: DialectSpecifics;
}

/** A connection or a transaction: reads that run either inside a write or on their own. */
export type Queryable = Kysely<Database> | Transaction<Database>;

/**
 * The case-insensitive key of an IAM name. Lower-cased here, not with SQL lower() (ASCII-only on
 * SQLite, locale-dependent on PostgreSQL), so both dialects store and compare the same key.
 */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** ISO-8601 UTC with milliseconds (sorts lexicographically); an invalid Date is refused. */
export function isoDate(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`expected a valid Date, got ${String(date)}`);
  }
  return date.toISOString();
}

export function parseDate(text: string): Date {
  return new Date(text);
}

export function optionalDate(text: string | null): Date | undefined {
  return text === null ? undefined : new Date(text);
}

/** Reads a stored JSON object, failing with a StorageError that says which value is broken. */
export function parseJsonObject(operation: string, what: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StorageError(operation, `stored ${what} is not valid JSON`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StorageError(operation, `stored ${what} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** A driver's count (PostgreSQL returns bigint counts as strings) as a number. */
export function countOf(row: { n: string | number | bigint } | undefined): number {
  return row === undefined ? 0 : Number(row.n);
}

export const ENTITY_COLUMNS = ['kind', 'id', 'name', 'name_key', 'path', 'arn', 'create_date', 'details'] as const;
/** The same columns, for queries that join iam_entities as `e`. */
export const E_COLUMNS = ['e.kind', 'e.id', 'e.name', 'e.name_key', 'e.path', 'e.arn', 'e.create_date', 'e.details'] as const;

export type EntityRow = Pick<Selectable<IamEntitiesTable>, (typeof ENTITY_COLUMNS)[number]>;

export function toEntityRecord(row: EntityRow): IamEntityRecord {
  return {
    kind: row.kind as EntityKind,
    id: row.id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createDate: parseDate(row.create_date),
    details: parseJsonObject('iam.entity', `details of IAM entity ${row.id}`, row.details),
  };
}

/** "user", "group", "role" with a capital, as IAM's messages write them. */
export function kindTitle(kind: EntityKind): string {
  return kind === 'user' ? 'User' : kind === 'group' ? 'Group' : 'Role';
}

/** Rows per multi-row statement: a few parameters a row stays far below every driver's limit. */
const CHUNK = 200;

export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
