// Message templates through the real @aws-sdk/client-pinpoint against a started server: every
// template type's create, get, update (in place and as a new version), active version, version
// listing and delete; ListTemplates filters and pages; tags on the template ARN; every bad input
// (error type, status and a message naming the member); and IAM on template ARNs (a user made
// with the real @aws-sdk/client-iam).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateEmailTemplateCommand,
  CreateInAppTemplateCommand,
  CreatePushTemplateCommand,
  CreateSmsTemplateCommand,
  CreateVoiceTemplateCommand,
  DeleteEmailTemplateCommand,
  DeleteInAppTemplateCommand,
  DeletePushTemplateCommand,
  DeleteSmsTemplateCommand,
  DeleteVoiceTemplateCommand,
  GetEmailTemplateCommand,
  GetInAppTemplateCommand,
  GetPushTemplateCommand,
  GetSmsTemplateCommand,
  GetVoiceTemplateCommand,
  ListTagsForResourceCommand,
  ListTemplatesCommand,
  ListTemplateVersionsCommand,
  PinpointClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEmailTemplateCommand,
  UpdateInAppTemplateCommand,
  UpdatePushTemplateCommand,
  UpdateSmsTemplateCommand,
  UpdateTemplateActiveVersionCommand,
  UpdateVoiceTemplateCommand,
} from '@aws-sdk/client-pinpoint';
import type { InAppMessageContent, TemplateResponse } from '@aws-sdk/client-pinpoint';
import { assertRawError, rawCall } from '../helpers/pinpoint-fixtures.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const ACCOUNT = testAccountId;
const isoMillis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

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

/** A fresh template name (the template store is account wide: tests must not collide). */
function uniqueName(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

function templateArn(name: string, type: string): string {
  return `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:templates/${name}/${type}`;
}

type TemplateType = 'EMAIL' | 'SMS' | 'PUSH' | 'VOICE' | 'INAPP';
type Content = Record<string, unknown>;

interface Kind {
  type: TemplateType;
  requestMember: string;
  sample: Content;
  changed: Content;
  create(name: string, request: Content, client?: PinpointClient): Promise<{ status: number | undefined; requestId: string | undefined; body: { Arn?: string; Message?: string; RequestID?: string } }>;
  get(name: string, version?: string, client?: PinpointClient): Promise<Content>;
  update(name: string, request: Content, options?: { createNewVersion?: boolean; version?: string }): Promise<{ status: number | undefined; body: { Message?: string; RequestID?: string } }>;
  remove(name: string, version?: string): Promise<{ status: number | undefined; body: { Message?: string; RequestID?: string } }>;
}

const substitutions = '{"User.UserAttributes.FirstName":"there","Attributes.code":"0000"}';

const carouselMessage = (n: number): InAppMessageContent => ({
  BackgroundColor: '#FFFFFF',
  HeaderConfig: { Alignment: 'CENTER', Header: `Header ${n}`, TextColor: '#000000' },
  BodyConfig: { Alignment: 'LEFT', Body: `Body ${n}`, TextColor: '#333333' },
  ImageUrl: `https://example.com/${n}.png`,
  PrimaryBtn: {
    DefaultConfig: { ButtonAction: 'LINK', Link: 'https://example.com', Text: 'Open', BackgroundColor: '#0000FF', BorderRadius: 4, TextColor: '#FFFFFF' },
    IOS: { ButtonAction: 'DEEP_LINK', Link: 'app://open' },
  },
  SecondaryBtn: { DefaultConfig: { ButtonAction: 'CLOSE', Text: 'Close' } },
});

const kinds: Kind[] = [
  {
    type: 'EMAIL',
    requestMember: 'EmailTemplateRequest',
    sample: {
      Subject: 'Hello {{User.UserAttributes.FirstName}}',
      HtmlPart: '<h1>Hi {{User.UserAttributes.FirstName}}</h1>{{#if Attributes.code}}<p>{{Attributes.code}}</p>{{/if}}',
      TextPart: 'Hi {{User.UserAttributes.FirstName}}',
      Headers: [{ Name: 'X-Campaign', Value: '{{Attributes.code}}' }],
      DefaultSubstitutions: substitutions,
      TemplateDescription: 'welcome mail',
      RecommenderId: 'recommender-1',
    },
    changed: { Subject: 'Changed', TextPart: 'only text now' },
    async create(name, request, client = pinpoint) {
      const out = await client.send(new CreateEmailTemplateCommand({ TemplateName: name, EmailTemplateRequest: request as never }));
      return { status: out.$metadata.httpStatusCode, requestId: out.$metadata.requestId, body: out.CreateTemplateMessageBody! };
    },
    async get(name, version, client = pinpoint) {
      return (await client.send(new GetEmailTemplateCommand({ TemplateName: name, ...(version !== undefined ? { Version: version } : {}) }))).EmailTemplateResponse as unknown as Content;
    },
    async update(name, request, options = {}) {
      const out = await pinpoint.send(new UpdateEmailTemplateCommand({ TemplateName: name, EmailTemplateRequest: request as never, CreateNewVersion: options.createNewVersion, Version: options.version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
    async remove(name, version) {
      const out = await pinpoint.send(new DeleteEmailTemplateCommand({ TemplateName: name, Version: version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
  },
  {
    type: 'SMS',
    requestMember: 'SMSTemplateRequest',
    sample: { Body: 'Your code is {{Attributes.code}}', DefaultSubstitutions: substitutions, TemplateDescription: 'otp', RecommenderId: 'recommender-2' },
    changed: { Body: 'Changed {{User.UserId}}' },
    async create(name, request, client = pinpoint) {
      const out = await client.send(new CreateSmsTemplateCommand({ TemplateName: name, SMSTemplateRequest: request as never }));
      return { status: out.$metadata.httpStatusCode, requestId: out.$metadata.requestId, body: out.CreateTemplateMessageBody! };
    },
    async get(name, version, client = pinpoint) {
      return (await client.send(new GetSmsTemplateCommand({ TemplateName: name, ...(version !== undefined ? { Version: version } : {}) }))).SMSTemplateResponse as unknown as Content;
    },
    async update(name, request, options = {}) {
      const out = await pinpoint.send(new UpdateSmsTemplateCommand({ TemplateName: name, SMSTemplateRequest: request as never, CreateNewVersion: options.createNewVersion, Version: options.version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
    async remove(name, version) {
      const out = await pinpoint.send(new DeleteSmsTemplateCommand({ TemplateName: name, Version: version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
  },
  {
    type: 'PUSH',
    requestMember: 'PushNotificationTemplateRequest',
    sample: {
      Default: { Action: 'OPEN_APP', Title: 'Hi {{User.UserAttributes.FirstName}}', Body: 'Default body', Sound: 'default' },
      APNS: { Action: 'URL', Title: 'Apple', Body: 'APNs body', Url: 'https://example.com/{{Attributes.code}}', MediaUrl: 'https://example.com/m.png', Sound: 'chime.caf' },
      GCM: { Action: 'DEEP_LINK', Title: 'FCM', Body: 'FCM body', ImageUrl: 'https://example.com/i.png', ImageIconUrl: 'https://example.com/icon.png', SmallImageIconUrl: 'https://example.com/s.png', Url: 'app://x' },
      ADM: { Body: 'ADM body', RawContent: '{"data":{"code":"{{Attributes.code}}"}}' },
      Baidu: { Body: 'Baidu body' },
      DefaultSubstitutions: substitutions,
      TemplateDescription: 'push',
      RecommenderId: 'recommender-3',
    },
    changed: { Default: { Body: 'only a default now' } },
    async create(name, request, client = pinpoint) {
      const out = await client.send(new CreatePushTemplateCommand({ TemplateName: name, PushNotificationTemplateRequest: request as never }));
      return { status: out.$metadata.httpStatusCode, requestId: out.$metadata.requestId, body: out.CreateTemplateMessageBody! };
    },
    async get(name, version, client = pinpoint) {
      return (await client.send(new GetPushTemplateCommand({ TemplateName: name, ...(version !== undefined ? { Version: version } : {}) }))).PushNotificationTemplateResponse as unknown as Content;
    },
    async update(name, request, options = {}) {
      const out = await pinpoint.send(new UpdatePushTemplateCommand({ TemplateName: name, PushNotificationTemplateRequest: request as never, CreateNewVersion: options.createNewVersion, Version: options.version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
    async remove(name, version) {
      const out = await pinpoint.send(new DeletePushTemplateCommand({ TemplateName: name, Version: version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
  },
  {
    type: 'VOICE',
    requestMember: 'VoiceTemplateRequest',
    sample: { Body: 'Your code is {{Attributes.code}}', LanguageCode: 'en-US', VoiceId: 'Joanna', DefaultSubstitutions: substitutions, TemplateDescription: 'voice otp' },
    changed: { Body: 'Changed', LanguageCode: 'de-DE', VoiceId: 'Marlene' },
    async create(name, request, client = pinpoint) {
      const out = await client.send(new CreateVoiceTemplateCommand({ TemplateName: name, VoiceTemplateRequest: request as never }));
      return { status: out.$metadata.httpStatusCode, requestId: out.$metadata.requestId, body: out.CreateTemplateMessageBody! };
    },
    async get(name, version, client = pinpoint) {
      return (await client.send(new GetVoiceTemplateCommand({ TemplateName: name, ...(version !== undefined ? { Version: version } : {}) }))).VoiceTemplateResponse as unknown as Content;
    },
    async update(name, request, options = {}) {
      const out = await pinpoint.send(new UpdateVoiceTemplateCommand({ TemplateName: name, VoiceTemplateRequest: request as never, CreateNewVersion: options.createNewVersion, Version: options.version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
    async remove(name, version) {
      const out = await pinpoint.send(new DeleteVoiceTemplateCommand({ TemplateName: name, Version: version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
  },
  {
    type: 'INAPP',
    requestMember: 'InAppTemplateRequest',
    sample: { Layout: 'CAROUSEL', Content: [carouselMessage(1), carouselMessage(2)], CustomConfig: { promo: '12345' }, TemplateDescription: 'carousel' },
    changed: { Layout: 'TOP_BANNER', Content: [{ BackgroundColor: '#000000', HeaderConfig: { Alignment: 'LEFT', Header: 'h', TextColor: '#fff' }, BodyConfig: { Alignment: 'RIGHT', Body: 'b', TextColor: '#fff' } }] },
    async create(name, request, client = pinpoint) {
      const out = await client.send(new CreateInAppTemplateCommand({ TemplateName: name, InAppTemplateRequest: request as never }));
      return { status: out.$metadata.httpStatusCode, requestId: out.$metadata.requestId, body: out.TemplateCreateMessageBody! };
    },
    async get(name, version, client = pinpoint) {
      return (await client.send(new GetInAppTemplateCommand({ TemplateName: name, ...(version !== undefined ? { Version: version } : {}) }))).InAppTemplateResponse as unknown as Content;
    },
    async update(name, request, options = {}) {
      const out = await pinpoint.send(new UpdateInAppTemplateCommand({ TemplateName: name, InAppTemplateRequest: request as never, CreateNewVersion: options.createNewVersion, Version: options.version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
    async remove(name, version) {
      const out = await pinpoint.send(new DeleteInAppTemplateCommand({ TemplateName: name, Version: version }));
      return { status: out.$metadata.httpStatusCode, body: out.MessageBody! };
    },
  },
];

const byType = Object.fromEntries(kinds.map((kind) => [kind.type, kind])) as Record<TemplateType, Kind>;

function versions(name: string, type: string, options: { PageSize?: string; NextToken?: string } = {}) {
  return pinpoint.send(new ListTemplateVersionsCommand({ TemplateName: name, TemplateType: type, ...options }));
}

function setActive(name: string, type: string, version: string | undefined) {
  return pinpoint.send(new UpdateTemplateActiveVersionCommand({ TemplateName: name, TemplateType: type, TemplateActiveVersionRequest: version === undefined ? {} : { Version: version } }));
}

/** The answer of GetXTemplate without its dates, which are checked separately. */
function withoutDates(response: Content): Content {
  const { CreationDate, LastModifiedDate, ...rest } = response;
  assert.match(String(CreationDate), isoMillis);
  assert.match(String(LastModifiedDate), isoMillis);
  return rest;
}

// ---- every type ----

describe('every template type: create, get, update, versions, active version, delete', () => {
  for (const kind of kinds) {
    test(`${kind.type}: the whole life of a template`, async () => {
      const name = uniqueName(kind.type.toLowerCase());
      const arn = templateArn(name, kind.type);
      const started = Date.now();

      // Create answers 201 with the ARN, a message and the request id.
      const created = await kind.create(name, { ...kind.sample, tags: { team: 'growth' } });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body, { Arn: arn, Message: 'Created', RequestID: created.requestId });

      // Get answers the active version (1) with the request's content, identity and tags.
      const v1 = await kind.get(name);
      assert.deepEqual(withoutDates(v1), { ...kind.sample, Arn: arn, TemplateName: name, TemplateType: kind.type, Version: '1', tags: { team: 'growth' } });
      assert.ok(Math.abs(Date.parse(String(v1.CreationDate)) - started) < 10_000);
      assert.equal(v1.LastModifiedDate, v1.CreationDate);
      assert.deepEqual(await kind.get(name, '1'), v1);

      // Update without flags overwrites version 1 in place; what the request leaves out is gone.
      const updated = await kind.update(name, kind.changed);
      assert.equal(updated.status, 202);
      assert.equal(updated.body.Message, 'Accepted');
      assert.match(String(updated.body.RequestID), /\S/);
      const overwritten = await kind.get(name);
      assert.deepEqual(withoutDates(overwritten), { ...kind.changed, Arn: arn, TemplateName: name, TemplateType: kind.type, Version: '1', tags: { team: 'growth' } });
      assert.equal(overwritten.CreationDate, v1.CreationDate);
      assert.ok(Date.parse(String(overwritten.LastModifiedDate)) >= Date.parse(String(v1.LastModifiedDate)));

      // create-new-version adds version 2; the active version stays 1.
      assert.equal((await kind.update(name, kind.sample, { createNewVersion: true })).status, 202);
      assert.equal((await kind.get(name)).Version, '1');
      const v2 = await kind.get(name, '2');
      assert.deepEqual(withoutDates(v2), { ...kind.sample, Arn: arn, TemplateName: name, TemplateType: kind.type, Version: '2', tags: { team: 'growth' } });
      assert.equal(v2.CreationDate, v1.CreationDate, 'CreationDate is the template’s');

      // ListTemplateVersions: newest first, each with its own dates.
      const listed = (await versions(name, kind.type)).TemplateVersionsResponse!;
      assert.equal(listed.NextToken, undefined);
      assert.deepEqual(
        listed.Item!.map(({ CreationDate, LastModifiedDate, ...rest }) => {
          assert.match(CreationDate!, isoMillis);
          assert.match(LastModifiedDate!, isoMillis);
          return rest;
        }),
        [
          { TemplateName: name, TemplateType: kind.type, Version: '2', ...pick(kind.sample, ['DefaultSubstitutions', 'TemplateDescription']) },
          { TemplateName: name, TemplateType: kind.type, Version: '1', ...pick(kind.changed, ['DefaultSubstitutions', 'TemplateDescription']) },
        ],
      );
      assert.equal(listed.Item![1]!.CreationDate, v1.CreationDate);
      assert.ok(Date.parse(listed.Item![0]!.CreationDate!) >= Date.parse(listed.Item![1]!.CreationDate!));

      // UpdateTemplateActiveVersion makes version 2 the one Get answers.
      const activated = await setActive(name, kind.type, '2');
      assert.equal(activated.$metadata.httpStatusCode, 200);
      assert.equal(activated.MessageBody!.Message, 'Accepted');
      assert.equal((await kind.get(name)).Version, '2');

      // Deleting version 1 (no longer active) leaves version 2.
      assert.equal((await kind.remove(name, '1')).status, 202);
      await rejectsWith(kind.get(name, '1'), 'NotFoundException', 404, new RegExp(`^Template ${name} \\(${kind.type}\\) has no version 1$`));
      assert.deepEqual((await versions(name, kind.type)).TemplateVersionsResponse!.Item!.map((item) => item.Version), ['2']);

      // Deleting the template removes every version and its tags.
      const deleted = await kind.remove(name);
      assert.equal(deleted.status, 202);
      assert.equal(deleted.body.Message, 'Accepted');
      await rejectsWith(kind.get(name), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(kind.get(name, '2'), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(versions(name, kind.type), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: arn })), 'NotFoundException', 404, /Resource not found/);
      // The name can be used again, starting over at version 1 without the old tags.
      await kind.create(name, kind.changed);
      const again = await kind.get(name);
      assert.equal(again.Version, '1');
      assert.deepEqual(again.tags, {});
      await kind.remove(name);
    });
  }

  test('a name is per type: an email and an SMS template may share it, and deleting one leaves the other', async () => {
    const name = uniqueName('shared');
    await byType.EMAIL.create(name, { Subject: 's' });
    await byType.SMS.create(name, { Body: 'b' });
    assert.equal((await byType.EMAIL.get(name)).Subject, 's');
    assert.equal((await byType.SMS.get(name)).Body, 'b');
    await byType.EMAIL.remove(name);
    await rejectsWith(byType.EMAIL.get(name), 'NotFoundException', 404, /^Template not found$/);
    assert.equal((await byType.SMS.get(name)).Body, 'b');
    // Names are case-sensitive.
    await rejectsWith(byType.SMS.get(name.toUpperCase()), 'NotFoundException', 404, /^Template not found$/);
  });
});

function pick(source: Content, keys: string[]): Content {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

// ---- versions ----

describe('versions, as Pinpoint documents them', () => {
  test('version names the version to overwrite, which must be the latest; create-new-version cannot be combined with it', async () => {
    const sms = byType.SMS;
    const name = uniqueName('ver');
    await sms.create(name, { Body: '1' });
    await sms.update(name, { Body: '2' }, { createNewVersion: true });
    await sms.update(name, { Body: '3' }, { createNewVersion: true });
    // Naming the latest version overwrites it in place.
    await sms.update(name, { Body: '3b' }, { version: '3' });
    assert.equal((await sms.get(name, '3')).Body, '3b');
    assert.deepEqual((await versions(name, 'SMS')).TemplateVersionsResponse!.Item!.map((item) => item.Version), ['3', '2', '1']);
    await rejectsWith(
      sms.update(name, { Body: 'x' }, { version: '2' }),
      'BadRequestException',
      400,
      new RegExp(`^version 2 is not the latest version of template ${name} \\(SMS\\); only the latest version \\(3\\) can be updated in place`),
    );
    await rejectsWith(sms.update(name, { Body: 'x' }, { version: '9' }), 'NotFoundException', 404, new RegExp(`^Template ${name} \\(SMS\\) has no version 9$`));
    await rejectsWith(
      sms.update(name, { Body: 'x' }, { version: '3', createNewVersion: true }),
      'BadRequestException',
      400,
      /^version \(3\) cannot be given with create-new-version=true/,
    );
    // None of the refused updates wrote anything.
    assert.deepEqual(
      await Promise.all(['1', '2', '3'].map(async (v) => (await sms.get(name, v)).Body)),
      ['1', '2', '3b'],
    );
    assert.equal((await versions(name, 'SMS')).TemplateVersionsResponse!.Item!.length, 3);
  });

  test('version numbers are never reused; without version an update overwrites the latest existing version', async () => {
    const sms = byType.SMS;
    const name = uniqueName('reuse');
    await sms.create(name, { Body: '1' });
    await sms.update(name, { Body: '2' }, { createNewVersion: true });
    await sms.update(name, { Body: '3' }, { createNewVersion: true });
    await sms.remove(name, '3');
    await sms.update(name, { Body: '2b' });
    assert.equal((await sms.get(name, '2')).Body, '2b');
    await sms.update(name, { Body: '4' }, { createNewVersion: true });
    assert.deepEqual((await versions(name, 'SMS')).TemplateVersionsResponse!.Item!.map((item) => item.Version), ['4', '2', '1']);
  });

  test('the active version cannot be deleted on its own; UpdateTemplateActiveVersion accepts latest', async () => {
    const email = byType.EMAIL;
    const name = uniqueName('active');
    await email.create(name, { Subject: 'one' });
    await email.update(name, { Subject: 'two' }, { createNewVersion: true });
    await rejectsWith(
      email.remove(name, '1'),
      'BadRequestException',
      400,
      new RegExp(`^version 1 is the active version of template ${name} \\(EMAIL\\) and cannot be deleted on its own: make another version active first \\(UpdateTemplateActiveVersion\\), or leave version out to delete the template$`),
    );
    assert.equal((await email.get(name, '1')).Subject, 'one');
    await setActive(name, 'EMAIL', 'latest');
    assert.deepEqual(pick(await email.get(name), ['Subject', 'Version']), { Subject: 'two', Version: '2' });
    await email.remove(name, '1');
    await rejectsWith(email.remove(name, '2'), 'BadRequestException', 400, /is the active version/);
    await rejectsWith(email.remove(name, '1'), 'NotFoundException', 404, new RegExp(`^Template ${name} \\(EMAIL\\) has no version 1$`));
  });

  test('tags sent with an update are ignored, as Pinpoint has done since 2023 (tags change through TagResource)', async () => {
    const voice = byType.VOICE;
    const name = uniqueName('tags-upd');
    await voice.create(name, { Body: 'b', tags: { a: '1' } });
    await voice.update(name, { Body: 'c', tags: { b: '2', 'aws:bad': 'ignored, not refused' } });
    const got = await voice.get(name);
    assert.equal(got.Body, 'c');
    assert.deepEqual(got.tags, { a: '1' });
  });

  test('ListTemplateVersions pages with PageSize and NextToken', async () => {
    const push = byType.PUSH;
    const name = uniqueName('pages');
    await push.create(name, { Default: { Body: '1' } });
    for (let i = 2; i <= 5; i++) await push.update(name, { Default: { Body: String(i) } }, { createNewVersion: true });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = (await versions(name, 'PUSH', { PageSize: '2', ...(token ? { NextToken: token } : {}) })).TemplateVersionsResponse!;
      seen.push(...page.Item!.map((item) => item.Version!));
      token = page.NextToken;
      pages++;
      assert.ok(pages <= 3);
    } while (token);
    assert.deepEqual(seen, ['5', '4', '3', '2', '1']);
    assert.equal(pages, 3);
  });
});

// ---- ListTemplates ----

describe('ListTemplates', () => {
  const prefix = uniqueName('list');
  const made: [string, TemplateType][] = [
    [`${prefix}-a`, 'EMAIL'],
    [`${prefix}-b`, 'SMS'],
    [`${prefix}-c`, 'PUSH'],
    [`${prefix}-d`, 'VOICE'],
    [`${prefix}-e`, 'INAPP'],
    [`${prefix}-f`, 'SMS'],
    [`${prefix}_g`, 'SMS'],
  ];
  before(async () => {
    for (const [name, type] of made) await byType[type].create(name, byType[type].sample);
    await byType.SMS.update(`${prefix}-f`, { Body: 'v2' }, { createNewVersion: true });
    await setActive(`${prefix}-f`, 'SMS', '2');
  });

  async function all(filters: { Prefix?: string; TemplateType?: string; PageSize?: string }): Promise<{ items: TemplateResponse[]; pages: number }> {
    const items: TemplateResponse[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = (await pinpoint.send(new ListTemplatesCommand({ ...filters, ...(token ? { NextToken: token } : {}) }))).TemplatesResponse!;
      items.push(...page.Item!);
      token = page.NextToken;
      pages++;
      assert.ok(pages < 100, 'pagination terminates');
    } while (token);
    return { items, pages };
  }

  test('Prefix keeps the names that start with it; items carry name, type, dates and the active version only', async () => {
    const { items } = await all({ Prefix: prefix });
    assert.deepEqual(
      items.map((item) => `${item.TemplateName}/${item.TemplateType}`),
      made.map(([name, type]) => `${name}/${type}`),
      'creation order',
    );
    for (const item of items) {
      const { CreationDate, LastModifiedDate, ...rest } = item;
      assert.match(CreationDate!, isoMillis);
      assert.match(LastModifiedDate!, isoMillis);
      assert.deepEqual(Object.keys(rest).sort(), ['TemplateName', 'TemplateType', 'Version']);
    }
    assert.equal(items.find((item) => item.TemplateName === `${prefix}-f`)!.Version, '2');
    assert.equal(items.find((item) => item.TemplateName === `${prefix}-a`)!.Version, '1');
    // '_' is an ordinary character, not a wildcard.
    assert.deepEqual((await all({ Prefix: `${prefix}_` })).items.map((item) => item.TemplateName), [`${prefix}_g`]);
    assert.deepEqual((await all({ Prefix: `${prefix}-` })).items.length, 6);
    assert.deepEqual((await all({ Prefix: prefix.toUpperCase() })).items, []);
  });

  test('TemplateType keeps one type; with Prefix both apply', async () => {
    const { items } = await all({ Prefix: prefix, TemplateType: 'SMS' });
    assert.deepEqual(items.map((item) => item.TemplateName), [`${prefix}-b`, `${prefix}-f`, `${prefix}_g`]);
    assert.deepEqual((await all({ Prefix: prefix, TemplateType: 'INAPP' })).items.map((item) => item.TemplateName), [`${prefix}-e`]);
    const emails = (await all({ TemplateType: 'EMAIL' })).items;
    assert.ok(emails.length >= 1 && emails.every((item) => item.TemplateType === 'EMAIL'));
  });

  test('PageSize and NextToken: every template once, in order, across pages', async () => {
    const paged = await all({ Prefix: prefix, PageSize: '2' });
    assert.equal(paged.pages, 4);
    assert.deepEqual(paged.items, (await all({ Prefix: prefix })).items);
    const one = (await pinpoint.send(new ListTemplatesCommand({ Prefix: prefix, PageSize: '7' }))).TemplatesResponse!;
    assert.equal(one.Item!.length, 7);
    assert.equal(one.NextToken, undefined, 'no token when nothing is left');
  });
});

// ---- tags ----

describe('tags on the template ARN', () => {
  test('TagResource, ListTagsForResource and UntagResource work on a template; Get answers the tags', async () => {
    const name = uniqueName('tagged');
    const arn = templateArn(name, 'PUSH');
    await byType.PUSH.create(name, { Default: { Body: 'b' }, tags: { team: 'growth', env: 'test' } });
    assert.deepEqual((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).TagsModel!.tags, { team: 'growth', env: 'test' });
    await pinpoint.send(new TagResourceCommand({ ResourceArn: arn, TagsModel: { tags: { owner: 'ops', env: 'prod' } } }));
    await pinpoint.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    assert.deepEqual((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).TagsModel!.tags, { env: 'prod', owner: 'ops' });
    assert.deepEqual((await byType.PUSH.get(name)).tags, { env: 'prod', owner: 'ops' });
    // Every version answers the template's tags.
    await byType.PUSH.update(name, { Default: { Body: 'c' } }, { createNewVersion: true });
    assert.deepEqual((await byType.PUSH.get(name, '2')).tags, { env: 'prod', owner: 'ops' });
  });

  test('a template ARN of a missing template, of another type or in another region is 404', async () => {
    const name = uniqueName('tagmiss');
    await byType.SMS.create(name, { Body: 'b' });
    for (const arn of [templateArn(uniqueName('none'), 'SMS'), templateArn(name, 'EMAIL'), `arn:aws:mobiletargeting:eu-west-1:${ACCOUNT}:templates/${name}/SMS`]) {
      await rejectsWith(pinpoint.send(new TagResourceCommand({ ResourceArn: arn, TagsModel: { tags: { a: 'b' } } })), 'NotFoundException', 404, /^Resource not found: /);
      await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: arn })), 'NotFoundException', 404, /^Resource not found: /);
    }
    await rejectsWith(
      pinpoint.send(new TagResourceCommand({ ResourceArn: `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:templates/${name}/FAX`, TagsModel: { tags: { a: 'b' } } })),
      'BadRequestException',
      400,
      /cannot be tagged/,
    );
  });
});

// ---- bad input ----

describe('bad input: status, error type and a message naming the member; nothing is written', () => {
  const existing = uniqueName('exists');
  before(async () => {
    for (const kind of kinds) await kind.create(existing, kind.sample);
  });

  test('creating a name and type that exist is 400 Template already exists; the template is unchanged', async () => {
    for (const kind of kinds) {
      await rejectsWith(kind.create(existing, kind.changed), 'BadRequestException', 400, /^Template already exists$/);
      assert.equal((await kind.get(existing)).Version, '1');
      assert.deepEqual(withoutDates(await kind.get(existing)), { ...kind.sample, Arn: templateArn(existing, kind.type), TemplateName: existing, TemplateType: kind.type, Version: '1', tags: {} });
    }
  });

  test('a template name Pinpoint does not accept is 400 for every operation', async () => {
    const nameMessage = (name: string) => new RegExp(`^Template name '${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 64)}.*' is not valid: a template name starts with a letter or digit and has at most 128 letters, digits, underscores \\(_\\) and hyphens \\(-\\)$`);
    for (const bad of ['-leading-hyphen', '_leading', 'has.dot', 'has space', 'x'.repeat(129)]) {
      for (const kind of kinds) {
        await rejectsWith(kind.create(bad, kind.sample), 'BadRequestException', 400, nameMessage(bad));
        await rejectsWith(kind.get(bad), 'BadRequestException', 400, nameMessage(bad));
        await rejectsWith(kind.update(bad, kind.sample), 'BadRequestException', 400, nameMessage(bad));
        await rejectsWith(kind.remove(bad), 'BadRequestException', 400, nameMessage(bad));
      }
      await rejectsWith(versions(bad, 'SMS'), 'BadRequestException', 400, nameMessage(bad));
      await rejectsWith(setActive(bad, 'SMS', '1'), 'BadRequestException', 400, nameMessage(bad));
    }
    // 128 characters is the longest name.
    const longest = `a${randomBytes(20).toString('hex')}`.padEnd(128, 'z');
    await byType.SMS.create(longest, { Body: 'ok' });
    assert.equal((await byType.SMS.get(longest)).TemplateName, longest);
  });

  test('a missing template is 404 for every operation', async () => {
    const missing = uniqueName('missing');
    for (const kind of kinds) {
      await rejectsWith(kind.get(missing), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(kind.get(missing, '1'), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(kind.update(missing, kind.sample), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(kind.update(missing, kind.sample, { createNewVersion: true }), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(kind.remove(missing), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(kind.remove(missing, '1'), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(versions(missing, kind.type), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(setActive(missing, kind.type, '1'), 'NotFoundException', 404, /^Template not found$/);
    }
    // Nothing was created by the refused updates.
    await rejectsWith(byType.SMS.get(missing), 'NotFoundException', 404);
  });

  test('a malformed version is 400 naming it; a missing one is 404', async () => {
    for (const kind of kinds) {
      for (const label of ['abc', '0', '-1', '1.5', '01']) {
        const message = new RegExp(`^version must be a template version number \\(a whole number from 1\\), got '${label.replace('.', '\\.')}'$`);
        await rejectsWith(kind.get(existing, label), 'BadRequestException', 400, message);
        await rejectsWith(kind.update(existing, kind.sample, { version: label }), 'BadRequestException', 400, message);
        await rejectsWith(kind.remove(existing, label), 'BadRequestException', 400, message);
      }
      await rejectsWith(kind.get(existing, '9'), 'NotFoundException', 404, new RegExp(`^Template ${existing} \\(${kind.type}\\) has no version 9$`));
      await rejectsWith(kind.remove(existing, '9'), 'NotFoundException', 404, new RegExp(`^Template ${existing} \\(${kind.type}\\) has no version 9$`));
      await rejectsWith(setActive(existing, kind.type, '9'), 'NotFoundException', 404, new RegExp(`^Template ${existing} \\(${kind.type}\\) has no version 9$`));
    }
  });

  test('UpdateTemplateActiveVersion: Version is required, latest or a number', async () => {
    await rejectsWith(setActive(existing, 'SMS', undefined), 'BadRequestException', 400, /^TemplateActiveVersionRequest\.Version is required: 'latest' or the number of an existing version$/);
    for (const bad of ['LATEST', 'abc', '0']) {
      await rejectsWith(
        setActive(existing, 'SMS', bad),
        'BadRequestException',
        400,
        new RegExp(`^TemplateActiveVersionRequest\\.Version must be 'latest' or a version number \\(a whole number from 1\\), got '${bad}'$`),
      );
    }
  });

  test('a template-type that is not one of the five is 400 naming it', async () => {
    for (const bad of ['email', 'FAX', 'Sms']) {
      const message = new RegExp(`^template-type must be one of EMAIL, SMS, PUSH, VOICE, INAPP, got '${bad}'$`);
      await rejectsWith(versions(existing, bad), 'BadRequestException', 400, message);
      await rejectsWith(setActive(existing, bad, '1'), 'BadRequestException', 400, message);
      await rejectsWith(pinpoint.send(new ListTemplatesCommand({ TemplateType: bad })), 'BadRequestException', 400, message);
    }
  });

  test('listing tokens and page sizes: a token the listing did not return is 400', async () => {
    const notOurs = /^The token '.*' is not a token this listing returned$/;
    await rejectsWith(pinpoint.send(new ListTemplatesCommand({ NextToken: 'garbage' })), 'BadRequestException', 400, notOurs);
    await rejectsWith(versions(existing, 'SMS', { NextToken: 'garbage' }), 'BadRequestException', 400, notOurs);
    // A versions token of one template is not a token of another, nor of ListTemplates.
    const name = uniqueName('tok');
    await byType.SMS.create(name, { Body: '1' });
    await byType.SMS.update(name, { Body: '2' }, { createNewVersion: true });
    const token = (await versions(name, 'SMS', { PageSize: '1' })).TemplateVersionsResponse!.NextToken!;
    assert.ok(token);
    await rejectsWith(versions(existing, 'SMS', { NextToken: token }), 'BadRequestException', 400, notOurs);
    await rejectsWith(versions(name, 'EMAIL', { NextToken: token }), 'BadRequestException', 400, notOurs);
    await rejectsWith(pinpoint.send(new ListTemplatesCommand({ NextToken: token })), 'BadRequestException', 400, notOurs);
    const listToken = (await pinpoint.send(new ListTemplatesCommand({ PageSize: '1' }))).TemplatesResponse!.NextToken!;
    await rejectsWith(versions(name, 'SMS', { NextToken: listToken }), 'BadRequestException', 400, notOurs);
    for (const size of ['0', '1001', 'ten']) {
      const message = new RegExp(`^page-size must be a whole number from 1 to 1000, got '${size}'$`);
      await rejectsWith(pinpoint.send(new ListTemplatesCommand({ PageSize: size })), 'BadRequestException', 400, message);
      await rejectsWith(versions(existing, 'SMS', { PageSize: size }), 'BadRequestException', 400, message);
    }
  });

  const badContent: [string, TemplateType, Content, RegExp][] = [
    ['DefaultSubstitutions that is not JSON', 'SMS', { Body: 'b', DefaultSubstitutions: '{not json' }, /^SMSTemplateRequest\.DefaultSubstitutions must be a JSON object of message variables and their default values, and is not valid JSON$/],
    ['DefaultSubstitutions that is not an object', 'EMAIL', { Subject: 's', DefaultSubstitutions: '["a"]' }, /^EmailTemplateRequest\.DefaultSubstitutions must be a JSON object of message variables and their default values, not an array$/],
    ['DefaultSubstitutions with a value that is not a string', 'PUSH', { Default: { Body: 'b' }, DefaultSubstitutions: '{"Attributes.n":5}' }, /^PushNotificationTemplateRequest\.DefaultSubstitutions must map each message variable to a string; 'Attributes\.n' maps to a number$/],
    ['a TemplateDescription over 500 characters', 'VOICE', { Body: 'b', TemplateDescription: 'd'.repeat(501) }, /^VoiceTemplateRequest\.TemplateDescription has 501 characters; a template description can have at most 500$/],
    [
      'an email over 500,000 characters (Subject, HtmlPart and TextPart together)',
      'EMAIL',
      { Subject: 's'.repeat(1), HtmlPart: 'h'.repeat(300_000), TextPart: 't'.repeat(200_000) },
      /^EmailTemplateRequest\.Subject, EmailTemplateRequest\.HtmlPart and EmailTemplateRequest\.TextPart have 500,001 characters together; an email template can have at most 500,000$/,
    ],
    ['16 email headers', 'EMAIL', { Subject: 's', Headers: Array.from({ length: 16 }, (_, i) => ({ Name: `X-H${i}`, Value: 'v' })) }, /^EmailTemplateRequest\.Headers has 16 headers; an email template can have at most 15$/],
    ['an email header name with a colon', 'EMAIL', { Subject: 's', Headers: [{ Name: 'X-A:B', Value: 'v' }] }, /^EmailTemplateRequest\.Headers\[0\]\.Name 'X-A:B' is not a header name/],
    ['an email header without a name', 'EMAIL', { Subject: 's', Headers: [{ Value: 'v' }] }, /^EmailTemplateRequest\.Headers\[0\]\.Name is required$/],
    ['an email header value with a line break', 'EMAIL', { Subject: 's', Headers: [{ Name: 'X-A', Value: 'a\r\nBcc: x@example.com' }] }, /^EmailTemplateRequest\.Headers\[0\]\.Value must not contain line breaks$/],
    ['an email header value over 870 characters', 'EMAIL', { Subject: 's', Headers: [{ Name: 'X-A', Value: 'v'.repeat(871) }] }, /^EmailTemplateRequest\.Headers\[0\]\.Value has 871 characters; a header value can have at most 870$/],
    ['an SMS body over 1,600 characters', 'SMS', { Body: 'b'.repeat(1601) }, /^SMSTemplateRequest\.Body has 1,601 characters; an SMS template can have at most 1,600$/],
    ['a voice body over 10,000 characters', 'VOICE', { Body: 'b'.repeat(10_001) }, /^VoiceTemplateRequest\.Body has 10,001 characters; a voice template can have at most 10,000$/],
    ['a default push part over 2,000 characters', 'PUSH', { Default: { Title: 't'.repeat(1000), Body: 'b'.repeat(1001) } }, /^PushNotificationTemplateRequest\.Default has 2,001 characters in its template parts together; the Default part of a push notification template can have at most 2,000$/],
    ['an APNs push part over 2,000 characters', 'PUSH', { APNS: { Body: 'b'.repeat(2001) } }, /^PushNotificationTemplateRequest\.APNS has 2,001 characters in its template parts together; the APNS part of a push notification template can have at most 2,000$/],
    ['an FCM push part over 4,000 characters', 'PUSH', { GCM: { Body: 'b'.repeat(3000), RawContent: 'r'.repeat(1001) } }, /^PushNotificationTemplateRequest\.GCM has 4,001 characters in its template parts together; the GCM part of a push notification template can have at most 4,000$/],
    ['an ADM push part over 4,000 characters', 'PUSH', { ADM: { Body: 'b'.repeat(4001) } }, /^PushNotificationTemplateRequest\.ADM has 4,001 characters/],
    ['a Baidu push part over 4,000 characters', 'PUSH', { Baidu: { Body: 'b'.repeat(4001) } }, /^PushNotificationTemplateRequest\.Baidu has 4,001 characters/],
    ['an email Subject that is not a valid template', 'EMAIL', { Subject: 'Hi {{#if x}}', HtmlPart: '<p/>' }, /^EmailTemplateRequest\.Subject is not a valid message template: \S/],
    ['an email HtmlPart that is not a valid template', 'EMAIL', { HtmlPart: '<p>{{/each}}</p>' }, /^EmailTemplateRequest\.HtmlPart is not a valid message template: \S/],
    ['an email header value that is not a valid template', 'EMAIL', { Subject: 's', Headers: [{ Name: 'X-A', Value: '{{' }] }, /^EmailTemplateRequest\.Headers\[0\]\.Value is not a valid message template: \S/],
    ['an SMS Body that is not a valid template', 'SMS', { Body: 'Code {{Attributes.code' }, /^SMSTemplateRequest\.Body is not a valid message template: \S/],
    ['a voice Body that is not a valid template', 'VOICE', { Body: '{{#each x}}' }, /^VoiceTemplateRequest\.Body is not a valid message template: \S/],
    ['an APNs Title that is not a valid template', 'PUSH', { APNS: { Title: '{{}}', Body: 'b' } }, /^PushNotificationTemplateRequest\.APNS\.Title is not a valid message template: \S/],
    ['a GCM RawContent that is not a valid template', 'PUSH', { GCM: { RawContent: '{"a":"{{#if}}"}' } }, /^PushNotificationTemplateRequest\.GCM\.RawContent is not a valid message template: \S/],
    ['an in-app template without Content', 'INAPP', { Layout: 'TOP_BANNER' }, /^InAppTemplateRequest\.Content is required: an in-app template has 1 to 5 messages$/],
    ['an in-app template with 6 messages', 'INAPP', { Layout: 'CAROUSEL', Content: Array.from({ length: 6 }, (_, i) => carouselMessage(i)) }, /^InAppTemplateRequest\.Content has 6 messages; an in-app template \(a carousel\) can have at most 5$/],
    [
      'an in-app message without a header or background color',
      'INAPP',
      { Content: [{ BodyConfig: { Alignment: 'LEFT', Body: 'b', TextColor: '#000' } }] },
      /^InAppTemplateRequest\.Content\[0\]\.HeaderConfig is required: each in-app message has a header; InAppTemplateRequest\.Content\[0\]\.BackgroundColor is required: each in-app message has a background color$/,
    ],
    [
      'an in-app header over 64 characters',
      'INAPP',
      { Content: [{ ...carouselMessage(1), HeaderConfig: { Alignment: 'LEFT', Header: 'h'.repeat(65), TextColor: '#000' } }] },
      /^InAppTemplateRequest\.Content\[0\]\.HeaderConfig\.Header has 65 characters; an in-app header can have at most 64$/,
    ],
    [
      'an in-app body over 150 characters',
      'INAPP',
      { Content: [{ ...carouselMessage(1), BodyConfig: { Alignment: 'LEFT', Body: 'b'.repeat(151), TextColor: '#000' } }] },
      /^InAppTemplateRequest\.Content\[0\]\.BodyConfig\.Body has 151 characters; an in-app message body can have at most 150$/,
    ],
    [
      'an in-app button text over 64 characters',
      'INAPP',
      { Content: [{ ...carouselMessage(1), SecondaryBtn: { DefaultConfig: { ButtonAction: 'CLOSE', Text: 't'.repeat(65) } } }] },
      /^InAppTemplateRequest\.Content\[0\]\.SecondaryBtn\.DefaultConfig\.Text has 65 characters; a button text can have at most 64$/,
    ],
    [
      'an in-app LINK button without a Link',
      'INAPP',
      { Content: [{ ...carouselMessage(1), PrimaryBtn: { DefaultConfig: { ButtonAction: 'LINK', Text: 'Go' }, Web: { ButtonAction: 'DEEP_LINK' } } }] },
      /^InAppTemplateRequest\.Content\[0\]\.PrimaryBtn\.DefaultConfig\.Link is required when ButtonAction is LINK; InAppTemplateRequest\.Content\[0\]\.PrimaryBtn\.Web\.Link is required when ButtonAction is DEEP_LINK$/,
    ],
    [
      'in-app CustomConfig with 11 entries',
      'INAPP',
      { Content: [carouselMessage(1)], CustomConfig: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])) },
      /^InAppTemplateRequest\.CustomConfig has 11 entries; an in-app template can have at most 10$/,
    ],
    ['an in-app Layout outside the enum', 'INAPP', { Layout: 'SIDEWAYS', Content: [carouselMessage(1)] }, /^1 validation error detected: Value 'SIDEWAYS' at 'InAppTemplateRequest\.Layout' failed to satisfy constraint: Member must satisfy enum value set: \[/],
    [
      'an in-app body without its required Alignment',
      'INAPP',
      { Content: [{ ...carouselMessage(1), BodyConfig: { Body: 'b', TextColor: '#000' } }] },
      /^1 validation error detected: Value null at 'InAppTemplateRequest\.Content\[0\]\.BodyConfig\.Alignment' failed to satisfy constraint: Member must not be null$/,
    ],
    ['a text with a NUL character', 'SMS', { Body: 'ok', TemplateDescription: 'a\u0000b' }, /^SMSTemplateRequest\.TemplateDescription must not contain NUL characters or unpaired surrogates$/],
  ];

  for (const [what, type, request, message] of badContent) {
    test(`Create and Update refuse ${what} (400); nothing is written`, async () => {
      const kind = byType[type];
      const name = uniqueName('bad');
      await rejectsWith(kind.create(name, request), 'BadRequestException', 400, message);
      await rejectsWith(kind.get(name), 'NotFoundException', 404, /^Template not found$/);
      await rejectsWith(kind.update(existing, request), 'BadRequestException', 400, message);
      await rejectsWith(kind.update(existing, request, { createNewVersion: true }), 'BadRequestException', 400, message);
      const current = await kind.get(existing);
      assert.equal(current.Version, '1');
      assert.deepEqual(pick(current, Object.keys(kind.sample)), kind.sample);
      assert.deepEqual((await versions(existing, type)).TemplateVersionsResponse!.Item!.map((item) => item.Version), ['1']);
    });
  }

  test('limits are inclusive: exactly at each limit is accepted', async () => {
    const ok: [TemplateType, Content][] = [
      ['SMS', { Body: 'b'.repeat(1600) }],
      ['VOICE', { Body: 'b'.repeat(10_000) }],
      ['EMAIL', { Subject: 's', HtmlPart: 'h'.repeat(299_999), TextPart: 't'.repeat(200_000), Headers: Array.from({ length: 15 }, (_, i) => ({ Name: `X-H${i}`, Value: 'v'.repeat(870) })) }],
      ['PUSH', { Default: { Body: 'b'.repeat(2000) }, APNS: { Body: 'b'.repeat(2000) }, GCM: { Body: 'b'.repeat(4000) }, ADM: { Body: 'b'.repeat(4000) }, Baidu: { Body: 'b'.repeat(4000) } }],
      ['INAPP', { Layout: 'CAROUSEL', Content: Array.from({ length: 5 }, (_, i) => carouselMessage(i)), TemplateDescription: 'd'.repeat(500) }],
    ];
    for (const [type, request] of ok) {
      const name = uniqueName('edge');
      await byType[type].create(name, request);
      assert.deepEqual(pick(await byType[type].get(name), Object.keys(request)), request);
    }
  });

  test('in-app text is not a message template: braces are stored as written', async () => {
    const name = uniqueName('inapp-braces');
    const request = { Content: [{ ...carouselMessage(1), HeaderConfig: { Alignment: 'LEFT', Header: 'Sale {{ today', TextColor: '#000' } }] };
    await byType.INAPP.create(name, request);
    assert.deepEqual((await byType.INAPP.get(name)).Content, request.Content);
  });

  test('tags on create are checked like TagResource’s, naming the member; nothing is written', async () => {
    const name = uniqueName('badtags');
    await rejectsWith(byType.SMS.create(name, { Body: 'b', tags: { 'aws:team': 'x' } }), 'BadRequestException', 400, /^SMSTemplateRequest\.tags: Tag key 'aws:team' uses the reserved prefix aws:$/);
    await rejectsWith(byType.SMS.get(name), 'NotFoundException', 404, /^Template not found$/);
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: templateArn(name, 'SMS') })), 'NotFoundException', 404);
  });

  test('a raw request without its template request body is 400 from the model', async () => {
    const response = await rawCall(server, 'POST', `/v1/templates/${uniqueName('raw')}/sms`, undefined);
    assertRawError(response, 400, 'BadRequestException', /SMSTemplateRequest/);
  });
});

// ---- IAM ----

describe('IAM on template ARNs', () => {
  test('a user allowed GetEmailTemplate on one template reads it and is denied every other template and action', async () => {
    const allowed = uniqueName('iam-allowed');
    const other = uniqueName('iam-other');
    await byType.EMAIL.create(allowed, { Subject: 'yes' });
    await byType.EMAIL.create(other, { Subject: 'no' });
    await byType.SMS.create(allowed, { Body: 'same name, other type' });

    const userName = 'template-reader';
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: userName,
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetEmailTemplate', Resource: templateArn(allowed, 'EMAIL') }] }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
    const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
    clients.push(client);
    const user = `arn:aws:iam::${ACCOUNT}:user/${userName}`;
    const denied = (action: string, resource: string) => new RegExp(`^User: ${user} is not authorized to perform: mobiletargeting:${action} on resource: ${resource.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

    assert.equal((await byType.EMAIL.get(allowed, undefined, client)).Subject, 'yes');
    await rejectsWith(byType.EMAIL.get(other, undefined, client), 'AccessDeniedException', 403, denied('GetEmailTemplate', templateArn(other, 'EMAIL')));
    await rejectsWith(byType.SMS.get(allowed, undefined, client), 'AccessDeniedException', 403, denied('GetSmsTemplate', templateArn(allowed, 'SMS')));
    await rejectsWith(byType.EMAIL.create(uniqueName('iam-new'), { Subject: 's' }, client), 'AccessDeniedException', 403, /mobiletargeting:CreateEmailTemplate on resource: arn:aws:mobiletargeting:us-east-1:\d{12}:templates\/iam-new-[0-9a-f]+\/EMAIL$/);
    await rejectsWith(client.send(new UpdateEmailTemplateCommand({ TemplateName: allowed, EmailTemplateRequest: { Subject: 'hacked' } })), 'AccessDeniedException', 403, denied('UpdateEmailTemplate', templateArn(allowed, 'EMAIL')));
    await rejectsWith(client.send(new DeleteEmailTemplateCommand({ TemplateName: allowed })), 'AccessDeniedException', 403, denied('DeleteEmailTemplate', templateArn(allowed, 'EMAIL')));
    await rejectsWith(client.send(new ListTemplatesCommand({})), 'AccessDeniedException', 403, denied('ListTemplates', `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:templates`));
    // The refused writes changed nothing.
    assert.equal((await byType.EMAIL.get(allowed)).Subject, 'yes');
    assert.equal((await byType.EMAIL.get(allowed)).Version, '1');
  });
});
