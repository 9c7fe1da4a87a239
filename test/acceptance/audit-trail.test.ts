// Every API call, allowed or denied, lands in the audit trail in CloudTrail's record format,
// with secrets redacted, and `pinion audit` finds it: end to end against a started server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetAppCommand, GetAppsCommand, PinpointClient, UpdateGcmChannelCommand } from '@aws-sdk/client-pinpoint';
import type { AuditRecord } from '../../src/observability/audit-event.ts';
import { projectRoot, startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';

const run = promisify(execFile);
let server: PinionProcess;
let records: AuditRecord[];
let userKey: { accessKeyId: string; secretAccessKey: string };

async function audit(...args: string[]): Promise<AuditRecord[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'audit', '--data-dir', server.dataDir, '--json', '--limit', '1000', ...args], { cwd: projectRoot });
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
}

before(async () => {
  server = await startPinion({ keepDataDir: true });
  const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  const pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  await iam.send(new CreateUserCommand({ UserName: 'audited' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'audited' }))).AccessKey!;
  userKey = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  await pinpoint.send(new GetAppsCommand({}));
  // Refused (the project does not exist), but called with a secret: it must be recorded, and the secret must not.
  await rejectsWith(pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: 'a'.repeat(32), GCMChannelRequest: { ApiKey: 'gcm-secret-api-key-1234', Enabled: true } })), 'NotFoundException', 404);
  const user = new PinpointClient({ endpoint: server.url, region: 'eu-west-1', credentials: userKey, maxAttempts: 1 });
  await rejectsWith(user.send(new GetAppCommand({ ApplicationId: 'b'.repeat(32) })), 'AccessDeniedException', 403);
  const stranger = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'x'.repeat(40) }, maxAttempts: 1 });
  await rejectsWith(stranger.send(new GetAppsCommand({})), 'UnrecognizedClientException', 403);
  for (const client of [iam, pinpoint, user, stranger]) client.destroy();
  // Refused by the HTTP layer before the pipeline: still recorded.
  const undecodable = await fetch(`${server.url}/v1/apps/%zz`, { headers: { 'user-agent': 'path-prober' } });
  assert.equal(undecodable.status, 400);
  // Stopping the server flushes what it has queued.
  await server.stop();
  records = await audit();
});

after(async () => {
  const { rmSync } = await import('node:fs');
  rmSync(server.dataDir, { recursive: true, force: true });
});

test('allowed calls are recorded with who, what, where and CloudTrail’s fields', () => {
  const getApps = records.find((r) => r.eventName === 'GetApps' && r.userIdentity.type === 'Root');
  assert.ok(getApps, JSON.stringify(records.map((r) => r.eventName)));
  assert.equal(getApps.eventSource, 'mobiletargeting.amazonaws.com');
  assert.equal(getApps.awsRegion, 'us-east-1');
  assert.equal(getApps.readOnly, true);
  assert.equal(getApps.errorCode, undefined);
  assert.equal(getApps.sourceIPAddress, '127.0.0.1');
  assert.equal(getApps.recipientAccountId, testAccountId);
  assert.match(getApps.eventID, /^[0-9a-f-]{36}$/);
  const createUser = records.find((r) => r.eventName === 'CreateUser');
  assert.equal(createUser?.eventSource, 'iam.amazonaws.com');
  assert.deepEqual(createUser?.requestParameters, { userName: 'audited' });
  assert.equal(createUser?.readOnly, false);
});

test('denied calls are recorded with the error AWS returned', () => {
  const denied = records.find((r) => r.eventName === 'GetApp' && r.errorCode === 'AccessDeniedException');
  assert.ok(denied);
  assert.equal(denied.userIdentity.type, 'IAMUser');
  assert.equal(denied.userIdentity.userName, 'audited');
  assert.equal(denied.userIdentity.accessKeyId, userKey.accessKeyId);
  assert.equal(denied.awsRegion, 'eu-west-1');
  assert.match(denied.errorMessage ?? '', new RegExp(`^User: arn:aws:iam::${testAccountId}:user/audited is not authorized to perform: mobiletargeting:GetApp`));
  const unknownKey = records.find((r) => r.errorCode === 'UnrecognizedClientException');
  assert.equal(unknownKey?.userIdentity.accessKeyId, 'AKIANOBODY0000000000');
});

test('requests the HTTP layer refuses are recorded too', () => {
  const refused = records.find((r) => r.userAgent === 'path-prober');
  assert.ok(refused);
  assert.equal(refused.errorCode, 'BadRequestException');
  assert.match(refused.errorMessage ?? '', /not valid percent-encoding/);
  assert.equal(refused.userIdentity.type, 'Unknown');
});

test('secrets never reach the audit trail', () => {
  const channel = records.find((r) => r.eventName === 'UpdateGcmChannel');
  assert.ok(channel);
  assert.equal(channel.errorCode, 'NotFoundException');
  const text = JSON.stringify(records);
  assert.equal(text.includes('gcm-secret-api-key-1234'), false);
  assert.equal(text.includes(userKey.secretAccessKey), false);
  assert.match(JSON.stringify(channel.requestParameters), /HIDDEN_DUE_TO_SECURITY_REASONS/);
});

test('pinion audit filters by user, event name and errors', async () => {
  assert.deepEqual([...new Set((await audit('--user', 'audited')).map((r) => r.eventName))], ['GetApp']);
  assert.ok((await audit('--event-name', 'CreateAccessKey')).length === 1);
  const errors = await audit('--errors');
  assert.ok(errors.length >= 3 && errors.every((r) => r.errorCode !== undefined));
});
