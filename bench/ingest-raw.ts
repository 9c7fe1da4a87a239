/**
 * The `ingest` baseline: the same endpoint and event-log rows the API would store, inserted
 * straight into a fresh database of the same kind with the same schema (migrations applied), 100
 * rows per transaction through the bare driver. What the API's rate is compared with.
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { mergeEndpoint } from '../src/domain/endpoints/merge-endpoint.ts';
import { buildEventRecord, eventRecordJson } from '../src/domain/events/event-record.ts';
import type { AppEvent } from '../src/domain/events/app-event.ts';
import { createEventIdGenerator } from '../src/observability/audit-event-id.ts';
import { toEndpointRow } from '../src/storage/audience/endpoint-rows.ts';
import { ENDPOINT_COLUMNS, EVENT_LOG_COLUMNS } from '../src/storage/audience/write-endpoints.ts';
import { openStorage } from '../src/storage/open-storage.ts';
import { createTestDatabase } from '../test/helpers/postgres.ts';
import { appEvent, endpointItem, ITEMS_PER_REQUEST } from './ingest-payloads.ts';

const tenant = { accountId: '123456789012', region: 'us-east-1' };
const appId = 'f'.repeat(32);

function endpointRows(run: string, count: number): unknown[][] {
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, n) => {
    const { Id, ...patch } = endpointItem(run, n);
    const row = toEndpointRow(tenant, appId, mergeEndpoint(undefined, Id as string, patch, now), now);
    return ENDPOINT_COLUMNS.map((column) => row[column]);
  });
}

function eventRows(run: string, count: number): unknown[][] {
  const nextId = createEventIdGenerator();
  const at = new Date();
  const { Id, ...patch } = endpointItem(run, 0);
  const endpoint = mergeEndpoint(undefined, Id as string, patch, at.toISOString());
  return Array.from({ length: count }, (_, n) => {
    const record = buildEventRecord({ accountId: tenant.accountId, appId, endpoint, event: appEvent(n, at) as AppEvent, arrivalTimestamp: at.getTime() });
    return [tenant.accountId, tenant.region, appId, nextId(), endpoint.Id, record.event_type, record.event_timestamp, record.arrival_timestamp, eventRecordJson(record)];
  });
}


function insertSql(table: string, columns: readonly string[], rows: number, placeholder: (i: number) => string): string {
  let p = 0;
  const values = Array.from({ length: rows }, () => `(${columns.map(() => placeholder(++p)).join(', ')})`).join(', ');
  return `insert into ${table} (${columns.join(', ')}) values ${values}`;
}

/** Rows per second for both tables on a fresh database of the kind given. */
export async function rawInsertRates(kind: 'sqlite' | 'postgres', count: number): Promise<{ endpointsPerSecond: number; eventsPerSecond: number }> {
  const run = `raw${Date.now()}`;
  const endpoints = endpointRows(run, count);
  const events = eventRows(run, count);
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-bench-raw-'));
    const file = join(dir, 'raw.sqlite');
    try {
      await (await openStorage({ kind: 'sqlite', file })).close();
      const db = new BetterSqlite3(file);
      db.pragma('journal_mode = WAL');
      const rate = (table: string, columns: readonly string[], rows: unknown[][]) => {
        const statement = db.prepare(insertSql(table, columns, ITEMS_PER_REQUEST, () => '?'));
        const insert = db.transaction((batch: unknown[][]) => statement.run(...batch.flat())).immediate;
        const started = performance.now();
        for (let i = 0; i < rows.length; i += ITEMS_PER_REQUEST) insert(rows.slice(i, i + ITEMS_PER_REQUEST));
        return rows.length / ((performance.now() - started) / 1000);
      };
      const result = { endpointsPerSecond: rate('endpoints', ENDPOINT_COLUMNS, endpoints), eventsPerSecond: rate('event_log', EVENT_LOG_COLUMNS, events) };
      db.close();
      return result;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const database = await createTestDatabase();
  try {
    await (await openStorage({ kind: 'postgres', url: database.url })).close();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const rate = async (table: string, columns: readonly string[], rows: unknown[][]) => {
      const text = insertSql(table, columns, ITEMS_PER_REQUEST, (i) => `$${i}`);
      const started = performance.now();
      for (let i = 0; i < rows.length; i += ITEMS_PER_REQUEST) await client.query(text, rows.slice(i, i + ITEMS_PER_REQUEST).flat());
      return rows.length / ((performance.now() - started) / 1000);
    };
    const result = { endpointsPerSecond: await rate('endpoints', ENDPOINT_COLUMNS, endpoints), eventsPerSecond: await rate('event_log', EVENT_LOG_COLUMNS, events) };
    await client.end();
    return result;
  } finally {
    await database.drop();
  }
}
