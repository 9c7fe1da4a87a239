// The audit repository against a real SQLite file and a real PostgreSQL database created for the
// run (test/helpers/storage-targets.ts). PostgreSQL being unreachable fails the suite; nothing is
// skipped.
// The audit table is not scoped by account, so every test opens a fresh database.
import assert from 'node:assert/strict';
import { testRoleSession, testUser } from '../helpers/principals.ts';
import { randomUUID } from 'node:crypto';
import { after, afterEach, describe, test } from 'node:test';
import { rootPrincipal } from '../../src/iam/principal.ts';
import { buildAuditRecord, REDACTED } from '../../src/observability/audit-event.ts';
import type { AuditCall, AuditRecord } from '../../src/observability/audit-event.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { StorageError } from '../../src/storage/storage-error.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const account = '210987654321';

const alice = testUser(account, 'alice');

const bob = testUser(account, 'bob', { path: '/team/', userId: 'AIDABOB00000000000001' });

const deployer = testRoleSession(account, 'Deployer', 'run-1', new Date('2026-03-01T00:00:00Z'));

function makeRecord(time: string, overrides: Partial<AuditCall> = {}, eventId: string = randomUUID()): AuditRecord {
  const call: AuditCall = {
    time: new Date(time),
    service: 'mobiletargeting',
    operation: 'GetApps',
    region: 'us-east-1',
    sourceIp: '198.51.100.4',
    userAgent: 'aws-sdk-js/3',
    requestId: randomUUID(),
    caller: alice,
    accessKeyId: 'AKIAALICE00000000001',
    input: {},
    errorCode: undefined,
    errorMessage: undefined,
    ...overrides,
  };
  return buildAuditRecord(call, account, eventId);
}

const ids = (records: readonly AuditRecord[]) => records.map((r) => r.eventID);

function defineSuite(target: StorageTarget): void {
  describe(`audit storage on ${target.kind}`, () => {
    const opened: Storage[] = [];

    async function fresh(): Promise<{ storage: Storage; options: StorageOptions }> {
      const options = await target.fresh();
      const storage = await openStorage(options);
      opened.push(storage);
      return { storage, options };
    }

    afterEach(async () => {
      for (const storage of opened.splice(0)) await storage.close();
    });

    after(async () => {
      await target.cleanup();
    });

    test('append then query: the record comes back exactly as written (JSON round trip)', async () => {
      const { storage } = await fresh();
      const record = makeRecord('2026-03-01T10:00:00.250Z', {
        caller: deployer,
        service: 'iam',
        operation: 'CreateAccessKey',
        input: {
          UserName: 'ünïcødé-名前',
          Tags: [{ Key: 'quote"back\\slash', Value: 'line\nbreak' }],
          Nested: { SecretAccessKey: 'wJalrXUtnFEMI', Deep: { n: 1.5, flag: false, none: null } },
        },
        errorCode: 'LimitExceeded',
        errorMessage: 'Cannot exceed quota for AccessKeysPerUser: 2',
      });
      await storage.repositories.audit.append([record]);
      const [back] = await storage.repositories.audit.query({ limit: 10 });
      assert.deepEqual(back, record);
      assert.equal(back?.eventTime, '2026-03-01T10:00:00Z');
      assert.equal((back?.requestParameters?.nested as Record<string, unknown>).SecretAccessKey, REDACTED);
    });

    test('append stores the filter columns: ISO time with milliseconds, user name and ARN, error code', async () => {
      const { storage, options } = await fresh();
      const record = makeRecord('2026-03-01T10:00:07Z', { caller: deployer, errorCode: 'AccessDeniedException', errorMessage: 'no' }, 'e-1');
      await storage.repositories.audit.append([record]);
      const rows = await target.exec(options, 'select event_id, account_id, event_time, event_name, user_name, user_arn, error_code from audit_events');
      assert.deepEqual(rows, [
        {
          event_id: 'e-1',
          account_id: account,
          event_time: '2026-03-01T10:00:07.000Z',
          event_name: 'GetApps',
          user_name: 'Deployer',
          user_arn: deployer.arn,
          error_code: 'AccessDeniedException',
        },
      ]);
    });

    test('query returns newest first, ties broken by eventID descending, and honours limit', async () => {
      const { storage } = await fresh();
      const records = [
        makeRecord('2026-03-01T10:00:01Z', {}, 'a-1'),
        makeRecord('2026-03-01T10:00:03Z', {}, 'a-2'),
        makeRecord('2026-03-01T10:00:02Z', {}, 'a-3'),
        makeRecord('2026-03-01T10:00:03Z', {}, 'a-4'),
        makeRecord('2026-02-28T23:59:59Z', {}, 'a-5'),
      ];
      await storage.repositories.audit.append(records);
      assert.deepEqual(ids(await storage.repositories.audit.query({ limit: 50 })), ['a-4', 'a-2', 'a-3', 'a-1', 'a-5']);
      assert.deepEqual(ids(await storage.repositories.audit.query({ limit: 2 })), ['a-4', 'a-2']);
      assert.deepEqual(ids(await storage.repositories.audit.query({ limit: 1 })), ['a-4']);
    });

    test('since and until are inclusive bounds, compared at millisecond precision', async () => {
      const { storage } = await fresh();
      await storage.repositories.audit.append([
        makeRecord('2026-03-01T10:00:00Z', {}, 't-0'),
        makeRecord('2026-03-01T10:00:05Z', {}, 't-5'),
        makeRecord('2026-03-01T10:00:10Z', {}, 't-10'),
      ]);
      const q = (filter: { since?: string; until?: string }) =>
        storage.repositories.audit.query({
          limit: 50,
          ...(filter.since ? { since: new Date(filter.since) } : {}),
          ...(filter.until ? { until: new Date(filter.until) } : {}),
        });
      assert.deepEqual(ids(await q({ since: '2026-03-01T10:00:05Z' })), ['t-10', 't-5']);
      assert.deepEqual(ids(await q({ since: '2026-03-01T10:00:05.001Z' })), ['t-10']);
      assert.deepEqual(ids(await q({ until: '2026-03-01T10:00:05Z' })), ['t-5', 't-0']);
      assert.deepEqual(ids(await q({ until: '2026-03-01T10:00:04.999Z' })), ['t-0']);
      assert.deepEqual(ids(await q({ since: '2026-03-01T10:00:01Z', until: '2026-03-01T10:00:09Z' })), ['t-5']);
      assert.deepEqual(ids(await q({ since: '2026-03-01T10:00:11Z' })), []);
    });

    test('user matches the user name or the ARN; a role session by role name or session ARN; root as root', async () => {
      const { storage } = await fresh();
      await storage.repositories.audit.append([
        makeRecord('2026-03-01T10:00:01Z', { caller: alice }, 'u-alice'),
        makeRecord('2026-03-01T10:00:02Z', { caller: bob }, 'u-bob'),
        makeRecord('2026-03-01T10:00:03Z', { caller: deployer }, 'u-role'),
        makeRecord('2026-03-01T10:00:04Z', { caller: rootPrincipal(account) }, 'u-root'),
        makeRecord('2026-03-01T10:00:05Z', { caller: undefined, errorCode: 'InvalidSignatureException' }, 'u-anon'),
      ]);
      const byUser = async (user: string) => ids(await storage.repositories.audit.query({ user, limit: 50 }));
      assert.deepEqual(await byUser('alice'), ['u-alice']);
      assert.deepEqual(await byUser(bob.arn), ['u-bob']);
      assert.deepEqual(await byUser('team/bob'), [], 'no partial matches');
      assert.deepEqual(await byUser('Alice'), [], 'exact, as stored');
      assert.deepEqual(await byUser('Deployer'), ['u-role']);
      assert.deepEqual(await byUser(deployer.arn), ['u-role']);
      assert.deepEqual(await byUser('root'), ['u-root']);
      assert.deepEqual(await byUser(`arn:aws:iam::${account}:root`), ['u-root']);
      assert.deepEqual(await byUser('nobody'), []);
    });

    test('eventName, errorsOnly and errorCode filters, alone and combined with the others', async () => {
      const { storage } = await fresh();
      await storage.repositories.audit.append([
        makeRecord('2026-03-01T10:00:01Z', { operation: 'CreateApp' }, 'f-1'),
        makeRecord('2026-03-01T10:00:02Z', { operation: 'CreateApp', errorCode: 'BadRequestException', errorMessage: 'x' }, 'f-2'),
        makeRecord('2026-03-01T10:00:03Z', { operation: 'DeleteApp', errorCode: 'AccessDeniedException', errorMessage: 'y' }, 'f-3'),
        makeRecord('2026-03-01T10:00:04Z', { operation: 'DeleteApp', caller: bob, errorCode: 'AccessDeniedException', errorMessage: 'y' }, 'f-4'),
        makeRecord('2026-03-01T10:00:05Z', { operation: 'GetApps' }, 'f-5'),
      ]);
      const q = (filter: Record<string, unknown>) => storage.repositories.audit.query({ limit: 50, ...filter }).then(ids);
      assert.deepEqual(await q({ eventName: 'CreateApp' }), ['f-2', 'f-1']);
      assert.deepEqual(await q({ eventName: 'createapp' }), [], 'event names are exact');
      assert.deepEqual(await q({ errorsOnly: true }), ['f-4', 'f-3', 'f-2']);
      assert.deepEqual(await q({ errorsOnly: false }), ['f-5', 'f-4', 'f-3', 'f-2', 'f-1']);
      assert.deepEqual(await q({ errorCode: 'AccessDeniedException' }), ['f-4', 'f-3']);
      assert.deepEqual(await q({ errorCode: 'AccessDeniedException', user: 'alice' }), ['f-3']);
      assert.deepEqual(await q({ eventName: 'DeleteApp', errorsOnly: true, since: new Date('2026-03-01T10:00:04Z') }), ['f-4']);
      assert.deepEqual(await q({ eventName: 'CreateApp', errorCode: 'AccessDeniedException' }), []);
      assert.deepEqual(await q({ errorsOnly: true, limit: 1 }), ['f-4']);
    });

    test('append is idempotent per eventID: a retried batch is not stored twice', async () => {
      const { storage } = await fresh();
      const batch = [makeRecord('2026-03-01T10:00:01Z', {}, 'i-1'), makeRecord('2026-03-01T10:00:02Z', {}, 'i-2')];
      await storage.repositories.audit.append(batch);
      await storage.repositories.audit.append([...batch, makeRecord('2026-03-01T10:00:03Z', {}, 'i-3')]);
      assert.deepEqual(ids(await storage.repositories.audit.query({ limit: 50 })), ['i-3', 'i-2', 'i-1']);
      await storage.repositories.audit.append([]);
    });

    test('a large batch is stored whole; a batch that fails part-way stores nothing', async () => {
      const { storage } = await fresh();
      const big = Array.from({ length: 1_234 }, (_, i) => makeRecord('2026-03-01T10:00:00Z', { operation: 'PutEvents' }, `big-${String(i).padStart(5, '0')}`));
      await storage.repositories.audit.append(big);
      const stored = await storage.repositories.audit.query({ limit: 10_000 });
      assert.equal(stored.length, 1_234);
      assert.equal(stored[0]?.eventID, 'big-01233');

      // The last record breaks a NOT NULL constraint in the third INSERT statement.
      const doomed = Array.from({ length: 1_100 }, (_, i) => makeRecord('2026-03-02T10:00:00Z', {}, `doomed-${i}`));
      doomed[1_099] = { ...doomed[1_099]!, recipientAccountId: undefined as unknown as string };
      await assert.rejects(storage.repositories.audit.append(doomed), (error) => {
        assert.ok(error instanceof StorageError, String(error));
        assert.equal(error.operation, 'audit.append');
        return true;
      });
      assert.deepEqual(await storage.repositories.audit.query({ since: new Date('2026-03-02T00:00:00Z'), limit: 10 }), [], 'nothing half-written');
    });

    test('prune deletes records before the cutoff (in chunks) and returns how many', async () => {
      const { storage } = await fresh();
      const old = Array.from({ length: 5_100 }, (_, i) => makeRecord('2026-01-01T00:00:00Z', {}, `old-${i}`));
      await storage.repositories.audit.append(old);
      await storage.repositories.audit.append([makeRecord('2026-02-01T00:00:00Z', {}, 'edge'), makeRecord('2026-02-02T00:00:00Z', {}, 'new')]);
      assert.equal(await storage.repositories.audit.prune(new Date('2026-02-01T00:00:00Z')), 5_100);
      assert.deepEqual(ids(await storage.repositories.audit.query({ limit: 10_000 })), ['new', 'edge'], 'the cutoff itself is kept');
      assert.equal(await storage.repositories.audit.prune(new Date('2026-02-01T00:00:00Z')), 0);
      assert.equal(await storage.repositories.audit.prune(new Date('2027-01-01T00:00:00Z')), 2);
      assert.deepEqual(await storage.repositories.audit.query({ limit: 10 }), []);
    });

    test('bad arguments are refused before any SQL runs', async () => {
      const { storage } = await fresh();
      const { audit } = storage.repositories;
      for (const limit of [0, -1, 1.5, 10_001, Number.NaN]) {
        await assert.rejects(audit.query({ limit }), RangeError, String(limit));
      }
      await assert.rejects(audit.query({ limit: 1, since: new Date('nope') }), /since must be a valid Date/);
      await assert.rejects(audit.prune(new Date(Number.NaN)), RangeError);
      const bad = { ...makeRecord('2026-03-01T10:00:00Z'), eventTime: 'yesterday' };
      await assert.rejects(audit.append([bad]), /unreadable eventTime/);
      assert.deepEqual(await audit.query({ limit: 10 }), []);
    });

    test('a stored record that is not JSON fails the query with a StorageError naming it', async () => {
      const { storage, options } = await fresh();
      await storage.repositories.audit.append([makeRecord('2026-03-01T10:00:00Z', {}, 'broken')]);
      await target.exec(options, "update audit_events set record = '{not json' where event_id = 'broken'");
      await assert.rejects(storage.repositories.audit.query({ limit: 10 }), (error) => {
        assert.ok(error instanceof StorageError);
        assert.match(error.message, /broken is not valid JSON/);
        return true;
      });
    });
  });
}

const { sqlite, postgres } = storageTargets('audit');
defineSuite(sqlite);
defineSuite(postgres);
