import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messageIdOfReturnPath, returnPathFor } from './return-path.ts';

const KEY = Buffer.alloc(32, 7);
const ID = '0123456789abcdef0123456789abcdef';

describe('return paths', () => {
  test('a return path names its message, within SMTP\'s 64-character local part', () => {
    const address = returnPathFor(KEY, ID, 'bounces.example.com')!;
    assert.match(address, /^b-0123456789abcdef0123456789abcdef-[a-z2-7]{16}@bounces\.example\.com$/);
    assert.ok(address.indexOf('@') <= 64);
    assert.equal(messageIdOfReturnPath(KEY, address, 'bounces.example.com'), ID);
  });

  test('letter case does not matter (mail servers may change it)', () => {
    const address = returnPathFor(KEY, ID, 'bounces.example.com')!;
    assert.equal(messageIdOfReturnPath(KEY, address.toUpperCase(), 'Bounces.Example.COM'), ID);
  });

  test('a changed id or signature, another key or another domain is not recognised', () => {
    const address = returnPathFor(KEY, ID, 'bounces.example.com')!;
    const otherId = address.replace('b-0', 'b-1');
    const [local] = address.split('@') as [string];
    const otherSignature = `${local.slice(0, -1)}${local.endsWith('a') ? 'b' : 'a'}@bounces.example.com`;
    assert.equal(messageIdOfReturnPath(KEY, otherId, 'bounces.example.com'), undefined);
    assert.equal(messageIdOfReturnPath(KEY, otherSignature, 'bounces.example.com'), undefined);
    assert.equal(messageIdOfReturnPath(Buffer.alloc(32, 8), address, 'bounces.example.com'), undefined);
    assert.equal(messageIdOfReturnPath(KEY, address, 'example.com'), undefined);
    assert.equal(messageIdOfReturnPath(KEY, 'postmaster@bounces.example.com', 'bounces.example.com'), undefined);
  });

  test('only Pinion message ids get a return path', () => {
    assert.equal(returnPathFor(KEY, 'not-an-id', 'bounces.example.com'), undefined);
    assert.equal(returnPathFor(KEY, ID.toUpperCase(), 'bounces.example.com'), undefined);
  });
});
