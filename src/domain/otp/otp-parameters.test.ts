import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageRequestError } from '../messages/message-request-error.ts';
import { readSendOtpParameters, readVerifyOtpParameters } from './otp-parameters.ts';
import type { SendOtpParameters } from './otp-parameters.ts';

const base: SendOtpParameters = { Channel: 'SMS', BrandName: 'ExampleCorp', ReferenceId: 'login-42', DestinationIdentity: '+12065550100', OriginationIdentity: '+12065550199' };

function refused(read: () => unknown, member: string, message: RegExp): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof MessageRequestError, String(error));
    assert.equal(error.member, member);
    assert.match(error.message, message);
    assert.ok(error.message.startsWith(member), error.message);
    return true;
  });
}

test('defaults: 6 digits, 5 attempts, 10 minutes, en-US; the origination number is the sender', () => {
  assert.deepEqual(readSendOtpParameters(base), {
    channel: 'SMS',
    destination: '+12065550100',
    origination: { originationNumber: '+12065550199' },
    brandName: 'ExampleCorp',
    referenceId: 'login-42',
    codeLength: 6,
    allowedAttempts: 5,
    validityMinutes: 10,
    language: 'en-US',
  });
});

test('every optional member is taken when in range', () => {
  const plan = readSendOtpParameters({ ...base, CodeLength: 8, AllowedAttempts: 1, ValidityPeriod: 60, Language: 'de-de', EntityId: '1101456789012345678', TemplateId: '1107161234567890123', OriginationIdentity: 'ExampleCo' });
  assert.equal(plan.codeLength, 8);
  assert.equal(plan.allowedAttempts, 1);
  assert.equal(plan.validityMinutes, 60);
  assert.equal(plan.language, 'de-DE');
  assert.equal(plan.entityId, '1101456789012345678');
  assert.equal(plan.templateId, '1107161234567890123');
  assert.deepEqual(plan.origination, { senderId: 'ExampleCo' });
  assert.deepEqual(readSendOtpParameters({ ...base, OriginationIdentity: '12345' }).origination, { originationNumber: '12345' });
  assert.equal(readSendOtpParameters({ ...base, CodeLength: 5, ValidityPeriod: 5 }).codeLength, 5);
  assert.equal(readSendOtpParameters({ ...base, BrandName: 'ブランド名'.repeat(4) }).brandName.length, 20, '20 characters in any script');
});

test('Channel: SMS only', () => {
  const member = 'SendOTPMessageRequestParameters.Channel';
  refused(() => readSendOtpParameters({ ...base, Channel: '' }), member, /is required; the supported value is SMS/);
  for (const channel of ['VOICE', 'EMAIL', 'sms', 'PUSH']) refused(() => readSendOtpParameters({ ...base, Channel: channel }), member, new RegExp(`must be SMS .*got '${channel}'`));
});

test('DestinationIdentity: E.164, and never quoted back', () => {
  const member = 'SendOTPMessageRequestParameters.DestinationIdentity';
  refused(() => readSendOtpParameters({ ...base, DestinationIdentity: '' }), member, /is required/);
  for (const bad of ['12065550100', '+1 206 555 0100', '+0123456', '+1234567890123456', 'ada@example.com', '+1206555010x']) {
    assert.throws(() => readSendOtpParameters({ ...base, DestinationIdentity: bad }), (error: Error) => {
      assert.match(error.message, new RegExp(`^${member} must be a phone number in E\\.164 format`));
      assert.ok(!error.message.includes(bad), error.message);
      return true;
    });
  }
});

test('OriginationIdentity: a number, a short code or a sender ID', () => {
  const member = 'SendOTPMessageRequestParameters.OriginationIdentity';
  refused(() => readSendOtpParameters({ ...base, OriginationIdentity: '' }), member, /is required/);
  for (const bad of ['12', '123456789', 'TooLongSenderId', '12345678901', 'Sender ID', 'arn:aws:sms-voice:us-east-1:123456789012:pool/pool-1']) {
    refused(() => readSendOtpParameters({ ...base, OriginationIdentity: bad }), member, /must be a phone number in E\.164 format, a short code .* or a sender ID/);
  }
});

test('BrandName: 1 to 20 characters, not blank, no control characters', () => {
  const member = 'SendOTPMessageRequestParameters.BrandName';
  refused(() => readSendOtpParameters({ ...base, BrandName: '' }), member, /is required/);
  refused(() => readSendOtpParameters({ ...base, BrandName: '   ' }), member, /is required/);
  refused(() => readSendOtpParameters({ ...base, BrandName: 'x'.repeat(21) }), member, /at most 20 characters, got 21/);
  refused(() => readSendOtpParameters({ ...base, BrandName: 'Bad\nBrand' }), member, /control characters/);
});

test('ReferenceId: 1 to 128 characters, no control characters', () => {
  const member = 'SendOTPMessageRequestParameters.ReferenceId';
  refused(() => readSendOtpParameters({ ...base, ReferenceId: '' }), member, /is required and must not be empty/);
  refused(() => readSendOtpParameters({ ...base, ReferenceId: 'r'.repeat(129) }), member, /at most 128 characters, got 129/);
  refused(() => readSendOtpParameters({ ...base, ReferenceId: 'a\u0000b' }), member, /control characters/);
  assert.equal(readSendOtpParameters({ ...base, ReferenceId: 'r'.repeat(128) }).referenceId.length, 128);
});

test('CodeLength 5–8, AllowedAttempts 1–5, ValidityPeriod 5–60', () => {
  const cases: [keyof SendOtpParameters, number, RegExp][] = [
    ['CodeLength', 4, /must be 5 to 8 digits, got 4/],
    ['CodeLength', 9, /must be 5 to 8 digits, got 9/],
    ['AllowedAttempts', 0, /must be 1 to 5 attempts, got 0/],
    ['AllowedAttempts', 6, /must be 1 to 5 attempts, got 6/],
    ['ValidityPeriod', 4, /must be 5 to 60 minutes, got 4/],
    ['ValidityPeriod', 61, /must be 5 to 60 minutes, got 61/],
    ['ValidityPeriod', -10, /must be 5 to 60 minutes, got -10/],
  ];
  for (const [member, value, message] of cases) refused(() => readSendOtpParameters({ ...base, [member]: value }), `SendOTPMessageRequestParameters.${member}`, message);
});

test('Language: one of the listed tags', () => {
  refused(() => readSendOtpParameters({ ...base, Language: 'xx-XX' }), 'SendOTPMessageRequestParameters.Language', /must be one of de-DE, en-GB, en-US, .*zh-TW, got 'xx-XX'/);
  refused(() => readSendOtpParameters({ ...base, Language: 'en' }), 'SendOTPMessageRequestParameters.Language', /got 'en'/);
});

test('EntityId and TemplateId: 1 to 64 characters when given', () => {
  refused(() => readSendOtpParameters({ ...base, EntityId: '' }), 'SendOTPMessageRequestParameters.EntityId', /1 to 64 characters/);
  refused(() => readSendOtpParameters({ ...base, TemplateId: '9'.repeat(65) }), 'SendOTPMessageRequestParameters.TemplateId', /1 to 64 characters/);
});

test('VerifyOTPMessage: destination, reference and a numeric code of at most 8 digits, never quoted back', () => {
  const ok = { DestinationIdentity: '+12065550100', ReferenceId: 'login-42', Otp: '012345' };
  assert.deepEqual(readVerifyOtpParameters(ok), { destination: '+12065550100', referenceId: 'login-42', otp: '012345' });
  assert.equal(readVerifyOtpParameters({ ...ok, Otp: '1' }).otp, '1', 'a short code is a wrong code, not a bad request');
  const member = 'VerifyOTPMessageRequestParameters.Otp';
  refused(() => readVerifyOtpParameters({ ...ok, Otp: '' }), member, /is required/);
  for (const bad of ['12a456', ' 123456', '12345.6', '١٢٣٤٥٦']) {
    assert.throws(() => readVerifyOtpParameters({ ...ok, Otp: bad }), (error: Error) => {
      assert.match(error.message, /^VerifyOTPMessageRequestParameters\.Otp must be the numeric code that was sent \(digits only\)$/);
      return true;
    });
  }
  refused(() => readVerifyOtpParameters({ ...ok, Otp: '123456789' }), member, /at most 8 digits, got 9/);
  refused(() => readVerifyOtpParameters({ ...ok, DestinationIdentity: '2065550100' }), 'VerifyOTPMessageRequestParameters.DestinationIdentity', /E\.164/);
  refused(() => readVerifyOtpParameters({ ...ok, ReferenceId: '' }), 'VerifyOTPMessageRequestParameters.ReferenceId', /must not be empty/);
  refused(() => readVerifyOtpParameters({ ...ok, ReferenceId: 'r'.repeat(129) }), 'VerifyOTPMessageRequestParameters.ReferenceId', /at most 128/);
});
