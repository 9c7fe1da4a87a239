import { CompiledQuery } from 'kysely';
import type { Transaction } from 'kysely';
import type { DialectSpecifics } from '../dialect.ts';
import type { Database } from '../schema.ts';

/** Rows per multi-row statement: within SQLite's and PostgreSQL's parameter limits for these tables. */
export const ROWS_PER_STATEMENT = 200;

/**
 * Multi-row statements of fixed shapes, as SQL text built once per shape and row count and run as
 * is. The ingest path (100 endpoints or events per request) spends more time building and
 * compiling such statements with the query builder than the database spends running them. Table
 * and column names are the schema's own constants, never input; values are always parameters.
 */
export class BulkSql {
  readonly #placeholder: (position: number) => string;
  readonly #texts = new Map<string, string>();
  /**
   * Appended to a read whose row must not be deleted before this transaction commits: PostgreSQL
   * takes a row share lock; SQLite's write transaction already excludes every other writer.
   */
  readonly forShare: string;

  constructor(dialect: DialectSpecifics) {
    this.#placeholder = dialect.name === 'postgres' ? (position) => `$${position}` : () => '?';
    this.forShare = dialect.name === 'postgres' ? ' for share' : '';
  }

  /** The placeholder of parameter `position` (1-based). */
  param(position: number): string {
    return this.#placeholder(position);
  }

  /** `(?, ?, …)` for `count` values starting at parameter `first`. */
  list(first: number, count: number): string {
    return `(${Array.from({ length: count }, (_, i) => this.#placeholder(first + i)).join(', ')})`;
  }

  /** The SQL for `key`, made by `build` the first time (the cache is bounded by the shapes in use). */
  text(key: string, build: () => string): string {
    let text = this.#texts.get(key);
    if (text === undefined) {
      text = build();
      this.#texts.set(key, text);
    }
    return text;
  }

  insertText(table: string, columns: readonly string[], rows: number, conflict?: { columns: readonly string[]; update: readonly string[] }): string {
    return this.text(`insert:${table}(${columns.join()}):${rows}:${conflict ? `upsert(${conflict.columns.join()})` : ''}`, () => {
      const values = Array.from({ length: rows }, (_, row) => this.list(row * columns.length + 1, columns.length)).join(', ');
      const onConflict = conflict ? ` on conflict (${conflict.columns.join(', ')}) do update set ${conflict.update.map((c) => `${c} = excluded.${c}`).join(', ')}` : '';
      return `insert into ${table} (${columns.join(', ')}) values ${values}${onConflict}`;
    });
  }

  /** INSERT … ON CONFLICT DO NOTHING of `rows` rows; answers how many were new. */
  async insertIgnoring(trx: Transaction<Database>, table: string, columns: readonly string[], rows: number, parameters: readonly unknown[]): Promise<number> {
    const text = this.text(`insert-ignoring:${table}(${columns.join()}):${rows}`, () => `${this.insertText(table, columns, rows)} on conflict do nothing`);
    const result = await trx.executeQuery(CompiledQuery.raw(text, [...parameters]));
    return Number(result.numAffectedRows ?? 0n);
  }

  async run<Row = unknown>(trx: Transaction<Database>, sql: string, parameters: readonly unknown[]): Promise<Row[]> {
    const result = await trx.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]));
    return result.rows;
  }
}

export function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
