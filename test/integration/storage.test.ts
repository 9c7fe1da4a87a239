// The shared repository suite: every test runs against a real SQLite file in a fresh temporary
// directory and against a real PostgreSQL database created for the run
// (test/helpers/storage-targets.ts). PostgreSQL being unreachable fails the suite; nothing is skipped.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { migrations as allMigrations } from '../../src/storage/migrations/index.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { TagLimitExceededError } from '../../src/storage/repositories.ts';
import type { AppRecord, Storage } from '../../src/storage/repositories.ts';
import { StorageError } from '../../src/storage/storage-error.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const run = promisify(execFile);
/** Every migration's name, in application order. */
const migrationNames = Object.keys(allMigrations);
const childScript = fileURLToPath(new URL('./fixtures/open-storage-process.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

function randomTenant(region = 'us-east-1'): Tenant {
  const accountId = String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
  return { accountId, region };
}

function hexId(): string {
  return randomBytes(16).toString('hex');
}

function appArn(tenant: Tenant, id: string): string {
  return `arn:aws:mobiletargeting:${tenant.region}:${tenant.accountId}:apps/${id}`;
}

function makeApp(tenant: Tenant, overrides: Partial<AppRecord> = {}): AppRecord {
  const id = overrides.id ?? hexId();
  return {
    id,
    name: `app-${id.slice(0, 6)}`,
    arn: appArn(tenant, id),
    creationDate: '2026-11-23T14:17:09.123Z',
    ...overrides,
  };
}

function byCreationThenId(a: AppRecord, b: AppRecord): number {
  if (a.creationDate !== b.creationDate) return a.creationDate < b.creationDate ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function collectingLogger(): { logger: { info(obj: object, msg?: string): void }; migrations: string[] } {
  const migrations: string[] = [];
  return {
    migrations,
    logger: {
      info(obj: object) {
        if ('migration' in obj && typeof obj.migration === 'string') migrations.push(obj.migration);
      },
    },
  };
}

function defineSuite(target: StorageTarget): void {
  describe(`storage on ${target.kind}`, () => {
    let storage: Storage;

    before(async () => {
      storage = await openStorage(await target.fresh());
    });

    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    test('reports its dialect and answers ping', async () => {
      assert.equal(storage.dialect, target.kind);
      assert.equal(await storage.ping(), true);
    });

    test('migrations are idempotent: open, close, open again on the same database', async () => {
      const options = await target.fresh();
      const first = collectingLogger();
      const s1 = await openStorage(options, first.logger);
      assert.deepEqual(first.migrations, migrationNames);
      assert.equal(await s1.repositories.meta.putIfAbsent('probe', 'kept'), 'kept');
      await s1.close();
      assert.equal(await s1.ping(), false, 'a closed storage is not alive');

      const second = collectingLogger();
      const s2 = await openStorage(options, second.logger);
      try {
        assert.deepEqual(second.migrations, [], 'nothing is applied twice');
        assert.equal(await s2.repositories.meta.get('probe'), 'kept', 'data survives the restart');
        assert.equal(await s2.ping(), true);
      } finally {
        await s2.close();
      }
      const rows = await target.query(options, 'select name from kysely_migration order by name');
      assert.deepEqual(
        rows.map((row) => row.name),
        migrationNames,
      );
    });

    test('processes starting at once on a fresh database apply each migration exactly once', async () => {
      const options = await target.fresh();
      const startAt = Date.now() + 1_500;
      const outputs = await Promise.all(
        [1, 2, 3].map(() =>
          run(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(options), String(startAt)], {
            cwd: projectRoot,
            timeout: 60_000,
          }),
        ),
      );
      const applied = outputs.flatMap(({ stdout }) => JSON.parse(stdout.trim()) as string[]);
      assert.deepEqual(applied, migrationNames, 'exactly one process applied each migration');
      const rows = await target.query(options, 'select name from kysely_migration');
      assert.equal(rows.length, migrationNames.length);
    });

    if (target.kind === 'postgres') {
      test('an unreachable database rejects with a StorageError that keeps the cause', async () => {
        await assert.rejects(openStorage({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' }), (error) => {
          assert.ok(error instanceof StorageError);
          assert.equal(error.operation, 'migrate');
          assert.ok(error.cause instanceof Error);
          return true;
        });
      });
    }

    test('create and get an app; new settings are empty and dated at creation', async () => {
      const { apps } = storage.repositories;
      const tenant = randomTenant();
      const app = makeApp(tenant);
      await apps.create(tenant, app, { env: 'prod', team: 'growth' });
      assert.deepEqual(await apps.get(tenant, app.id), app);
      assert.equal(await apps.get(tenant, hexId()), undefined);
      assert.deepEqual(await apps.getSettings(tenant, app.id), {
        applicationId: app.id,
        lastModifiedDate: app.creationDate,
      });
      assert.deepEqual(await storage.repositories.tags.list(tenant, app.arn), { env: 'prod', team: 'growth' });
    });

    test('getWithTags reads the app and its tags together, sees writes at once, and keeps odd keys plain', async () => {
      const { apps, tags } = storage.repositories;
      const tenant = randomTenant();
      const app = makeApp(tenant);
      assert.equal(await apps.getWithTags(tenant, app.id), undefined);
      await apps.create(tenant, app, {});
      assert.deepEqual(await apps.getWithTags(tenant, app.id), { app, tags: {} });
      await tags.put(tenant, app.arn, { b: '2', a: '1', ['__proto__']: 'x' }, 50);
      const found = await apps.getWithTags(tenant, app.id);
      assert.deepEqual(Object.keys(found!.tags), ['__proto__', 'a', 'b']);
      assert.equal(Object.getPrototypeOf(found!.tags), Object.prototype);
      // A tag of another resource or tenant does not leak in.
      await tags.put({ ...tenant, region: 'eu-west-3' }, app.arn, { other: 'region' }, 50);
      await tags.put(tenant, `${app.arn}/segments/s`, { other: 'resource' }, 50);
      assert.deepEqual(Object.keys((await apps.getWithTags(tenant, app.id))!.tags), ['__proto__', 'a', 'b']);
      await apps.delete(tenant, app.id);
      assert.equal(await apps.getWithTags(tenant, app.id), undefined);
    });

    test('creating an existing app id fails with a StorageError and changes nothing', async () => {
      const { apps, tags } = storage.repositories;
      const tenant = randomTenant();
      const app = makeApp(tenant);
      await apps.create(tenant, app, { a: '1' });
      await assert.rejects(apps.create(tenant, { ...app, name: 'other' }, { a: '2', b: '3' }), (error) => {
        assert.ok(error instanceof StorageError, `expected StorageError, got ${String(error)}`);
        assert.equal(error.operation, 'apps.create');
        assert.ok(error.cause !== undefined, 'the driver error is kept as cause');
        assert.ok(error.code !== undefined, 'the driver error code is kept');
        return true;
      });
      assert.equal((await apps.get(tenant, app.id))?.name, app.name);
      assert.deepEqual(await tags.list(tenant, app.arn), { a: '1' });
    });

    test('list pages in (creationDate, id) order, ties broken by id', async () => {
      const { apps } = storage.repositories;
      const tenant = randomTenant();
      const dates = [
        '2026-01-02T00:00:00.000Z',
        '2026-01-02T00:00:00.000Z',
        '2026-01-02T00:00:00.000Z',
        '2026-01-01T23:59:59.999Z',
        '2026-01-03T00:00:00.000Z',
        '2026-01-01T23:59:59.999Z',
        '2026-01-02T00:00:00.000Z',
      ];
      const created = dates.map((creationDate) => makeApp(tenant, { creationDate }));
      for (const app of created) await apps.create(tenant, app, {});
      const expected = [...created].sort(byCreationThenId);

      const pages: AppRecord[][] = [];
      let after: { creationDate: string; id: string } | undefined;
      for (;;) {
        const page = await apps.list(tenant, { limit: 3, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        pages.push(page);
        const last = page.at(-1)!;
        after = { creationDate: last.creationDate, id: last.id };
        assert.ok(pages.length < 10, 'pagination terminates');
      }
      assert.deepEqual(
        pages.map((page) => page.length),
        [3, 3, 1],
      );
      assert.deepEqual(pages.flat(), expected);
      assert.deepEqual(await apps.list(tenant, { limit: 100 }), expected);
      await assert.rejects(apps.list(tenant, { limit: 0 }), RangeError);
    });

    test('list after a cursor inside a tie, and after a cursor that matches no app', async () => {
      const { apps } = storage.repositories;
      const tenant = randomTenant();
      const tie = '2026-05-05T05:05:05.005Z';
      const ids = ['3'.repeat(32), '7'.repeat(32), 'b'.repeat(32), 'e'.repeat(32)];
      for (const id of [...ids].reverse()) await apps.create(tenant, makeApp(tenant, { id, creationDate: tie }), {});
      const later = makeApp(tenant, { id: '0'.repeat(32), creationDate: '2026-05-05T05:05:05.006Z' });
      await apps.create(tenant, later, {});

      const afterSecond = await apps.list(tenant, { limit: 10, after: { creationDate: tie, id: ids[1]! } });
      assert.deepEqual(
        afterSecond.map((app) => app.id),
        [ids[2], ids[3], later.id],
      );
      const afterGap = await apps.list(tenant, { limit: 2, after: { creationDate: tie, id: '5'.repeat(32) } });
      assert.deepEqual(
        afterGap.map((app) => app.id),
        [ids[1], ids[2]],
      );
      const afterEverything = await apps.list(tenant, { limit: 10, after: { creationDate: '2027-01-01T00:00:00.000Z', id: '' } });
      assert.deepEqual(afterEverything, []);
    });

    test('tenants are isolated: the same app id in two regions and two accounts', async () => {
      const { apps, tags } = storage.repositories;
      const east = randomTenant('us-east-1');
      const west = { accountId: east.accountId, region: 'eu-west-1' };
      const other = randomTenant('us-east-1');
      const id = hexId();
      const sharedArn = `arn:aws:mobiletargeting:*:*:apps/${id}`; // same ARN string in all three
      for (const [tenant, name] of [
        [east, 'east'],
        [west, 'west'],
        [other, 'other'],
      ] as const) {
        await apps.create(tenant, makeApp(tenant, { id, name, arn: sharedArn }), { owner: name });
      }
      assert.equal((await apps.get(east, id))?.name, 'east');
      assert.equal((await apps.get(west, id))?.name, 'west');
      assert.equal((await apps.get(other, id))?.name, 'other');
      for (const tenant of [east, west, other]) assert.equal((await apps.list(tenant, { limit: 10 })).length, 1);

      await apps.updateSettings(west, id, { cloudWatchMetricsEnabled: true }, '2026-12-01T00:00:00.000Z');
      assert.equal((await apps.getSettings(east, id))?.cloudWatchMetricsEnabled, undefined);

      assert.equal((await apps.delete(east, id))?.name, 'east');
      assert.equal(await apps.get(east, id), undefined);
      assert.deepEqual(await tags.list(east, sharedArn), {});
      assert.equal((await apps.get(west, id))?.name, 'west');
      assert.equal((await apps.getSettings(west, id))?.cloudWatchMetricsEnabled, true);
      assert.deepEqual(await tags.list(west, sharedArn), { owner: 'west' });
      assert.deepEqual(await tags.list(other, sharedArn), { owner: 'other' });
    });

    test('delete removes settings and the tags under the app ARN, nothing of lookalike ARNs', async () => {
      const { apps, tags } = storage.repositories;
      const tenant = randomTenant();
      const a = makeApp(tenant);
      const lastChar = a.id.at(-1) === '0' ? '1' : '0';
      const b = makeApp(tenant, { id: a.id.slice(0, 31) + lastChar }); // shares a 31-character prefix
      await apps.create(tenant, a, { k: 'a' });
      await apps.create(tenant, b, { k: 'b' });
      await apps.updateSettings(tenant, a.id, { limits: { Daily: 5 } }, '2026-12-01T00:00:00.000Z');
      await tags.put(tenant, `${a.arn}/campaigns/c1`, { k: 'campaign' }, 50);
      await tags.put(tenant, `${a.arn}/segments/s1`, { k: 'segment' }, 50);
      const survivors = [
        b.arn,
        `${b.arn}/campaigns/c1`,
        `${a.arn}x/campaigns/c1`, // starts with the ARN, but not with "<arn>/"
        `${a.arn}-other`,
        `${a.arn.toUpperCase()}/campaigns/c1`, // differs only in case
      ];
      for (const arn of survivors) await tags.put(tenant, arn, { k: arn }, 50);

      assert.deepEqual(await apps.delete(tenant, a.id), a);
      assert.equal(await apps.get(tenant, a.id), undefined);
      assert.equal(await apps.getSettings(tenant, a.id), undefined);
      assert.equal(await apps.updateSettings(tenant, a.id, { limits: {} }, '2026-12-02T00:00:00.000Z'), undefined);
      for (const arn of [a.arn, `${a.arn}/campaigns/c1`, `${a.arn}/segments/s1`]) {
        assert.deepEqual(await tags.list(tenant, arn), {}, `tags of ${arn} are gone`);
      }
      for (const arn of survivors) assert.deepEqual(await tags.list(tenant, arn), { k: arn }, `tags of ${arn} are kept`);
      assert.deepEqual(await apps.get(tenant, b.id), b);
      assert.equal(await apps.delete(tenant, a.id), undefined, 'a second delete finds nothing');
    });

    test('delete treats LIKE wildcards and non-BMP characters in the ARN literally', async () => {
      const { apps, tags } = storage.repositories;
      const tenant = randomTenant();
      const wild = makeApp(tenant, { id: 'a_b%c', arn: 'arn:test:apps/a_b%c😀' });
      await apps.create(tenant, wild, {});
      await tags.put(tenant, `${wild.arn}/child`, { k: 'gone' }, 50);
      const lookalikes = ['arn:test:apps/aXbYcZ/child', 'arn:test:apps/a_b%c😀x/child', 'arn:test:apps/a_b%c😁/child'];
      for (const arn of lookalikes) await tags.put(tenant, arn, { k: 'kept' }, 50);
      await apps.delete(tenant, wild.id);
      assert.deepEqual(await tags.list(tenant, `${wild.arn}/child`), {});
      for (const arn of lookalikes) assert.deepEqual(await tags.list(tenant, arn), { k: 'kept' }, arn);
    });

    test('updateSettings merges defined fields over the stored ones', async () => {
      const { apps } = storage.repositories;
      const tenant = randomTenant();
      const app = makeApp(tenant);
      await apps.create(tenant, app, {});
      const campaignHook = { LambdaFunctionName: 'arn:aws:lambda:us-east-1:1:function:f', Mode: 'FILTER', WebUrl: '' };
      const first = await apps.updateSettings(
        tenant,
        app.id,
        { campaignHook, eventTaggingEnabled: false, limits: { Daily: 5, Total: 0, Session: null } },
        '2026-12-01T00:00:00.000Z',
      );
      assert.deepEqual(first, {
        applicationId: app.id,
        lastModifiedDate: '2026-12-01T00:00:00.000Z',
        campaignHook,
        eventTaggingEnabled: false,
        limits: { Daily: 5, Total: 0, Session: null },
      });
      const second = await apps.updateSettings(
        tenant,
        app.id,
        { limits: undefined, quietTime: { Start: '22:00', End: '06:00' }, cloudWatchMetricsEnabled: true },
        '2026-12-02T00:00:00.000Z',
      );
      const expected = {
        applicationId: app.id,
        lastModifiedDate: '2026-12-02T00:00:00.000Z',
        campaignHook,
        eventTaggingEnabled: false,
        limits: { Daily: 5, Total: 0, Session: null },
        quietTime: { Start: '22:00', End: '06:00' },
        cloudWatchMetricsEnabled: true,
      };
      assert.deepEqual(second, expected);
      assert.deepEqual(await apps.getSettings(tenant, app.id), expected);
      // A field is replaced whole, not merged deeply.
      const third = await apps.updateSettings(tenant, app.id, { limits: { Daily: 1 } }, '2026-12-03T00:00:00.000Z');
      assert.deepEqual(third?.limits, { Daily: 1 });
      assert.equal(await apps.updateSettings(randomTenant(), app.id, { limits: {} }, '2026-12-03T00:00:00.000Z'), undefined);
    });

    test('concurrent settings updates of different fields lose none of them', async () => {
      const { apps } = storage.repositories;
      const tenant = randomTenant();
      const app = makeApp(tenant);
      await apps.create(tenant, app, {});
      await Promise.all([
        apps.updateSettings(tenant, app.id, { campaignHook: { Mode: 'DELIVERY' } }, '2026-12-01T00:00:00.001Z'),
        apps.updateSettings(tenant, app.id, { cloudWatchMetricsEnabled: true }, '2026-12-01T00:00:00.002Z'),
        apps.updateSettings(tenant, app.id, { eventTaggingEnabled: true }, '2026-12-01T00:00:00.003Z'),
        apps.updateSettings(tenant, app.id, { limits: { Daily: 1 } }, '2026-12-01T00:00:00.004Z'),
        apps.updateSettings(tenant, app.id, { quietTime: { Start: '00:00' } }, '2026-12-01T00:00:00.005Z'),
        apps.updateSettings(tenant, app.id, { journeyLimits: { DailyCap: 3 } }, '2026-12-01T00:00:00.006Z'),
      ]);
      const settings = await apps.getSettings(tenant, app.id);
      assert.deepEqual(
        Object.keys(settings ?? {}).sort(),
        [
          'applicationId',
          'campaignHook',
          'cloudWatchMetricsEnabled',
          'eventTaggingEnabled',
          'journeyLimits',
          'lastModifiedDate',
          'limits',
          'quietTime',
        ],
      );
    });

    test('tags: put, overwrite, remove', async () => {
      const { tags } = storage.repositories;
      const tenant = randomTenant();
      const arn = appArn(tenant, hexId());
      assert.deepEqual(await tags.list(tenant, arn), {});
      await tags.put(tenant, arn, { a: '1', b: '2' }, 50);
      assert.deepEqual(await tags.list(tenant, arn), { a: '1', b: '2' });
      await tags.put(tenant, arn, { b: '3', c: '' }, 50);
      assert.deepEqual(await tags.list(tenant, arn), { a: '1', b: '3', c: '' });
      await tags.remove(tenant, arn, ['a', 'absent', 'a']);
      assert.deepEqual(await tags.list(tenant, arn), { b: '3', c: '' });
      await tags.remove(tenant, arn, []);
      await tags.put(tenant, arn, {}, 0);
      assert.deepEqual(await tags.list(tenant, arn), { b: '3', c: '' });
      await tags.remove(tenant, arn, ['b', 'c']);
      assert.deepEqual(await tags.list(tenant, arn), {});
    });

    test('the tag limit refuses a put that would exceed it and writes nothing', async () => {
      const { tags } = storage.repositories;
      const tenant = randomTenant();
      const arn = appArn(tenant, hexId());
      const initial = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, 'v']));
      await tags.put(tenant, arn, initial, 50);
      await tags.put(tenant, arn, { k0: 'changed', k1: 'changed', n1: 'new', n2: 'new' }, 50); // exactly 50
      const atLimit = await tags.list(tenant, arn);
      assert.equal(Object.keys(atLimit).length, 50);

      await assert.rejects(tags.put(tenant, arn, { k2: 'must not be written', n3: 'new' }, 50), (error) => {
        assert.ok(error instanceof TagLimitExceededError);
        assert.equal(error.resourceArn, arn);
        assert.equal(error.wouldHave, 51);
        assert.equal(error.limit, 50);
        return true;
      });
      assert.deepEqual(await tags.list(tenant, arn), atLimit, 'the overwrite in the refused put was not applied');

      const fresh = appArn(tenant, hexId());
      const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v']));
      await assert.rejects(tags.put(tenant, fresh, tooMany, 50), TagLimitExceededError);
      assert.deepEqual(await tags.list(tenant, fresh), {});
    });

    test('concurrent tag puts cannot exceed the limit; refused puts write nothing', async () => {
      const { tags } = storage.repositories;
      const tenant = randomTenant();
      const arn = appArn(tenant, hexId());
      const batches = Array.from({ length: 10 }, (_, b) =>
        Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`b${b}-k${i}`, `v${b}`])),
      );
      const results = await Promise.allSettled(batches.map((batch) => tags.put(tenant, arn, batch, 50)));
      const stored = await tags.list(tenant, arn);
      const accepted = batches.filter((_, i) => results[i]!.status === 'fulfilled');
      for (const result of results) {
        if (result.status === 'rejected') assert.ok(result.reason instanceof TagLimitExceededError, String(result.reason));
      }
      assert.ok(Object.keys(stored).length <= 50, `stored ${Object.keys(stored).length} keys`);
      assert.equal(accepted.length, 5, 'puts are serialized: exactly five batches of ten fit');
      assert.deepEqual(stored, Object.assign({}, ...accepted));
    });

    test('meta: get, and putIfAbsent racing returns one value to everyone', async () => {
      const { meta } = storage.repositories;
      const key = `account-id-${hexId()}`;
      assert.equal(await meta.get(key), undefined);
      const values = await Promise.all(Array.from({ length: 20 }, (_, i) => meta.putIfAbsent(key, `value-${i}`)));
      assert.equal(new Set(values).size, 1, `got ${[...new Set(values)].join(', ')}`);
      assert.match(values[0]!, /^value-\d+$/);
      assert.equal(await meta.get(key), values[0]);
      assert.equal(await meta.putIfAbsent(key, 'late'), values[0]);
    });

    test('unicode and long values round-trip', async () => {
      const { apps, tags, meta } = storage.repositories;
      const tenant = randomTenant('ap-southeast-2');
      const weird = 'Zoë 😀 中文 עברית e\u0301 "quoted" \\back\\slash\' %_ \t\n';
      const long = 'ß😀'.repeat(50_000);
      const app = makeApp(tenant, { name: `${weird}${long}` });
      const tagSet = { [weird]: weird, __proto__: 'not a prototype', constructor: 'plain', long: long.slice(0, 256) };
      await apps.create(tenant, app, tagSet);
      assert.deepEqual(await apps.get(tenant, app.id), app);
      const listed = await tags.list(tenant, app.arn);
      assert.deepEqual(Object.entries(listed).sort(), Object.entries(tagSet).sort());
      assert.equal(Object.getPrototypeOf(listed), Object.prototype);

      const quietTime = { Start: weird, End: long };
      const settings = await apps.updateSettings(tenant, app.id, { quietTime }, '2026-12-01T00:00:00.000Z');
      assert.deepEqual(settings?.quietTime, quietTime);
      assert.deepEqual((await apps.getSettings(tenant, app.id))?.quietTime, quietTime);

      const key = `unicode-${weird}-${hexId()}`;
      assert.equal(await meta.putIfAbsent(key, long), long);
      assert.equal(await meta.get(key), long);
    });
  });
}

const { sqlite, postgres } = storageTargets('storage');
defineSuite(sqlite);
defineSuite(postgres);
