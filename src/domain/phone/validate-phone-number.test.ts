import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPhoneRegion, phoneTypeCodes, validatePhoneNumber } from './validate-phone-number.ts';

test('a US number answers its cleansed forms, country and calling code, as MOBILE (FIXED_LINE_OR_MOBILE)', () => {
  assert.deepEqual(validatePhoneNumber('+12064865000'), {
    OriginalPhoneNumber: '+12064865000',
    CleansedPhoneNumberE164: '+12064865000',
    CleansedPhoneNumberNational: '2064865000',
    Country: 'United States',
    CountryCodeIso2: 'US',
    CountryCodeNumeric: '1',
    PhoneType: 'MOBILE',
    PhoneTypeCode: 0,
  });
});

test('numbers in other countries: mobile, landline, VoIP, and the region a range belongs to', () => {
  const pick = (n: string, iso?: string) => {
    const r = validatePhoneNumber(n, iso);
    return [r.CleansedPhoneNumberE164, r.CleansedPhoneNumberNational, r.CountryCodeIso2, r.Country, r.CountryCodeNumeric, r.PhoneType, r.PhoneTypeCode];
  };
  assert.deepEqual(pick('+447912345678'), ['+447912345678', '7912345678', 'GB', 'United Kingdom', '44', 'MOBILE', 0]);
  assert.deepEqual(pick('+442079460881', 'GB'), ['+442079460881', '2079460881', 'GB', 'United Kingdom', '44', 'LANDLINE', 1]);
  assert.deepEqual(pick('+445612345678'), ['+445612345678', '5612345678', 'GB', 'United Kingdom', '44', 'VOIP', 2]);
  assert.deepEqual(pick('+33612345678'), ['+33612345678', '612345678', 'FR', 'France', '33', 'MOBILE', 0]);
  assert.deepEqual(pick('+4930123456'), ['+4930123456', '30123456', 'DE', 'Germany', '49', 'LANDLINE', 1]);
  // +44 7911 1xxxxx is a Guernsey range, +44 7624 an Isle of Man one: the data says so, not the calling code.
  assert.deepEqual(pick('+447911123456'), ['+447911123456', '7911123456', 'GG', 'Guernsey', '44', 'MOBILE', 0]);
  assert.deepEqual(pick('+447624123456'), ['+447624123456', '7624123456', 'IM', 'Isle of Man', '44', 'MOBILE', 0]);
  assert.deepEqual(pick('+14162345678'), ['+14162345678', '4162345678', 'CA', 'Canada', '1', 'MOBILE', 0]);
  // The Italian leading zero is part of the national significant number.
  assert.deepEqual(pick('+390612345678'), ['+390612345678', '0612345678', 'IT', 'Italy', '39', 'LANDLINE', 1]);
});

test('toll-free, premium-rate and non-geographic numbers are OTHER', () => {
  assert.deepEqual([validatePhoneNumber('+18002752273').PhoneType, validatePhoneNumber('+18002752273').PhoneTypeCode], ['OTHER', 4]);
  assert.equal(validatePhoneNumber('+448001234567').PhoneType, 'OTHER');
  assert.equal(validatePhoneNumber('+449012345678').PhoneType, 'OTHER');
  const freephone = validatePhoneNumber('+80012345678');
  assert.equal(freephone.PhoneType, 'OTHER');
  assert.equal(freephone.CountryCodeNumeric, '800');
  assert.equal(freephone.CountryCodeIso2, undefined, 'a non-geographic code has no region');
  assert.equal(freephone.Country, undefined);
});

test('North American fictitious (555-01XX) and out-of-service area codes are OTHER, as Pinpoint documents', () => {
  const fictitious = validatePhoneNumber('+14255550199');
  assert.deepEqual([fictitious.PhoneType, fictitious.PhoneTypeCode, fictitious.CountryCodeIso2, fictitious.CleansedPhoneNumberNational], ['OTHER', 4, 'US', '4255550199']);
  assert.equal(validatePhoneNumber('+12065550100').PhoneType, 'OTHER');
  assert.equal(validatePhoneNumber('+12065550200').PhoneType, 'MOBILE', '555 outside 0100-0199 is an ordinary number');
  const unassigned = validatePhoneNumber('+19995550100');
  assert.deepEqual([unassigned.PhoneType, unassigned.CountryCodeIso2, unassigned.CountryCodeNumeric], ['OTHER', 'US', '1']);
  // Not well-formed (an area code cannot start with 1): INVALID.
  assert.equal(validatePhoneNumber('+11235550100').PhoneType, 'INVALID');
});

test('formatting characters, extensions and tel: URIs are cleansed away', () => {
  for (const text of ['+1 (206) 486-5000', '+1.206.486.5000', ' +1 206 486 5000 ', 'tel:+1-206-486-5000', '+1 206 486 5000 ext. 5', '12064865000']) {
    const r = validatePhoneNumber(text);
    assert.equal(r.CleansedPhoneNumberE164, '+12064865000', text);
    assert.equal(r.PhoneType, 'MOBILE', text);
    assert.equal(r.OriginalPhoneNumber, text, 'the original is echoed as sent');
  }
  assert.equal(validatePhoneNumber('+44 (0)20 7946 0881').CleansedPhoneNumberE164, '+442079460881');
  assert.equal(validatePhoneNumber('+44-207-946-0881').PhoneType, 'LANDLINE');
});

test('IsoCountryCode reads national numbers and is echoed as sent; an explicit calling code wins', () => {
  const uk = validatePhoneNumber('07912 345678', 'GB');
  assert.deepEqual([uk.CleansedPhoneNumberE164, uk.CountryCodeIso2, uk.OriginalCountryCodeIso2, uk.PhoneType], ['+447912345678', 'GB', 'GB', 'MOBILE']);
  const lower = validatePhoneNumber('(206) 486-5000', 'us');
  assert.deepEqual([lower.CleansedPhoneNumberE164, lower.CountryCodeIso2, lower.OriginalCountryCodeIso2], ['+12064865000', 'US', 'us']);
  assert.equal(validatePhoneNumber('1 206 486 5000', 'US').CleansedPhoneNumberE164, '+12064865000', 'the national prefix 1 is dropped');
  assert.equal(validatePhoneNumber('0012064865000', 'GB').CleansedPhoneNumberE164, '+12064865000', "the region's international prefix is understood");
  const other = validatePhoneNumber('+33612345678', 'US');
  assert.deepEqual([other.CountryCodeIso2, other.OriginalCountryCodeIso2], ['FR', 'US']);
});

test('without IsoCountryCode a number is read as carrying its calling code, so a bare national number may land elsewhere', () => {
  const r = validatePhoneNumber('2064865000');
  assert.deepEqual([r.CountryCodeNumeric, r.CountryCodeIso2, r.PhoneType], ['20', 'EG', 'INVALID']);
});

test('an invalid number answers what is known: the example of Pinpoint’s guide', () => {
  assert.deepEqual(validatePhoneNumber('+440163296076'), {
    OriginalPhoneNumber: '+440163296076',
    CleansedPhoneNumberE164: '+44163296076',
    CleansedPhoneNumberNational: '163296076',
    Country: 'United Kingdom',
    CountryCodeIso2: 'GB',
    CountryCodeNumeric: '44',
    PhoneType: 'INVALID',
    PhoneTypeCode: 3,
  });
  // The request's region is used when it shares the calling code (JE is a +44 region).
  assert.equal(validatePhoneNumber('+440163296076', 'JE').CountryCodeIso2, 'JE');
  assert.equal(validatePhoneNumber('+440163296076', 'FR').CountryCodeIso2, 'GB');
});

test('unreadable numbers answer INVALID with only the original values', () => {
  for (const text of ['hello', '12', '+', '+999123456789', '   ', '+1206486500012345', '+1234', '+4412']) {
    assert.deepEqual(validatePhoneNumber(text), { OriginalPhoneNumber: text, PhoneType: 'INVALID', PhoneTypeCode: 3 }, text);
  }
  assert.deepEqual(validatePhoneNumber('12', 'US'), { OriginalPhoneNumber: '12', OriginalCountryCodeIso2: 'US', PhoneType: 'INVALID', PhoneTypeCode: 3 });
});

test('phone type codes are Pinpoint’s', () => {
  assert.deepEqual(phoneTypeCodes, { MOBILE: 0, LANDLINE: 1, VOIP: 2, INVALID: 3, OTHER: 4, PREPAID: 5 });
});

test('isPhoneRegion knows regions with a numbering plan, in any case', () => {
  for (const code of ['US', 'gb', 'Gg', 'XK']) assert.equal(isPhoneRegion(code), true, code);
  for (const code of ['ZZ', 'AQ', 'UK', 'EU']) assert.equal(isPhoneRegion(code), false, code);
});
