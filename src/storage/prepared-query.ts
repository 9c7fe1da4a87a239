import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DialectSpecifics } from './dialect.ts';

/**
 * A Kysely query built and compiled once, then run with new parameter values. Building and
 * compiling a query costs as much as running a primary-key lookup on SQLite, so hot reads
 * (one per API request) are compiled once per repository.
 *
 * The query is built with sentinel strings in place of the parameters; their positions in the
 * compiled parameter list say where each value goes, whatever order the dialect emits them in.
 */
export class PreparedQuery<Params extends readonly unknown[], Row> {
  readonly #db: Kysely<never>;
  readonly #build: (...params: Params) => Compilable<Row>;
  readonly #readNow: DialectSpecifics['readNow'];
  #compiled: { query: CompiledQuery<Row>; slots: number[] } | undefined;

  /** With `dialect`, a read the dialect can run at once (SQLite's read connection) goes there. */
  constructor(db: Kysely<never>, build: (...params: Params) => Compilable<Row>, dialect?: DialectSpecifics) {
    this.#db = db;
    this.#build = build;
    this.#readNow = dialect?.readNow;
  }

  #compile(arity: number): { query: CompiledQuery<Row>; slots: number[] } {
    const sentinels = Array.from({ length: arity }, (_, i) => `\u0000pinion-param-${i}\u0000`);
    const query = this.#build(...(sentinels as unknown as Params)).compile();
    const slots = query.parameters.map((value) => sentinels.indexOf(value as string));
    if (slots.some((slot) => slot === -1)) {
      throw new Error(`PreparedQuery: every parameter must come from the arguments (${query.sql})`);
    }
    return { query, slots };
  }

  async execute(...params: Params): Promise<Row[]> {
    this.#compiled ??= this.#compile(params.length);
    const { query, slots } = this.#compiled;
    const parameters = slots.map((slot) => params[slot]);
    if (this.#readNow) return this.#readNow(query.sql, parameters) as Row[];
    const result = await this.#db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  }
}
