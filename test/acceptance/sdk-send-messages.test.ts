// SendMessages and SendUsersMessages through the real @aws-sdk/client-pinpoint against a started
// server whose email transport is a real SMTP server on loopback (smtp-server + mailparser):
// rendering with substitutions and endpoint variables, templates, every DeliveryStatus, the
// delivery events in the event log (read from the server's own SQLite file), the simulator
// outbox (ListOutboxMessages / GetOutboxMessage and `pinion outbox`), bad input and IAM.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateEmailTemplateCommand,
  PinpointClient,
  SendMessagesCommand,
  SendUsersMessagesCommand,
  UpdateEmailChannelCommand,
  UpdateEndpointsBatchCommand,
  UpdateSmsChannelCommand,
} from '@aws-sdk/client-pinpoint';
import type { DirectMessageConfiguration, MessageRequest } from '@aws-sdk/client-pinpoint';
import { assertRawError, newApp, rawCall } from '../helpers/pinpoint-fixtures.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { projectRoot, startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startSmtpPeer } from '../helpers/smtp-peer.ts';
import type { SmtpPeer } from '../helpers/smtp-peer.ts';

const FROM = 'news@example.com';
const IDENTITY = `arn:aws:ses:us-east-1:${testAccountId}:identity/example.com`;

let server: PinionProcess;
let smtp: SmtpPeer;
let pinpoint: PinpointClient;
let iam: IAMClient;
const clients: { destroy(): void }[] = [];

before(async () => {
  smtp = await startSmtpPeer({ user: 'relay-user', password: 'relay-secret-123' });
  const dkimKey = join(mkdtempSync(join(tmpdir(), 'pinion-dkim-')), 'dkim.pem');
  writeFileSync(dkimKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  server = await startPinion({
    env: { PINION_SMTP_URL: smtp.url, PINION_EMAIL_MAX_PER_SECOND: '1000', PINION_SMTP_DKIM_DOMAIN: 'example.com', PINION_SMTP_DKIM_SELECTOR: 'pinion', PINION_SMTP_DKIM_PRIVATE_KEY_FILE: dkimKey },
  });
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  pinpoint = new PinpointClient(options);
  iam = new IAMClient(options);
  clients.push(pinpoint, iam);
});

after(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await smtp?.close();
});

/** A project whose email and SMS channels are enabled. */
async function messagingApp(name = 'messaging'): Promise<string> {
  const appId = await newApp(pinpoint, name);
  await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: FROM, Identity: IDENTITY, Enabled: true, ConfigurationSet: 'weekly' } }));
  await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true, SenderId: 'PINION' } }));
  return appId;
}

function send(appId: string, request: MessageRequest) {
  return pinpoint.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: request }));
}

const welcome: DirectMessageConfiguration = {
  EmailMessage: {
    SimpleEmail: {
      Subject: { Data: 'Welcome, {{FirstName}}' },
      HtmlPart: { Data: '<p>Hello {{FirstName}}, your plan is {{Plan}}.</p>' },
      TextPart: { Data: 'Hello {{FirstName}}, your plan is {{Plan}}.' },
    },
    Substitutions: { FirstName: ['friend'], Plan: ['basic'] },
  },
};

/** Event-log rows of a project, oldest first, read from the server's SQLite file. */
function events(appId: string): { eventType: string; endpointId: string; record: Record<string, unknown> }[] {
  const db = new Database(join(server.dataDir, 'pinion.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select event_type, endpoint_id, record from event_log where app_id = ? order by id').all(appId) as { event_type: string; endpoint_id: string; record: string }[];
    return rows.map((row) => ({ eventType: row.event_type, endpointId: row.endpoint_id, record: JSON.parse(row.record) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

describe('SendMessages to addresses', () => {
  test('email goes through the SMTP relay, rendered per address, and each result is SUCCESSFUL with a MessageId', async () => {
    const appId = await messagingApp();
    const before = smtp.received.length;
    const out = await send(appId, {
      Addresses: {
        'ada@example.net': { ChannelType: 'EMAIL', Substitutions: { FirstName: ['Ada'], Plan: ['<gold & "more">'] } },
        'bob@example.net': { ChannelType: 'EMAIL' },
      },
      MessageConfiguration: welcome,
      TraceId: 'trace-1',
    });
    const response = out.MessageResponse!;
    assert.equal(response.ApplicationId, appId);
    assert.match(response.RequestId!, /\S/);
    for (const address of ['ada@example.net', 'bob@example.net']) {
      const result = response.Result![address]!;
      assert.equal(result.DeliveryStatus, 'SUCCESSFUL');
      assert.equal(result.StatusCode, 200);
      assert.match(result.MessageId!, /^[0-9a-f]{32}$/);
    }
    assert.equal(response.EndpointResult, undefined);
    const mails = (await smtp.waitFor(before + 2)).slice(before);
    const ada = mails.find((m) => m.envelopeTo[0] === 'ada@example.net')!;
    assert.equal(ada.envelopeFrom, FROM);
    assert.equal(ada.parsed.subject, 'Welcome, Ada');
    assert.equal(ada.parsed.from!.text, FROM);
    // The HTML part escapes what it substitutes; the text part carries it as it is.
    assert.equal((ada.parsed.html as string).trim(), '<p>Hello Ada, your plan is &lt;gold &amp; &quot;more&quot;&gt;.</p>');
    assert.equal(ada.parsed.text!.trim(), 'Hello Ada, your plan is <gold & "more">.');
    assert.equal(ada.parsed.messageId, `<${response.Result!['ada@example.net']!.MessageId}@example.com>`);
    // Signed with the configured DKIM key; the channel's ConfigurationSet rides as SES's SMTP header.
    assert.match(ada.parsed.headerLines.find((h) => h.key === 'dkim-signature')!.line, /d=example\.com;.*s=pinion;/s);
    assert.equal(ada.parsed.headers.get('x-ses-configuration-set'), 'weekly');
    // The relay's credentials appear nowhere in the server's log.
    assert.doesNotMatch(server.output(), /relay-secret-123/);
    // Without PINION_PUBLIC_URL there is nowhere for tracking links to point: none are added.
    assert.equal(ada.parsed.headerLines.find((h) => h.key === 'list-unsubscribe'), undefined);
    assert.doesNotMatch(ada.parsed.html as string, /<img/);
    const bob = mails.find((m) => m.envelopeTo[0] === 'bob@example.net')!;
    assert.equal(bob.parsed.subject, 'Welcome, friend');
    assert.equal(bob.parsed.text!.trim(), 'Hello friend, your plan is basic.');

    const sent = events(appId).filter((e) => e.eventType === '_email.send');
    assert.equal(sent.length, 2);
    const record = sent[0]!.record as { event_version: string; application: { app_id: string }; attributes: { feedback: string }; awsAccountId: string; facets: { email_channel: { mail_event: { mail: { from_address: string; destination: string[]; common_headers: { subject: string } }; send: object } } } };
    assert.equal(record.event_version, '3.1');
    assert.equal(record.application.app_id, appId);
    assert.equal(record.attributes.feedback, 'received');
    assert.equal(record.awsAccountId, testAccountId);
    assert.equal(record.facets.email_channel.mail_event.mail.from_address, FROM);
    assert.deepEqual(record.facets.email_channel.mail_event.send, {});
  });

  test('the relay decides: a 550 recipient is PERMANENT_FAILURE, a 451 one TEMPORARY_FAILURE, each failing alone', async () => {
    const appId = await messagingApp();
    smtp.rejectRecipient('gone@example.net', 550, '5.1.1 mailbox unavailable');
    smtp.rejectRecipient('busy@example.net', 451, '4.3.0 try again later');
    const out = await send(appId, {
      Addresses: { 'gone@example.net': { ChannelType: 'EMAIL' }, 'busy@example.net': { ChannelType: 'EMAIL' }, 'fine@example.net': { ChannelType: 'EMAIL' } },
      MessageConfiguration: welcome,
    });
    const result = out.MessageResponse!.Result!;
    assert.equal(result['gone@example.net']!.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(result['gone@example.net']!.StatusMessage!, /550 5\.1\.1 mailbox unavailable/);
    assert.equal(result['gone@example.net']!.MessageId, undefined);
    assert.equal(result['busy@example.net']!.DeliveryStatus, 'TEMPORARY_FAILURE');
    assert.match(result['busy@example.net']!.StatusMessage!, /451/);
    assert.equal(result['fine@example.net']!.DeliveryStatus, 'SUCCESSFUL');
    assert.ok(events(appId).some((e) => e.eventType === '_email.rejected'));
  });

  test('simulator addresses never reach the relay and produce their fixed outcomes and events', async () => {
    const appId = await messagingApp();
    const before = smtp.received.length;
    const out = await send(appId, {
      Addresses: {
        'success@simulator.amazonses.com': { ChannelType: 'EMAIL' },
        'bounce@simulator.amazonses.com': { ChannelType: 'EMAIL' },
        'complaint@simulator.amazonses.com': { ChannelType: 'EMAIL' },
        'throttled@simulator.amazonses.com': { ChannelType: 'EMAIL' },
        'tempfail@simulator.amazonses.com': { ChannelType: 'EMAIL' },
      },
      MessageConfiguration: welcome,
    });
    const result = out.MessageResponse!.Result!;
    assert.equal(result['success@simulator.amazonses.com']!.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result['bounce@simulator.amazonses.com']!.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result['complaint@simulator.amazonses.com']!.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result['throttled@simulator.amazonses.com']!.DeliveryStatus, 'THROTTLED');
    assert.equal(result['throttled@simulator.amazonses.com']!.StatusCode, 429);
    assert.equal(result['tempfail@simulator.amazonses.com']!.DeliveryStatus, 'TEMPORARY_FAILURE');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(smtp.received.length, before, 'simulator addresses must not reach the relay');
    const types = events(appId).map((e) => e.eventType).sort();
    assert.deepEqual(types, ['_email.complaint', '_email.delivered', '_email.delivered', '_email.hardbounce', '_email.send', '_email.send', '_email.send']);
  });

  test('SMS goes to the simulator: delivered, failed, opted-out and unknown-failure numbers, with _SMS events', async () => {
    const appId = await messagingApp();
    const out = await send(appId, {
      Addresses: {
        '+12065550100': { ChannelType: 'SMS', Context: { order: 'A-17' } },
        '+12065550101': { ChannelType: 'SMS' },
        '+12065550102': { ChannelType: 'SMS' },
        '+12065550105': { ChannelType: 'SMS', BodyOverride: 'Override for {{Name}}' },
        '12065550100': { ChannelType: 'SMS' },
      },
      MessageConfiguration: { SMSMessage: { Body: 'Your code is {{Code}}', MessageType: 'TRANSACTIONAL', Substitutions: { Code: ['1234'], Name: ['Ada'] } } },
      Context: { flow: 'login', order: 'none', record_status: 'not mine' },
    });
    const result = out.MessageResponse!.Result!;
    assert.equal(result['+12065550100']!.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result['+12065550101']!.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result['+12065550102']!.DeliveryStatus, 'OPT_OUT');
    assert.equal(result['+12065550105']!.DeliveryStatus, 'UNKNOWN_FAILURE');
    assert.equal(result['12065550100']!.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(result['12065550100']!.StatusMessage!, /E\.164/);
    const sms = events(appId);
    const types = sms.map((e) => e.eventType).sort();
    assert.deepEqual(types, ['_SMS.BUFFERED', '_SMS.BUFFERED', '_SMS.FAILURE', '_SMS.OPTOUT', '_SMS.SUCCESS']);
    const success = sms.find((e) => e.eventType === '_SMS.SUCCESS')!.record as { attributes: Record<string, string> };
    assert.equal(success.attributes.destination_phone_number, '+12065550100');
    assert.equal(success.attributes.record_status, 'DELIVERED');
    assert.equal(success.attributes.iso_country_code, 'US');
    assert.equal(success.attributes.message_type, 'Transactional');
    assert.equal(success.attributes.number_of_message_parts, '1');
    // Context (the request's, then the recipient's) joins the event's attributes; Pinpoint's own win.
    assert.equal(success.attributes.flow, 'login');
    assert.equal(success.attributes.order, 'A-17');
    assert.equal(success.attributes.record_status, 'DELIVERED');

    const outbox = await rawCall(server, 'GET', `/v1/apps/${appId}/outbox`);
    assert.equal(outbox.status, 200, outbox.text);
    const items = (outbox.json as { Item: { Address: string; MessageId: string; Content: { Body?: string; SenderId?: string } }[] }).Item;
    const override = items.find((m) => m.Address === '+12065550105')!;
    assert.equal(override.Content.Body, 'Override for Ada');
    const delivered = items.find((m) => m.Address === '+12065550100')!;
    assert.equal(delivered.Content.Body, 'Your code is 1234');
    assert.equal(delivered.Content.SenderId, 'PINION');
    const one = await rawCall(server, 'GET', `/v1/apps/${appId}/outbox/${delivered.MessageId}`);
    assert.equal(one.status, 200, one.text);

    // The carrier's opt-out is remembered: the number is refused before any transport, in any project.
    const otherApp = await messagingApp('after-opt-out');
    const again = await send(otherApp, { Addresses: { '+12065550102': { ChannelType: 'SMS' } }, MessageConfiguration: { SMSMessage: { Body: 'again' } } });
    assert.equal(again.MessageResponse!.Result!['+12065550102']!.DeliveryStatus, 'OPT_OUT');
    assert.deepEqual(((await rawCall(server, 'GET', `/v1/apps/${otherApp}/outbox`)).json as { Item: unknown[] }).Item, []);
    assert.equal((one.json as { MessageId: string }).MessageId, delivered.MessageId);
  });

  test('a project without the channel enabled fails each recipient of that channel, not the request', async () => {
    const appId = await newApp(pinpoint, 'no-channels');
    const out = await send(appId, { Addresses: { 'ada@example.net': { ChannelType: 'EMAIL' } }, MessageConfiguration: welcome });
    const result = out.MessageResponse!.Result!['ada@example.net']!;
    assert.equal(result.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(result.StatusMessage!, /EMAIL channel is not enabled/);
  });

  test('a message with no content for the recipient channel fails that recipient with a reason', async () => {
    const appId = await messagingApp();
    const out = await send(appId, { Addresses: { '+12065550100': { ChannelType: 'SMS' } }, MessageConfiguration: welcome });
    const result = out.MessageResponse!.Result!['+12065550100']!;
    assert.equal(result.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(result.StatusMessage!, /no message content for the SMS channel/);
  });
});

describe('SendMessages to endpoints and users', () => {
  async function audience(appId: string): Promise<void> {
    await pinpoint.send(
      new UpdateEndpointsBatchCommand({
        ApplicationId: appId,
        EndpointBatchRequest: {
          Item: [
            { Id: 'ada-mail', ChannelType: 'EMAIL', Address: 'ada@example.org', Attributes: { Plan: ['gold'] }, User: { UserId: 'ada', UserAttributes: { FirstName: ['Ada'] } } },
            { Id: 'ada-phone', ChannelType: 'SMS', Address: '+12065550100', User: { UserId: 'ada', UserAttributes: { FirstName: ['Ada'] } } },
            { Id: 'opted-out', ChannelType: 'EMAIL', Address: 'no@example.org', OptOut: 'ALL' },
            { Id: 'inactive', ChannelType: 'EMAIL', Address: 'old@example.org', EndpointStatus: 'INACTIVE' },
            { Id: 'twin', ChannelType: 'EMAIL', Address: 'ADA@example.org' },
          ],
        },
      }),
    );
  }

  test('endpoint variables render, and opted-out, inactive, duplicate and missing endpoints get their statuses', async () => {
    const appId = await messagingApp();
    await audience(appId);
    const before = smtp.received.length;
    const out = await send(appId, {
      Endpoints: { 'ada-mail': {}, 'opted-out': {}, inactive: {}, twin: {}, missing: {} },
      MessageConfiguration: {
        EmailMessage: { SimpleEmail: { Subject: { Data: 'Hi {{User.UserAttributes.FirstName}}' }, TextPart: { Data: 'Plan {{Attributes.Plan}} for {{Address}} ({{Id}})' } } },
      },
    });
    const result = out.MessageResponse!.EndpointResult!;
    assert.equal(result['ada-mail']!.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result['ada-mail']!.Address, 'ada@example.org');
    assert.equal(result['opted-out']!.DeliveryStatus, 'OPT_OUT');
    assert.equal(result.inactive!.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(result.twin!.DeliveryStatus, 'DUPLICATE');
    assert.equal(result.missing!.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(result.missing!.StatusCode, 404);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    assert.equal(mail!.parsed.subject, 'Hi Ada');
    assert.equal(mail!.parsed.text!.trim(), 'Plan gold for ada@example.org (ada-mail)');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(smtp.received.length, before + 1, 'only the one deliverable endpoint is messaged');
    assert.equal(events(appId).filter((e) => e.eventType === '_email.send')[0]!.endpointId, 'ada-mail');
  });

  test('SendUsersMessages messages every endpoint of each user; a user without endpoints answers an empty result', async () => {
    const appId = await messagingApp();
    await audience(appId);
    const out = await pinpoint.send(
      new SendUsersMessagesCommand({
        ApplicationId: appId,
        SendUsersMessageRequest: {
          Users: { ada: { Substitutions: { Code: ['42'] } }, nobody: {} },
          MessageConfiguration: {
            EmailMessage: { SimpleEmail: { Subject: { Data: 'Code' }, TextPart: { Data: 'Code {{Code}}' } } },
            SMSMessage: { Body: '{{User.UserAttributes.FirstName}}, code {{Code}}' },
          },
        },
      }),
    );
    const result = out.SendUsersMessageResponse!.Result!;
    assert.deepEqual(Object.keys(result.ada!).sort(), ['ada-mail', 'ada-phone']);
    assert.equal(result.ada!['ada-mail']!.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result.ada!['ada-phone']!.DeliveryStatus, 'SUCCESSFUL');
    assert.deepEqual(result.nobody, {});
    const outbox = (await rawCall(server, 'GET', `/v1/apps/${appId}/outbox`)).json as { Item: { EndpointId?: string; Content: { Body?: string } }[] };
    assert.equal(outbox.Item.find((m) => m.EndpointId === 'ada-phone')!.Content.Body, 'Ada, code 42');
  });
});

describe('templates in SendMessages', () => {
  test('TemplateConfiguration renders the template with its defaults, message and address substitutions', async () => {
    const appId = await messagingApp();
    const name = `welcome-${Date.now()}`;
    await pinpoint.send(
      new CreateEmailTemplateCommand({
        TemplateName: name,
        EmailTemplateRequest: { Subject: 'Hello {{FirstName}}', TextPart: '{{Greeting}} {{FirstName}}', HtmlPart: '<b>{{FirstName}}</b>', DefaultSubstitutions: JSON.stringify({ FirstName: 'there', Greeting: 'Hi' }) },
      }),
    );
    const before = smtp.received.length;
    const out = await send(appId, {
      Addresses: { 'ada@example.net': { ChannelType: 'EMAIL', Substitutions: { FirstName: ['Ada'] } }, 'bob@example.net': { ChannelType: 'EMAIL' } },
      MessageConfiguration: { EmailMessage: { Substitutions: { Greeting: ['Welcome'] } } },
      TemplateConfiguration: { EmailTemplate: { Name: name } },
    });
    assert.equal(out.MessageResponse!.Result!['ada@example.net']!.DeliveryStatus, 'SUCCESSFUL');
    const mails = (await smtp.waitFor(before + 2)).slice(before);
    const ada = mails.find((m) => m.envelopeTo[0] === 'ada@example.net')!;
    assert.equal(ada.parsed.subject, 'Hello Ada');
    assert.equal(ada.parsed.text!.trim(), 'Welcome Ada');
    const bob = mails.find((m) => m.envelopeTo[0] === 'bob@example.net')!;
    assert.equal(bob.parsed.subject, 'Hello there');

    await rejectsWith(send(appId, { Addresses: { 'a@example.net': { ChannelType: 'EMAIL' } }, MessageConfiguration: {}, TemplateConfiguration: { EmailTemplate: { Name: 'no-such-template' } } }), 'NotFoundException', 404, /no-such-template/);
    await rejectsWith(send(appId, { Addresses: { 'a@example.net': { ChannelType: 'EMAIL' } }, MessageConfiguration: {}, TemplateConfiguration: { EmailTemplate: { Name: name, Version: 'latest' } } }), 'BadRequestException', 400, /EmailTemplate\.Version/);
  });

  test('a body that does not render fails its recipient with a rendering failure and an _email.rendering_failure event', async () => {
    const appId = await messagingApp();
    const out = await send(appId, { Addresses: { 'ada@example.net': { ChannelType: 'EMAIL' } }, MessageConfiguration: { EmailMessage: { SimpleEmail: { Subject: { Data: 'x' }, TextPart: { Data: 'Hello {{#if}}' } } } } });
    const result = out.MessageResponse!.Result!['ada@example.net']!;
    assert.equal(result.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(result.StatusMessage!, /could not be rendered/);
    assert.deepEqual(events(appId).map((e) => e.eventType), ['_email.rendering_failure']);
  });
});

describe('bad requests', () => {
  test('request-wide problems are 400 BadRequestException naming the member; a missing project is 404', async () => {
    const appId = await messagingApp();
    await rejectsWith(send(appId, { MessageConfiguration: welcome }), 'BadRequestException', 400, /at least one recipient/);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`u${i}@example.net`, { ChannelType: 'EMAIL' as const }]));
    await rejectsWith(send(appId, { Addresses: many, MessageConfiguration: welcome }), 'BadRequestException', 400, /101 recipients.*limit is 100/);
    await rejectsWith(send(appId, { Addresses: { 'a@example.net': {} }, MessageConfiguration: welcome }), 'BadRequestException', 400, /Addresses \(entry 1\)\.ChannelType is required/);
    await rejectsWith(send(appId, { Addresses: { 'a@example.net': { ChannelType: 'IN_APP' } }, MessageConfiguration: welcome }), 'BadRequestException', 400, /IN_APP cannot be sent/);
    await rejectsWith(send('0'.repeat(32), { Addresses: { 'a@example.net': { ChannelType: 'EMAIL' } }, MessageConfiguration: welcome }), 'NotFoundException', 404, /Application not found/);
    const users = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`user-${i}`, {}]));
    await rejectsWith(pinpoint.send(new SendUsersMessagesCommand({ ApplicationId: appId, SendUsersMessageRequest: { Users: users, MessageConfiguration: welcome } })), 'BadRequestException', 400, /101 users; the limit is 100/);
    const missingConfig = await rawCall(server, 'POST', `/v1/apps/${appId}/messages`, { Addresses: { 'a@example.net': { ChannelType: 'EMAIL' } } });
    assertRawError(missingConfig, 400, 'BadRequestException', /MessageConfiguration/);
    assertRawError(await rawCall(server, 'GET', `/v1/apps/${appId}/outbox/${'f'.repeat(32)}`), 404, 'NotFoundException', /not found in the outbox/);
    assertRawError(await rawCall(server, 'GET', `/v1/apps/${appId}/outbox`, undefined, { query: { 'page-size': '0' } }), 400, 'BadRequestException', /page-size/);
  });
});

describe('IAM and the outbox CLI', () => {
  test('a user allowed SendMessages on one project sends there only; the outbox needs its own actions', async () => {
    const appId = await messagingApp();
    const otherApp = await messagingApp('other');
    await iam.send(new CreateUserCommand({ UserName: 'sender' }));
    const statements = [{ Effect: 'Allow', Action: 'mobiletargeting:SendMessages', Resource: `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${appId}/messages` }];
    await iam.send(new PutUserPolicyCommand({ UserName: 'sender', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'sender' }))).AccessKey!;
    const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const sender = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(sender);
    const request = { Addresses: { '+12065550100': { ChannelType: 'SMS' as const } }, MessageConfiguration: { SMSMessage: { Body: 'hi' } } };
    const ok = await sender.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: request }));
    assert.equal(ok.MessageResponse!.Result!['+12065550100']!.DeliveryStatus, 'SUCCESSFUL');
    const user = `arn:aws:iam::${testAccountId}:user/sender`;
    await rejectsWith(
      sender.send(new SendMessagesCommand({ ApplicationId: otherApp, MessageRequest: request })),
      'AccessDeniedException',
      403,
      new RegExp(`^User: ${user} is not authorized to perform: mobiletargeting:SendMessages on resource: arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${otherApp}/messages$`),
    );
    assertRawError(await rawCall(server, 'GET', `/v1/apps/${appId}/outbox`, undefined, { credentials }), 403, 'AccessDeniedException', /mobiletargeting:ListOutboxMessages on resource: .*apps\/[0-9a-f]{32}\/outbox$/);
  });

  test('pinion outbox list and show print what the simulator took', async () => {
    const appId = await messagingApp();
    const out = await send(appId, { Addresses: { '+12065550100': { ChannelType: 'SMS' } }, MessageConfiguration: { SMSMessage: { Body: 'CLI check {{X}}', Substitutions: { X: ['ok'] } } } });
    const messageId = out.MessageResponse!.Result!['+12065550100']!.MessageId!;
    const env = { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: server.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey, AWS_ENDPOINT_URL: server.url, AWS_REGION: 'us-east-1' };
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'outbox', ...args], { cwd: projectRoot, env }, (error, stdout, stderr) => {
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
      });
    const listed = await run(['list', appId]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`${messageId}\\s+SMS\\s+\\+12065550100\\s+SUCCESSFUL\\s+CLI check ok`));
    const shown = await run(['show', appId, messageId]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Body:\s+CLI check ok/);
    const missing = await run(['show', appId, 'f'.repeat(32)]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /404 NotFoundException/);
  });
});
