// PhoneNumberValidate through boto3 (test/acceptance/python/boto3_phone_number_validate.py): the
// answers as botocore parses them, and bad input as a Python client sees it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { NumberValidateResponse } from '@aws-sdk/client-pinpoint';
import { runBoto3Script } from '../helpers/boto3-runner.ts';
import type { Boto3Run } from '../helpers/boto3-runner.ts';
import { startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const script = fileURLToPath(new URL('./python/boto3_phone_number_validate.py', import.meta.url));
let server: PinionProcess;
let run: Boto3Run;

before(async () => {
  server = await startPinion();
  run = await runBoto3Script(script, server);
});
after(async () => {
  await server?.stop();
});

const answer = (step: string): NumberValidateResponse => run.value<{ NumberValidateResponse: NumberValidateResponse }>(step).NumberValidateResponse;

test('valid numbers: landline with IsoCountryCode, formatted US number, national UK mobile', () => {
  assert.deepEqual(answer('uk_landline'), {
    OriginalPhoneNumber: '+442079460881',
    OriginalCountryCodeIso2: 'GB',
    CleansedPhoneNumberE164: '+442079460881',
    CleansedPhoneNumberNational: '2079460881',
    Country: 'United Kingdom',
    CountryCodeIso2: 'GB',
    CountryCodeNumeric: '44',
    PhoneType: 'LANDLINE',
    PhoneTypeCode: 1,
  });
  const us = answer('us_formatted');
  assert.deepEqual([us.CleansedPhoneNumberE164, us.OriginalPhoneNumber, us.PhoneType, us.PhoneTypeCode], ['+12064865000', '+1 (206) 486-5000', 'MOBILE', 0]);
  const uk = answer('uk_national');
  assert.deepEqual([uk.CleansedPhoneNumberE164, uk.CountryCodeIso2, uk.PhoneType], ['+447912345678', 'GB', 'MOBILE']);
});

test('an invalid number is an answer, not an error', () => {
  const invalid = answer('invalid');
  assert.deepEqual([invalid.PhoneType, invalid.PhoneTypeCode, invalid.CleansedPhoneNumberE164, invalid.CountryCodeIso2], ['INVALID', 3, '+44163296076', 'GB']);
});

test('bad input is BadRequestException naming the member', () => {
  const missing = run.failure('missing_number');
  assert.deepEqual([missing.code, missing.status], ['BadRequestException', 400]);
  assert.match(missing.message, /^PhoneNumber is required/);
  assert.ok(missing.request_id, 'the RequestID reaches boto3');
  const country = run.failure('bad_country');
  assert.deepEqual([country.code, country.status], ['BadRequestException', 400]);
  assert.match(country.message, /^IsoCountryCode must be a two-letter ISO 3166-1 alpha-2 code/);
});
