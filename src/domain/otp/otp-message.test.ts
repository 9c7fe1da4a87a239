import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OTP_DEFAULT_LANGUAGE, OTP_LANGUAGES, otpLanguage, otpMessageTemplate, otpSubstitutions } from './otp-message.ts';

test("English is Pinpoint's documented template; the default language is en-US", () => {
  assert.equal(OTP_DEFAULT_LANGUAGE, 'en-US');
  assert.equal(otpMessageTemplate('en-US'), 'This is your One Time Password: {{otp}} from {{brand}}');
});

test('every language has a text with the code and the brand exactly once, and nothing else to fill', () => {
  assert.deepEqual(OTP_LANGUAGES, ['de-DE', 'en-GB', 'en-US', 'es-419', 'es-ES', 'fr-CA', 'fr-FR', 'it-IT', 'ja-JP', 'ko-KR', 'kr-KR', 'pt-BR', 'zh-CN', 'zh-TW']);
  for (const tag of OTP_LANGUAGES) {
    const text = otpMessageTemplate(otpLanguage(tag)!);
    assert.equal(text.split('{{otp}}').length, 2, tag);
    assert.equal(text.split('{{brand}}').length, 2, tag);
    assert.deepEqual(text.match(/{{[^}]*}}/g)?.sort(), ['{{brand}}', '{{otp}}'], tag);
  }
});

test('tags match without regard to case; ko-KR is kr-KR; anything else is unknown', () => {
  assert.equal(otpLanguage('EN-us'), 'en-US');
  assert.equal(otpLanguage('es-419'), 'es-419');
  assert.equal(otpLanguage('ko-KR'), 'kr-KR');
  assert.equal(otpLanguage('zh-tw'), 'zh-TW');
  for (const unknown of ['en', 'xx-XX', '', 'en_US', 'de-AT']) assert.equal(otpLanguage(unknown), undefined, unknown);
  assert.throws(() => otpMessageTemplate('en'), RangeError);
});

test('substitutions are one-item lists, as Pinpoint variables are', () => {
  assert.deepEqual(otpSubstitutions('Example{{Corp}}', '012345'), { otp: ['012345'], brand: ['Example{{Corp}}'] });
});
