// The identity store (IamRepository): inline and managed policies, policy versions, attachments and
// the effective policies of a user or role.
// Each runs against a real SQLite file and a real PostgreSQL database created for the run
// (describeIamStorage in test/helpers/iam-fixtures.ts). PostgreSQL being unreachable fails the
// suite; nothing is skipped.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IamRepository } from '../../src/storage/iam-repository.ts';
import { allPages, describeIamStorage, doc, makeEntity, names, policyInput, randomAccount, refused } from '../helpers/iam-fixtures.ts';

describeIamStorage('policies', (suite) => {
  let iam: IamRepository;

  before(() => {
    iam = suite.iam;
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
});
