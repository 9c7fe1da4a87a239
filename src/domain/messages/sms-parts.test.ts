import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smsEncoding, smsPartCount } from './sms-parts.ts';

test('GSM text: 160 characters in one part, then 153 per part', () => {
  assert.equal(smsEncoding('Hello, world'), 'GSM');
  assert.equal(smsPartCount('a'.repeat(160)), 1);
  assert.equal(smsPartCount('a'.repeat(161)), 2);
  assert.equal(smsPartCount('a'.repeat(306)), 2);
  assert.equal(smsPartCount('a'.repeat(307)), 3);
});

test('GSM extension characters count twice', () => {
  assert.equal(smsEncoding('price: 5€'), 'GSM');
  assert.equal(smsPartCount('€'.repeat(80)), 1);
  assert.equal(smsPartCount('€'.repeat(81)), 2);
});

test('anything outside GSM 03.38 goes as UCS-2: 70 in one part, then 67 per part', () => {
  assert.equal(smsEncoding('Привет'), 'UCS2');
  assert.equal(smsPartCount('ж'.repeat(70)), 1);
  assert.equal(smsPartCount('ж'.repeat(71)), 2);
  assert.equal(smsPartCount('😀'.repeat(35)), 1);
  assert.equal(smsPartCount('😀'.repeat(36)), 2);
});

test('an empty body is one part', () => {
  assert.equal(smsPartCount(''), 1);
});
