// PhoneNumberValidate through the real @aws-sdk/client-pinpoint against a started server: number
// kinds and countries, formatting, national numbers with IsoCountryCode, invalid numbers (200 with
// PhoneType INVALID), every bad input (400 naming the member), and IAM on the
// phone/number/validate resource (users made with the real @aws-sdk/client-iam).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetAppsCommand, PhoneNumberValidateCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import type { NumberValidateRequest, NumberValidateResponse } from '@aws-sdk/client-pinpoint';
import { assertRawError, rawCall } from '../helpers/pinpoint-fixtures.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const RESOURCE = `arn:aws:mobiletargeting:us-east-1:${testAccountId}:phone/number/validate`;

let server: PinionProcess;
let pinpoint: PinpointClient;
let iam: IAMClient;
const clients: { destroy(): void }[] = [];

before(async () => {
  server = await startPinion();
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  pinpoint = new PinpointClient(options);
  iam = new IAMClient(options);
  clients.push(pinpoint, iam);
});

after(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
});

async function validate(request: NumberValidateRequest, client = pinpoint): Promise<NumberValidateResponse> {
  const out = await client.send(new PhoneNumberValidateCommand({ NumberValidateRequest: request }));
  assert.equal(out.$metadata.httpStatusCode, 200);
  return out.NumberValidateResponse!;
}

describe('PhoneNumberValidate', () => {
  test('a US number: cleansed forms, country, calling code; MOBILE because US ranges are fixed-or-mobile', async () => {
    assert.deepEqual(await validate({ PhoneNumber: '+12064865000' }), {
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

  test('US toll-free, fictitious 555-01XX and out-of-service area codes are OTHER', async () => {
    for (const number of ['+18002752273', '+14255550199', '+19995550100']) {
      const got = await validate({ PhoneNumber: number });
      assert.deepEqual([got.PhoneType, got.PhoneTypeCode, got.CountryCodeIso2, got.CleansedPhoneNumberE164], ['OTHER', 4, 'US', number], number);
    }
  });

  test('a UK mobile, a UK landline and a UK VoIP number', async () => {
    const mobile = await validate({ PhoneNumber: '+447912345678' });
    assert.deepEqual(mobile, {
      OriginalPhoneNumber: '+447912345678',
      CleansedPhoneNumberE164: '+447912345678',
      CleansedPhoneNumberNational: '7912345678',
      Country: 'United Kingdom',
      CountryCodeIso2: 'GB',
      CountryCodeNumeric: '44',
      PhoneType: 'MOBILE',
      PhoneTypeCode: 0,
    });
    const landline = await validate({ PhoneNumber: '+442079460881', IsoCountryCode: 'GB' });
    assert.deepEqual([landline.PhoneType, landline.PhoneTypeCode, landline.OriginalCountryCodeIso2], ['LANDLINE', 1, 'GB']);
    const voip = await validate({ PhoneNumber: '+445612345678' });
    assert.deepEqual([voip.PhoneType, voip.PhoneTypeCode], ['VOIP', 2]);
  });

  test('a national number is read in IsoCountryCode’s numbering plan, which is echoed as sent', async () => {
    const uk = await validate({ PhoneNumber: '07912 345678', IsoCountryCode: 'GB' });
    assert.deepEqual(
      [uk.CleansedPhoneNumberE164, uk.CleansedPhoneNumberNational, uk.CountryCodeIso2, uk.OriginalCountryCodeIso2, uk.OriginalPhoneNumber, uk.PhoneType],
      ['+447912345678', '7912345678', 'GB', 'GB', '07912 345678', 'MOBILE'],
    );
    const us = await validate({ PhoneNumber: '(206) 486-5000', IsoCountryCode: 'us' });
    assert.deepEqual([us.CleansedPhoneNumberE164, us.CountryCodeIso2, us.OriginalCountryCodeIso2], ['+12064865000', 'US', 'us']);
    // A calling code in the number wins over IsoCountryCode.
    const fr = await validate({ PhoneNumber: '+33 6 12 34 56 78', IsoCountryCode: 'US' });
    assert.deepEqual([fr.CleansedPhoneNumberE164, fr.CountryCodeIso2, fr.Country, fr.CountryCodeNumeric], ['+33612345678', 'FR', 'France', '33']);
  });

  test('formatting characters are cleansed away', async () => {
    for (const number of ['+1 (206) 486-5000', '+1.206.486.5000', 'tel:+1-206-486-5000', '1-206-486-5000', '+1 206 486 5000 ext. 12']) {
      const got = await validate({ PhoneNumber: number });
      assert.deepEqual([got.CleansedPhoneNumberE164, got.CleansedPhoneNumberNational, got.OriginalPhoneNumber, got.PhoneType], ['+12064865000', '2064865000', number, 'MOBILE'], number);
    }
    assert.equal((await validate({ PhoneNumber: '+44-207-946-0881' })).CleansedPhoneNumberE164, '+442079460881');
  });

  test('an invalid number answers 200, PhoneType INVALID, with what is known (Pinpoint’s guide example)', async () => {
    assert.deepEqual(await validate({ PhoneNumber: '+440163296076' }), {
      OriginalPhoneNumber: '+440163296076',
      CleansedPhoneNumberE164: '+44163296076',
      CleansedPhoneNumberNational: '163296076',
      Country: 'United Kingdom',
      CountryCodeIso2: 'GB',
      CountryCodeNumeric: '44',
      PhoneType: 'INVALID',
      PhoneTypeCode: 3,
    });
    for (const number of ['not a number', '12', '+999123456789', '+12064865000123456']) {
      assert.deepEqual(await validate({ PhoneNumber: number, IsoCountryCode: 'US' }), { OriginalPhoneNumber: number, OriginalCountryCodeIso2: 'US', PhoneType: 'INVALID', PhoneTypeCode: 3 }, number);
    }
  });

  describe('bad input answers BadRequestException naming the member', () => {
    const bad = (request: NumberValidateRequest, message: RegExp) =>
      rejectsWith(pinpoint.send(new PhoneNumberValidateCommand({ NumberValidateRequest: request })), 'BadRequestException', 400, message);

    test('PhoneNumber missing, empty or blank', async () => {
      await bad({}, /^PhoneNumber is required/);
      await bad({ IsoCountryCode: 'US' }, /^PhoneNumber is required/);
      await bad({ PhoneNumber: '' }, /^PhoneNumber is required/);
      await bad({ PhoneNumber: '   ' }, /^PhoneNumber is required/);
    });

    test('PhoneNumber longer than 64 characters', async () => {
      await bad({ PhoneNumber: `+1${'2'.repeat(63)}` }, /^PhoneNumber must be at most 64 characters, got 65$/);
      // 64 is still accepted (and invalid).
      assert.equal((await validate({ PhoneNumber: `+1${'2'.repeat(62)}` })).PhoneType, 'INVALID');
    });

    test('IsoCountryCode not two letters, or not a region with a numbering plan', async () => {
      for (const code of ['', 'U', 'USA', '1A', 'U ', 'us-']) {
        await bad({ PhoneNumber: '2064865000', IsoCountryCode: code }, new RegExp(`^IsoCountryCode must be a two-letter ISO 3166-1 alpha-2 code such as US or GB, got '${code}'$`));
      }
      for (const code of ['ZZ', 'UK']) {
        await bad({ PhoneNumber: '2064865000', IsoCountryCode: code }, new RegExp(`^IsoCountryCode '${code}' is not a country or region with a telephone numbering plan$`));
      }
    });

    test('the wire layer: no payload at all, and members of the wrong type', async () => {
      const path = '/v1/phone/number/validate';
      assertRawError(await rawCall(server, 'POST', path), 400, 'BadRequestException', /at 'NumberValidateRequest' failed to satisfy constraint: Member must not be null$/);
      assertRawError(await rawCall(server, 'POST', path, '[]'), 400, 'BadRequestException', /at 'NumberValidateRequest' failed to satisfy constraint: Member must be a structure/);
      assertRawError(await rawCall(server, 'POST', path, { PhoneNumber: 12064865000 }), 400, 'BadRequestException', /at 'NumberValidateRequest\.PhoneNumber' failed to satisfy constraint: Member must be a string$/);
      assertRawError(
        await rawCall(server, 'POST', path, { PhoneNumber: '+12064865000', IsoCountryCode: ['US'] }),
        400,
        'BadRequestException',
        /at 'NumberValidateRequest\.IsoCountryCode' failed to satisfy constraint: Member must be a string$/,
      );
    });
  });
});

describe('IAM on PhoneNumberValidate', () => {
  async function userWith(name: string, statements: object[]): Promise<PinpointClient> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
    clients.push(client);
    return client;
  }

  test('a user allowed only mobiletargeting:PhoneNumberValidate on its resource may validate, and nothing else', async () => {
    const client = await userWith('phone-validator', [{ Effect: 'Allow', Action: 'mobiletargeting:PhoneNumberValidate', Resource: RESOURCE }]);
    assert.equal((await validate({ PhoneNumber: '+447912345678' }, client)).PhoneType, 'MOBILE');
    await rejectsWith(
      client.send(new GetAppsCommand({})),
      'AccessDeniedException',
      403,
      new RegExp(`^User: arn:aws:iam::${testAccountId}:user/phone-validator is not authorized to perform: mobiletargeting:GetApps on resource: arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps$`),
    );
  });

  test('a user without it is denied, naming the action and the phone/number/validate resource', async () => {
    const client = await userWith('phone-denied', [{ Effect: 'Allow', Action: 'mobiletargeting:GetApps', Resource: '*' }]);
    await rejectsWith(
      client.send(new PhoneNumberValidateCommand({ NumberValidateRequest: { PhoneNumber: '+12064865000' } })),
      'AccessDeniedException',
      403,
      new RegExp(`^User: arn:aws:iam::${testAccountId}:user/phone-denied is not authorized to perform: mobiletargeting:PhoneNumberValidate on resource: ${RESOURCE}$`),
    );
    // An allow on another region's resource does not cover this one.
    const elsewhere = await userWith('phone-elsewhere', [{ Effect: 'Allow', Action: 'mobiletargeting:PhoneNumberValidate', Resource: RESOURCE.replace('us-east-1', 'eu-west-1') }]);
    await rejectsWith(elsewhere.send(new PhoneNumberValidateCommand({ NumberValidateRequest: { PhoneNumber: '+12064865000' } })), 'AccessDeniedException', 403, /mobiletargeting:PhoneNumberValidate/);
  });

  test('an explicit Deny wins over Allow mobiletargeting:*', async () => {
    const client = await userWith('phone-deny', [
      { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' },
      { Effect: 'Deny', Action: 'mobiletargeting:PhoneNumberValidate', Resource: '*' },
    ]);
    await rejectsWith(client.send(new PhoneNumberValidateCommand({ NumberValidateRequest: { PhoneNumber: '+12064865000' } })), 'AccessDeniedException', 403, /mobiletargeting:PhoneNumberValidate/);
    assert.ok((await client.send(new GetAppsCommand({}))).ApplicationsResponse, 'what is not denied still works');
  });
});
