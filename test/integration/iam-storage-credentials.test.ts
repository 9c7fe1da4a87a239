// The identity store (IamRepository): access keys, sessions and the re-sealing of their secrets.
// Each runs against a real SQLite file and a real PostgreSQL database created for the run
// (describeIamStorage in test/helpers/iam-fixtures.ts). PostgreSQL being unreachable fails the
// suite; nothing is skipped.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IamRepository, SessionRecord } from '../../src/storage/iam-repository.ts';
import { accessKeyId, describeIamStorage, doc, makeEntity, randomAccount, refused, suffix } from '../helpers/iam-fixtures.ts';

describeIamStorage('credentials', (suite) => {
  let iam: IamRepository;

  before(() => {
    iam = suite.iam;
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
});
