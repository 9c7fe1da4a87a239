// SendOTPMessage and VerifyOTPMessage through the real @aws-sdk/client-pinpoint against a started
// server whose SMS goes to the simulator: the code is read back from the simulator outbox
// (ListOutboxMessages, a Pinion extension), then verified: wrong, right, reused, out of attempts,
// replaced, under another reference or number. Every bad input is a 400 naming its member; a
// missing project is a 404; IAM decides per action and project. Finally the server is stopped and
// neither its log nor its audit trail (nor its event log, nor the OTP table) holds any code sent.
// Expiry needs a clock the test controls: test/integration/otp-storage.test.ts covers it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { PinpointClient, SendOTPMessageCommand, UpdateSmsChannelCommand, VerifyOTPMessageCommand } from '@aws-sdk/client-pinpoint';
import type { SendOTPMessageRequestParameters } from '@aws-sdk/client-pinpoint';
import type { AuditRecord } from '../../src/observability/audit-event.ts';
import { assertRawError, newApp, rawCall } from '../helpers/pinpoint-fixtures.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { projectRoot, startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const run = promisify(execFile);
const PHONE = '+12065550100';
const OTHER_PHONE = '+12065550142';
const FROM = '+12065550199';

let server: PinionProcess;
let pinpoint: PinpointClient;
let iam: IAMClient;
const clients: { destroy(): void }[] = [];
/** Every code the server sent in this run: none may show up where codes must never be. */
const sentCodes = new Set<string>();

before(async () => {
  server = await startPinion({ keepDataDir: true });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  pinpoint = new PinpointClient(options);
  iam = new IAMClient(options);
  clients.push(pinpoint, iam);
});

after(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

/** A project whose SMS channel is enabled. */
async function otpApp(name = 'otp'): Promise<string> {
  const appId = await newApp(pinpoint, name);
  await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }));
  return appId;
}

function params(overrides: Partial<SendOTPMessageRequestParameters> = {}): SendOTPMessageRequestParameters {
  return { Channel: 'SMS', BrandName: 'ExampleCorp', ReferenceId: 'login-1', DestinationIdentity: PHONE, OriginationIdentity: FROM, ...overrides };
}

function sendOtp(appId: string, overrides: Partial<SendOTPMessageRequestParameters> = {}, client = pinpoint) {
  return client.send(new SendOTPMessageCommand({ ApplicationId: appId, SendOTPMessageRequestParameters: params(overrides) }));
}

async function verifyOtp(appId: string, otp: string, referenceId = 'login-1', destination = PHONE, client = pinpoint): Promise<boolean | undefined> {
  const out = await client.send(new VerifyOTPMessageCommand({ ApplicationId: appId, VerifyOTPMessageRequestParameters: { ReferenceId: referenceId, DestinationIdentity: destination, Otp: otp } }));
  return out.VerificationResponse?.Valid;
}

interface OutboxItem {
  MessageId: string;
  ChannelType: string;
  Address: string;
  Content: { Body?: string; MessageType?: string; OriginationNumber?: string; SenderId?: string };
}

/** The simulator outbox entry of a message the server sent. */
async function outboxMessage(appId: string, messageId: string): Promise<OutboxItem> {
  const response = await rawCall(server, 'GET', `/v1/apps/${appId}/outbox`);
  assert.equal(response.status, 200, response.text);
  const item = (response.json as unknown as { Item: OutboxItem[] }).Item.find((m) => m.MessageId === messageId);
  assert.ok(item, `message ${messageId} is in the outbox`);
  return item;
}

/** Sends a code and reads it back from the outbox: the code, the message body and the send's result. */
async function sendAndRead(appId: string, overrides: Partial<SendOTPMessageRequestParameters> = {}, pattern = /: (\d{5,8}) from /) {
  const out = await sendOtp(appId, overrides);
  const destination = overrides.DestinationIdentity ?? PHONE;
  const result = out.MessageResponse!.Result![destination]!;
  assert.equal(result.DeliveryStatus, 'SUCCESSFUL', JSON.stringify(out.MessageResponse));
  const message = await outboxMessage(appId, result.MessageId!);
  const code = pattern.exec(message.Content.Body ?? '')?.[1];
  assert.ok(code, `a code in ${JSON.stringify(message.Content.Body)}`);
  sentCodes.add(code);
  return { code, message, response: out.MessageResponse! };
}

/** A code of the given length that is not `code`. */
function wrong(code: string): string {
  return code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
}

describe('sending and verifying', () => {
  test('the code goes out as a transactional SMS in Pinpoint’s wording; wrong is false, right is true, reused is false', async () => {
    const appId = await otpApp();
    const { code, message, response } = await sendAndRead(appId);
    assert.equal(response.ApplicationId, appId);
    assert.match(response.RequestId!, /\S/);
    assert.deepEqual(Object.keys(response.Result!), [PHONE]);
    assert.equal(response.Result![PHONE]!.StatusCode, 200);
    assert.match(response.Result![PHONE]!.MessageId!, /^[0-9a-f]{32}$/);
    assert.equal(response.EndpointResult, undefined);
    assert.match(code, /^\d{6}$/, 'six digits by default');
    assert.equal(message.ChannelType, 'SMS');
    assert.equal(message.Address, PHONE);
    assert.equal(message.Content.Body, `This is your One Time Password: ${code} from ExampleCorp`);
    assert.equal(message.Content.MessageType, 'TRANSACTIONAL');
    assert.equal(message.Content.OriginationNumber, FROM);

    assert.equal(await verifyOtp(appId, wrong(code)), false);
    assert.equal(await verifyOtp(appId, code), true);
    assert.equal(await verifyOtp(appId, code), false, 'a code verifies once');
  });

  test('CodeLength, Language and a sender ID are honoured; a brand is shown as written, never read as template syntax', async () => {
    const appId = await otpApp();
    const { code, message } = await sendAndRead(appId, { CodeLength: 8, Language: 'de-DE', OriginationIdentity: 'ExampleCo', BrandName: 'Ex{{Corp}} & <Co>' }, /: (\d+) von /);
    assert.match(code, /^\d{8}$/);
    assert.equal(message.Content.Body, `Dies ist Ihr Einmalpasswort: ${code} von Ex{{Corp}} & <Co>`);
    assert.equal(message.Content.SenderId, 'ExampleCo');
    assert.equal(await verifyOtp(appId, code), true);

    const japanese = await sendAndRead(appId, { ReferenceId: 'ja', Language: 'ja-JP', CodeLength: 5 }, /: (\d+)$/);
    assert.equal(japanese.message.Content.Body, `ExampleCorp のワンタイムパスワード: ${japanese.code}`);
    assert.equal(await verifyOtp(appId, japanese.code, 'ja'), true);
  });

  test('AllowedAttempts: once they are used up, even the right code is false', async () => {
    const appId = await otpApp();
    const { code } = await sendAndRead(appId, { AllowedAttempts: 2 });
    assert.equal(await verifyOtp(appId, wrong(code)), false);
    assert.equal(await verifyOtp(appId, wrong(wrong(code))), false);
    assert.equal(await verifyOtp(appId, code), false);
  });

  test('a shorter or longer code is a wrong code, and takes an attempt', async () => {
    const appId = await otpApp();
    const { code } = await sendAndRead(appId, { AllowedAttempts: 2 });
    assert.equal(await verifyOtp(appId, code.slice(0, 5)), false);
    assert.equal(await verifyOtp(appId, `${code}0`), false);
    assert.equal(await verifyOtp(appId, code), false, 'both attempts were taken');
  });

  test('a second send for the same reference and number replaces the code', async () => {
    const appId = await otpApp();
    const first = await sendAndRead(appId, { CodeLength: 8 });
    const second = await sendAndRead(appId, { CodeLength: 8 });
    assert.notEqual(first.code, second.code);
    assert.equal(await verifyOtp(appId, first.code), false);
    assert.equal(await verifyOtp(appId, second.code), true);
  });

  test('a code is bound to its reference, its number and its project', async () => {
    const appId = await otpApp();
    const otherApp = await otpApp('other');
    const { code } = await sendAndRead(appId, { ReferenceId: 'checkout-7' });
    const other = await sendAndRead(appId, { ReferenceId: 'checkout-7', DestinationIdentity: OTHER_PHONE });
    assert.equal(await verifyOtp(appId, code, 'checkout-8'), false);
    assert.equal(await verifyOtp(otherApp, code, 'checkout-7'), false);
    if (other.code !== code) assert.equal(await verifyOtp(appId, code, 'checkout-7', OTHER_PHONE), false);
    assert.equal(await verifyOtp(appId, code, 'checkout-7'), true);
    assert.equal(await verifyOtp(appId, other.code, 'checkout-7', OTHER_PHONE), true);
    assert.equal(await verifyOtp(appId, code, 'never-sent'), false, 'never sent: false');
  });

  test('a send the channel refuses answers its result as SendMessages does', async () => {
    const appId = await newApp(pinpoint, 'no-sms');
    const out = await sendOtp(appId);
    const result = out.MessageResponse!.Result![PHONE]!;
    assert.equal(result.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(result.StatusCode, 400);
    assert.match(result.StatusMessage!, /SMS channel is not enabled/);
    assert.equal(result.MessageId, undefined);
  });
});

describe('bad input', () => {
  test('every SendOTPMessage member out of bounds is a 400 naming it', async () => {
    const appId = await otpApp();
    const cases: [Partial<SendOTPMessageRequestParameters>, RegExp][] = [
      [{ Channel: 'VOICE' }, /Channel must be SMS .*got 'VOICE'/],
      [{ Channel: 'EMAIL' }, /Channel must be SMS/],
      [{ Channel: '' }, /Channel is required/],
      [{ DestinationIdentity: '2065550100' }, /DestinationIdentity must be a phone number in E\.164 format/],
      [{ DestinationIdentity: 'ada@example.com' }, /DestinationIdentity must be a phone number in E\.164 format/],
      [{ OriginationIdentity: 'not a sender id' }, /OriginationIdentity must be a phone number in E\.164 format, a short code/],
      [{ BrandName: 'A brand name far too long' }, /BrandName must be at most 20 characters, got 25/],
      [{ BrandName: ' ' }, /BrandName is required/],
      [{ CodeLength: 4 }, /CodeLength must be 5 to 8 digits, got 4/],
      [{ CodeLength: 9 }, /CodeLength must be 5 to 8 digits, got 9/],
      [{ AllowedAttempts: 0 }, /AllowedAttempts must be 1 to 5 attempts, got 0/],
      [{ AllowedAttempts: 6 }, /AllowedAttempts must be 1 to 5 attempts, got 6/],
      [{ ValidityPeriod: 4 }, /ValidityPeriod must be 5 to 60 minutes, got 4/],
      [{ ValidityPeriod: 61 }, /ValidityPeriod must be 5 to 60 minutes, got 61/],
      [{ ReferenceId: '' }, /ReferenceId is required and must not be empty/],
      [{ ReferenceId: 'r'.repeat(129) }, /ReferenceId must be at most 128 characters, got 129/],
      [{ Language: 'xx-XX' }, /Language must be one of de-DE, en-GB, en-US.*got 'xx-XX'/],
      [{ EntityId: 'e'.repeat(65) }, /EntityId must be 1 to 64 characters/],
    ];
    for (const [overrides, message] of cases) {
      await rejectsWith(sendOtp(appId, overrides), 'BadRequestException', 400, new RegExp(`^SendOTPMessageRequestParameters\\.${message.source}`));
    }
    // Refused requests store nothing and send nothing.
    const outbox = await rawCall(server, 'GET', `/v1/apps/${appId}/outbox`);
    assert.deepEqual((outbox.json as unknown as { Item: unknown[] }).Item, []);
  });

  test('members the model requires, missing, are 400s naming them', async () => {
    const appId = await otpApp();
    for (const member of ['Channel', 'BrandName', 'ReferenceId', 'DestinationIdentity', 'OriginationIdentity'] as const) {
      const body: Record<string, unknown> = { ...params() };
      delete body[member];
      assertRawError(await rawCall(server, 'POST', `/v1/apps/${appId}/otp`, body), 400, 'BadRequestException', new RegExp(`${member}.*must not be null`));
    }
    for (const member of ['ReferenceId', 'Otp', 'DestinationIdentity'] as const) {
      const body: Record<string, unknown> = { ReferenceId: 'login-1', Otp: '123456', DestinationIdentity: PHONE };
      delete body[member];
      assertRawError(await rawCall(server, 'POST', `/v1/apps/${appId}/verify-otp`, body), 400, 'BadRequestException', new RegExp(`${member}.*must not be null`));
    }
  });

  test('VerifyOTPMessage: a non-numeric or over-long code, or a bad number, is a 400 that does not quote the code', async () => {
    const appId = await otpApp();
    const { code } = await sendAndRead(appId, { AllowedAttempts: 1 });
    const verify = (otp: string, destination = PHONE, referenceId = 'login-1') =>
      pinpoint.send(new VerifyOTPMessageCommand({ ApplicationId: appId, VerifyOTPMessageRequestParameters: { ReferenceId: referenceId, DestinationIdentity: destination, Otp: otp } }));
    await rejectsWith(verify('12a456'), 'BadRequestException', 400, /^VerifyOTPMessageRequestParameters\.Otp must be the numeric code that was sent \(digits only\)$/);
    await rejectsWith(verify(` ${code}`), 'BadRequestException', 400, /^VerifyOTPMessageRequestParameters\.Otp must be the numeric code/);
    await rejectsWith(verify(''), 'BadRequestException', 400, /^VerifyOTPMessageRequestParameters\.Otp is required/);
    await rejectsWith(verify('123456789'), 'BadRequestException', 400, /^VerifyOTPMessageRequestParameters\.Otp must be at most 8 digits, got 9$/);
    await rejectsWith(verify(code, '2065550100'), 'BadRequestException', 400, /^VerifyOTPMessageRequestParameters\.DestinationIdentity must be a phone number in E\.164 format/);
    await rejectsWith(verify(code, PHONE, ''), 'BadRequestException', 400, /^VerifyOTPMessageRequestParameters\.ReferenceId is required/);
    assert.equal(await verifyOtp(appId, code), true, 'refused requests took no attempt (the code allows only one)');
  });

  test('a project that does not exist is a 404 for both', async () => {
    const missing = 'f'.repeat(32);
    await rejectsWith(sendOtp(missing), 'NotFoundException', 404, /Application not found/);
    await rejectsWith(pinpoint.send(new VerifyOTPMessageCommand({ ApplicationId: missing, VerifyOTPMessageRequestParameters: { ReferenceId: 'login-1', DestinationIdentity: PHONE, Otp: '123456' } })), 'NotFoundException', 404, /Application not found/);
  });
});

describe('IAM', () => {
  test('SendOTPMessage and VerifyOTPMessage are separate actions on their own project resources', async () => {
    const appId = await otpApp();
    const otherApp = await otpApp('other');
    await iam.send(new CreateUserCommand({ UserName: 'otp-sender' }));
    const statements = [{ Effect: 'Allow', Action: 'mobiletargeting:SendOTPMessage', Resource: `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${appId}/otp` }];
    await iam.send(new PutUserPolicyCommand({ UserName: 'otp-sender', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'otp-sender' }))).AccessKey!;
    const sender = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
    clients.push(sender);
    const user = `arn:aws:iam::${testAccountId}:user/otp-sender`;
    const out = await sendOtp(appId, {}, sender);
    assert.equal(out.MessageResponse!.Result![PHONE]!.DeliveryStatus, 'SUCCESSFUL');
    await rejectsWith(
      sendOtp(otherApp, {}, sender),
      'AccessDeniedException',
      403,
      new RegExp(`^User: ${user} is not authorized to perform: mobiletargeting:SendOTPMessage on resource: arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${otherApp}/otp$`),
    );
    await rejectsWith(
      verifyOtp(appId, '123456', 'login-1', PHONE, sender),
      'AccessDeniedException',
      403,
      new RegExp(`^User: ${user} is not authorized to perform: mobiletargeting:VerifyOTPMessage on resource: arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${appId}/verify-otp$`),
    );
    const message = await outboxMessage(appId, out.MessageResponse!.Result![PHONE]!.MessageId!);
    const code = /: (\d+) from /.exec(message.Content.Body!)![1]!;
    sentCodes.add(code);
    assert.equal(await verifyOtp(appId, code), true, 'the denied verification took no attempt, nor the code');
  });
});

describe('codes never stored or written anywhere but the simulator outbox', () => {
  test('not in the server log, the audit trail, the event log or the OTP table', async () => {
    assert.ok(sentCodes.size >= 10, `codes sent: ${sentCodes.size}`);
    // Stopping the server flushes the audit records it has queued.
    await server.stop();
    /** A code as a whole number: not part of a longer run of digits (timestamps, ids). */
    const holds = (text: string) => [...sentCodes].filter((code) => new RegExp(`(?<!\\d)${code}(?!\\d)`).test(text));

    assert.deepEqual(holds(server.output()), [], 'server log');

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'audit', '--data-dir', server.dataDir, '--json', '--limit', '1000'], { cwd: projectRoot });
    const records = stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as AuditRecord);
    const otpCalls = records.filter((r) => r.eventName === 'SendOTPMessage' || r.eventName === 'VerifyOTPMessage');
    assert.ok(otpCalls.filter((r) => r.eventName === 'VerifyOTPMessage').length >= 20, 'verifications are audited');
    assert.ok(otpCalls.some((r) => r.errorCode === 'BadRequestException'), 'refusals are audited');
    assert.deepEqual(holds(stdout), [], 'audit trail');

    const db = new Database(join(server.dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const events = db.prepare('select record from event_log').all() as { record: string }[];
      assert.ok(events.length > 0);
      assert.deepEqual(holds(events.map((e) => e.record).join('\n')), [], 'event log');
      const otps = db.prepare('select * from otp_codes').all() as Record<string, unknown>[];
      assert.ok(otps.length > 0);
      assert.deepEqual(holds(JSON.stringify(otps)), [], 'OTP table');
      for (const row of otps) assert.match(String(row.code_hash), /^[0-9a-f]{64}$/);
      const pepper = db.prepare("select value from pinion_meta where key = 'otp_pepper'").get() as { value: string } | undefined;
      assert.match(pepper?.value ?? '', /^pinion1\./, 'the pepper is sealed');
      // The check finds codes where they are meant to be: the simulator outbox shows what it took.
      const outbox = db.prepare("select content from messages where transport = 'simulator' and content is not null").all() as { content: string }[];
      assert.deepEqual(holds(outbox.map((m) => m.content).join('\n')).sort(), [...sentCodes].sort(), 'every code is in the outbox');
      // The message log keeps content for the simulator's messages only (that is the outbox).
      const contentElsewhere = db.prepare("select count(*) as n from messages where transport <> 'simulator' and content is not null").get() as { n: number };
      assert.equal(contentElsewhere.n, 0);
    } finally {
      db.close();
    }
  });
});

describe('master-key rotation', () => {
  test('rotate re-seals the OTP pepper; after prune and a restart, a code sent before the rotation still verifies', async () => {
    const dataDir = server.dataDir;
    await server.stop();
    server = await startPinion({ dataDir });
    const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    clients.push(client);
    const appId = await newApp(client, 'rotation');
    await client.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }));
    const out = await sendOtp(appId, { ReferenceId: 'rotation' }, client);
    const message = await outboxMessage(appId, out.MessageResponse!.Result![PHONE]!.MessageId!);
    const code = /: (\d+) from /.exec(message.Content.Body!)![1]!;

    const pinion = async (...args: string[]) => (await run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', ...args, '--data-dir', dataDir], { cwd: projectRoot })).stdout;
    const storedPepper = () => {
      const db = new Database(join(dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("select value from pinion_meta where key = 'otp_pepper'").get() as { value: string }).value;
      } finally {
        db.close();
      }
    };
    const before = storedPepper();
    const rotated = await pinion('keys', 'rotate');
    const active = /Active master key: ([0-9a-f]{16})\./.exec(rotated)?.[1];
    assert.ok(active, rotated);
    assert.ok(!before.startsWith(`pinion1.${active}.`));
    assert.ok(storedPepper().startsWith(`pinion1.${active}.`), 're-sealed under the new key');
    assert.match(await pinion('keys', 'prune'), /Removed key\(s\) [0-9a-f]{16}/);

    await server.stop();
    server = await startPinion({ dataDir });
    const restarted = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    clients.push(restarted);
    assert.equal(await verifyOtp(appId, code, 'rotation', PHONE, restarted), true);
  });
});
