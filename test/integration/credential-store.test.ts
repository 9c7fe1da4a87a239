// The credential store on a real SQLite file: keys of another account held by the same database
// (the account id was reconfigured) act on nothing; disabled keys are unknown keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { CredentialStore } from '../../src/auth/credential-store.ts';
import { generateMasterKey, SecretBox } from '../../src/security/secret-box.ts';
import { accessKeySecretContext } from '../../src/security/secret-contexts.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';

let dir: string;
let storage: Storage;
const secrets = new SecretBox(generateMasterKey());
const root = { accessKeyId: 'AKIAROOTROOTROOT0001', secretAccessKey: 'root-secret-0123456789' };

async function userKey(accountId: string, userName: string, accessKeyId: string): Promise<void> {
  const iam = storage.repositories.iam;
  await iam.createEntity(accountId, { kind: 'user', id: `AIDA${accessKeyId.slice(4, 21)}`, name: userName, path: '/', arn: `arn:aws:iam::${accountId}:user/${userName}`, createDate: new Date(), details: {} }, {});
  await iam.createAccessKey(accountId, userName, { accessKeyId, secretSealed: secrets.seal('secret-of-' + userName, accessKeySecretContext(accessKeyId)), createDate: new Date() }, 2);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pinion-creds-'));
  storage = await openStorage({ kind: 'sqlite', file: join(dir, 'pinion.sqlite') });
  await userKey('111111111111', 'old', 'AKIAOLDACCOUNT000001');
  await userKey('222222222222', 'new', 'AKIANEWACCOUNT000001');
});

after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

test('only keys of the served account resolve', async () => {
  const store = new CredentialStore({ iam: storage.repositories.iam, secrets, accountId: '222222222222', root, logger: pino({ level: 'silent' }) });
  const mine = await store.resolve('AKIANEWACCOUNT000001');
  assert.equal(mine?.secretAccessKey, 'secret-of-new');
  assert.equal(await store.resolve('AKIAOLDACCOUNT000001'), undefined);
  assert.equal((await store.resolve(root.accessKeyId))?.secretAccessKey, root.secretAccessKey);
});

test('a disabled key resolves to nothing once the cache is cleared', async () => {
  const store = new CredentialStore({ iam: storage.repositories.iam, secrets, accountId: '222222222222', root, logger: pino({ level: 'silent' }) });
  assert.ok(await store.resolve('AKIANEWACCOUNT000001'));
  await storage.repositories.iam.updateAccessKeyStatus('222222222222', 'new', 'AKIANEWACCOUNT000001', 'Inactive');
  store.invalidate();
  assert.equal(await store.resolve('AKIANEWACCOUNT000001'), undefined);
});
