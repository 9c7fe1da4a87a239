// The SMS opt-out record on a real SQLite file and a real PostgreSQL database
// (test/helpers/storage-targets.ts): add says whether the number was new, remove whether it was
// there, find answers only recorded numbers of that tenant, in chunks for long lists.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { SmsOptOutsRepository } from '../../src/storage/sms-opt-outs-repository.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const TENANT: Tenant = { accountId: '123456789012', region: 'us-east-1' };
const OTHER_REGION: Tenant = { accountId: '123456789012', region: 'eu-west-1' };
const OTHER_ACCOUNT: Tenant = { accountId: '210987654321', region: 'us-east-1' };
const T1 = '2026-11-23T10:00:00.000Z';

const targets = storageTargets('sms-opt-outs');
for (const target of [targets.sqlite, targets.postgres] as StorageTarget[]) {
  describe(`SMS opt-outs storage on ${target.kind}`, () => {
    let storage: Storage;
    let optOuts: SmsOptOutsRepository;

    before(async () => {
      storage = await openStorage(await target.fresh());
      optOuts = storage.repositories.smsOptOuts;
    });

    after(async () => {
      await storage?.close();
      await target.cleanup();
    });

    test('add records a number once; a second add says it was already there', async () => {
      assert.equal(await optOuts.add(TENANT, '+447700900555', T1), true);
      assert.equal(await optOuts.add(TENANT, '+447700900555', T1), false);
      assert.deepEqual(await optOuts.find(TENANT, ['+447700900555', '+447700900556']), new Set(['+447700900555']));
    });

    test('tenants are apart: another region or account does not see the number', async () => {
      await optOuts.add(TENANT, '+447700900557', T1);
      assert.deepEqual(await optOuts.find(OTHER_REGION, ['+447700900557']), new Set());
      assert.deepEqual(await optOuts.find(OTHER_ACCOUNT, ['+447700900557']), new Set());
      assert.equal(await optOuts.add(OTHER_REGION, '+447700900557', T1), true);
    });

    test('remove forgets the number and says whether it was recorded', async () => {
      await optOuts.add(TENANT, '+447700900558', T1);
      assert.equal(await optOuts.remove(TENANT, '+447700900558'), true);
      assert.equal(await optOuts.remove(TENANT, '+447700900558'), false);
      assert.deepEqual(await optOuts.find(TENANT, ['+447700900558']), new Set());
    });

    test('find takes long lists (chunked) and duplicates, and an empty list reads nothing', async () => {
      const numbers = Array.from({ length: 1_200 }, (_, i) => `+4420790${String(i).padStart(5, '0')}`);
      for (const number of numbers.filter((_, i) => i % 400 === 399)) await optOuts.add(TENANT, number, T1);
      const found = await optOuts.find(TENANT, [...numbers, ...numbers.slice(0, 10)]);
      assert.deepEqual([...found].sort(), ['+442079000399', '+442079000799', '+442079001199']);
      assert.deepEqual(await optOuts.find(TENANT, []), new Set());
    });
  });
}
