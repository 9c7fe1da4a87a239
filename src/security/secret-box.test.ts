import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateMasterKey, masterKeyFrom, SecretBox, SecretBoxError } from './secret-box.ts';

test('a sealed secret opens under the same context and names its key', () => {
  const key = generateMasterKey();
  const box = new SecretBox(key);
  const sealed = box.seal('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'iam-access-key:AKIAEXAMPLE');
  assert.ok(!sealed.includes('wJalr'));
  assert.equal(SecretBox.keyIdOf(sealed), key.id);
  assert.equal(box.open(sealed, 'iam-access-key:AKIAEXAMPLE'), 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
});

test('sealing twice gives different values (fresh IV each time)', () => {
  const box = new SecretBox(generateMasterKey());
  assert.notEqual(box.seal('x', 'c'), box.seal('x', 'c'));
});

test('a value moved to another context does not open', () => {
  const box = new SecretBox(generateMasterKey());
  const sealed = box.seal('secret', 'iam-access-key:AKIAONE');
  assert.throws(() => box.open(sealed, 'iam-access-key:AKIATWO'), SecretBoxError);
});

test('any flipped byte is refused, never returned as garbage', () => {
  const box = new SecretBox(generateMasterKey());
  const sealed = box.seal('secret value', 'c');
  const parts = sealed.split('.');
  const body = Buffer.from(parts[3]!, 'base64url');
  for (let i = 0; i < body.length; i++) {
    const tampered = Buffer.from(body);
    tampered[i]! ^= 1;
    assert.throws(() => box.open([parts[0], parts[1], parts[2], tampered.toString('base64url')].join('.'), 'c'), SecretBoxError);
  }
  assert.throws(() => box.open(sealed.slice(0, -4), 'c'), SecretBoxError);
  assert.throws(() => box.open('plain text', 'c'), /not a sealed value/);
});

test('a key that is not in the keyring is named in the error', () => {
  const old = new SecretBox(generateMasterKey());
  const sealed = old.seal('s', 'c');
  const other = new SecretBox(generateMasterKey());
  assert.throws(() => other.open(sealed, 'c'), new RegExp(`master key ${SecretBox.keyIdOf(sealed)!}, which is not in the keyring`));
});

test('after rotation old values open and reseal under the active key', () => {
  const oldKey = generateMasterKey();
  const newKey = generateMasterKey();
  const sealed = new SecretBox(oldKey).seal('s', 'c');
  const rotated = new SecretBox(newKey, [oldKey]);
  assert.equal(rotated.open(sealed, 'c'), 's');
  const resealed = rotated.reseal(sealed, 'c');
  assert.equal(SecretBox.keyIdOf(resealed), newKey.id);
  assert.equal(new SecretBox(newKey).open(resealed, 'c'), 's');
});

test('master keys are exactly 32 bytes and their ids are stable', () => {
  assert.throws(() => masterKeyFrom(Buffer.alloc(16)), /32 bytes, not 16/);
  const bytes = Buffer.alloc(32, 7);
  assert.equal(masterKeyFrom(bytes).id, masterKeyFrom(Buffer.from(bytes)).id);
  assert.match(masterKeyFrom(bytes).id, /^[0-9a-f]{16}$/);
});
