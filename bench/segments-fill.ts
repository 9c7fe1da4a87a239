/**
 * The `segments` benchmark's world: a fresh database of one kind (migrations applied through
 * openStorage), one project, an export/import role in IAM storage, and N realistic endpoints
 * written straight into the endpoints table in bulk (the benchmark is about evaluation, export and
 * import, not ingest), then ANALYZE on PostgreSQL. Also the bare driver the hand-written baselines run on.
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { cohortIdOf } from '../src/domain/endpoints/cohort-id.ts';
import type { StoredEndpoint } from '../src/domain/endpoints/stored-endpoint.ts';
import { toEndpointRow } from '../src/storage/audience/endpoint-rows.ts';
import { ENDPOINT_COLUMNS } from '../src/storage/audience/write-endpoints.ts';
import { openStorage } from '../src/storage/open-storage.ts';
import type { Storage } from '../src/storage/repositories.ts';
import type { Tenant } from '../src/storage/tenant.ts';
import { createTestDatabase } from '../test/helpers/postgres.ts';

export type Dialect = 'sqlite' | 'postgres';
export const TENANT: Tenant = { accountId: '123456789012', region: 'us-east-1' };
export const DAY_MS = 86_400_000;
/** How long after the fill the DAY_7 segment keeps selecting the same endpoints. */
export const RECENCY_GAP_MS = 6 * 3_600_000;

/** The bare driver, for hand-written SQL (SQLite: `?` placeholders; PostgreSQL: `$n`). */
export interface RawDb {
  all(text: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  readonly sqlite?: BetterSqlite3.Database;
  readonly pg?: pg.Client;
  close(): Promise<void>;
}

export interface SegmentWorld {
  readonly kind: Dialect;
  readonly storage: Storage;
  readonly raw: RawDb;
  /** SQLite: the data directory holding pinion.sqlite (for `pinion serve --data-dir`). */
  readonly dataDir?: string;
  /** PostgreSQL: the database's URL (for PINION_DATABASE_URL). */
  readonly databaseUrl?: string;
  /** Creates a project (an apps row) and answers its id. */
  newProject(name: string): Promise<string>;
  close(): Promise<void>;
}

function rawSqlite(file: string): RawDb {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 30000');
  return {
    sqlite: db,
    all: async (text, params = []) => {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    },
    close: async () => {
      db.close();
    },
  };
}

async function rawPostgres(url: string): Promise<RawDb> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    pg: client,
    all: async (text, params = []) => (await client.query(text, params as unknown[])).rows as Record<string, unknown>[],
    close: () => client.end(),
  };
}

export async function openWorld(kind: Dialect): Promise<SegmentWorld> {
  let dataDir: string | undefined;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let storage: Storage;
  let raw: RawDb;
  if (kind === 'sqlite') {
    dataDir = mkdtempSync(join(tmpdir(), 'pinion-bench-segments-'));
    const file = join(dataDir, 'pinion.sqlite');
    storage = await openStorage({ kind: 'sqlite', file });
    raw = rawSqlite(file);
  } else {
    database = await createTestDatabase();
    storage = await openStorage({ kind: 'postgres', url: database.url });
    raw = await rawPostgres(database.url);
  }
  return {
    kind,
    storage,
    raw,
    ...(dataDir ? { dataDir } : {}),
    ...(database ? { databaseUrl: database.url } : {}),
    async newProject(name) {
      const id = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
      const arn = `arn:aws:mobiletargeting:${TENANT.region}:${TENANT.accountId}:apps/${id}`;
      await storage.repositories.apps.create(TENANT, { id, name, arn, creationDate: new Date().toISOString() }, {});
      return id;
    },
    async close() {
      await raw.close().catch(() => undefined);
      await storage.close().catch(() => undefined);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}

// ---- the endpoints ----

/** A deterministic uniform number in [0, 1) for endpoint n and draw k (independent per k). */
function draw(n: number, k: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(k + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

function pick<T>(r: number, weighted: readonly (readonly [T, number])[]): T {
  let acc = 0;
  for (const [value, weight] of weighted) {
    acc += weight;
    if (r < acc) return value;
  }
  return weighted[weighted.length - 1]![0];
}

const CHANNELS = [['EMAIL', 0.4], ['SMS', 0.25], ['GCM', 0.2], ['APNS', 0.1], ['VOICE', 0.05]] as const;
const PLANS = [['gold', 0.15], ['silver', 0.25], ['free', 0.6]] as const;
const INTERESTS = ['shoes', 'hats', 'books', 'music', 'travel', 'games'];
const PLACES = [
  ['US', 'Seattle', '98101', 'WA', 47.6, -122.3],
  ['US', 'Austin', '73301', 'TX', 30.3, -97.7],
  ['GB', 'London', 'EC1A', 'England', 51.5, -0.1],
  ['DE', 'Berlin', '10115', 'Berlin', 52.5, 13.4],
  ['FR', 'Paris', '75001', 'IDF', 48.9, 2.35],
  ['JP', 'Tokyo', '100-0001', 'Tokyo', 35.7, 139.7],
] as const;
const DEVICES = [['ios', 'Apple', 'iPhone', '17.4'], ['android', 'Google', 'Pixel 8', '14'], ['android', 'Samsung', 'Galaxy S24', '14'], ['web', 'Chrome', 'Chrome', '124']] as const;

export function endpointId(n: number): string {
  return `ep-${String(n).padStart(8, '0')}`;
}

/** Endpoint n: channel, plan and activity drawn independently; EffectiveDate spread over the 60 days before `now`. */
export function benchEndpoint(n: number, now: number): StoredEndpoint {
  const id = endpointId(n);
  const channel = pick(draw(n, 0), CHANNELS);
  const address =
    channel === 'EMAIL' ? `user${n}@example.com` : channel === 'SMS' || channel === 'VOICE' ? `+1206${String(n).padStart(7, '0')}` : `tok${n.toString(16).padStart(12, '0')}deadbeefcafe`;
  const place = PLACES[Math.floor(draw(n, 1) * PLACES.length)]!;
  const device = DEVICES[Math.floor(draw(n, 2) * DEVICES.length)]!;
  const interests = INTERESTS.filter((_, i) => draw(n, 10 + i) < 0.3);
  let effective = now - Math.floor(draw(n, 3) * 60 * DAY_MS);
  // No endpoint becomes 7 days old during the run, so the DAY_7 window holds the same endpoints
  // whenever it is evaluated (in process and through a server, minutes apart): a gap of RECENCY_GAP_MS.
  if (effective > now - 7 * DAY_MS - 60_000 && effective < now - 7 * DAY_MS + RECENCY_GAP_MS) effective -= RECENCY_GAP_MS + 120_000;
  const created = effective - Math.floor(draw(n, 4) * 300 * DAY_MS);
  return {
    Id: id,
    ChannelType: channel,
    Address: address,
    Attributes: { plan: [pick(draw(n, 5), PLANS)], interests: interests.length > 0 ? interests : ['none'] },
    Metrics: { visits: Math.floor(draw(n, 6) * 200), spend: Math.round(draw(n, 7) * 50_000) / 100 },
    Demographic: { Platform: device[0], Make: device[1], Model: device[2], PlatformVersion: device[3], Locale: 'en_US', Timezone: 'America/Los_Angeles', AppVersion: '3.2.1' },
    Location: { Country: place[0], City: place[1], PostalCode: place[2], Region: place[3], Latitude: place[4], Longitude: place[5] },
    User: { UserId: `user-${Math.floor(n / 2)}`, UserAttributes: { FirstName: [`Name${n % 997}`], Tier: [draw(n, 8) < 0.5 ? 'a' : 'b'] } },
    OptOut: draw(n, 9) < 0.05 ? 'ALL' : 'NONE',
    EndpointStatus: draw(n, 20) < 0.08 ? 'INACTIVE' : 'ACTIVE',
    EffectiveDate: new Date(effective).toISOString(),
    CreationDate: new Date(created).toISOString(),
    CohortId: cohortIdOf(id),
  };
}

function valuesSql(columns: number, rows: number, placeholder: (i: number) => string): string {
  let p = 0;
  return Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => placeholder(++p)).join(', ')})`).join(', ');
}

/** Inserts rows (arrays in ENDPOINT_COLUMNS order) with multi-row INSERTs of 500 rows, in one transaction per call. */
export async function insertEndpointRows(world: SegmentWorld, rows: readonly unknown[][]): Promise<void> {
  const batch = 500;
  const columns = ENDPOINT_COLUMNS.join(', ');
  const { raw } = world;
  if (raw.sqlite) {
    const db = raw.sqlite;
    const text = (count: number) => `insert into endpoints (${columns}) values ${valuesSql(ENDPOINT_COLUMNS.length, count, () => '?')}`;
    const full = db.prepare(text(batch));
    db.transaction(() => {
      for (let i = 0; i < rows.length; i += batch) {
        const part = rows.slice(i, i + batch);
        (part.length === batch ? full : db.prepare(text(part.length))).run(...part.flat());
      }
    }).immediate();
    return;
  }
  const client = raw.pg!;
  const text = (count: number) => `insert into endpoints (${columns}) values ${valuesSql(ENDPOINT_COLUMNS.length, count, (i) => `$${i}`)}`;
  const full = text(batch);
  await client.query('begin');
  try {
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      await client.query(part.length === batch ? full : text(part.length), part.flat());
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** Writes endpoints 0..count-1 of the project; answers the seconds it took. */
export async function fillEndpoints(world: SegmentWorld, appId: string, count: number, now: number): Promise<number> {
  const started = performance.now();
  const chunk = 10_000;
  for (let from = 0; from < count; from += chunk) {
    const rows: unknown[][] = [];
    for (let n = from; n < Math.min(count, from + chunk); n++) {
      const endpoint = benchEndpoint(n, now);
      const row = toEndpointRow(TENANT, appId, endpoint, endpoint.EffectiveDate);
      rows.push(ENDPOINT_COLUMNS.map((column) => row[column]));
    }
    await insertEndpointRows(world, rows);
  }
  const keys = [['endpoint-custom-attributes', 'plan'], ['endpoint-custom-attributes', 'interests'], ['endpoint-metric-attributes', 'visits'], ['endpoint-metric-attributes', 'spend'], ['endpoint-user-attributes', 'FirstName'], ['endpoint-user-attributes', 'Tier']];
  for (const [type, name] of keys) {
    const params = [TENANT.accountId, TENANT.region, appId, type, name];
    const text = 'insert into endpoint_attribute_keys (account_id, region, app_id, attribute_type, name) values ';
    await world.raw.all(world.kind === 'sqlite' ? `${text}(?, ?, ?, ?, ?) on conflict do nothing` : `${text}($1, $2, $3, $4, $5) on conflict do nothing`, params);
  }
  // Statistics as PostgreSQL's autovacuum would have them for a table this size (Pinion's SQLite
  // never runs ANALYZE, so neither does the benchmark: its plans are the ones users get).
  if (world.kind === 'postgres') await world.raw.all('analyze');
  return (performance.now() - started) / 1000;
}
