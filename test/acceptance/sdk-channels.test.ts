// Channels through the real @aws-sdk/client-pinpoint against a started server: Update (create or
// update, versions), Get and Delete of every kind, GetChannels, credentials that never come back
// (the raw JSON of every response is searched for them, and so are the audit trail and the
// database files), every bad input with its error and the member it names, and IAM on a channel ARN.
// Keys and certificates are made at test time (test/helpers/push-credentials.ts).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  DeleteAdmChannelCommand,
  DeleteApnsChannelCommand,
  DeleteApnsSandboxChannelCommand,
  DeleteApnsVoipChannelCommand,
  DeleteApnsVoipSandboxChannelCommand,
  DeleteAppCommand,
  DeleteBaiduChannelCommand,
  DeleteEmailChannelCommand,
  DeleteGcmChannelCommand,
  DeleteSmsChannelCommand,
  DeleteVoiceChannelCommand,
  GetAdmChannelCommand,
  GetApnsChannelCommand,
  GetApnsSandboxChannelCommand,
  GetApnsVoipChannelCommand,
  GetApnsVoipSandboxChannelCommand,
  GetBaiduChannelCommand,
  GetChannelsCommand,
  GetEmailChannelCommand,
  GetGcmChannelCommand,
  GetSmsChannelCommand,
  GetVoiceChannelCommand,
  PinpointClient,
  UpdateAdmChannelCommand,
  UpdateApnsChannelCommand,
  UpdateApnsSandboxChannelCommand,
  UpdateApnsVoipChannelCommand,
  UpdateApnsVoipSandboxChannelCommand,
  UpdateBaiduChannelCommand,
  UpdateEmailChannelCommand,
  UpdateGcmChannelCommand,
  UpdateSmsChannelCommand,
  UpdateVoiceChannelCommand,
} from '@aws-sdk/client-pinpoint';
import type { ChannelResponse } from '@aws-sdk/client-pinpoint';
import type { AuditRecord } from '../../src/observability/audit-event.ts';
import { assertRawError, newApp, rawCall } from '../helpers/pinpoint-fixtures.ts';
import { apnsTokenKey, rsaKey, selfSignedCertificate, serviceAccountJson, wrongCurveKey } from '../helpers/push-credentials.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { projectRoot, startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const ACCOUNT = testAccountId;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const MISSING_APP = '0'.repeat(32);
const IDENTITY = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let server: PinionProcess;
let pinpoint: PinpointClient;
let iam: IAMClient;
let roleArn: string;
const clients: { destroy(): void }[] = [];

// ---- credentials made for this run; none of them may ever come back ----

const tokenKey = apnsTokenKey();
const certified = selfSignedCertificate();
const serviceJson = serviceAccountJson();
const gcmApiKey = 'AIzaSyPINIONtestGcmServerKey0123456789';
const baidu = { ApiKey: 'baidu-api-key-4c1d2e7f', SecretKey: 'baidu-secret-key-9a8b7c6d' };
const adm = { ClientId: 'amzn1.application-oa2-client.pinion', ClientSecret: 'adm-client-secret-0f1e2d3c4b5a' };

/** The base64 lines of a PEM: any of them in a response would be a leak. */
function pemLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
}

const secrets = [
  ...pemLines(tokenKey),
  ...pemLines(certified.certificate),
  ...pemLines(certified.privateKey),
  ...pemLines(JSON.parse(serviceJson).private_key as string),
  gcmApiKey,
  baidu.ApiKey,
  baidu.SecretKey,
  adm.ClientSecret,
];

function assertNoSecrets(text: string, where: string): void {
  for (const secret of secrets) assert.equal(text.includes(secret), false, `${where} holds a credential (${secret.slice(0, 12)}…)`);
}

/** A channel call signed by hand; its raw JSON text is checked for credentials before anything else. */
async function raw(method: string, appId: string, kind: string, body?: unknown) {
  const response = await rawCall(server, method, `/v1/apps/${appId}/channels/${kind}`, body);
  assertNoSecrets(response.text, `${method} ${kind}`);
  return response;
}

before(async () => {
  server = await startPinion({ keepDataDir: true });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  pinpoint = new PinpointClient(options);
  iam = new IAMClient(options);
  clients.push(pinpoint, iam);
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'PinpointEmailEvents', AssumeRolePolicyDocument: TRUST }))).Role!.Arn!;
});

after(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

/** The members every channel answers; dates and version checked separately. */
function common(appId: string, kind: string, platform: string) {
  return { ApplicationId: appId, Id: kind, IsArchived: false, LastModifiedBy: ROOT, Platform: platform };
}

function withoutDates<T extends { CreationDate?: string; LastModifiedDate?: string }>(response: T): Omit<T, 'CreationDate' | 'LastModifiedDate'> {
  assert.match(response.CreationDate!, isoMillis);
  assert.match(response.LastModifiedDate!, isoMillis);
  const { CreationDate: _c, LastModifiedDate: _m, ...rest } = response;
  return rest;
}

describe('email channel', () => {
  test('Update creates the channel (enabled, version 1); another Update adds a version, keeps the creation date; Get answers it; Delete removes it', async () => {
    const appId = await newApp(pinpoint, 'email-channel');
    const request = { FromAddress: 'Example Corp <sender@example.com>', Identity: IDENTITY, ConfigurationSet: 'pinion_set', RoleArn: roleArn };
    const created = (await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: request }))).EmailChannelResponse!;
    assert.deepEqual(withoutDates(created), { ...common(appId, 'email', 'EMAIL'), ...request, Enabled: true, Version: 1 });
    assert.equal(created.CreationDate, created.LastModifiedDate);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = (await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'other@example.com', Identity: IDENTITY, Enabled: false, ConfigurationSet: '' } }))).EmailChannelResponse!;
    assert.deepEqual(withoutDates(updated), { ...common(appId, 'email', 'EMAIL'), FromAddress: 'other@example.com', Identity: IDENTITY, RoleArn: roleArn, Enabled: false, Version: 2 });
    assert.equal(updated.CreationDate, created.CreationDate);
    assert.ok(updated.LastModifiedDate! > created.LastModifiedDate!, 'LastModifiedDate moves');

    const got = (await pinpoint.send(new GetEmailChannelCommand({ ApplicationId: appId }))).EmailChannelResponse!;
    assert.deepEqual(got, updated);
    const deleted = (await pinpoint.send(new DeleteEmailChannelCommand({ ApplicationId: appId }))).EmailChannelResponse!;
    assert.deepEqual(deleted, updated);
    await rejectsWith(pinpoint.send(new GetEmailChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404, new RegExp(`^Application ${appId} has no EMAIL channel$`));
    await rejectsWith(pinpoint.send(new DeleteEmailChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404, /has no EMAIL channel/);
    // Created again after a delete: version 1 again.
    const again = (await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'sender@example.com', Identity: IDENTITY } }))).EmailChannelResponse!;
    assert.equal(again.Version, 1);
  });

  test('bad input: 400 BadRequestException naming the member, nothing written', async () => {
    const appId = await newApp(pinpoint, 'email-bad');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ Identity: IDENTITY }, /Value null at 'EmailChannelRequest\.FromAddress' failed to satisfy constraint: Member must not be null/],
      [{ FromAddress: 'sender@example.com' }, /Value null at 'EmailChannelRequest\.Identity' failed to satisfy constraint: Member must not be null/],
      [{ FromAddress: '', Identity: IDENTITY }, /^FromAddress must not be empty$/],
      [{ FromAddress: 'not-an-address', Identity: IDENTITY }, /^FromAddress is not an email address/],
      [{ FromAddress: 'Bad, Name <sender@example.com>', Identity: IDENTITY }, /^FromAddress has a display name/],
      [{ FromAddress: 'sender@example.com', Identity: 'example.com' }, /^Identity must be an ARN/],
      [{ FromAddress: 'sender@example.com', Identity: IDENTITY, ConfigurationSet: 'has space' }, /^ConfigurationSet must be/],
      [{ FromAddress: 'sender@example.com', Identity: IDENTITY, RoleArn: 'not-a-role' }, /^RoleArn: RoleArn not-a-role is not an IAM role ARN/],
      [{ FromAddress: 'sender@example.com', Identity: IDENTITY, RoleArn: `arn:aws:iam::${ACCOUNT}:role/Nobody` }, /^RoleArn: .*does not name an existing IAM role/],
      [{ FromAddress: 'sender@example.com', Identity: IDENTITY, OrchestrationSendingRoleArn: 'arn:aws:s3:::bucket' }, /^OrchestrationSendingRoleArn: /],
      [{ FromAddress: 42, Identity: IDENTITY }, /at 'EmailChannelRequest\.FromAddress' failed to satisfy constraint: Member must be a string/],
    ];
    for (const [body, message] of cases) assertRawError(await raw('PUT', appId, 'email', body), 400, 'BadRequestException', message);
    assertRawError(await raw('GET', appId, 'email'), 404, 'NotFoundException', /has no EMAIL channel/);
  });
});

describe('SMS and voice channels', () => {
  test('SMS: SenderId and ShortCode; an update without them keeps them, an empty string removes one', async () => {
    const appId = await newApp(pinpoint, 'sms-channel');
    const created = (await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { SenderId: 'PINION', ShortCode: '12345' } }))).SMSChannelResponse!;
    assert.deepEqual(withoutDates(created), { ...common(appId, 'sms', 'SMS'), SenderId: 'PINION', ShortCode: '12345', Enabled: true, Version: 1 });
    const kept = (await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: false } }))).SMSChannelResponse!;
    assert.deepEqual(withoutDates(kept), { ...common(appId, 'sms', 'SMS'), SenderId: 'PINION', ShortCode: '12345', Enabled: false, Version: 2 });
    const cleared = (await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { ShortCode: '' } }))).SMSChannelResponse!;
    assert.deepEqual(withoutDates(cleared), { ...common(appId, 'sms', 'SMS'), SenderId: 'PINION', Enabled: false, Version: 3 });
    assert.deepEqual((await pinpoint.send(new GetSmsChannelCommand({ ApplicationId: appId }))).SMSChannelResponse, cleared);
    assert.deepEqual((await pinpoint.send(new DeleteSmsChannelCommand({ ApplicationId: appId }))).SMSChannelResponse, cleared);
    await rejectsWith(pinpoint.send(new GetSmsChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404, /has no SMS channel/);

    assertRawError(await raw('PUT', appId, 'sms', { SenderId: 'TWELVECHARSX' }), 400, 'BadRequestException', /^SenderId must be 1 to 11/);
    assertRawError(await raw('PUT', appId, 'sms', { SenderId: 'has space' }), 400, 'BadRequestException', /^SenderId must be/);
    assertRawError(await raw('PUT', appId, 'sms', { ShortCode: '12ab' }), 400, 'BadRequestException', /^ShortCode must be 3 to 8 digits$/);
    assertRawError(await raw('PUT', appId, 'sms', { Enabled: 'yes' }), 400, 'BadRequestException', /at 'SMSChannelRequest\.Enabled' failed to satisfy constraint: Member must be a boolean/);
    await rejectsWith(pinpoint.send(new GetSmsChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404);
  });

  test('voice: Enabled only, versions count up', async () => {
    const appId = await newApp(pinpoint, 'voice-channel');
    const created = (await pinpoint.send(new UpdateVoiceChannelCommand({ ApplicationId: appId, VoiceChannelRequest: {} }))).VoiceChannelResponse!;
    assert.deepEqual(withoutDates(created), { ...common(appId, 'voice', 'VOICE'), Enabled: true, Version: 1 });
    const disabled = (await pinpoint.send(new UpdateVoiceChannelCommand({ ApplicationId: appId, VoiceChannelRequest: { Enabled: false } }))).VoiceChannelResponse!;
    assert.deepEqual(withoutDates(disabled), { ...common(appId, 'voice', 'VOICE'), Enabled: false, Version: 2 });
    assert.deepEqual((await pinpoint.send(new GetVoiceChannelCommand({ ApplicationId: appId }))).VoiceChannelResponse, disabled);
    assert.deepEqual((await pinpoint.send(new DeleteVoiceChannelCommand({ ApplicationId: appId }))).VoiceChannelResponse, disabled);
    await rejectsWith(pinpoint.send(new DeleteVoiceChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404, /has no VOICE channel/);
  });
});

// ---- APNs: four kinds, one request shape ----

interface ApnsRequest {
  BundleId?: string;
  Certificate?: string;
  DefaultAuthenticationMethod?: string;
  Enabled?: boolean;
  PrivateKey?: string;
  TeamId?: string;
  TokenKey?: string;
  TokenKeyId?: string;
}

type Answer = ChannelResponse & { Platform?: string; DefaultAuthenticationMethod?: string; HasTokenKey?: boolean; HasFcmServiceCredentials?: boolean };

const apnsKinds: { kind: string; platform: string; update: (appId: string, r: ApnsRequest) => Promise<Answer>; get: (appId: string) => Promise<Answer>; delete: (appId: string) => Promise<Answer> }[] = [
  {
    kind: 'apns',
    platform: 'APNS',
    update: async (ApplicationId, r) => (await pinpoint.send(new UpdateApnsChannelCommand({ ApplicationId, APNSChannelRequest: r }))).APNSChannelResponse!,
    get: async (ApplicationId) => (await pinpoint.send(new GetApnsChannelCommand({ ApplicationId }))).APNSChannelResponse!,
    delete: async (ApplicationId) => (await pinpoint.send(new DeleteApnsChannelCommand({ ApplicationId }))).APNSChannelResponse!,
  },
  {
    kind: 'apns_sandbox',
    platform: 'APNS_SANDBOX',
    update: async (ApplicationId, r) => (await pinpoint.send(new UpdateApnsSandboxChannelCommand({ ApplicationId, APNSSandboxChannelRequest: r }))).APNSSandboxChannelResponse!,
    get: async (ApplicationId) => (await pinpoint.send(new GetApnsSandboxChannelCommand({ ApplicationId }))).APNSSandboxChannelResponse!,
    delete: async (ApplicationId) => (await pinpoint.send(new DeleteApnsSandboxChannelCommand({ ApplicationId }))).APNSSandboxChannelResponse!,
  },
  {
    kind: 'apns_voip',
    platform: 'APNS_VOIP',
    update: async (ApplicationId, r) => (await pinpoint.send(new UpdateApnsVoipChannelCommand({ ApplicationId, APNSVoipChannelRequest: r }))).APNSVoipChannelResponse!,
    get: async (ApplicationId) => (await pinpoint.send(new GetApnsVoipChannelCommand({ ApplicationId }))).APNSVoipChannelResponse!,
    delete: async (ApplicationId) => (await pinpoint.send(new DeleteApnsVoipChannelCommand({ ApplicationId }))).APNSVoipChannelResponse!,
  },
  {
    kind: 'apns_voip_sandbox',
    platform: 'APNS_VOIP_SANDBOX',
    update: async (ApplicationId, r) => (await pinpoint.send(new UpdateApnsVoipSandboxChannelCommand({ ApplicationId, APNSVoipSandboxChannelRequest: r }))).APNSVoipSandboxChannelResponse!,
    get: async (ApplicationId) => (await pinpoint.send(new GetApnsVoipSandboxChannelCommand({ ApplicationId }))).APNSVoipSandboxChannelResponse!,
    delete: async (ApplicationId) => (await pinpoint.send(new DeleteApnsVoipSandboxChannelCommand({ ApplicationId }))).APNSVoipSandboxChannelResponse!,
  },
];

const token = { TokenKey: tokenKey, TokenKeyId: 'ABCDE12345', TeamId: 'TEAM123456', BundleId: 'com.example.app' };
const certificate = { Certificate: certified.certificate, PrivateKey: certified.privateKey };

describe('APNs channels (production, sandbox, VoIP, VoIP sandbox)', () => {
  for (const apns of apnsKinds) {
    test(`${apns.kind}: token key, then a certificate added; an update without credentials keeps both; none answered`, async () => {
      const appId = await newApp(pinpoint, `${apns.kind}-channel`);
      const base = { ...common(appId, apns.kind, apns.platform), HasCredential: true };
      const created = await apns.update(appId, token);
      assert.deepEqual(withoutDates(created), { ...base, DefaultAuthenticationMethod: 'TOKEN', Enabled: true, HasTokenKey: true, Version: 1 });
      const both = await apns.update(appId, { ...certificate, DefaultAuthenticationMethod: 'CERTIFICATE' });
      assert.deepEqual(withoutDates(both), { ...base, DefaultAuthenticationMethod: 'CERTIFICATE', Enabled: true, HasTokenKey: true, Version: 2 });
      const disabled = await apns.update(appId, { Enabled: false });
      assert.deepEqual(withoutDates(disabled), { ...base, DefaultAuthenticationMethod: 'CERTIFICATE', Enabled: false, HasTokenKey: true, Version: 3 });
      const switched = await apns.update(appId, { DefaultAuthenticationMethod: 'token' });
      assert.equal(switched.DefaultAuthenticationMethod, 'TOKEN');
      assert.equal(switched.CreationDate, created.CreationDate);
      assert.deepEqual(await apns.get(appId), switched);

      // The raw JSON of every answer, and of a full request's answer, holds no credential.
      const rawPut = await raw('PUT', appId, apns.kind, { ...token, ...certificate, DefaultAuthenticationMethod: 'TOKEN' });
      assert.equal(rawPut.status, 200, rawPut.text);
      assert.equal((rawPut.json as Answer).Version, 5);
      assert.equal((await raw('GET', appId, apns.kind)).status, 200);
      const listed = await rawCall(server, 'GET', `/v1/apps/${appId}/channels`);
      assert.equal(listed.status, 200, listed.text);
      assertNoSecrets(listed.text, 'GetChannels');
      const deleted = await raw('DELETE', appId, apns.kind);
      assert.equal(deleted.status, 200);
      assert.equal((deleted.json as Answer).Version, 5);
      await rejectsWith(apns.get(appId), 'NotFoundException', 404, new RegExp(`has no ${apns.platform} channel`));
    });
  }

  test('certificate only: DefaultAuthenticationMethod CERTIFICATE, HasTokenKey false', async () => {
    const appId = await newApp(pinpoint, 'apns-certificate');
    const created = await apnsKinds[0]!.update(appId, certificate);
    assert.deepEqual(withoutDates(created), { ...common(appId, 'apns', 'APNS'), HasCredential: true, DefaultAuthenticationMethod: 'CERTIFICATE', Enabled: true, HasTokenKey: false, Version: 1 });
  });

  test('bad input: 400 BadRequestException naming the member, nothing written, no key quoted', async () => {
    const appId = await newApp(pinpoint, 'apns-bad');
    const other = selfSignedCertificate('Apple Push Services: com.example.other');
    const cases: [ApnsRequest | Record<string, unknown>, RegExp][] = [
      [{}, /^Certificate and PrivateKey \(certificate authentication\) or TokenKey, TokenKeyId, TeamId and BundleId \(token authentication\) are required$/],
      [{ Enabled: true }, /are required$/],
      [{ ...token, TokenKey: 'not a key' }, /^TokenKey must be the PKCS#8 PEM text/],
      [{ ...token, TokenKey: wrongCurveKey() }, /^TokenKey must be an elliptic-curve P-256 key/],
      [{ ...token, TokenKey: '' }, /^TokenKey must not be empty$/],
      [{ ...token, TokenKeyId: 'short' }, /^TokenKeyId must be the 10-character identifier/],
      [{ ...token, TeamId: 'lowercase01' }, /^TeamId must be the 10-character identifier/],
      [{ ...token, BundleId: 'not a bundle' }, /^BundleId must be a bundle identifier/],
      [{ ...token, TokenKeyId: undefined }, /^TokenKeyId is required for token authentication/],
      [{ ...token, BundleId: undefined }, /^BundleId is required for token authentication/],
      [{ TokenKeyId: 'ABCDE12345', TeamId: 'TEAM123456', BundleId: 'com.example.app' }, /^TokenKey is required for token authentication/],
      [{ Certificate: certified.certificate }, /^PrivateKey is required with Certificate/],
      [{ PrivateKey: certified.privateKey }, /^Certificate is required with PrivateKey/],
      [{ Certificate: certified.certificate, PrivateKey: other.privateKey }, /^PrivateKey is not the private key of Certificate$/],
      [{ Certificate: 'MIIC', PrivateKey: certified.privateKey }, /^Certificate is not a readable X\.509 certificate/],
      [{ Certificate: certified.certificate, PrivateKey: rsaKey().replace('BEGIN', 'BOGUS') }, /^PrivateKey is not a readable, unencrypted PEM private key$/],
      [{ ...token, ...certificate }, /^DefaultAuthenticationMethod is required when the channel has both a certificate and a token key/],
      [{ ...certificate, DefaultAuthenticationMethod: 'TOKEN' }, /^DefaultAuthenticationMethod TOKEN needs a TokenKey/],
      [{ ...token, DefaultAuthenticationMethod: 'CERTIFICATE' }, /^DefaultAuthenticationMethod CERTIFICATE needs a Certificate and its PrivateKey$/],
      [{ ...token, DefaultAuthenticationMethod: 'PASSWORD' }, /^DefaultAuthenticationMethod must be CERTIFICATE .* or TOKEN/],
      [{ ...token, TokenKey: 7 }, /Value '\*\*\*' at 'APNSChannelRequest\.TokenKey' failed to satisfy constraint: Member must be a string/],
    ];
    for (const [body, message] of cases) assertRawError(await raw('PUT', appId, 'apns', body), 400, 'BadRequestException', message);
    await rejectsWith(apnsKinds[0]!.get(appId), 'NotFoundException', 404);
    // A refused update of an existing channel leaves it as it was.
    await apnsKinds[1]!.update(appId, token);
    assertRawError(await raw('PUT', appId, 'apns_sandbox', { ...certificate, DefaultAuthenticationMethod: 'TOKEN', PrivateKey: other.privateKey }), 400, 'BadRequestException', /^PrivateKey is not the private key/);
    assertRawError(await raw('PUT', appId, 'apns_sandbox', { DefaultAuthenticationMethod: 'CERTIFICATE' }), 400, 'BadRequestException', /^DefaultAuthenticationMethod CERTIFICATE needs/);
    const kept = await apnsKinds[1]!.get(appId);
    assert.equal(kept.Version, 1);
    assert.equal(kept.DefaultAuthenticationMethod, 'TOKEN');
  });
});

describe('GCM, Baidu and ADM channels', () => {
  test('GCM: ServiceJson (TOKEN), then an ApiKey added keeps the service account; neither is answered', async () => {
    const appId = await newApp(pinpoint, 'gcm-channel');
    const base = { ...common(appId, 'gcm', 'GCM'), HasCredential: true };
    const created = (await pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ServiceJson: serviceJson } }))).GCMChannelResponse!;
    assert.deepEqual(withoutDates(created), { ...base, DefaultAuthenticationMethod: 'TOKEN', Enabled: true, HasFcmServiceCredentials: true, Version: 1 });
    const withKey = (await pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ApiKey: gcmApiKey, DefaultAuthenticationMethod: 'KEY' } }))).GCMChannelResponse!;
    assert.deepEqual(withoutDates(withKey), { ...base, DefaultAuthenticationMethod: 'KEY', Enabled: true, HasFcmServiceCredentials: true, Version: 2 });
    assert.equal(withKey.Credential, undefined, 'the API key is not answered as Credential');
    assert.deepEqual((await pinpoint.send(new GetGcmChannelCommand({ ApplicationId: appId }))).GCMChannelResponse, withKey);
    assert.equal((await raw('GET', appId, 'gcm')).status, 200);
    assert.deepEqual((await pinpoint.send(new DeleteGcmChannelCommand({ ApplicationId: appId }))).GCMChannelResponse, withKey);

    const keyOnly = (await raw('PUT', appId, 'gcm', { ApiKey: gcmApiKey })).json as Answer;
    assert.equal(keyOnly.DefaultAuthenticationMethod, 'KEY');
    assert.equal(keyOnly.HasFcmServiceCredentials, false);
    assert.equal(keyOnly.Version, 1);
  });

  test('GCM bad input names the member', async () => {
    const appId = await newApp(pinpoint, 'gcm-bad');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /^ApiKey or ServiceJson is required/],
      [{ Enabled: true, DefaultAuthenticationMethod: 'KEY' }, /^ApiKey or ServiceJson is required/],
      [{ ApiKey: '' }, /^ApiKey must not be empty$/],
      [{ ApiKey: 'has space' }, /^ApiKey must not contain white space$/],
      [{ ServiceJson: '{not json' }, /^ServiceJson is not valid JSON/],
      [{ ServiceJson: serviceAccountJson({ type: 'authorized_user' }) }, /^ServiceJson must be a service-account key file/],
      [{ ServiceJson: serviceAccountJson({ project_id: undefined }) }, /^ServiceJson has no project_id$/],
      [{ ServiceJson: serviceAccountJson({ private_key: 'garbage' }) }, /^ServiceJson private_key is not a readable PEM private key$/],
      [{ ServiceJson: serviceJson, DefaultAuthenticationMethod: 'KEY' }, /^DefaultAuthenticationMethod KEY needs an ApiKey/],
      [{ ApiKey: gcmApiKey, DefaultAuthenticationMethod: 'TOKEN' }, /^DefaultAuthenticationMethod TOKEN needs a ServiceJson/],
      [{ ApiKey: gcmApiKey, DefaultAuthenticationMethod: 'OAUTH' }, /^DefaultAuthenticationMethod must be KEY \(ApiKey\) or TOKEN \(ServiceJson\)$/],
    ];
    for (const [body, message] of cases) assertRawError(await raw('PUT', appId, 'gcm', body), 400, 'BadRequestException', message);
    await rejectsWith(pinpoint.send(new GetGcmChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404, /has no GCM channel/);
  });

  test('Baidu and ADM: credentials required on every update, sealed, never answered', async () => {
    const appId = await newApp(pinpoint, 'baidu-adm');
    const baiduChannel = (await pinpoint.send(new UpdateBaiduChannelCommand({ ApplicationId: appId, BaiduChannelRequest: baidu }))).BaiduChannelResponse!;
    assert.deepEqual(withoutDates(baiduChannel), { ...common(appId, 'baidu', 'BAIDU'), HasCredential: true, Enabled: true, Version: 1 });
    const baiduAgain = (await pinpoint.send(new UpdateBaiduChannelCommand({ ApplicationId: appId, BaiduChannelRequest: { ...baidu, Enabled: false } }))).BaiduChannelResponse!;
    assert.equal(baiduAgain.Version, 2);
    assert.deepEqual((await pinpoint.send(new GetBaiduChannelCommand({ ApplicationId: appId }))).BaiduChannelResponse, baiduAgain);
    const admChannel = (await pinpoint.send(new UpdateAdmChannelCommand({ ApplicationId: appId, ADMChannelRequest: adm }))).ADMChannelResponse!;
    assert.deepEqual(withoutDates(admChannel), { ...common(appId, 'adm', 'ADM'), HasCredential: true, Enabled: true, Version: 1 });
    assert.deepEqual((await pinpoint.send(new GetAdmChannelCommand({ ApplicationId: appId }))).ADMChannelResponse, admChannel);
    for (const kind of ['baidu', 'adm']) assert.equal((await raw('GET', appId, kind)).status, 200);

    assertRawError(await raw('PUT', appId, 'baidu', { ApiKey: baidu.ApiKey }), 400, 'BadRequestException', /Value null at 'BaiduChannelRequest\.SecretKey' failed to satisfy constraint: Member must not be null/);
    assertRawError(await raw('PUT', appId, 'baidu', { ApiKey: '', SecretKey: baidu.SecretKey }), 400, 'BadRequestException', /^ApiKey must not be empty$/);
    assertRawError(await raw('PUT', appId, 'adm', { ClientId: adm.ClientId }), 400, 'BadRequestException', /Value null at 'ADMChannelRequest\.ClientSecret' failed to satisfy constraint: Member must not be null/);
    assertRawError(await raw('PUT', appId, 'adm', { ClientId: ' ', ClientSecret: adm.ClientSecret }), 400, 'BadRequestException', /^ClientId must not be empty$/);
    assert.equal((await pinpoint.send(new GetBaiduChannelCommand({ ApplicationId: appId }))).BaiduChannelResponse!.Version, 2);

    assert.deepEqual((await pinpoint.send(new DeleteBaiduChannelCommand({ ApplicationId: appId }))).BaiduChannelResponse, baiduAgain);
    assert.deepEqual((await pinpoint.send(new DeleteAdmChannelCommand({ ApplicationId: appId }))).ADMChannelResponse, admChannel);
    await rejectsWith(pinpoint.send(new GetAdmChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404, /has no ADM channel/);
  });
});

describe('GetChannels and the project', () => {
  test('GetChannels: every configured channel by type, HasCredential only for push channels, IN_APP always', async () => {
    const appId = await newApp(pinpoint, 'all-channels');
    const fresh = (await pinpoint.send(new GetChannelsCommand({ ApplicationId: appId }))).ChannelsResponse!;
    assert.deepEqual(fresh, { Channels: { IN_APP: { Enabled: true, IsArchived: false, Version: 0 } } });

    const email = (await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'sender@example.com', Identity: IDENTITY } }))).EmailChannelResponse!;
    await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: false } }));
    const sms = (await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { SenderId: 'PINION' } }))).SMSChannelResponse!;
    const gcm = (await pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ServiceJson: serviceJson } }))).GCMChannelResponse!;
    await apnsKinds[2]!.update(appId, token);
    const summary = (r: Answer) => ({ ApplicationId: appId, CreationDate: r.CreationDate, Enabled: r.Enabled, Id: r.Id, IsArchived: false, LastModifiedBy: ROOT, LastModifiedDate: r.LastModifiedDate, Version: r.Version });
    const channels = (await pinpoint.send(new GetChannelsCommand({ ApplicationId: appId }))).ChannelsResponse!.Channels!;
    const voip = await apnsKinds[2]!.get(appId);
    assert.deepEqual(channels, {
      EMAIL: summary(email),
      SMS: { ...summary(sms), Enabled: false, Version: 2 },
      GCM: { ...summary(gcm), HasCredential: true },
      APNS_VOIP: { ...summary(voip), HasCredential: true },
      IN_APP: { Enabled: true, IsArchived: false, Version: 0 },
    });
    const rawChannels = await rawCall(server, 'GET', `/v1/apps/${appId}/channels`);
    assert.equal(rawChannels.status, 200);
    assertNoSecrets(rawChannels.text, 'GetChannels');
  });

  test('a project that does not exist: 404 naming it, for every operation; deleting a project deletes its channels', async () => {
    const notFound = new RegExp(`^Application ${MISSING_APP} not found$`);
    await rejectsWith(pinpoint.send(new GetChannelsCommand({ ApplicationId: MISSING_APP })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new GetEmailChannelCommand({ ApplicationId: MISSING_APP })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new DeleteSmsChannelCommand({ ApplicationId: MISSING_APP })), 'NotFoundException', 404, notFound);
    await rejectsWith(pinpoint.send(new UpdateVoiceChannelCommand({ ApplicationId: MISSING_APP, VoiceChannelRequest: {} })), 'NotFoundException', 404, notFound);
    await rejectsWith(apnsKinds[0]!.update(MISSING_APP, token), 'NotFoundException', 404, notFound);

    const appId = await newApp(pinpoint, 'deleted-project');
    await pinpoint.send(new UpdateAdmChannelCommand({ ApplicationId: appId, ADMChannelRequest: adm }));
    await pinpoint.send(new DeleteAppCommand({ ApplicationId: appId }));
    await rejectsWith(pinpoint.send(new GetAdmChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404, new RegExp(`^Application ${appId} not found$`));
    const recreated = await newApp(pinpoint, 'deleted-project');
    assert.deepEqual(Object.keys((await pinpoint.send(new GetChannelsCommand({ ApplicationId: recreated }))).ChannelsResponse!.Channels!), ['IN_APP']);
  });
});

describe('IAM on channel ARNs', () => {
  test('a user denied UpdateApnsChannel on one project may still manage its email channel; the denial names action and resource', async () => {
    const appId = await newApp(pinpoint, 'iam-channels');
    const app = `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/${appId}`;
    const name = 'channel-manager';
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' },
            { Effect: 'Deny', Action: 'mobiletargeting:UpdateApnsChannel', Resource: `${app}/channels/apns` },
          ],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    const user = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
    clients.push(user);
    const userArn = `arn:aws:iam::${ACCOUNT}:user/${name}`;

    await rejectsWith(
      user.send(new UpdateApnsChannelCommand({ ApplicationId: appId, APNSChannelRequest: token })),
      'AccessDeniedException',
      403,
      new RegExp(`^User: ${userArn} is not authorized to perform: mobiletargeting:UpdateApnsChannel on resource: ${app}/channels/apns$`),
    );
    await rejectsWith(pinpoint.send(new GetApnsChannelCommand({ ApplicationId: appId })), 'NotFoundException', 404, /has no APNS channel/);
    // The sandbox channel is another resource: allowed.
    assert.equal((await user.send(new UpdateApnsSandboxChannelCommand({ ApplicationId: appId, APNSSandboxChannelRequest: token }))).APNSSandboxChannelResponse!.LastModifiedBy, userArn);
    const email = (await user.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'sender@example.com', Identity: IDENTITY } }))).EmailChannelResponse!;
    assert.equal(email.LastModifiedBy, userArn);
    // PassRole is checked for the email channel's RoleArn (the user's mobiletargeting:* does not grant iam:PassRole).
    await rejectsWith(
      user.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'sender@example.com', Identity: IDENTITY, RoleArn: roleArn } })),
      'AccessDeniedException',
      403,
      new RegExp(`^User: ${userArn} is not authorized to perform: iam:PassRole on resource: ${roleArn}$`),
    );
    assert.equal((await pinpoint.send(new GetEmailChannelCommand({ ApplicationId: appId }))).EmailChannelResponse!.Version, 1);
  });
});

describe('at rest and in the audit trail', () => {
  test('no credential is in the database files or the audit trail; credential members are recorded as hidden', async () => {
    await server.stop();
    const files = readdirSync(server.dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    assert.ok(files.some((entry) => entry.name === 'pinion.sqlite'), files.map((entry) => entry.name).join(', '));
    for (const entry of files) assertNoSecrets(readFileSync(join(entry.parentPath ?? entry.path, entry.name)).toString('latin1'), entry.name);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'audit', '--data-dir', server.dataDir, '--json', '--limit', '5000'], { cwd: projectRoot });
    const records = stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as AuditRecord);
    const updates = records.filter((r) => /^Update(Apns|Gcm|Baidu|Adm)/.test(r.eventName) && r.errorCode === undefined);
    assert.ok(updates.length >= 10, `audit records of channel updates: ${updates.length}`);
    assertNoSecrets(stdout, 'the audit trail');
    assertNoSecrets(server.output(), 'the server log');
    const gcm = records.find((r) => r.eventName === 'UpdateGcmChannel' && JSON.stringify(r.requestParameters).includes('ServiceJson'));
    assert.match(JSON.stringify(gcm?.requestParameters), /"ServiceJson":"HIDDEN_DUE_TO_SECURITY_REASONS"/);
  });
});
