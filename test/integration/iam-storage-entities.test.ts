// The identity store (IamRepository): users, groups and roles (create, get, list, update, delete),
// their tags and group membership, and the tables the 0002-iam migration makes.
// Each runs against a real SQLite file and a real PostgreSQL database created for the run
// (describeIamStorage in test/helpers/iam-fixtures.ts). PostgreSQL being unreachable fails the
// suite; nothing is skipped.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IamRepository } from '../../src/storage/iam-repository.ts';
import { accessKeyId, allPages, byLowerName, describeIamStorage, doc, makeEntity, names, policyInput, randomAccount, refused } from '../helpers/iam-fixtures.ts';

describeIamStorage('entities', (suite) => {
  let iam: IamRepository;

  before(() => {
    iam = suite.iam;
  });

  test('the 0002-iam migration creates the identity tables', async () => {
    const { target, options } = suite;
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
