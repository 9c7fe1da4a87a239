// The one-time-password repository on a real SQLite file and a real PostgreSQL database
// (test/helpers/storage-targets.ts): a code verifies once, wrong attempts count down to none,
// expiry by the caller's clock, replacement by a new code, isolation by key, project and tenant,
// the project's delete and the pruner taking codes away, and concurrent bursts that never get
// more attempts than the code allows nor more than one success. On PostgreSQL the bursts come
// from two Storage instances (two processes' pools) on one database; on SQLite from one
// (better-sqlite3 would block the event loop waiting for a second connection's write lock).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appArn } from '../../src/domain/arn.ts';
import { otpCodeHash, sameOtpHash } from '../../src/domain/otp/otp-hash.ts';
import { otpPepper, otpPepperEntry } from '../../src/operations/otp/otp-pepper.ts';
import { generateMasterKey, SecretBox } from '../../src/security/secret-box.ts';
import { ProjectMissingError } from '../../src/storage/endpoints-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import type { OtpCode, OtpKey, OtpRepository, OtpVerification } from '../../src/storage/otp-repository.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';
import { storageTargets } from '../helpers/storage-targets.ts';
import type { StorageTarget } from '../helpers/storage-targets.ts';

const TENANT: Tenant = { accountId: '123456789012', region: 'us-east-1' };
const OTHER_REGION: Tenant = { accountId: '123456789012', region: 'eu-west-1' };
const T0 = '2026-11-23T10:00:00.000Z';
const BEFORE_EXPIRY = '2026-11-23T10:09:59.999Z';
const EXPIRY = '2026-11-23T10:10:00.000Z';
const PEPPER = Buffer.alloc(32, 3);
let appCounter = 0;

function newAppId(): string {
  appCounter += 1;
  return `${String(appCounter).padStart(4, '0')}${'d'.repeat(28)}`;
}

const KEY: OtpKey = { referenceId: 'login-42', destination: '+12065550100' };

function hashOf(tenant: Tenant, appId: string, key: OtpKey, code: string): string {
  return otpCodeHash(PEPPER, { accountId: tenant.accountId, region: tenant.region, appId, ...key }, code);
}

function codeFor(tenant: Tenant, appId: string, key: OtpKey, code: string, overrides: Partial<OtpCode> = {}): OtpCode {
  return { codeHash: hashOf(tenant, appId, key, code), attemptsLeft: 5, expiresAt: EXPIRY, createdDate: T0, ...overrides };
}

const { sqlite, postgres } = storageTargets('otp');
for (const target of [sqlite, postgres] as StorageTarget[]) {
  describe(`otp storage on ${target.kind}`, () => {
    let options: StorageOptions;
    let storage: Storage;
    let second: Storage;
    let otp: OtpRepository;
    let otherOtp: OtpRepository;

    async function newApp(tenant: Tenant = TENANT): Promise<string> {
      const id = newAppId();
      await storage.repositories.apps.create(tenant, { id, name: id, arn: appArn(tenant, id), creationDate: T0 }, {});
      return id;
    }

    /** What a VerifyOTPMessage with `code` does at `now`. */
    function verify(appId: string, code: string, now = T0, key: OtpKey = KEY, tenant: Tenant = TENANT, repository = otp): Promise<OtpVerification> {
      const candidate = hashOf(tenant, appId, key, code);
      return repository.verify(tenant, appId, key, now, (stored) => sameOtpHash(stored, candidate));
    }

    async function rows(appId: string): Promise<Record<string, unknown>[]> {
      return target.query(options, `select reference_id, destination, code_hash, attempts_left, expires_at from otp_codes where app_id = '${appId}' order by reference_id, destination`);
    }

    before(async () => {
      options = await target.fresh();
      storage = await openStorage(options);
      second = target.kind === 'postgres' ? await openStorage(options) : storage;
      otp = storage.repositories.otp;
      otherOtp = second.repositories.otp;
    });

    after(async () => {
      if (second !== storage) await second?.close();
      await storage?.close();
      await target.cleanup();
    });

    test('a right code verifies once and is consumed; the row holds the hash, never the code', async () => {
      const appId = await newApp();
      await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '480213'));
      const [row] = await rows(appId);
      assert.deepEqual({ ...row, attempts_left: Number(row!.attempts_left) }, { reference_id: 'login-42', destination: '+12065550100', code_hash: hashOf(TENANT, appId, KEY, '480213'), attempts_left: 5, expires_at: EXPIRY });
      assert.ok(!JSON.stringify(row).includes('480213'));
      assert.equal(await verify(appId, '480213'), 'valid');
      assert.equal(await verify(appId, '480213'), 'none', 'used: gone');
      assert.deepEqual(await rows(appId), []);
    });

    test('wrong attempts count down; with none left even the right code is refused, and nothing more is taken', async () => {
      const appId = await newApp();
      await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '111111', { attemptsLeft: 3 }));
      assert.equal(await verify(appId, '222222'), 'invalid');
      assert.equal(Number((await rows(appId))[0]!.attempts_left), 2);
      assert.equal(await verify(appId, '333333'), 'invalid');
      assert.equal(await verify(appId, '444444'), 'invalid');
      assert.equal(Number((await rows(appId))[0]!.attempts_left), 0);
      assert.equal(await verify(appId, '111111'), 'none');
      assert.equal(Number((await rows(appId))[0]!.attempts_left), 0, 'never below zero');
    });

    test('the last attempt may be the right one', async () => {
      const appId = await newApp();
      await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '111111', { attemptsLeft: 2 }));
      assert.equal(await verify(appId, '999999'), 'invalid');
      assert.equal(await verify(appId, '111111'), 'valid');
    });

    test('expiry by the caller’s clock: valid up to the last millisecond, then never, without taking an attempt', async () => {
      const appId = await newApp();
      await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '555555'));
      assert.equal(await verify(appId, '000000', BEFORE_EXPIRY), 'invalid');
      assert.equal(await verify(appId, '555555', EXPIRY), 'none');
      assert.equal(await verify(appId, '555555', '2026-11-23T11:00:00.000Z'), 'none');
      assert.equal(Number((await rows(appId))[0]!.attempts_left), 4, 'only the attempt before expiry was taken');
      assert.equal(await verify(appId, '555555', BEFORE_EXPIRY), 'valid', 'the same code, asked before its expiry');
    });

    test('a new code replaces the old one, with fresh attempts and expiry', async () => {
      const appId = await newApp();
      await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '123123', { attemptsLeft: 1, expiresAt: '2026-11-23T10:05:00.000Z' }));
      await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '456456', { attemptsLeft: 4, expiresAt: EXPIRY, createdDate: '2026-11-23T10:01:00.000Z' }));
      assert.equal((await rows(appId)).length, 1);
      assert.equal(await verify(appId, '123123', '2026-11-23T10:06:00.000Z'), 'invalid', 'the old code no longer verifies');
      assert.equal(await verify(appId, '456456', '2026-11-23T10:06:00.000Z'), 'valid');
    });

    test('a code belongs to its reference, destination, project and tenant', async () => {
      const appId = await newApp();
      const otherApp = await newApp();
      const elsewhere = await newApp(OTHER_REGION);
      await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '777777'));
      const otherReference = { ...KEY, referenceId: 'login-43' };
      const otherDestination = { ...KEY, destination: '+12065550101' };
      assert.equal(await verify(appId, '777777', T0, otherReference), 'none');
      assert.equal(await verify(appId, '777777', T0, otherDestination), 'none');
      assert.equal(await verify(otherApp, '777777'), 'none');
      assert.equal(await verify(appId, '777777', T0, KEY, OTHER_REGION), 'none');
      assert.equal(await verify(elsewhere, '777777', T0, KEY, OTHER_REGION), 'none');
      // Two codes side by side under one project.
      await otp.put(TENANT, appId, otherReference, codeFor(TENANT, appId, otherReference, '888888'));
      assert.equal(await verify(appId, '888888', T0, otherReference), 'valid');
      assert.equal(await verify(appId, '777777'), 'valid', 'untouched by the others');
    });

    test('a hash copied into another row does not verify there', async () => {
      const appId = await newApp();
      const stolen = { ...KEY, referenceId: 'other-session' };
      await otp.put(TENANT, appId, stolen, codeFor(TENANT, appId, KEY, '246810'));
      assert.equal(await verify(appId, '246810', T0, stolen), 'invalid');
    });

    test('no project, no code; deleting the project deletes its codes', async () => {
      await assert.rejects(otp.put(TENANT, 'f'.repeat(32), KEY, codeFor(TENANT, 'f'.repeat(32), KEY, '135790')), ProjectMissingError);
      const appId = await newApp();
      const kept = await newApp();
      await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '135790'));
      await otp.put(TENANT, kept, KEY, codeFor(TENANT, kept, KEY, '135790'));
      await storage.repositories.apps.delete(TENANT, appId);
      assert.deepEqual(await rows(appId), []);
      assert.equal((await rows(kept)).length, 1);
    });

    test('pruneExpired removes expired and exhausted codes of every project, and keeps the live ones', async () => {
      const one = await newApp();
      const two = await newApp(OTHER_REGION);
      const live = { ...KEY, referenceId: 'live' };
      const expired = { ...KEY, referenceId: 'expired' };
      const exhausted = { ...KEY, referenceId: 'exhausted' };
      await otp.put(TENANT, one, live, codeFor(TENANT, one, live, '100000', { expiresAt: '2026-11-23T10:30:00.000Z' }));
      await otp.put(TENANT, one, expired, codeFor(TENANT, one, expired, '200000', { expiresAt: '2026-11-23T10:20:00.000Z' }));
      await otp.put(OTHER_REGION, two, expired, codeFor(OTHER_REGION, two, expired, '300000', { expiresAt: '2026-11-23T10:15:00.000Z' }));
      await otp.put(TENANT, one, exhausted, codeFor(TENANT, one, exhausted, '400000', { attemptsLeft: 1, expiresAt: '2026-11-23T10:30:00.000Z' }));
      assert.equal(await verify(one, '000000', T0, exhausted), 'invalid');
      const pruned = await otp.pruneExpired('2026-11-23T10:20:00.000Z');
      assert.ok(pruned >= 3, `pruned ${pruned}`);
      assert.deepEqual((await rows(one)).map((r) => r.reference_id), ['live']);
      assert.deepEqual(await rows(two), []);
      assert.equal(await verify(one, '100000', '2026-11-23T10:25:00.000Z', live), 'valid');
    });

    test('a burst of wrong attempts gets exactly the attempts the code allows, however they interleave', async () => {
      for (let round = 0; round < 5; round++) {
        const appId = await newApp();
        await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '314159', { attemptsLeft: 3 }));
        const burst = await Promise.all(Array.from({ length: 24 }, (_, i) => verify(appId, String(100000 + i), T0, KEY, TENANT, i % 2 === 0 ? otp : otherOtp)));
        assert.equal(burst.filter((o) => o === 'invalid').length, 3, burst.join(','));
        assert.equal(burst.filter((o) => o === 'none').length, 21);
        assert.equal(Number((await rows(appId))[0]!.attempts_left), 0);
        assert.equal(await verify(appId, '314159'), 'none', 'the right code comes too late');
      }
    });

    test('a burst of right attempts verifies exactly once; a burst mixing right and wrong ones stays within the attempts', async () => {
      for (let round = 0; round < 5; round++) {
        const appId = await newApp();
        await otp.put(TENANT, appId, KEY, codeFor(TENANT, appId, KEY, '271828'));
        const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => verify(appId, '271828', T0, KEY, TENANT, i % 2 === 0 ? otp : otherOtp)));
        assert.equal(burst.filter((o) => o === 'valid').length, 1, burst.join(','));
        assert.deepEqual(await rows(appId), []);

        const mixed = await newApp();
        await otp.put(TENANT, mixed, KEY, codeFor(TENANT, mixed, KEY, '161803', { attemptsLeft: 2 }));
        const codes = Array.from({ length: 16 }, (_, i) => (i === 7 ? '161803' : String(200000 + i)));
        const outcomes = await Promise.all(codes.map((code, i) => verify(mixed, code, T0, KEY, TENANT, i % 2 === 0 ? otp : otherOtp)));
        const taken = outcomes.filter((o) => o !== 'none').length;
        assert.ok(taken <= 2, `attempts taken: ${outcomes.join(',')}`);
        assert.ok(outcomes.filter((o) => o === 'valid').length <= 1);
        // The right guess succeeded exactly when it was among the two attempts that got through.
        assert.equal(outcomes[7] === 'valid', outcomes[7] !== 'none');
      }
    });

    test('the OTP pepper is made once, sealed in the meta table, and the same for every process', async () => {
      const box = new SecretBox(generateMasterKey());
      const [a, b] = await Promise.all([otpPepper(storage.repositories.meta, box), otpPepper(second.repositories.meta, box)]);
      assert.equal(a.length, 32);
      assert.deepEqual(a, b);
      const sealed = (await storage.repositories.meta.get(otpPepperEntry.key)) ?? '';
      assert.ok(sealed.startsWith('pinion1.'), 'sealed, never in clear');
      assert.ok(!sealed.includes(a.toString('base64')));
      assert.deepEqual(Buffer.from(box.open(sealed, otpPepperEntry.context), 'base64'), a);
      assert.deepEqual(await otpPepper(storage.repositories.meta, box), a, 'cached');
    });
  });
}
