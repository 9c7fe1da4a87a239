import assert from 'node:assert/strict';
import { test } from 'node:test';
import { otpCodeHash, sameOtpHash } from './otp-hash.ts';
import type { OtpScope } from './otp-hash.ts';

const pepper = Buffer.alloc(32, 7);
const scope: OtpScope = { accountId: '123456789012', region: 'us-east-1', appId: 'a'.repeat(32), referenceId: 'login-42', destination: '+12065550100' };

test('the hash is a 64-character hex HMAC, the same for the same inputs, never the code itself', () => {
  const hash = otpCodeHash(pepper, scope, '123456');
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(otpCodeHash(pepper, scope, '123456'), hash);
  assert.ok(!hash.includes('123456'));
});

test('another code, pepper or any part of the scope gives another hash', () => {
  const hash = otpCodeHash(pepper, scope, '123456');
  assert.notEqual(otpCodeHash(pepper, scope, '123457'), hash);
  assert.notEqual(otpCodeHash(Buffer.alloc(32, 8), scope, '123456'), hash);
  for (const member of Object.keys(scope) as (keyof OtpScope)[]) {
    assert.notEqual(otpCodeHash(pepper, { ...scope, [member]: `${scope[member]}x` }, '123456'), hash, member);
  }
  // Length prefixes: moving characters between neighbouring fields changes the hash.
  assert.notEqual(otpCodeHash(pepper, { ...scope, referenceId: 'login-4', destination: '2+12065550100' }, '123456'), hash);
  assert.notEqual(otpCodeHash(pepper, { ...scope, destination: '+1206555010' }, '0123456'), hash);
});

test('sameOtpHash compares whole hashes only', () => {
  const hash = otpCodeHash(pepper, scope, '123456');
  assert.equal(sameOtpHash(hash, otpCodeHash(pepper, scope, '123456')), true);
  assert.equal(sameOtpHash(hash, otpCodeHash(pepper, scope, '654321')), false);
  assert.equal(sameOtpHash(hash, hash.slice(0, 62)), false);
  assert.equal(sameOtpHash('', ''), false);
});
