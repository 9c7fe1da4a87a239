import { randomBytes } from 'node:crypto';
import {
  CreateAppCommand,
  DeleteAppCommand,
  GetAppCommand,
  GetApplicationSettingsCommand,
  GetAppsCommand,
  ListTagsForResourceCommand,
  PinpointClient,
  UpdateApplicationSettingsCommand,
} from '@aws-sdk/client-pinpoint';
import type { ApplicationResponse } from '@aws-sdk/client-pinpoint';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { TestDatabase } from '../helpers/postgres.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';

/**
 * `pinion serve` on PostgreSQL (a fresh database per run): the app lifecycle through the JS SDK,
 * /health naming postgres, and a restart on the same database (migrations idempotent, data and the
 * generated account id kept in the database, not in the data directory).
 */

let database: TestDatabase;
let scratch: string;
// Processes that share a PostgreSQL database share secrets, so they share the master key.
const masterKey = randomBytes(32).toString('base64');
const running: PinionProcess[] = [];

async function start(options: Parameters<typeof startPinion>[0]): Promise<PinionProcess> {
  const server = await startPinion(options);
  running.push(server);
  return server;
}

async function stop(server: PinionProcess): Promise<number | null> {
  running.splice(running.indexOf(server), 1);
  return server.stop();
}

function client(server: PinionProcess, region = 'us-east-1'): PinpointClient {
  return new PinpointClient({ endpoint: server.url, region, credentials: server.credentials, maxAttempts: 1 });
}

function migrationsApplied(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; migration?: string })
    .filter((entry) => entry.msg?.includes('migration applied'))
    .map((entry) => entry.migration ?? '?');
}

before(async () => {
  database = await createTestDatabase();
  scratch = mkdtempSync(join(tmpdir(), 'pinion-pg-'));
});

after(async () => {
  for (const server of [...running]) await server.stop();
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('pinion serve --database-url <postgres>', () => {
  let first: PinionProcess;
  let pinpoint: PinpointClient;
  let kept: ApplicationResponse;
  let accountId: string;
  const firstDataDir = () => join(scratch, 'first');

  before(async () => {
    first = await start({ args: ['--database-url', database.url], dataDir: firstDataDir(), env: { PINION_ACCOUNT_ID: '', PINION_MASTER_KEY: masterKey } });
    pinpoint = client(first);
    accountId = first.accountId;
  });
  after(() => pinpoint.destroy());

  test('logs the migrations it applied and keeps no SQLite file', () => {
    assert.ok(migrationsApplied(first.output()).length > 0, `no migration was logged:\n${first.output()}`);
    assert.ok(!existsSync(join(firstDataDir(), 'pinion.sqlite')), 'a SQLite file was created although PostgreSQL is configured');
    assert.match(accountId, /^\d{12}$/);
  });

  test('GET /health reports postgres and ready', async () => {
    const response = await fetch(`${first.url}/health`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status?: string; version?: string; database?: { kind?: string; ready?: boolean } };
    assert.equal(body.database?.kind, 'postgres');
    assert.equal(body.database?.ready, true);
    assert.equal(typeof body.version, 'string');
  });

  test('the schema lives in the test database', async () => {
    const connection = new pg.Client({ connectionString: database.url });
    await connection.connect();
    try {
      const { rows } = await connection.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'");
      assert.ok(Number(rows[0]!.n) > 0, 'no tables in the public schema');
    } finally {
      await connection.end();
    }
  });

  test('create, get, list and delete an app', async () => {
    const created = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'pg-shop', tags: { db: 'postgres' } } })))
      .ApplicationResponse!;
    assert.match(created.Id!, /^[0-9a-f]{32}$/);
    assert.equal(created.Arn, `arn:aws:mobiletargeting:us-east-1:${accountId}:apps/${created.Id}`);
    assert.deepEqual(created.tags, { db: 'postgres' });
    assert.match(created.CreationDate!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    assert.deepEqual((await pinpoint.send(new GetAppCommand({ ApplicationId: created.Id }))).ApplicationResponse, created);
    const listed = (await pinpoint.send(new GetAppsCommand({}))).ApplicationsResponse!.Item!;
    assert.deepEqual(listed.map((a) => a.Id), [created.Id]);

    await pinpoint.send(new UpdateApplicationSettingsCommand({ ApplicationId: created.Id, WriteApplicationSettingsRequest: { Limits: { Daily: 7 } } }));
    const deleted = await pinpoint.send(new DeleteAppCommand({ ApplicationId: created.Id }));
    assert.deepEqual(deleted.ApplicationResponse, created);
    await rejectsWith(pinpoint.send(new GetAppCommand({ ApplicationId: created.Id })), 'NotFoundException', 404, /^Application not found$/);
    await rejectsWith(pinpoint.send(new GetApplicationSettingsCommand({ ApplicationId: created.Id })), 'NotFoundException', 404);
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: created.Arn })), 'NotFoundException', 404);
    assert.deepEqual((await pinpoint.send(new GetAppsCommand({}))).ApplicationsResponse!.Item, []);
  });

  test('pagination is stable and complete', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: `pg-page-${i}` } }))).ApplicationResponse!.Id!);
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = (await pinpoint.send(new GetAppsCommand({ PageSize: '2', ...(token ? { Token: token } : {}) }))).ApplicationsResponse!;
      seen.push(...page.Item!.map((a) => a.Id!));
      token = page.NextToken;
    } while (token && seen.length <= 10);
    assert.deepEqual(seen, ids);
    for (const id of ids) await pinpoint.send(new DeleteAppCommand({ ApplicationId: id }));
  });

  test('bad input is refused and writes nothing', async () => {
    await rejectsWith(pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'x'.repeat(65) } })), 'BadRequestException', 400);
    const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v']));
    await rejectsWith(pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'too-many-tags', tags: fiftyOne } })), 'BadRequestException', 400);
    assert.deepEqual((await pinpoint.send(new GetAppsCommand({}))).ApplicationsResponse!.Item, []);
  });

  test('regions are partitioned in PostgreSQL too', async () => {
    const eu = client(first, 'eu-west-1');
    try {
      const app = (await eu.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'pg-eu' } }))).ApplicationResponse!;
      await rejectsWith(pinpoint.send(new GetAppCommand({ ApplicationId: app.Id })), 'NotFoundException', 404);
      await eu.send(new DeleteAppCommand({ ApplicationId: app.Id }));
    } finally {
      eu.destroy();
    }
  });

  test('an app to find after the restart; SIGTERM exits 0', async () => {
    kept = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'survivor', tags: { keep: 'yes' } } }))).ApplicationResponse!;
    await pinpoint.send(new UpdateApplicationSettingsCommand({ ApplicationId: kept.Id, WriteApplicationSettingsRequest: { QuietTime: { Start: '21:00', End: '08:00' } } }));
    assert.equal(await stop(first), 0);
  });

  test('a process with another master key refuses to start on the same database, saying why', async () => {
    await assert.rejects(
      start({ env: { PINION_DATABASE_URL: database.url, PINION_ACCOUNT_ID: '' }, dataDir: join(scratch, 'other-key') }),
      /The master key does not match this database: its secrets are sealed with master key [0-9a-f]{16}, and the keyring holds [0-9a-f]{16}\. Set PINION_MASTER_KEY/,
    );
  });

  describe('restart on the same database (PINION_DATABASE_URL, another data directory)', () => {
    let second: PinionProcess;
    let again: PinpointClient;

    before(async () => {
      second = await start({ env: { PINION_DATABASE_URL: database.url, PINION_ACCOUNT_ID: '', PINION_MASTER_KEY: masterKey }, dataDir: join(scratch, 'second') });
      again = client(second);
    });
    after(() => again.destroy());

    test('migrations are not applied again', () => {
      assert.deepEqual(migrationsApplied(second.output()), []);
    });

    test('the generated account id is kept in the database', () => {
      assert.equal(second.accountId, accountId);
    });

    test('the app, its tags and its settings are still there', async () => {
      assert.deepEqual((await again.send(new GetAppCommand({ ApplicationId: kept.Id }))).ApplicationResponse, kept);
      assert.deepEqual((await again.send(new GetAppsCommand({}))).ApplicationsResponse!.Item!.map((a) => a.Id), [kept.Id]);
      assert.deepEqual((await again.send(new ListTagsForResourceCommand({ ResourceArn: kept.Arn }))).TagsModel!.tags, { keep: 'yes' });
      const settings = (await again.send(new GetApplicationSettingsCommand({ ApplicationId: kept.Id }))).ApplicationSettingsResource!;
      assert.deepEqual(settings.QuietTime, { Start: '21:00', End: '08:00' });
    });

    test('GET /health answers 503 once the database is gone', async () => {
      await database.drop();
      const response = await fetch(`${second.url}/health`);
      assert.equal(response.status, 503);
      const body = (await response.json()) as { database?: { kind?: string; ready?: boolean } };
      assert.deepEqual(body.database, { kind: 'postgres', ready: false });
    });

    test('SIGTERM still exits 0', async () => {
      assert.equal(await stop(second), 0);
    });
  });
});
