import assert from 'node:assert/strict';
import { testRoleSession, testUser } from '../../test/helpers/principals.ts';
import { describe, test } from 'node:test';
import { rootPrincipal } from '../iam/principal.ts';
import { buildAuditRecord, cloudTrailTime, isReadOnlyOperation, isSecretName, MAX_PARAMETER_CHARS, REDACTED } from './audit-event.ts';
import type { AuditCall } from './audit-event.ts';
import { createEventIdGenerator } from './audit-event-id.ts';

const account = '123456789012';
const eventId = '0192f0c4-1b2a-7000-8000-0123456789ab';

function call(overrides: Partial<AuditCall> = {}): AuditCall {
  return {
    time: new Date('2026-11-23T14:17:09.123Z'),
    service: 'iam',
    operation: 'CreateUser',
    region: 'us-east-1',
    sourceIp: '203.0.113.7',
    userAgent: 'aws-cli/2.17.0 Python/3.12',
    requestId: 'b3c1a1f0-0000-4000-8000-000000000001',
    caller: rootPrincipal(account),
    accessKeyId: 'AKIAROOT000000000001',
    input: { UserName: 'alice' },
    errorCode: undefined,
    errorMessage: undefined,
    ...overrides,
  };
}

const alice = testUser(account, 'alice', { path: '/dev/' });

const deployer = testRoleSession(account, 'Deployer', 'ci-run-7', new Date('2026-11-23T13:00:00.500Z'));

describe('buildAuditRecord', () => {
  test('audience data operations are data events without their bodies (no personal data in the trail)', () => {
    const record = buildAuditRecord(
      call({ service: 'mobiletargeting', operation: 'UpdateEndpoint', input: { ApplicationId: 'app1', EndpointId: 'e1', EndpointRequest: { Address: 'ada@example.com' } } }),
      account,
      eventId,
    );
    assert.deepEqual(record.requestParameters, { applicationId: 'app1', endpointId: 'e1' });
    assert.equal(record.managementEvent, false);
    assert.equal(record.eventCategory, 'Data');
    assert.deepEqual(record.additionalEventData, { requestParametersOmitted: true, reason: 'audience and message data (personal data) is not recorded in the audit trail' });
    assert.ok(!JSON.stringify(record).includes('ada@example.com'));
    // Messages to people are audience data too: recipients, bodies and one-time passwords stay out.
    for (const [operation, input] of [
      ['SendMessages', { ApplicationId: 'app1', MessageRequest: { Addresses: { 'ada@example.com': { ChannelType: 'EMAIL' } }, MessageConfiguration: { SMSMessage: { Body: 'secret body' } } } }],
      ['SendOTPMessage', { ApplicationId: 'app1', SendOTPMessageRequestParameters: { DestinationIdentity: '+12065550100', BrandName: 'ada@example.com' } }],
      ['VerifyOTPMessage', { ApplicationId: 'app1', VerifyOTPMessageRequestParameters: { DestinationIdentity: '+12065550100', Otp: '907153', ReferenceId: 'secret body' } }],
    ] as const) {
      const sent = buildAuditRecord(call({ service: 'mobiletargeting', operation, input }), account, eventId);
      assert.equal(sent.eventCategory, 'Data', operation);
      assert.deepEqual(sent.requestParameters, { applicationId: 'app1' }, operation);
      assert.ok(!/ada@example\.com|secret body|907153|\+12065550100/.test(JSON.stringify(sent)), operation);
    }
    const management = buildAuditRecord(call({ service: 'mobiletargeting', operation: 'CreateApp', input: { CreateApplicationRequest: { Name: 'x' } } }), account, eventId);
    assert.equal(management.eventCategory, 'Management');
    assert.deepEqual(management.requestParameters, { createApplicationRequest: { Name: 'x' } });
  });

  test('an IAM user: the full CloudTrail record, parameters camel-cased at the top', () => {
    const record = buildAuditRecord(call({ caller: alice, accessKeyId: 'AKIAALICE00000000001' }), account, eventId);
    assert.deepEqual(record, {
      eventVersion: '1.08',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAALICE0000000000001',
        arn: `arn:aws:iam::${account}:user/dev/alice`,
        accountId: account,
        accessKeyId: 'AKIAALICE00000000001',
        userName: 'alice',
      },
      eventTime: '2026-11-23T14:17:09Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.7',
      userAgent: 'aws-cli/2.17.0 Python/3.12',
      requestParameters: { userName: 'alice' },
      responseElements: null,
      requestID: 'b3c1a1f0-0000-4000-8000-000000000001',
      eventID: eventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
    });
    // The record is plain JSON: it survives a round trip unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(record)), record);
  });

  test('an IAM user signing with GetSessionToken credentials carries the session attributes', () => {
    const record = buildAuditRecord(
      call({ caller: { ...alice, session: { issuedAt: new Date('2026-11-23T12:00:00.900Z'), expiresAt: new Date('2026-11-24T00:00:00Z') } } }),
      account,
      eventId,
    );
    assert.equal(record.userIdentity.type, 'IAMUser');
    assert.deepEqual(record.userIdentity.sessionContext, { attributes: { creationDate: '2026-11-23T12:00:00Z', mfaAuthenticated: 'false' } });
  });

  test('an assumed role: session ARN, role-id:session principal, and the session issuer', () => {
    const record = buildAuditRecord(
      call({ service: 'mobiletargeting', operation: 'GetApps', caller: { ...deployer, sourceIdentity: 'bob' }, accessKeyId: 'ASIADEPLOYER00000001', input: {} }),
      account,
      eventId,
    );
    assert.deepEqual(record.userIdentity, {
      type: 'AssumedRole',
      principalId: 'AROADEPLOYER000000001:ci-run-7',
      arn: `arn:aws:sts::${account}:assumed-role/Deployer/ci-run-7`,
      accountId: account,
      accessKeyId: 'ASIADEPLOYER00000001',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROADEPLOYER000000001',
          arn: `arn:aws:iam::${account}:role/Deployer`,
          accountId: account,
          userName: 'Deployer',
        },
        attributes: { creationDate: '2026-11-23T13:00:00Z', mfaAuthenticated: 'false' },
        sourceIdentity: 'bob',
      },
    });
    assert.equal(record.eventSource, 'mobiletargeting.amazonaws.com');
    assert.equal(record.readOnly, true);
    assert.equal(record.requestParameters, null, 'an empty input records null, as CloudTrail does');
  });

  test('the root user', () => {
    const record = buildAuditRecord(call(), account, eventId);
    assert.deepEqual(record.userIdentity, {
      type: 'Root',
      principalId: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      accessKeyId: 'AKIAROOT000000000001',
    });
  });

  test('an unauthenticated call: Unknown identity, the error, no parameters, no user agent when none was sent', () => {
    const record = buildAuditRecord(
      call({
        service: 'sms-voice',
        operation: undefined,
        caller: undefined,
        accessKeyId: 'AKIANOSUCHKEY0000001',
        input: undefined,
        userAgent: undefined,
        errorCode: 'UnrecognizedClientException',
        errorMessage: 'The security token included in the request is invalid.',
      }),
      account,
      eventId,
    );
    assert.deepEqual(record.userIdentity, { type: 'Unknown', accessKeyId: 'AKIANOSUCHKEY0000001' });
    assert.equal(record.eventName, 'Unknown');
    assert.equal(record.eventSource, 'sms-voice.amazonaws.com');
    assert.equal(record.errorCode, 'UnrecognizedClientException');
    assert.equal(record.errorMessage, 'The security token included in the request is invalid.');
    assert.equal(record.requestParameters, null);
    assert.equal('userAgent' in record, false);
    assert.equal(record.readOnly, false);

    const anonymous = buildAuditRecord(call({ caller: undefined, accessKeyId: undefined, errorCode: 'MissingAuthenticationTokenException' }), account, eventId);
    assert.deepEqual(anonymous.userIdentity, { type: 'Unknown' });
  });

  test('a successful call has no errorCode or errorMessage keys; a long message is cut', () => {
    const ok = buildAuditRecord(call(), account, eventId);
    assert.equal('errorCode' in ok, false);
    assert.equal('errorMessage' in ok, false);
    const long = buildAuditRecord(call({ errorCode: 'BadRequestException', errorMessage: 'x'.repeat(5000) }), account, eventId);
    assert.ok(long.errorMessage!.length < 2100);
    assert.match(long.errorMessage!, /…\(5000 characters\)$/);
  });

  test('eventTime is CloudTrail\'s second-precision UTC form', () => {
    assert.equal(cloudTrailTime(new Date('2026-01-02T03:04:05.999Z')), '2026-01-02T03:04:05Z');
  });
});

describe('redaction', () => {
  test('secret-looking names are hidden at any depth, in objects, arrays and maps; other values are kept', () => {
    const record = buildAuditRecord(
      call({
        service: 'mobiletargeting',
        operation: 'UpdateGcmChannel',
        input: {
          ApplicationId: 'app1',
          GCMChannelRequest: { ApiKey: 'AIzaSECRET', ServiceJson: '{"private_key":"-----BEGIN"}', Enabled: true, DefaultAuthenticationMethod: 'TOKEN' },
          Nested: { Deeper: [{ Password: 'hunter2', Name: 'n' }, { items: [{ client_secret: 's3', private_key: 'pk', Otp: '864209' }] }] },
          Attributes: { 'X-Api-Key': 'k', Colour: 'blue' },
          APNSChannelRequest: { Certificate: 'MIIC', PrivateKey: 'MIIE', TokenKey: 'tk', TeamId: 'TEAM' },
          CredentialsBlob: { anything: 1 },
        },
      }),
      account,
      eventId,
    );
    assert.deepEqual(record.requestParameters, {
      applicationId: 'app1',
      gCMChannelRequest: { ApiKey: REDACTED, ServiceJson: REDACTED, Enabled: true, DefaultAuthenticationMethod: 'TOKEN' },
      nested: { Deeper: [{ Password: REDACTED, Name: 'n' }, { items: [{ client_secret: REDACTED, private_key: REDACTED, Otp: REDACTED }] }] },
      attributes: { 'X-Api-Key': REDACTED, Colour: 'blue' },
      aPNSChannelRequest: { Certificate: REDACTED, PrivateKey: REDACTED, TokenKey: REDACTED, TeamId: 'TEAM' },
      credentialsBlob: REDACTED,
    });
    const text = JSON.stringify(record);
    for (const secret of ['AIzaSECRET', 'BEGIN', 'hunter2', 's3"', '"pk"', '864209', 'MIIC', 'MIIE', '"tk"']) {
      assert.equal(text.includes(secret), false, `${secret} leaked`);
    }
  });

  test('a SecretAccessKey in an output-like structure is hidden; a PolicyDocument is kept whole', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' }] });
    const record = buildAuditRecord(
      call({
        operation: 'PutUserPolicy',
        input: {
          UserName: 'alice',
          PolicyName: 'p',
          PolicyDocument: policy,
          Echo: { AccessKey: { UserName: 'alice', AccessKeyId: 'AKIAEXAMPLE000000001', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG', Status: 'Active' } },
          Credentials: { SessionToken: 'FwoGZXIvYXdz' },
        },
      }),
      account,
      eventId,
    );
    assert.deepEqual(record.requestParameters, {
      userName: 'alice',
      policyName: 'p',
      policyDocument: policy,
      echo: { AccessKey: { UserName: 'alice', AccessKeyId: 'AKIAEXAMPLE000000001', SecretAccessKey: REDACTED, Status: 'Active' } },
      credentials: REDACTED,
    });
    assert.equal(JSON.stringify(record).includes('wJalrXUtnFEMI'), false);
  });

  test('members the model marks sensitive are hidden wherever they occur, whatever their name', () => {
    const record = buildAuditRecord(
      call({
        service: 'sms-voice',
        operation: 'VerifyDestinationNumber',
        input: { VerifiedDestinationNumberId: 'v1', Code: '424242', Wrapper: { code: '515151', Other: 'x' } },
        sensitiveMembers: new Set(['Code']),
      }),
      account,
      eventId,
    );
    assert.deepEqual(record.requestParameters, { verifiedDestinationNumberId: 'v1', code: REDACTED, wrapper: { code: REDACTED, Other: 'x' } });
  });

  test('isSecretName: the listed words, case-insensitive, ignoring separators; ordinary names pass', () => {
    for (const name of ['SecretAccessKey', 'password', 'NewPassword', 'SessionToken', 'NextToken', 'PrivateKey', 'private-key', 'Credentials', 'Certificate', 'OTP', 'ServiceJson', 'service_json', 'ApiKey', 'API_KEY', 'VerificationCode']) {
      assert.equal(isSecretName(name), true, name);
    }
    for (const name of ['UserName', 'PolicyDocument', 'AccessKeyId', 'ApplicationId', 'Arn', 'RoleArn', 'Tags', 'Key', 'Value', 'BundleId']) {
      assert.equal(isSecretName(name), false, name);
    }
  });

  test('map keys that are data keep their case; __proto__ is kept as data, not a prototype', () => {
    const input = JSON.parse('{"Tags":{"Env":"prod","__proto__":{"polluted":true}},"__proto__":"top"}') as Record<string, unknown>;
    const record = buildAuditRecord(call({ operation: 'TagUser', input }), account, eventId);
    const parameters = record.requestParameters!;
    assert.equal(Object.getPrototypeOf(parameters), Object.prototype);
    assert.deepEqual(Object.keys(parameters), ['tags', '__proto__']);
    const tags = parameters.tags as Record<string, unknown>;
    assert.equal(tags.Env, 'prod');
    assert.deepEqual(Object.getOwnPropertyDescriptor(tags, '__proto__')?.value, { polluted: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('dates, binary and odd values become JSON; bytes are never copied', () => {
    const record = buildAuditRecord(
      call({
        operation: 'PutThing',
        input: { When: new Date('2026-01-01T00:00:00Z'), Blob: Buffer.from('raw key bytes'), Missing: undefined, Big: 10n, NotANumber: Number.NaN, List: [undefined, 1] },
      }),
      account,
      eventId,
    );
    assert.deepEqual(record.requestParameters, {
      when: '2026-01-01T00:00:00.000Z',
      blob: '(binary, 13 bytes)',
      big: '10',
      notANumber: null,
      list: [null, 1],
    });
  });

  test('very large parameters are omitted whole, and the record says so', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ Id: `endpoint-${i}`, Address: 'x'.repeat(1000) }));
    const record = buildAuditRecord(call({ service: 'mobiletargeting', operation: 'CreateSegment', input: { Items: items } }), account, eventId);
    assert.equal(record.requestParameters, null);
    assert.deepEqual(record.additionalEventData, {
      requestParametersOmitted: true,
      reason: `request parameters larger than ${MAX_PARAMETER_CHARS} characters`,
    });
    const longString = buildAuditRecord(call({ input: { Body: 'y'.repeat(10_000) } }), account, eventId);
    assert.match(String(longString.requestParameters!.body), /^y{4096}…\(10000 characters\)$/);
  });
});

describe('readOnly', () => {
  test('Get*, List*, Describe*, Simulate* and GetCallerIdentity are read-only; everything else is not', () => {
    for (const name of ['GetApps', 'GetCallerIdentity', 'ListUsers', 'DescribePhoneNumbers', 'SimulatePrincipalPolicy', 'SimulateCustomPolicy', 'ListTagsForResource']) {
      assert.equal(isReadOnlyOperation(name), true, name);
    }
    for (const name of ['CreateApp', 'DeleteUser', 'UpdateEndpoint', 'PutEvents', 'SendMessages', 'TagResource', 'AssumeRole', 'Getaway', 'Listen', undefined]) {
      assert.equal(isReadOnlyOperation(name), false, String(name));
    }
  });
});

describe('createEventIdGenerator', () => {
  test('UUID v7 ids that increase strictly, even within one millisecond', () => {
    let clock = 1_790_000_000_000;
    const next = createEventIdGenerator(() => clock);
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) ids.push(next()); // more than the 4096 a millisecond holds
    clock += 5;
    ids.push(next());
    clock -= 100; // the wall clock stepping back does not reorder ids
    ids.push(next());
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! < ids[i]!, `${ids[i - 1]} < ${ids[i]}`);
    assert.equal(parseInt(ids[0]!.replace('-', '').slice(0, 12), 16), 1_790_000_000_000);
  });
});
