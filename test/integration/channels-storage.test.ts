// The channels repository on a real SQLite file and a real PostgreSQL database
// (test/helpers/storage-targets.ts): create-or-update with versions, refusals that write nothing,
// delete, the project's delete taking its channels along, and credentials sealed at rest (not in
// the row or the database file in clear, bound to their row, re-sealable for key rotation).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { appArn } from '../../src/domain/arn.ts';
import { openChannelCredentials, sealChannelCredentials } from '../../src/operations/channels/channel-credentials.ts';
import { generateMasterKey, SecretBox, SecretBoxError } from '../../src/security/secret-box.ts';
import { channelCredentialsContext } from '../../src/security/secret-contexts.ts';
import type { ChannelRecord, ChannelsRepository, ChannelWrite } from '../../src/storage/channels-repository.ts';
import { ProjectMissingError } from '../../src/storage/endpoints-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const TENANT: Tenant = { accountId: '123456789012', region: 'us-east-1' };
const OTHER_REGION: Tenant = { accountId: '123456789012', region: 'eu-west-1' };
const CALLER = 'arn:aws:iam::123456789012:user/alice';
const T1 = '2026-11-23T10:00:00.000Z';
const T2 = '2026-11-23T11:00:00.000Z';
const T3 = '2026-11-23T12:00:00.000Z';
const SECRET = 'adm-client-secret-5f0c1e9a77d24b2c';
let appCounter = 0;

function newAppId(): string {
  appCounter += 1;
  return `${String(appCounter).padStart(4, '0')}${'c'.repeat(28)}`;
}

const write = (overrides: Partial<ChannelWrite> = {}) => (): ChannelWrite => ({ enabled: true, settings: { SenderId: 'PINION' }, lastModifiedBy: CALLER, ...overrides });

const { sqlite, postgres } = storageTargets('channels');
for (const target of [sqlite, postgres] as StorageTarget[]) {
  describe(`channels storage on ${target.kind}`, () => {
    let options: StorageOptions;
    let storage: Storage;
    let channels: ChannelsRepository;
    const master = generateMasterKey();
    const box = new SecretBox(master);

    async function newApp(tenant: Tenant = TENANT): Promise<string> {
      const id = newAppId();
      await storage.repositories.apps.create(tenant, { id, name: id, arn: appArn(tenant, id), creationDate: T1 }, {});
      return id;
    }

    function sealed(appId: string, secret = SECRET, tenant: Tenant = TENANT): string {
      return sealChannelCredentials({ secrets: box, tenant }, appId, 'adm', { ClientSecret: secret });
    }

    before(async () => {
      options = await target.fresh();
      storage = await openStorage(options);
      channels = storage.repositories.channels;
    });

    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    test('put creates at version 1, then updates with version + 1, the creation date kept and the new modification', async () => {
      const appId = await newApp();
      const created = await channels.put(TENANT, appId, 'sms', write(), T1);
      const expected: ChannelRecord = { appId, kind: 'sms', enabled: true, settings: { SenderId: 'PINION' }, version: 1, creationDate: T1, lastModifiedDate: T1, lastModifiedBy: CALLER };
      assert.deepEqual(created, expected);
      assert.deepEqual(await channels.get(TENANT, appId, 'sms'), expected);
      let seen: ChannelRecord | undefined;
      const updated = await channels.put(TENANT, appId, 'sms', (current) => {
        seen = current;
        return { enabled: false, settings: { ShortCode: '12345' }, lastModifiedBy: 'arn:aws:iam::123456789012:user/bob' };
      }, T2);
      assert.deepEqual(seen, expected, 'next sees the stored record');
      assert.deepEqual(updated, { appId, kind: 'sms', enabled: false, settings: { ShortCode: '12345' }, version: 2, creationDate: T1, lastModifiedDate: T2, lastModifiedBy: 'arn:aws:iam::123456789012:user/bob' });
      assert.deepEqual(await channels.get(TENANT, appId, 'sms'), updated);
    });

    test('a refusal thrown by next comes out as it is and writes nothing', async () => {
      const appId = await newApp();
      await channels.put(TENANT, appId, 'voice', write({ settings: {} }), T1);
      const refusal = new Error('refused');
      await assert.rejects(channels.put(TENANT, appId, 'voice', () => { throw refusal; }, T2), (error) => error === refusal);
      assert.equal((await channels.get(TENANT, appId, 'voice'))!.version, 1);
      await assert.rejects(channels.put(TENANT, appId, 'email', () => { throw refusal; }, T2), (error) => error === refusal);
      assert.equal(await channels.get(TENANT, appId, 'email'), undefined);
    });

    test('put needs the project: ProjectMissingError, nothing written', async () => {
      const missing = 'f'.repeat(32);
      await assert.rejects(channels.put(TENANT, missing, 'sms', write(), T1), ProjectMissingError);
      assert.equal(await channels.get(TENANT, missing, 'sms'), undefined);
      // The same app id in another region is another project.
      const appId = await newApp();
      await assert.rejects(channels.put(OTHER_REGION, appId, 'sms', write(), T1), ProjectMissingError);
    });

    test('concurrent updates of one channel each get their own version', async () => {
      const appId = await newApp();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => channels.put(TENANT, appId, 'sms', write({ settings: { SenderId: `S${i}` } }), T1)));
      assert.deepEqual(results.map((r) => r.version).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8]);
      assert.equal((await channels.get(TENANT, appId, 'sms'))!.version, 8);
    });

    test('list answers every channel of the project in kind order; delete answers what it removed', async () => {
      const appId = await newApp();
      const other = await newApp();
      await channels.put(TENANT, appId, 'gcm', write({ settings: {}, credentialsSealed: 'x' }), T1);
      await channels.put(TENANT, appId, 'email', write({ settings: { FromAddress: 'a@example.com' } }), T2);
      await channels.put(TENANT, appId, 'apns_sandbox', write({ settings: {} }), T3);
      await channels.put(TENANT, other, 'sms', write(), T1);
      assert.deepEqual((await channels.list(TENANT, appId)).map((c) => c.kind), ['email', 'apns_sandbox', 'gcm']);
      const deleted = await channels.delete(TENANT, appId, 'gcm');
      assert.equal(deleted?.kind, 'gcm');
      assert.equal(deleted?.credentialsSealed, 'x');
      assert.equal(await channels.delete(TENANT, appId, 'gcm'), undefined);
      assert.deepEqual((await channels.list(TENANT, appId)).map((c) => c.kind), ['email', 'apns_sandbox']);
      assert.deepEqual((await channels.list(TENANT, other)).map((c) => c.kind), ['sms']);
    });

    test("deleting the project deletes its channels, not another project's", async () => {
      const appId = await newApp();
      const other = await newApp();
      await channels.put(TENANT, appId, 'adm', write({ settings: { ClientId: 'c' }, credentialsSealed: sealed(appId) }), T1);
      await channels.put(TENANT, other, 'adm', write({ settings: { ClientId: 'c' }, credentialsSealed: sealed(other) }), T1);
      await storage.repositories.apps.delete(TENANT, appId);
      assert.deepEqual(await channels.list(TENANT, appId), []);
      assert.equal((await target.query(options, `select app_id from channels where app_id = '${appId}'`)).length, 0);
      assert.equal((await channels.list(TENANT, other)).length, 1);
    });

    test('credentials are stored sealed: not in the row, not in the database file, in clear; they open for their row', async () => {
      const appId = await newApp();
      const record = await channels.put(TENANT, appId, 'adm', write({ settings: { ClientId: 'client-1' }, credentialsSealed: sealed(appId) }), T1);
      const [row] = await target.query(options, `select * from channels where app_id = '${appId}'`);
      assert.ok(row);
      assert.equal(JSON.stringify(row).includes(SECRET), false, 'the row holds no secret in clear');
      assert.match(String(row.credentials_sealed), /^pinion1\./);
      if (options.kind === 'sqlite') {
        const dir = dirname(options.file);
        for (const name of readdirSync(dir)) {
          assert.equal(readFileSync(join(dir, name)).includes(Buffer.from(SECRET)), false, `${name} holds the secret in clear`);
        }
      }
      assert.deepEqual(openChannelCredentials({ secrets: box, tenant: TENANT }, record), { ClientSecret: SECRET });
      assert.deepEqual(openChannelCredentials({ secrets: box, tenant: TENANT }, (await channels.get(TENANT, appId, 'adm'))!), { ClientSecret: SECRET });
    });

    test("a sealed value copied into another project's row does not open there", async () => {
      const victim = await newApp();
      const thief = await newApp();
      await channels.put(TENANT, victim, 'adm', write({ settings: {}, credentialsSealed: sealed(victim) }), T1);
      await channels.put(TENANT, thief, 'adm', write({ settings: {}, credentialsSealed: sealed(thief, 'thief-own-secret') }), T1);
      const [row] = await target.query(options, `select credentials_sealed from channels where app_id = '${victim}'`);
      await target.exec(options, `update channels set credentials_sealed = '${String(row!.credentials_sealed)}' where app_id = '${thief}'`);
      const copied = (await channels.get(TENANT, thief, 'adm'))!;
      assert.equal(copied.credentialsSealed, row!.credentials_sealed);
      assert.throws(() => openChannelCredentials({ secrets: box, tenant: TENANT }, copied), SecretBoxError);
      // Nor into the same project's row of another kind, or another region.
      assert.throws(() => openChannelCredentials({ secrets: box, tenant: TENANT }, { ...copied, appId: victim, kind: 'baidu' }), SecretBoxError);
      assert.throws(() => openChannelCredentials({ secrets: box, tenant: OTHER_REGION }, { ...copied, appId: victim }), SecretBoxError);
      assert.deepEqual(openChannelCredentials({ secrets: box, tenant: TENANT }, { ...copied, appId: victim }), { ClientSecret: SECRET });
    });

    test('key rotation: sealedCredentials lists every sealed value; resealCredentials is a compare-and-set that keeps the version', async () => {
      const appId = await newApp();
      const plain = await newApp();
      await channels.put(TENANT, appId, 'adm', write({ settings: {}, credentialsSealed: sealed(appId) }), T1);
      await channels.put(TENANT, plain, 'sms', write(), T1);
      const listed = (await channels.sealedCredentials()).filter((c) => c.appId === appId || c.appId === plain);
      assert.deepEqual(listed.map((c) => [c.tenant, c.appId, c.kind]), [[TENANT, appId, 'adm']]);
      const rotated = new SecretBox(generateMasterKey(), [master]);
      const context = channelCredentialsContext(TENANT.accountId, TENANT.region, appId, 'adm');
      const replacement = rotated.reseal(listed[0]!.credentialsSealed, context);
      assert.equal(await channels.resealCredentials(TENANT, appId, 'adm', 'stale', replacement), false);
      assert.equal(await channels.resealCredentials(TENANT, appId, 'adm', listed[0]!.credentialsSealed, replacement), true);
      const after = (await channels.get(TENANT, appId, 'adm'))!;
      assert.equal(after.version, 1);
      assert.equal(SecretBox.keyIdOf(after.credentialsSealed!), rotated.activeKeyId);
      assert.deepEqual(openChannelCredentials({ secrets: rotated, tenant: TENANT }, after), { ClientSecret: SECRET });
    });
  });
}
