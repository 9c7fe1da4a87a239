// The identity store (IamRepository) against a real SQLite file and a real PostgreSQL database
// created for the run. PostgreSQL being unreachable fails the suite (test/helpers/postgres.ts);
// nothing is skipped.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { IamConflictError } from '../../src/storage/iam-repository.ts';
import type { EntityKind, IamEntityRecord, IamRepository, ManagedPolicyRecord, Page, SessionRecord } from '../../src/storage/iam-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { createTestDatabase } from '../helpers/postgres.ts';

/** A place to open storages on, plus raw SQL for inspection (see storage.test.ts). */
interface Target {
  readonly kind: 'sqlite' | 'postgres';
  fresh(): Promise<StorageOptions>;
  query(options: StorageOptions, text: string): Promise<Record<string, unknown>[]>;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  let dir: string | undefined;
  let n = 0;
  return {
    kind: 'sqlite',
    async fresh() {
      dir ??= await mkdtemp(join(tmpdir(), 'pinion-iam-'));
      n += 1;
      return { kind: 'sqlite', file: join(dir, `db-${n}`, 'pinion.sqlite') };
    },
    async query(options, text) {
      assert.equal(options.kind, 'sqlite');
      const db = new BetterSqlite3(options.file, { readonly: true });
      try {
        return db.prepare(text).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    },
    async cleanup() {
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresTarget(): Target {
  const drops: (() => Promise<void>)[] = [];
  return {
    kind: 'postgres',
    async fresh() {
      const database = await createTestDatabase();
      drops.push(() => database.drop());
      return { kind: 'postgres', url: database.url };
    },
    async query(options, text) {
      assert.equal(options.kind, 'postgres');
      const client = new pg.Client({ connectionString: options.url });
      await client.connect();
      try {
        return (await client.query(text)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    async cleanup() {
      for (const drop of drops) await drop();
    },
  };
}

// ---- fixtures ----

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function suffix(length: number): string {
  return Array.from(randomBytes(length), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

function randomAccount(): string {
  return String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
}

const idPrefix: Record<EntityKind, string> = { user: 'AIDA', group: 'AGPA', role: 'AROA' };

function makeEntity(accountId: string, kind: EntityKind, name: string, overrides: Partial<IamEntityRecord> = {}): IamEntityRecord {
  const path = overrides.path ?? '/';
  return {
    kind,
    id: `${idPrefix[kind]}${suffix(17)}`,
    name,
    path,
    arn: `arn:aws:iam::${accountId}:${kind}${path}${name}`,
    createDate: new Date('2026-11-23T14:17:09.123Z'),
    details: {},
    ...overrides,
  };
}

function policyInput(accountId: string, name: string, path = '/'): Omit<ManagedPolicyRecord, 'defaultVersionId' | 'attachmentCount'> {
  return {
    id: `ANPA${suffix(17)}`,
    name,
    path,
    arn: `arn:aws:iam::${accountId}:policy${path}${name}`,
    description: undefined,
    createDate: new Date('2026-11-23T10:00:00.000Z'),
    updateDate: new Date('2026-11-23T10:00:00.000Z'),
  };
}

function doc(action: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
}

function accessKeyId(): string {
  return `AKIA${suffix(16)}`;
}

async function refused(promise: Promise<unknown>, code: IamConflictError['code'], message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof IamConflictError, `expected IamConflictError(${code}), got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

/** Follows markers to the end; asserts the page sizes. */
async function allPages<T>(fetch: (marker: string | undefined) => Promise<Page<T>>, expectedSizes: number[]): Promise<T[]> {
  const pages: T[][] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    pages.push(page.items);
    marker = page.marker;
    assert.ok(pages.length <= expectedSizes.length, 'pagination terminates');
  } while (marker !== undefined);
  assert.deepEqual(
    pages.map((page) => page.length),
    expectedSizes,
  );
  return pages.flat();
}

function names(items: readonly { name: string }[]): string[] {
  return items.map((item) => item.name);
}

function byLowerName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function defineSuite(makeTarget: () => Target): void {
  const target = makeTarget();

  describe(`iam storage on ${target.kind}`, () => {
    let storage: Storage;
    let options: StorageOptions;
    let iam: IamRepository;

    before(async () => {
      options = await target.fresh();
      storage = await openStorage(options);
      iam = storage.repositories.iam;
    });

    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    test('the 0002-iam migration creates the identity tables', async () => {
      const migrations = await target.query(options, 'select name from kysely_migration order by name');
      assert.ok(migrations.some((row) => row.name === '0002-iam'));
      for (const table of [
        'iam_entities',
        'iam_entity_tags',
        'iam_group_members',
        'iam_inline_policies',
        'iam_managed_policies',
        'iam_policy_versions',
        'iam_policy_attachments',
        'iam_access_keys',
        'iam_sessions',
        'iam_state',
      ]) {
        assert.deepEqual(await target.query(options, `select count(*) as n from ${table} where 1 = 0`), [{ n: target.kind === 'postgres' ? '0' : 0 }]);
      }
    });

    test('create and get entities: by name in any case, by id, names returned as created', async () => {
      const account = randomAccount();
      const details = { AssumeRolePolicyDocument: doc('sts:AssumeRole'), Description: 'Zoë 😀', MaxSessionDuration: 7200 };
      const role = makeEntity(account, 'role', 'Deployer', { details, path: '/ci/' });
      await iam.createEntity(account, role, Object.fromEntries([['team', 'platform'], ['__proto__', 'plain']]));
      assert.deepEqual(await iam.getEntity(account, 'role', 'Deployer'), role);
      assert.deepEqual(await iam.getEntity(account, 'role', 'dEPLOYER'), role);
      assert.deepEqual(await iam.getEntityById(account, role.id), role);
      assert.equal(await iam.getEntity(account, 'user', 'Deployer'), undefined, 'kinds are separate');
      assert.equal(await iam.getEntity(randomAccount(), 'role', 'Deployer'), undefined, 'accounts are separate');
      assert.equal(await iam.getEntityById(randomAccount(), role.id), undefined);
      assert.equal(await iam.getEntityById(account, 'AROANOSUCHROLE000000'), undefined);
      const tags = await iam.entityTags(account, role.id);
      assert.deepEqual(Object.entries(tags), [
        ['__proto__', 'plain'],
        ['team', 'platform'],
      ]);
      assert.equal(Object.getPrototypeOf(tags), Object.prototype);

      // The same name for another kind, and in another account, is fine.
      await iam.createEntity(account, makeEntity(account, 'user', 'deployer'), {});
      await iam.createEntity(randomAccount(), makeEntity(account, 'role', 'Deployer'), {});
    });

    test('EntityAlreadyExists without regard to case, and nothing of the refused entity is written', async () => {
      const account = randomAccount();
      const bob = makeEntity(account, 'user', 'Bob');
      await iam.createEntity(account, bob, { a: '1' });
      const clash = makeEntity(account, 'user', 'bOB');
      await refused(iam.createEntity(account, clash, { b: '2' }), 'EntityAlreadyExists', /User with name bOB already exists/);
      assert.equal(await iam.getEntityById(account, clash.id), undefined);
      assert.deepEqual(await iam.entityTags(account, clash.id), {});
      assert.equal((await iam.getEntity(account, 'user', 'BOB'))?.name, 'Bob');
      await iam.createEntity(account, makeEntity(account, 'group', 'Ops'), {});
      await refused(iam.createEntity(account, makeEntity(account, 'group', 'OPS'), {}), 'EntityAlreadyExists', /Group with name OPS already exists/);
      await iam.createEntity(account, makeEntity(account, 'role', 'Ops'), {});
      await refused(iam.createEntity(account, makeEntity(account, 'role', 'ops'), {}), 'EntityAlreadyExists', /Role with name ops already exists/);
    });

    test('listEntities: three pages with markers, case-insensitive order, stable; pathPrefix filters', async () => {
      const account = randomAccount();
      const userNames = ['delta', 'Alpha', 'charlie', 'Echo', 'bravo', 'Golf', 'foxtrot'];
      for (const name of userNames) await iam.createEntity(account, makeEntity(account, 'user', name, { path: name.toLowerCase() < 'e' ? '/team/a/' : '/team/b/' }), {});
      await iam.createEntity(account, makeEntity(account, 'group', 'aaa-group'), {});
      const expected = [...userNames].sort(byLowerName);
      assert.deepEqual(expected, ['Alpha', 'bravo', 'charlie', 'delta', 'Echo', 'foxtrot', 'Golf']);

      const listed = await allPages((marker) => iam.listEntities(account, 'user', { maxItems: 3, ...(marker ? { marker } : {}) }), [3, 3, 1]);
      assert.deepEqual(names(listed), expected);
      const first = await iam.listEntities(account, 'user', { maxItems: 3 });
      assert.ok(first.marker !== undefined && !first.marker.includes('charlie'), 'the marker is opaque');
      const again = await iam.listEntities(account, 'user', { maxItems: 3, marker: first.marker });
      assert.deepEqual(names(again.items), ['delta', 'Echo', 'foxtrot'], 'a marker can be used again');

      const everything = await iam.listEntities(account, 'user', { maxItems: 7 });
      assert.deepEqual(names(everything.items), expected);
      assert.equal(everything.marker, undefined, 'no marker when nothing follows');

      const teamA = await iam.listEntities(account, 'user', { maxItems: 100, pathPrefix: '/team/a/' });
      assert.deepEqual(names(teamA.items), ['Alpha', 'bravo', 'charlie', 'delta']);
      const teamB = await allPages((marker) => iam.listEntities(account, 'user', { maxItems: 2, pathPrefix: '/team/b', ...(marker ? { marker } : {}) }), [2, 1]);
      assert.deepEqual(names(teamB), ['Echo', 'foxtrot', 'Golf']);
      assert.deepEqual((await iam.listEntities(account, 'user', { maxItems: 10, pathPrefix: '/team/%' })).items, [], 'no LIKE wildcards');
      assert.deepEqual(names((await iam.listEntities(account, 'group', { maxItems: 10 })).items), ['aaa-group']);
      assert.deepEqual((await iam.listEntities(account, 'role', { maxItems: 10 })).items, []);
    });

    test('invalid markers give an empty page; page sizes outside 1–1000 are refused', async () => {
      const account = randomAccount();
      await iam.createEntity(account, makeEntity(account, 'user', 'only'), {});
      for (const marker of ['', 'not base64!', '%00', 'AA', "'; drop table iam_entities; --", 'Zm9v===']) {
        assert.deepEqual(await iam.listEntities(account, 'user', { maxItems: 10, marker }), { items: [] }, `marker ${JSON.stringify(marker)}`);
      }
      await assert.rejects(iam.listEntities(account, 'user', { maxItems: 0 }), RangeError);
      await assert.rejects(iam.listEntities(account, 'user', { maxItems: 1001 }), RangeError);
      await assert.rejects(iam.listEntities(account, 'user', { maxItems: 1.5 }), RangeError);
      assert.equal((await iam.listEntities(account, 'user', { maxItems: 1000 })).items.length, 1);
    });

    test('updateEntity renames and moves; memberships, policies, keys and tags follow the id', async () => {
      const account = randomAccount();
      const user = makeEntity(account, 'user', 'alice', { path: '/old/', details: { PermissionsBoundary: 'arn:aws:iam::1:policy/b' } });
      await iam.createEntity(account, user, { k: 'v' });
      await iam.createEntity(account, makeEntity(account, 'user', 'taken'), {});
      await iam.createEntity(account, makeEntity(account, 'group', 'devs'), {});
      await iam.addUserToGroup(account, 'devs', 'alice');
      await iam.putInlinePolicy(account, 'user', 'alice', { policyName: 'Inline', document: doc('s3:GetObject') });
      const policy = await iam.createManagedPolicy(account, policyInput(account, 'Managed'), doc('sns:Publish'));
      await iam.attachPolicy(account, 'user', 'alice', policy.arn, 10);
      const key = await iam.createAccessKey(account, 'alice', { accessKeyId: accessKeyId(), secretSealed: 'sealed', createDate: new Date('2026-01-01T00:00:00.000Z') }, 2);

      await refused(iam.updateEntity(account, 'user', 'alice', { newName: 'TAKEN' }), 'EntityAlreadyExists', /User with name TAKEN already exists/);
      await refused(iam.updateEntity(account, 'user', 'nobody', { newName: 'x' }), 'NoSuchEntity', /The user with name nobody cannot be found/);

      const renamed = await iam.updateEntity(account, 'user', 'ALICE', { newName: 'Alicia', newPath: '/new/' });
      assert.deepEqual(renamed, { ...user, name: 'Alicia', path: '/new/', arn: `arn:aws:iam::${account}:user/new/Alicia` });
      assert.equal(await iam.getEntity(account, 'user', 'alice'), undefined);
      assert.deepEqual(await iam.getEntity(account, 'user', 'alicia'), renamed);
      assert.deepEqual(names((await iam.groupMembers(account, 'devs', { maxItems: 10 })).items), ['Alicia']);
      assert.deepEqual(names((await iam.groupsForUser(account, 'Alicia', { maxItems: 10 })).items), ['devs']);
      assert.equal((await iam.getInlinePolicy(account, 'user', 'Alicia', 'inline'))?.policyName, 'Inline');
      assert.deepEqual(names((await iam.attachedPolicies(account, 'user', 'Alicia', { maxItems: 10 })).items), ['Managed']);
      const keys = await iam.listAccessKeys(account, 'Alicia');
      assert.deepEqual(
        keys.map((k) => [k.accessKeyId, k.userName, k.userId]),
        [[key.accessKeyId, 'Alicia', user.id]],
      );
      assert.deepEqual(await iam.entityTags(account, user.id), { k: 'v' });
      assert.deepEqual(
        (await iam.effectivePolicies(account, user.id)).map((p) => p.sourceId),
        ['user/Alicia/inline/Inline', policy.arn],
        'policy sources name the entity as it is called now',
      );

      // A change of case only is allowed; the caller's ARN wins; details merge, undefined removes.
      const recased = await iam.updateEntity(account, 'user', 'alicia', { newName: 'ALICIA', newArn: 'arn:custom', details: { Extra: 1 } });
      assert.deepEqual(recased.details, { PermissionsBoundary: 'arn:aws:iam::1:policy/b', Extra: 1 });
      assert.equal(recased.arn, 'arn:custom');
      const cleared = await iam.updateEntity(account, 'user', 'alicia', { details: { PermissionsBoundary: undefined } });
      assert.deepEqual(cleared.details, { Extra: 1 });
      assert.deepEqual(await iam.getEntityById(account, user.id), cleared);
    });

    test('deleteEntity refuses a user with access keys, inline or attached policies, or groups; then deletes it', async () => {
      const account = randomAccount();
      const user = makeEntity(account, 'user', 'carol');
      await iam.createEntity(account, user, { t: '1' });
      await iam.createEntity(account, makeEntity(account, 'group', 'g1'), {});
      const policy = await iam.createManagedPolicy(account, policyInput(account, 'P'), doc('s3:*'));
      const key = accessKeyId();

      await iam.createAccessKey(account, 'carol', { accessKeyId: key, secretSealed: 's', createDate: new Date() }, 2);
      await refused(iam.deleteEntity(account, 'user', 'carol'), 'DeleteConflict', /1 access key\b/);
      await iam.deleteAccessKey(account, 'carol', key);

      await iam.putInlinePolicy(account, 'user', 'carol', { policyName: 'a', document: doc('a:a') });
      await iam.putInlinePolicy(account, 'user', 'carol', { policyName: 'b', document: doc('a:a') });
      await refused(iam.deleteEntity(account, 'user', 'carol'), 'DeleteConflict', /2 inline policies/);
      await iam.deleteInlinePolicy(account, 'user', 'carol', 'a');
      await iam.deleteInlinePolicy(account, 'user', 'carol', 'B');

      await iam.attachPolicy(account, 'user', 'carol', policy.arn, 10);
      await refused(iam.deleteEntity(account, 'user', 'carol'), 'DeleteConflict', /1 attached managed policy/);
      await iam.detachPolicy(account, 'user', 'carol', policy.arn);

      await iam.addUserToGroup(account, 'g1', 'carol');
      await refused(iam.deleteEntity(account, 'user', 'carol'), 'DeleteConflict', /1 group membership/);
      await refused(iam.deleteEntity(account, 'group', 'g1'), 'DeleteConflict', /1 member\b/);
      await iam.removeUserFromGroup(account, 'g1', 'carol');

      // Everything at once is named in one message.
      await iam.createAccessKey(account, 'carol', { accessKeyId: accessKeyId(), secretSealed: 's', createDate: new Date() }, 2);
      await iam.addUserToGroup(account, 'g1', 'carol');
      await refused(iam.deleteEntity(account, 'user', 'carol'), 'DeleteConflict', /1 access key, 1 group membership/);
      for (const k of await iam.listAccessKeys(account, 'carol')) await iam.deleteAccessKey(account, 'carol', k.accessKeyId);
      await iam.removeUserFromGroup(account, 'g1', 'carol');

      assert.ok(await iam.getEntity(account, 'user', 'carol'), 'refused deletes removed nothing');
      assert.deepEqual(await iam.deleteEntity(account, 'user', 'CAROL'), user);
      assert.equal(await iam.getEntityById(account, user.id), undefined);
      assert.deepEqual(await iam.entityTags(account, user.id), {}, 'tags go with the entity');
      await refused(iam.deleteEntity(account, 'user', 'carol'), 'NoSuchEntity');
      assert.equal((await iam.getManagedPolicy(account, policy.arn))?.attachmentCount, 0);
    });

    test('deleteEntity refuses groups with members or policies and roles with policies; empty ones go', async () => {
      const account = randomAccount();
      const policy = await iam.createManagedPolicy(account, policyInput(account, 'P'), doc('s3:*'));
      const group = makeEntity(account, 'group', 'empty');
      await iam.createEntity(account, group, {});
      assert.deepEqual(await iam.deleteEntity(account, 'group', 'Empty'), group, 'a group with no members deletes');
      assert.equal(await iam.getEntity(account, 'group', 'empty'), undefined);

      await iam.createEntity(account, makeEntity(account, 'group', 'g'), {});
      await iam.putInlinePolicy(account, 'group', 'g', { policyName: 'x', document: doc('a:a') });
      await refused(iam.deleteEntity(account, 'group', 'g'), 'DeleteConflict', /group g still has 1 inline policy/);
      await iam.deleteInlinePolicy(account, 'group', 'g', 'x');
      await iam.attachPolicy(account, 'group', 'g', policy.arn, 10);
      await refused(iam.deleteEntity(account, 'group', 'g'), 'DeleteConflict', /1 attached managed policy/);
      await iam.detachPolicy(account, 'group', 'g', policy.arn);
      await iam.deleteEntity(account, 'group', 'g');

      await iam.createEntity(account, makeEntity(account, 'role', 'r'), {});
      await iam.putInlinePolicy(account, 'role', 'r', { policyName: 'x', document: doc('a:a') });
      await refused(iam.deleteEntity(account, 'role', 'r'), 'DeleteConflict', /role r still has 1 inline policy/);
      await iam.deleteInlinePolicy(account, 'role', 'r', 'x');
      await iam.attachPolicy(account, 'role', 'r', policy.arn, 10);
      await refused(iam.deleteEntity(account, 'role', 'r'), 'DeleteConflict', /1 attached managed policy/);
      await iam.detachPolicy(account, 'role', 'r', policy.arn);
      await iam.deleteEntity(account, 'role', 'r');
      await refused(iam.deleteEntity(account, 'role', 'r'), 'NoSuchEntity', /The role with name r cannot be found/);
    });

    test('entity tags: add, overwrite, remove; the 51st tag is refused and nothing is written', async () => {
      const account = randomAccount();
      const user = makeEntity(account, 'user', 'tagged');
      await iam.createEntity(account, user, { b: '1' });
      await iam.tagEntity(account, 'user', 'TAGGED', { a: '0', b: '2' }, 50);
      assert.deepEqual(Object.entries(await iam.entityTags(account, user.id)), [
        ['a', '0'],
        ['b', '2'],
      ]);
      await iam.untagEntity(account, 'user', 'tagged', ['a', 'absent', 'a']);
      await iam.untagEntity(account, 'user', 'tagged', []);
      assert.deepEqual(await iam.entityTags(account, user.id), { b: '2' });

      const fortyNine = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']));
      await iam.tagEntity(account, 'user', 'tagged', fortyNine, 50); // 50 with b
      await refused(iam.tagEntity(account, 'user', 'tagged', { b: 'changed', extra: 'x' }, 50), 'LimitExceeded', /50/);
      const stored = await iam.entityTags(account, user.id);
      assert.equal(Object.keys(stored).length, 50);
      assert.equal(stored.b, '2', 'the overwrite in the refused call was not applied');
      await iam.tagEntity(account, 'user', 'tagged', { b: 'changed' }, 50); // overwriting stays at 50
      assert.equal((await iam.entityTags(account, user.id)).b, 'changed');

      await refused(iam.tagEntity(account, 'user', 'ghost', { a: '1' }, 50), 'NoSuchEntity');
      await refused(iam.untagEntity(account, 'role', 'tagged', ['a']), 'NoSuchEntity');
      assert.deepEqual(await iam.entityTags(account, 'AIDANOSUCHUSER0000000'), {});
    });

    test('group membership: idempotent add, refusals, and paged listings both ways', async () => {
      const account = randomAccount();
      const users = ['Uma', 'victor', 'Wendy', 'xavier', 'Yara', 'zed', 'Tom'];
      for (const name of users) await iam.createEntity(account, makeEntity(account, 'user', name), {});
      const groups = ['Gamma', 'alpha', 'Beta', 'delta', 'Epsilon', 'zeta', 'eta'];
      for (const name of groups) await iam.createEntity(account, makeEntity(account, 'group', name), {});
      for (const user of users) await iam.addUserToGroup(account, 'ALPHA', user);
      for (const group of groups) await iam.addUserToGroup(account, group, 'uma');
      await iam.addUserToGroup(account, 'alpha', 'UMA'); // idempotent

      const members = await allPages((marker) => iam.groupMembers(account, 'alpha', { maxItems: 3, ...(marker ? { marker } : {}) }), [3, 3, 1]);
      assert.deepEqual(names(members), [...users].sort(byLowerName));
      const memberOf = await allPages((marker) => iam.groupsForUser(account, 'Uma', { maxItems: 3, ...(marker ? { marker } : {}) }), [3, 3, 1]);
      assert.deepEqual(names(memberOf), [...groups].sort(byLowerName));
      assert.deepEqual(names((await iam.groupsForUser(account, 'victor', { maxItems: 10 })).items), ['alpha']);
      assert.deepEqual((await iam.groupMembers(account, 'beta', { maxItems: 10 })).items.length, 1);

      await refused(iam.addUserToGroup(account, 'nogroup', 'Uma'), 'NoSuchEntity', /group with name nogroup/);
      await refused(iam.addUserToGroup(account, 'alpha', 'nobody'), 'NoSuchEntity', /user with name nobody/);
      await refused(iam.removeUserFromGroup(account, 'beta', 'victor'), 'NoSuchEntity', /not a member/);
      await refused(iam.removeUserFromGroup(account, 'nogroup', 'victor'), 'NoSuchEntity');
      await refused(iam.groupMembers(account, 'nogroup', { maxItems: 10 }), 'NoSuchEntity');
      await refused(iam.groupsForUser(account, 'nobody', { maxItems: 10 }), 'NoSuchEntity');
      await iam.removeUserFromGroup(account, 'Alpha', 'VICTOR');
      assert.deepEqual((await iam.groupsForUser(account, 'victor', { maxItems: 10 })).items, []);
    });

    test('inline policies: put replaces without regard to case, get, paged list, delete, refusals', async () => {
      const account = randomAccount();
      await iam.createEntity(account, makeEntity(account, 'role', 'worker'), {});
      const policyNames = ['Charlie', 'alpha', 'Bravo', 'echo', 'Delta', 'foxtrot', 'golf'];
      for (const policyName of policyNames) await iam.putInlinePolicy(account, 'role', 'worker', { policyName, document: doc(`x:${policyName}`) });
      await iam.putInlinePolicy(account, 'role', 'WORKER', { policyName: 'ALPHA', document: doc('x:replaced') });
      assert.deepEqual(await iam.getInlinePolicy(account, 'role', 'worker', 'alpha'), { policyName: 'ALPHA', document: doc('x:replaced') });
      assert.equal(await iam.getInlinePolicy(account, 'role', 'worker', 'absent'), undefined);
      assert.equal(await iam.getInlinePolicy(account, 'role', 'nobody', 'alpha'), undefined);
      assert.equal(await iam.getInlinePolicy(account, 'user', 'worker', 'alpha'), undefined);

      const listed = await allPages((marker) => iam.listInlinePolicies(account, 'role', 'worker', { maxItems: 3, ...(marker ? { marker } : {}) }), [3, 3, 1]);
      assert.deepEqual(listed, ['ALPHA', 'Bravo', 'Charlie', 'Delta', 'echo', 'foxtrot', 'golf']);

      await iam.deleteInlinePolicy(account, 'role', 'worker', 'CHARLIE');
      assert.equal(await iam.getInlinePolicy(account, 'role', 'worker', 'charlie'), undefined);
      await refused(iam.deleteInlinePolicy(account, 'role', 'worker', 'charlie'), 'NoSuchEntity', /role policy with name charlie/);
      await refused(iam.deleteInlinePolicy(account, 'role', 'nobody', 'alpha'), 'NoSuchEntity', /role with name nobody/);
      await refused(iam.putInlinePolicy(account, 'user', 'worker', { policyName: 'p', document: '{}' }), 'NoSuchEntity');
      await refused(iam.listInlinePolicies(account, 'group', 'worker', { maxItems: 10 }), 'NoSuchEntity');
    });

    test('managed policies: create, name clash in any case, get, paged list with pathPrefix and onlyAttached', async () => {
      const account = randomAccount();
      const input = { ...policyInput(account, 'ReadOnly', '/app/'), description: 'reads' };
      const created = await iam.createManagedPolicy(account, input, doc('s3:Get*'));
      assert.deepEqual(created, { ...input, defaultVersionId: 'v1', attachmentCount: 0 });
      assert.deepEqual(await iam.getManagedPolicy(account, input.arn), created);
      assert.equal(await iam.getManagedPolicy(randomAccount(), input.arn), undefined);
      await refused(iam.createManagedPolicy(account, policyInput(account, 'readonly'), doc('a:a')), 'EntityAlreadyExists', /A policy called readonly already exists/);
      assert.deepEqual(await iam.getPolicyVersion(account, input.arn, 'v1'), {
        versionId: 'v1',
        document: doc('s3:Get*'),
        isDefaultVersion: true,
        createDate: input.createDate,
      });

      for (const name of ['zulu', 'Mike', 'kilo', 'Lima', 'november', 'Oscar']) {
        await iam.createManagedPolicy(account, policyInput(account, name, name.toLowerCase() < 'n' ? '/app/' : '/ops/'), doc('a:a'));
      }
      const all = await allPages((marker) => iam.listManagedPolicies(account, { maxItems: 3, ...(marker ? { marker } : {}) }), [3, 3, 1]);
      assert.deepEqual(names(all), ['kilo', 'Lima', 'Mike', 'november', 'Oscar', 'ReadOnly', 'zulu']);
      const app = await allPages((marker) => iam.listManagedPolicies(account, { maxItems: 2, pathPrefix: '/app/', ...(marker ? { marker } : {}) }), [2, 2]);
      assert.deepEqual(names(app), ['kilo', 'Lima', 'Mike', 'ReadOnly']);

      await iam.createEntity(account, makeEntity(account, 'user', 'u'), {});
      await iam.createEntity(account, makeEntity(account, 'role', 'r'), {});
      const mike = `arn:aws:iam::${account}:policy/app/Mike`;
      await iam.attachPolicy(account, 'user', 'u', mike, 10);
      await iam.attachPolicy(account, 'role', 'r', mike, 10);
      await iam.attachPolicy(account, 'role', 'r', input.arn, 10);
      const attached = await iam.listManagedPolicies(account, { maxItems: 10, onlyAttached: true });
      assert.deepEqual(
        attached.items.map((p) => [p.name, p.attachmentCount]),
        [
          ['Mike', 2],
          ['ReadOnly', 1],
        ],
      );
      assert.deepEqual(names((await iam.listManagedPolicies(account, { maxItems: 10, onlyAttached: true, pathPrefix: '/ops/' })).items), []);
      assert.equal((await iam.listManagedPolicies(account, { maxItems: 10, onlyAttached: false })).items.length, 7);
    });

    test('policy versions: numbering never reused, the 6th is refused, newest first in pages, default rules', async () => {
      const account = randomAccount();
      const { arn } = await iam.createManagedPolicy(account, policyInput(account, 'Versioned'), doc('v:1'));
      const day = (n: number) => new Date(`2026-12-0${n}T00:00:00.000Z`);
      const v2 = await iam.createPolicyVersion(account, arn, doc('v:2'), false, day(2), 5);
      assert.deepEqual(v2, { versionId: 'v2', document: doc('v:2'), isDefaultVersion: false, createDate: day(2) });
      await iam.createPolicyVersion(account, arn, doc('v:3'), false, day(3), 5);
      const v4 = await iam.createPolicyVersion(account, arn, doc('v:4'), true, day(4), 5);
      assert.equal(v4.isDefaultVersion, true);
      const policy = await iam.getManagedPolicy(account, arn);
      assert.equal(policy?.defaultVersionId, 'v4');
      assert.deepEqual(policy?.updateDate, day(4));
      await iam.createPolicyVersion(account, arn, doc('v:5'), false, day(5), 5);
      await refused(iam.createPolicyVersion(account, arn, doc('v:6'), false, day(6), 5), 'LimitExceeded', /up to 5 versions/);

      const listed = await allPages((marker) => iam.listPolicyVersions(account, arn, { maxItems: 2, ...(marker ? { marker } : {}) }), [2, 2, 1]);
      assert.deepEqual(
        listed.map((v) => [v.versionId, v.isDefaultVersion]),
        [
          ['v5', false],
          ['v4', true],
          ['v3', false],
          ['v2', false],
          ['v1', false],
        ],
      );
      assert.deepEqual(await iam.listPolicyVersions(account, arn, { maxItems: 2, marker: 'djQ' }), { items: [] }, 'a marker that is no version number');

      await refused(iam.deletePolicyVersion(account, arn, 'v4'), 'DeleteConflict', /default version/);
      await refused(iam.deletePolicyVersion(account, arn, 'v9'), 'NoSuchEntity', /version v9/);
      await iam.deletePolicyVersion(account, arn, 'v2');
      assert.equal(await iam.getPolicyVersion(account, arn, 'v2'), undefined);
      const v6 = await iam.createPolicyVersion(account, arn, doc('v:6'), false, day(6), 5);
      assert.equal(v6.versionId, 'v6', 'numbers are not reused');

      await refused(iam.setDefaultPolicyVersion(account, arn, 'v2', day(7)), 'NoSuchEntity');
      await iam.setDefaultPolicyVersion(account, arn, 'v6', day(7));
      assert.equal((await iam.getPolicyVersion(account, arn, 'v6'))?.isDefaultVersion, true);
      assert.equal((await iam.getPolicyVersion(account, arn, 'v4'))?.isDefaultVersion, false);
      assert.deepEqual((await iam.getManagedPolicy(account, arn))?.updateDate, day(7));

      const missing = `arn:aws:iam::${account}:policy/Missing`;
      await refused(iam.createPolicyVersion(account, missing, doc('x'), false, day(1), 5), 'NoSuchEntity', /Policy .*Missing does not exist/);
      await refused(iam.listPolicyVersions(account, missing, { maxItems: 10 }), 'NoSuchEntity');
      await refused(iam.deletePolicyVersion(account, missing, 'v1'), 'NoSuchEntity');
      await refused(iam.setDefaultPolicyVersion(account, missing, 'v1', day(1)), 'NoSuchEntity');
      assert.equal(await iam.getPolicyVersion(account, missing, 'v1'), undefined);

      // DeletePolicy: refused while other versions exist, then removes the policy and its default version.
      await refused(iam.deleteManagedPolicy(account, arn), 'DeleteConflict', /more than one version/);
      for (const v of ['v1', 'v3', 'v4', 'v5']) await iam.deletePolicyVersion(account, arn, v);
      await iam.deleteManagedPolicy(account, arn);
      assert.equal(await iam.getManagedPolicy(account, arn), undefined);
      assert.equal(await iam.getPolicyVersion(account, arn, 'v6'), undefined);
      await refused(iam.deleteManagedPolicy(account, arn), 'NoSuchEntity');
    });

    test('attachments: idempotent, the 11th is refused, detach, paged attachedPolicies, delete conflicts', async () => {
      const account = randomAccount();
      await iam.createEntity(account, makeEntity(account, 'user', 'dave'), {});
      const arns: string[] = [];
      for (let i = 0; i < 11; i++) {
        arns.push((await iam.createManagedPolicy(account, policyInput(account, `P${String(i).padStart(2, '0')}`, i % 2 === 0 ? '/even/' : '/odd/'), doc('a:a'))).arn);
      }
      for (const arn of arns.slice(0, 10)) await iam.attachPolicy(account, 'user', 'dave', arn, 10);
      await iam.attachPolicy(account, 'user', 'DAVE', arns[0]!, 10); // already attached: fine at the limit
      await refused(iam.attachPolicy(account, 'user', 'dave', arns[10]!, 10), 'LimitExceeded', /PoliciesPerUser: 10/);
      assert.equal((await iam.getManagedPolicy(account, arns[10]!))?.attachmentCount, 0);

      const listed = await allPages((marker) => iam.attachedPolicies(account, 'user', 'dave', { maxItems: 4, ...(marker ? { marker } : {}) }), [4, 4, 2]);
      assert.deepEqual(
        names(listed),
        Array.from({ length: 10 }, (_, i) => `P${String(i).padStart(2, '0')}`),
      );
      const even = await iam.attachedPolicies(account, 'user', 'dave', { maxItems: 100, pathPrefix: '/even/' });
      assert.deepEqual(names(even.items), ['P00', 'P02', 'P04', 'P06', 'P08']);

      await refused(iam.deleteManagedPolicy(account, arns[0]!), 'DeleteConflict', /attached to 1 entity/);
      await iam.detachPolicy(account, 'user', 'dave', arns[0]!);
      await refused(iam.detachPolicy(account, 'user', 'dave', arns[0]!), 'NoSuchEntity', /was not found/);
      await iam.attachPolicy(account, 'user', 'dave', arns[10]!, 10);
      await iam.deleteManagedPolicy(account, arns[0]!);

      await refused(iam.attachPolicy(account, 'user', 'nobody', arns[1]!, 10), 'NoSuchEntity', /user with name nobody/);
      await refused(iam.attachPolicy(account, 'user', 'dave', arns[0]!, 10), 'NoSuchEntity', /does not exist/);
      await refused(iam.detachPolicy(account, 'group', 'dave', arns[1]!), 'NoSuchEntity');
      await refused(iam.attachedPolicies(account, 'role', 'dave', { maxItems: 10 }), 'NoSuchEntity');
    });

    test('effectivePolicies: a user in two groups gets inline and default-version managed documents', async () => {
      const account = randomAccount();
      const user = makeEntity(account, 'user', 'erin');
      await iam.createEntity(account, user, {});
      await iam.createEntity(account, makeEntity(account, 'group', 'zgroup'), {});
      await iam.createEntity(account, makeEntity(account, 'group', 'Agroup'), {});
      await iam.createEntity(account, makeEntity(account, 'group', 'unrelated'), {});
      await iam.addUserToGroup(account, 'zgroup', 'erin');
      await iam.addUserToGroup(account, 'agroup', 'erin');

      await iam.putInlinePolicy(account, 'user', 'erin', { policyName: 'Own', document: doc('own:inline') });
      await iam.putInlinePolicy(account, 'group', 'zgroup', { policyName: 'Z', document: doc('z:inline') });
      await iam.putInlinePolicy(account, 'group', 'agroup', { policyName: 'A', document: doc('a:inline') });
      await iam.putInlinePolicy(account, 'group', 'unrelated', { policyName: 'U', document: doc('u:inline') });
      const shared = await iam.createManagedPolicy(account, policyInput(account, 'Shared'), doc('shared:v1'));
      await iam.createPolicyVersion(account, shared.arn, doc('shared:v2'), false, new Date('2026-12-01T00:00:00.000Z'), 5);
      const groupOnly = await iam.createManagedPolicy(account, policyInput(account, 'GroupOnly'), doc('grouponly:v1'));
      await iam.attachPolicy(account, 'user', 'erin', shared.arn, 10);
      await iam.attachPolicy(account, 'group', 'agroup', shared.arn, 10);
      await iam.attachPolicy(account, 'group', 'zgroup', groupOnly.arn, 10);
      await iam.attachPolicy(account, 'group', 'unrelated', groupOnly.arn, 10);

      const expectedV1 = [
        { sourceId: 'user/erin/inline/Own', document: doc('own:inline') },
        { sourceId: shared.arn, document: doc('shared:v1') },
        { sourceId: 'group/Agroup/inline/A', document: doc('a:inline') },
        { sourceId: 'group/zgroup/inline/Z', document: doc('z:inline') },
        { sourceId: groupOnly.arn, document: doc('grouponly:v1') },
      ];
      assert.deepEqual(await iam.effectivePolicies(account, user.id), expectedV1, 'default versions only, each managed policy once');

      await iam.setDefaultPolicyVersion(account, shared.arn, 'v2', new Date('2026-12-02T00:00:00.000Z'));
      const afterDefault = await iam.effectivePolicies(account, user.id);
      assert.deepEqual(afterDefault[1], { sourceId: shared.arn, document: doc('shared:v2') });
      assert.ok(!afterDefault.some((p) => p.document === doc('shared:v1')));

      await iam.removeUserFromGroup(account, 'zgroup', 'erin');
      assert.deepEqual(
        (await iam.effectivePolicies(account, user.id)).map((p) => p.sourceId),
        ['user/erin/inline/Own', shared.arn, 'group/Agroup/inline/A'],
      );

      const role = makeEntity(account, 'role', 'svc');
      await iam.createEntity(account, role, {});
      await iam.putInlinePolicy(account, 'role', 'svc', { policyName: 'R', document: doc('r:inline') });
      await iam.attachPolicy(account, 'role', 'svc', groupOnly.arn, 10);
      assert.deepEqual(await iam.effectivePolicies(account, role.id), [
        { sourceId: 'role/svc/inline/R', document: doc('r:inline') },
        { sourceId: groupOnly.arn, document: doc('grouponly:v1') },
      ]);
      assert.deepEqual(await iam.effectivePolicies(account, 'AIDANOSUCHUSER0000000'), []);
      assert.deepEqual(await iam.effectivePolicies(randomAccount(), user.id), []);
    });

    test('the generation rises with every committed write, not with reads, refusals or touchAccessKey', async () => {
      const account = randomAccount();
      assert.equal(await iam.generation(account), 0);
      let last = 0;
      const wrote = async (what: string, write: () => Promise<unknown>) => {
        await write();
        const now = await iam.generation(account);
        assert.ok(now > last, `${what} bumps the generation (${last} → ${now})`);
        last = now;
      };
      const unchanged = async (what: string, call: () => Promise<unknown>) => {
        await call().catch((error: unknown) => assert.ok(error instanceof IamConflictError, String(error)));
        assert.equal(await iam.generation(account), last, `${what} leaves the generation alone`);
      };
      const key = accessKeyId();
      let arn = '';
      await wrote('createEntity', () => iam.createEntity(account, makeEntity(account, 'user', 'gen'), {}));
      await wrote('createEntity group', () => iam.createEntity(account, makeEntity(account, 'group', 'ggen'), {}));
      await wrote('tagEntity', () => iam.tagEntity(account, 'user', 'gen', { a: '1' }, 50));
      await wrote('untagEntity', () => iam.untagEntity(account, 'user', 'gen', ['a']));
      await wrote('updateEntity', () => iam.updateEntity(account, 'user', 'gen', { newPath: '/p/' }));
      await wrote('addUserToGroup', () => iam.addUserToGroup(account, 'ggen', 'gen'));
      await wrote('removeUserFromGroup', () => iam.removeUserFromGroup(account, 'ggen', 'gen'));
      await wrote('putInlinePolicy', () => iam.putInlinePolicy(account, 'user', 'gen', { policyName: 'p', document: doc('a:a') }));
      await wrote('deleteInlinePolicy', () => iam.deleteInlinePolicy(account, 'user', 'gen', 'p'));
      await wrote('createManagedPolicy', async () => {
        arn = (await iam.createManagedPolicy(account, policyInput(account, 'GenPolicy'), doc('a:a'))).arn;
      });
      await wrote('createPolicyVersion', () => iam.createPolicyVersion(account, arn, doc('b:b'), false, new Date(), 5));
      await wrote('setDefaultPolicyVersion', () => iam.setDefaultPolicyVersion(account, arn, 'v2', new Date()));
      await wrote('deletePolicyVersion', () => iam.deletePolicyVersion(account, arn, 'v1'));
      await wrote('attachPolicy', () => iam.attachPolicy(account, 'user', 'gen', arn, 10));
      await wrote('detachPolicy', () => iam.detachPolicy(account, 'user', 'gen', arn));
      await wrote('createAccessKey', () => iam.createAccessKey(account, 'gen', { accessKeyId: key, secretSealed: 's', createDate: new Date() }, 2));
      await wrote('updateAccessKeyStatus', () => iam.updateAccessKeyStatus(account, 'gen', key, 'Inactive'));

      await unchanged('reads', async () => {
        await iam.getEntity(account, 'user', 'gen');
        await iam.listEntities(account, 'user', { maxItems: 10 });
        await iam.listAccessKeys(account, 'gen');
        await iam.findAccessKey(key);
        await iam.effectivePolicies(account, 'AIDANOSUCHUSER0000000');
        await iam.listManagedPolicies(account, { maxItems: 10 });
        await iam.generation(account);
      });
      await unchanged('touchAccessKey', () => iam.touchAccessKey(key, new Date(), 'us-east-1', 'mobiletargeting'));
      await unchanged('a refused createEntity', () => iam.createEntity(account, makeEntity(account, 'user', 'GEN'), {}));
      await unchanged('a refused deleteEntity', () => iam.deleteEntity(account, 'user', 'gen'));
      await unchanged('a refused createAccessKey', () => iam.createAccessKey(account, 'nobody', { accessKeyId: accessKeyId(), secretSealed: 's', createDate: new Date() }, 2));

      await wrote('deleteAccessKey', () => iam.deleteAccessKey(account, 'gen', key));
      await wrote('deleteManagedPolicy', () => iam.deleteManagedPolicy(account, arn));
      await wrote('deleteEntity', () => iam.deleteEntity(account, 'user', 'gen'));
      assert.equal(await iam.generation(randomAccount()), 0, 'other accounts are untouched');
    });

    test('access keys: create, the 3rd is refused, list oldest first, status, delete, cross-account lookup, last use', async () => {
      const account = randomAccount();
      const other = randomAccount();
      const user = makeEntity(account, 'user', 'frank');
      await iam.createEntity(account, user, {});
      await iam.createEntity(account, makeEntity(account, 'user', 'grace'), {});
      await iam.createEntity(other, makeEntity(other, 'user', 'frank'), {});
      const [k1, k2, k3, kOther] = [accessKeyId(), accessKeyId(), accessKeyId(), accessKeyId()];
      const newer = await iam.createAccessKey(account, 'FRANK', { accessKeyId: k2, secretSealed: 'sealed-2', createDate: new Date('2026-02-01T00:00:00.000Z') }, 2);
      assert.deepEqual(newer, {
        accessKeyId: k2,
        userId: user.id,
        userName: 'frank',
        status: 'Active',
        createDate: new Date('2026-02-01T00:00:00.000Z'),
        secretSealed: 'sealed-2',
        lastUsedDate: undefined,
        lastUsedRegion: undefined,
        lastUsedService: undefined,
      });
      await iam.createAccessKey(account, 'frank', { accessKeyId: k1, secretSealed: 'sealed-1', createDate: new Date('2026-01-01T00:00:00.000Z') }, 2);
      await refused(iam.createAccessKey(account, 'frank', { accessKeyId: k3, secretSealed: 's', createDate: new Date() }, 2), 'LimitExceeded', /AccessKeysPerUser: 2/);
      assert.equal(await iam.findAccessKey(k3), undefined, 'the refused key was not written');
      await refused(iam.createAccessKey(account, 'nobody', { accessKeyId: k3, secretSealed: 's', createDate: new Date() }, 2), 'NoSuchEntity');
      await iam.createAccessKey(other, 'frank', { accessKeyId: kOther, secretSealed: 'sealed-o', createDate: new Date() }, 2);

      assert.deepEqual(
        (await iam.listAccessKeys(account, 'frank')).map((k) => k.accessKeyId),
        [k1, k2],
      );
      assert.deepEqual(await iam.listAccessKeys(account, 'grace'), []);
      await refused(iam.listAccessKeys(account, 'nobody'), 'NoSuchEntity');

      await iam.updateAccessKeyStatus(account, 'frank', k1, 'Inactive');
      assert.equal((await iam.findAccessKey(k1))?.key.status, 'Inactive');
      await iam.updateAccessKeyStatus(account, 'frank', k1, 'Active');
      await refused(iam.updateAccessKeyStatus(account, 'grace', k1, 'Inactive'), 'NoSuchEntity', /Access Key with id/);
      await refused(iam.updateAccessKeyStatus(other, 'frank', k1, 'Inactive'), 'NoSuchEntity');
      await refused(iam.updateAccessKeyStatus(account, 'frank', 'AKIANOSUCHKEY0000000', 'Inactive'), 'NoSuchEntity');
      await assert.rejects(iam.updateAccessKeyStatus(account, 'frank', k1, 'Broken' as 'Active'), RangeError);
      assert.equal((await iam.findAccessKey(k1))?.key.status, 'Active');

      const found = await iam.findAccessKey(k2);
      assert.equal(found?.accountId, account);
      assert.deepEqual(found?.key, newer);
      assert.deepEqual(found?.user, user);
      const foundOther = await iam.findAccessKey(kOther);
      assert.equal(foundOther?.accountId, other);
      assert.equal(foundOther?.user.name, 'frank');
      assert.notEqual(foundOther?.user.id, user.id);
      assert.equal(await iam.findAccessKey('AKIANOSUCHKEY0000000'), undefined);

      await iam.touchAccessKey(k2, new Date('2026-03-03T03:03:03.333Z'), 'eu-west-1', 'mobiletargeting');
      const touched = (await iam.findAccessKey(k2))?.key;
      assert.deepEqual(touched?.lastUsedDate, new Date('2026-03-03T03:03:03.333Z'));
      assert.equal(touched?.lastUsedRegion, 'eu-west-1');
      assert.equal(touched?.lastUsedService, 'mobiletargeting');
      await iam.touchAccessKey('AKIANOSUCHKEY0000000', new Date(), 'us-east-1', 'x'); // no error

      await refused(iam.deleteAccessKey(account, 'grace', k2), 'NoSuchEntity');
      await refused(iam.deleteAccessKey(account, 'nobody', k2), 'NoSuchEntity', /user with name nobody/);
      await iam.deleteAccessKey(account, 'frank', k2);
      assert.equal(await iam.findAccessKey(k2), undefined);
      await refused(iam.deleteAccessKey(account, 'frank', k2), 'NoSuchEntity');
      await iam.createAccessKey(account, 'frank', { accessKeyId: k3, secretSealed: 's', createDate: new Date() }, 2);
    });

    test('sessions: create, find, deleteExpired counts only expired ones', async () => {
      const account = randomAccount();
      const base = (n: number, expiresAt: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
        accessKeyId: `ASIA${suffix(16)}`,
        accountId: account,
        secretSealed: `sealed-${n}`,
        sessionTokenHash: 'ab'.repeat(32),
        principal: { kind: 'assumed-role', roleId: 'AROAEXAMPLE', sessionName: `s${n}`, sessionTags: { team: 'x' }, transitiveTagKeys: [] },
        sessionPolicy: undefined,
        issuedAt: new Date('1999-12-31T00:00:00.000Z'),
        expiresAt: new Date(expiresAt),
        ...extra,
      });
      const expired1 = base(1, '2000-01-01T00:00:00.000Z');
      const expired2 = base(2, '2000-06-01T00:00:00.000Z', { sessionPolicy: doc('s3:GetObject') });
      const live = base(3, '2100-01-01T00:00:00.000Z');
      const boundary = base(4, '2001-01-01T00:00:00.000Z');
      for (const session of [expired1, expired2, live, boundary]) await iam.createSession(session);
      assert.deepEqual(await iam.findSession(expired2.accessKeyId), expired2);
      assert.deepEqual(await iam.findSession(live.accessKeyId), live);
      assert.equal(await iam.findSession('ASIANOSUCHSESSION000'), undefined);

      assert.equal(await iam.deleteExpiredSessions(new Date('2001-01-01T00:00:00.000Z')), 2, 'expired before now; one expiring exactly now stays');
      assert.equal(await iam.findSession(expired1.accessKeyId), undefined);
      assert.equal(await iam.findSession(expired2.accessKeyId), undefined);
      assert.deepEqual(await iam.findSession(boundary.accessKeyId), boundary);
      assert.equal(await iam.deleteExpiredSessions(new Date('2001-01-01T00:00:00.000Z')), 0);
      assert.equal(await iam.deleteExpiredSessions(new Date('2001-01-01T00:00:00.001Z')), 1);
      assert.deepEqual(await iam.findSession(live.accessKeyId), live);
    });

    test('sealedSecrets lists keys and sessions; resealSecret is a compare-and-set', async () => {
      const account = randomAccount();
      await iam.createEntity(account, makeEntity(account, 'user', 'henry'), {});
      const key = accessKeyId();
      await iam.createAccessKey(account, 'henry', { accessKeyId: key, secretSealed: 'k-old', createDate: new Date() }, 2);
      const session = `ASIA${suffix(16)}`;
      await iam.createSession({
        accessKeyId: session,
        accountId: account,
        secretSealed: 's-old',
        sessionTokenHash: 'cd'.repeat(32),
        principal: { kind: 'user', userId: 'AIDAX' },
        sessionPolicy: undefined,
        issuedAt: new Date(),
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      const mine = (await iam.sealedSecrets()).filter((s) => s.accessKeyId === key || s.accessKeyId === session);
      assert.deepEqual(mine, [
        { table: 'access_keys', accessKeyId: key, secretSealed: 'k-old' },
        { table: 'sessions', accessKeyId: session, secretSealed: 's-old' },
      ]);
      const generation = await iam.generation(account);

      assert.equal(await iam.resealSecret('access_keys', key, 'k-old', 'k-new'), true);
      assert.equal(await iam.resealSecret('access_keys', key, 'k-old', 'k-lost'), false, 'a stale expected value changes nothing');
      assert.equal((await iam.findAccessKey(key))?.key.secretSealed, 'k-new');
      assert.equal(await iam.resealSecret('sessions', key, 'k-new', 'wrong-table'), false);
      assert.equal(await iam.resealSecret('sessions', session, 's-old', 's-new'), true);
      assert.equal((await iam.findSession(session))?.secretSealed, 's-new');
      assert.equal(await iam.resealSecret('access_keys', 'AKIANOSUCHKEY0000000', 'x', 'y'), false);
      await assert.rejects(iam.resealSecret('users' as 'sessions', key, 'k-new', 'x'), RangeError);

      // Racing re-seals of one value: exactly one wins.
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => iam.resealSecret('access_keys', key, 'k-new', `k-race-${i}`)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await iam.generation(account), generation, 're-sealing changes no permission');
    });

    /** Opens the pool's connections first, so racing transactions really run side by side on PostgreSQL. */
    async function warmPool(account: string): Promise<void> {
      await Promise.all(Array.from({ length: 10 }, () => iam.generation(account)));
    }

    test('concurrent createAccessKey for a user with one key: exactly one succeeds', async () => {
      const account = randomAccount();
      await warmPool(account);
      await iam.createEntity(account, makeEntity(account, 'user', 'racer'), {});
      await iam.createAccessKey(account, 'racer', { accessKeyId: accessKeyId(), secretSealed: 's', createDate: new Date() }, 2);
      for (const attempts of [2, 8]) {
        const results = await Promise.allSettled(
          Array.from({ length: attempts }, () => iam.createAccessKey(account, 'racer', { accessKeyId: accessKeyId(), secretSealed: 's', createDate: new Date() }, 2)),
        );
        const succeeded = results.filter((r) => r.status === 'fulfilled');
        assert.equal(succeeded.length, 1, `${attempts} racing: ${results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')).join('; ')}`);
        for (const result of results) {
          if (result.status === 'rejected') {
            assert.ok(result.reason instanceof IamConflictError && result.reason.code === 'LimitExceeded', String(result.reason));
          }
        }
        const keys = await iam.listAccessKeys(account, 'racer');
        assert.equal(keys.length, 2);
        await iam.deleteAccessKey(account, 'racer', keys[1]!.accessKeyId);
      }
    });

    test('concurrent writes near other limits and names stay within them', async () => {
      const account = randomAccount();
      await warmPool(account);
      const results = await Promise.allSettled([
        iam.createEntity(account, makeEntity(account, 'user', 'Twin'), {}),
        iam.createEntity(account, makeEntity(account, 'user', 'tWIN'), {}),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const rejected = results.find((r) => r.status === 'rejected');
      assert.ok(rejected?.status === 'rejected' && rejected.reason instanceof IamConflictError && rejected.reason.code === 'EntityAlreadyExists', String(rejected));
      assert.equal((await iam.listEntities(account, 'user', { maxItems: 10 })).items.length, 1);

      const { arn } = await iam.createManagedPolicy(account, policyInput(account, 'Racy'), doc('a:a'));
      const versions = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => iam.createPolicyVersion(account, arn, doc(`v:${i}`), i % 2 === 0, new Date(), 5)));
      assert.equal(versions.filter((r) => r.status === 'fulfilled').length, 4);
      const listed = await iam.listPolicyVersions(account, arn, { maxItems: 10 });
      assert.deepEqual(
        listed.items.map((v) => v.versionId),
        ['v5', 'v4', 'v3', 'v2', 'v1'],
        'distinct version numbers, none skipped',
      );

      const policies: string[] = [];
      for (let i = 0; i < 12; i++) policies.push((await iam.createManagedPolicy(account, policyInput(account, `Race${i}`), doc('a:a'))).arn);
      const attached = await Promise.allSettled(policies.map((p) => iam.attachPolicy(account, 'user', 'twin', p, 10)));
      assert.equal(attached.filter((r) => r.status === 'fulfilled').length, 10);
      assert.equal((await iam.attachedPolicies(account, 'user', 'twin', { maxItems: 100 })).items.length, 10);

      const tagged = await Promise.allSettled(
        Array.from({ length: 4 }, (_, b) => iam.tagEntity(account, 'user', 'twin', Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`b${b}-${i}`, 'v'])), 50)),
      );
      assert.equal(tagged.filter((r) => r.status === 'fulfilled').length, 2);
    });

    test('unicode and quoting survive; names are compared without regard to case only', async () => {
      const account = randomAccount();
      const weird = "O'Brien+=,.@_-";
      const user = makeEntity(account, 'user', weird, { details: { note: 'Zoë 😀 "q" \\ \u0001' } });
      await iam.createEntity(account, user, { 'k😀': 'v\n' });
      assert.deepEqual(await iam.getEntity(account, 'user', weird.toUpperCase()), user);
      assert.deepEqual(await iam.entityTags(account, user.id), { 'k😀': 'v\n' });
      await iam.putInlinePolicy(account, 'user', weird, { policyName: '%_x', document: '{"a":"😀"}' });
      assert.equal(await iam.getInlinePolicy(account, 'user', weird, '%_'), undefined);
      assert.deepEqual(await iam.getInlinePolicy(account, 'user', weird, '%_X'), { policyName: '%_x', document: '{"a":"😀"}' });
      assert.equal(await iam.getEntity(account, 'user', 'O_Brien+=,.@_-'), undefined, 'no wildcard matching');
    });
  });
}

defineSuite(sqliteTarget);
defineSuite(postgresTarget);
