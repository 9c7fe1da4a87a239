import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

/**
 * The JSON and date primitives segment dimensions are compiled from, one implementation per
 * dialect: JSON1 functions over the document text on SQLite, jsonb operators on PostgreSQL.
 * Every fragment tests the endpoint row aliased `e`. Input (attribute names, values) is always a
 * bound parameter; only Pinion's own constants are part of the SQL text.
 */
export type Fragment = RawBuilder<unknown>;
export type SegmentDialect = 'sqlite' | 'postgres';

/** The endpoint maps dimensions read by name, with where they sit in the document. */
export type NamedMap = 'Attributes' | 'UserAttributes' | 'Metrics';
const mapPaths: Record<NamedMap, readonly string[]> = { Attributes: ['Attributes'], UserAttributes: ['User', 'UserAttributes'], Metrics: ['Metrics'] };

export interface JsonSql {
  /** Whether some string of the list at map[name] passes `test` (given the value). Never NULL. */
  anyListValue(map: NamedMap, name: string, test: (value: Fragment) => Fragment): Fragment;
  /** Whether the list at map[name] holds one of `values`, exactly. Never NULL. */
  listHasAny(map: NamedMap, name: string, values: readonly string[]): Fragment;
  /** The number at map[name]; NULL when missing (and, on PostgreSQL, when not a number). */
  mapNumber(map: NamedMap, name: string): Fragment;
  /** The text at a fixed path of Pinion's (Demographic.Make …); NULL when missing. */
  text(path: readonly string[]): Fragment;
  /** The number at a fixed path of Pinion's (Location.Latitude …); NULL as for mapNumber. */
  number(path: readonly string[]): Fragment;
  /** Seconds since the epoch of an ISO-8601 text (domain/segments/iso-instant.ts grammar); NULL for any other text. */
  epochSeconds(text: Fragment): Fragment;
  /** `text` with A–Z lowered and nothing else (SQLite's lower() without ICU does just that). */
  asciiLower(text: Fragment): Fragment;
  /** A text comparison in code-point order, whatever the database's collation. */
  textAtLeast(left: Fragment, right: string): Fragment;
  /** Whether `text` holds `needle`, case-sensitively (LIKE would read % and _, and ignores case on SQLite). */
  contains(text: Fragment, needle: string): Fragment;
}

const document = sql.ref('e.document');

// ---- SQLite --------------------------------------------------------------------------------

/**
 * A JSON path for map[name], when the name can be written inside a quoted path label: SQLite ends
 * a quoted label at the first '"' and reads backslash escapes in it, so names holding either are
 * looked up by key through json_each instead. The path is still a bound parameter.
 */
function sqlitePath(path: readonly string[]): string | undefined {
  if (path.some((label) => label.includes('"') || label.includes('\\'))) return undefined;
  return `$${path.map((label) => `."${label}"`).join('')}`;
}

/** A path of Pinion's own labels (never input). */
function constantPath(path: readonly string[]): string {
  const text = sqlitePath(path);
  if (text === undefined) throw new Error(`not a constant JSON path: ${path.join('.')}`);
  return text;
}

/**
 * Whether SQLite may read the text as an instant: it starts as a date, and is none of the forms
 * SQLite's date functions read but the ISO grammar refuses (year 0, hour 24, a space).
 */
function sqliteIsoGuard(text: Fragment): Fragment {
  return sql`(${text} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]*' AND ${text} NOT GLOB '0000*' AND ${text} NOT GLOB '*T24:*' AND ${text} NOT GLOB '* *')`;
}

const sqliteJson: JsonSql = {
  anyListValue(map, name, test) {
    const path = sqlitePath([...mapPaths[map], name]);
    if (path !== undefined) return sql`EXISTS (SELECT 1 FROM json_each(${document}, ${path}) AS v WHERE ${test(sql.ref('v.value'))})`;
    return sql`EXISTS (SELECT 1 FROM json_each(${document}, ${constantPath(mapPaths[map])}) AS a, json_each(a.value) AS v WHERE a.key = ${name} AND ${test(sql.ref('v.value'))})`;
  },
  listHasAny(map, name, values) {
    return this.anyListValue(map, name, (value) => sql`${value} IN (${sql.join(values)})`);
  },
  mapNumber(map, name) {
    const path = sqlitePath([...mapPaths[map], name]);
    if (path !== undefined) return sql`json_extract(${document}, ${path})`;
    return sql`(SELECT a.value FROM json_each(${document}, ${constantPath(mapPaths[map])}) AS a WHERE a.key = ${name})`;
  },
  text(path) {
    return sql`json_extract(${document}, ${constantPath(path)})`;
  },
  // No type test, unlike PostgreSQL: Pinion stores numbers there (the model checks them), and a
  // stray text would only compare unequal here, where PostgreSQL's cast would fail the query.
  number(path) {
    return sql`json_extract(${document}, ${constantPath(path)})`;
  },
  epochSeconds(text) {
    // ±HHMM becomes ±HH:MM, the only offset form SQLite reads. 'subsec' keeps the milliseconds.
    const normalized = sql`(CASE WHEN ${text} GLOB '*T*[+-][0-9][0-9][0-9][0-9]' THEN substr(${text}, 1, length(${text}) - 2) || ':' || substr(${text}, -2) ELSE ${text} END)`;
    return sql`(CASE WHEN ${sqliteIsoGuard(text)} THEN unixepoch(${normalized}, 'subsec') END)`;
  },
  asciiLower(text) {
    return sql`lower(${text})`;
  },
  textAtLeast(left, right) {
    return sql`${left} >= ${right}`;
  },
  contains(text, needle) {
    return sql`instr(${text}, ${needle}) > 0`;
  },
};

// ---- PostgreSQL ----------------------------------------------------------------------------

/** domain/segments/iso-instant.ts's grammar, for PostgreSQL's regular expressions. */
const ISO_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$';
/** Parts of a text that matched ISO_PATTERN: in it, only an offset ends in [+-]HH[:]MM. */
const FRACTION_PATTERN = '\\.(\\d{1,9})';
const OFFSET_SIGN_PATTERN = '([+-])\\d{2}:?\\d{2}$';
const OFFSET_HOURS_PATTERN = '[+-](\\d{2}):?\\d{2}$';
const OFFSET_MINUTES_PATTERN = '[+-]\\d{2}:?(\\d{2})$';

function pgAt(path: readonly string[]): Fragment {
  return sql`(${document} #> ${path}::text[])`;
}

const postgresJson: JsonSql = {
  anyListValue(map, name, test) {
    const list = pgAt([...mapPaths[map], name]);
    // jsonb_array_elements_text throws on a non-array: a stray scalar must not fail the whole query.
    return sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(${list}) = 'array' THEN ${list} END) AS v(value) WHERE ${test(sql.ref('v.value'))})`;
  },
  listHasAny(map, name, values) {
    return sql`COALESCE(${pgAt([...mapPaths[map], name])} ?| ${values}::text[], FALSE)`;
  },
  mapNumber(map, name) {
    return this.number([...mapPaths[map], name]);
  },
  text(path) {
    return sql`(${document} #>> ${path}::text[])`;
  },
  number(path) {
    const value = pgAt(path);
    return sql`(CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${value})::float8 END)`;
  },
  epochSeconds(text) {
    // Arithmetic on the parts, not a ::timestamptz cast: a cast throws on a text such as 2026-02-30
    // (failing the whole query) and reads a missing offset in the session's time zone.
    // make_date(year, month, 1) + (day - 1) cannot throw, and rolls over as SQLite and V8 do. Once
    // the text has matched the grammar, the date and time sit at fixed places; the fraction and the
    // offset are found by pattern. No subquery: a correlated one would keep PostgreSQL from
    // scanning in parallel.
    const part = (pattern: string) => sql`substring(${text} from ${pattern})`;
    return sql`(CASE WHEN ${text} ~ ${ISO_PATTERN} AND left(${text}, 4) <> '0000' THEN
      (make_date(substr(${text}, 1, 4)::int, substr(${text}, 6, 2)::int, 1) + (substr(${text}, 9, 2)::int - 1) - date '1970-01-01') * 86400::numeric
      + (CASE WHEN length(${text}) > 10 THEN substr(${text}, 12, 2)::int * 3600 + substr(${text}, 15, 2)::int * 60 ELSE 0 END)
      + (CASE WHEN substr(${text}, 17, 1) = ':' THEN substr(${text}, 18, 2)::int ELSE 0 END)
      + coalesce(left(rpad(${part(FRACTION_PATTERN)}, 3, '0'), 3)::int, 0) / 1000.0
      - coalesce((CASE ${part(OFFSET_SIGN_PATTERN)} WHEN '-' THEN -1 ELSE 1 END) * (${part(OFFSET_HOURS_PATTERN)}::int * 3600 + ${part(OFFSET_MINUTES_PATTERN)}::int * 60), 0)
      END)`;
  },
  asciiLower(text) {
    return sql`translate(${text}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
  },
  textAtLeast(left, right) {
    return sql`${left} COLLATE "C" >= ${right}`;
  },
  contains(text, needle) {
    return sql`strpos(${text}, ${needle}) > 0`;
  },
};

export function jsonSql(dialect: SegmentDialect): JsonSql {
  return dialect === 'sqlite' ? sqliteJson : postgresJson;
}

/** What asciiLower does, for the values compared with it. */
export function asciiLowerValue(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
