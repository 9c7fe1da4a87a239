import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { SigningKeyCache } from './signing-key-cache.ts';

/** The derivation as AWS documents it, written out independently to check the cache's keys. */
function referenceKey(secret: string, date: string, region: string, service: string): Buffer {
  let key: Buffer | string = `AWS4${secret}`;
  for (const part of [date, region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return key as Buffer;
}

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

test('derives the documented SigV4 signing key', async () => {
  const cache = new SigningKeyCache();
  const key = await cache.get(SECRET, '20150830', 'us-east-1', 'iam');
  assert.equal(Buffer.from(key).toString('hex'), referenceKey(SECRET, '20150830', 'us-east-1', 'iam').toString('hex'));
});

test('one derivation per (secret, date, region, service)', async () => {
  const cache = new SigningKeyCache();
  const first = cache.get(SECRET, '20261123', 'us-east-1', 'mobiletargeting');
  assert.equal(cache.get(SECRET, '20261123', 'us-east-1', 'mobiletargeting'), first);
  const others = [
    cache.get(`${SECRET}x`, '20261123', 'us-east-1', 'mobiletargeting'),
    cache.get(SECRET, '20261124', 'us-east-1', 'mobiletargeting'),
    cache.get(SECRET, '20261123', 'eu-west-1', 'mobiletargeting'),
    cache.get(SECRET, '20261123', 'us-east-1', 'sms-voice'),
  ];
  assert.equal(cache.size, 5);
  const hexes = new Set((await Promise.all([first, ...others])).map((k) => Buffer.from(k).toString('hex')));
  assert.equal(hexes.size, 5);
});

test('evicts the least recently used key past its bound', () => {
  const cache = new SigningKeyCache(2);
  const get = (secret: string) => cache.get(secret, '20261123', 'us-east-1', 'mobiletargeting');
  const a = get('a');
  const b = get('b');
  assert.equal(get('a'), a); // a hit makes 'a' the most recently used
  get('c'); // so 'b' is the one evicted
  assert.equal(cache.size, 2);
  assert.equal(get('a'), a);
  assert.notEqual(get('b'), b); // derived afresh
});

test('getFor keys on the secret, not on the object that carries it', async () => {
  const cache = new SigningKeyCache();
  const credential = { secretAccessKey: SECRET };
  const viaObject = cache.getFor(credential, '20261123', 'us-east-1', 'mobiletargeting');
  assert.equal(cache.getFor(credential, '20261123', 'us-east-1', 'mobiletargeting'), viaObject);
  assert.equal(cache.get(SECRET, '20261123', 'us-east-1', 'mobiletargeting'), viaObject);
  assert.equal(cache.getFor({ secretAccessKey: SECRET }, '20261123', 'us-east-1', 'mobiletargeting'), viaObject);
  assert.notEqual(cache.getFor({ secretAccessKey: `${SECRET}2` }, '20261123', 'us-east-1', 'mobiletargeting'), viaObject);
  assert.equal(Buffer.from(await viaObject).toString('hex'), referenceKey(SECRET, '20261123', 'us-east-1', 'mobiletargeting').toString('hex'));
});
