// The identity store (IamRepository) under change: the generation every committed write bumps, and
// racing writes that must stay within limits and unique names.
// Each runs against a real SQLite file and a real PostgreSQL database created for the run
// (describeIamStorage in test/helpers/iam-fixtures.ts). PostgreSQL being unreachable fails the
// suite; nothing is skipped.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { IamConflictError } from '../../src/storage/iam-repository.ts';
import type { IamRepository } from '../../src/storage/iam-repository.ts';
import { accessKeyId, describeIamStorage, doc, makeEntity, policyInput, randomAccount } from '../helpers/iam-fixtures.ts';

describeIamStorage('generation and concurrency', (suite) => {
  let iam: IamRepository;

  before(() => {
    iam = suite.iam;
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
});
