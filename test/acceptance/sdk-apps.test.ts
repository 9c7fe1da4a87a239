import {
  CreateAppCommand,
  DeleteAppCommand,
  GetAppCommand,
  GetApplicationSettingsCommand,
  GetAppsCommand,
  ListTagsForResourceCommand,
  PinpointClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApplicationSettingsCommand,
} from '@aws-sdk/client-pinpoint';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';

/** The app lifecycle, settings and tags through the real @aws-sdk/client-pinpoint. */

let server: PinionProcess;
let pinpoint: PinpointClient;

before(async () => {
  server = await startPinion();
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});
after(async () => {
  pinpoint.destroy();
  await server.stop();
});

describe('app lifecycle', () => {
  test('CreateApp answers 201 with a Pinpoint-shaped application', async () => {
    const out = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'shop', tags: { team: 'growth' } } }));
    assert.equal(out.$metadata.httpStatusCode, 201);
    const app = out.ApplicationResponse!;
    assert.match(app.Id!, /^[0-9a-f]{32}$/);
    assert.equal(app.Arn, `arn:aws:mobiletargeting:us-east-1:${server.accountId}:apps/${app.Id}`);
    assert.equal(app.Name, 'shop');
    assert.deepEqual(app.tags, { team: 'growth' });
    assert.match(app.CreationDate!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(app.CreationDate!) - Date.now()) < 60_000);

    const got = await pinpoint.send(new GetAppCommand({ ApplicationId: app.Id }));
    assert.deepEqual(got.ApplicationResponse, app);
  });

  test('GetApp on a missing app is 404 NotFoundException "Application not found"', async () => {
    await rejectsWith(pinpoint.send(new GetAppCommand({ ApplicationId: '0'.repeat(32) })), 'NotFoundException', 404, /^Application not found$/);
  });

  test('DeleteApp returns the deleted app and removes it with its tags and settings', async () => {
    const { ApplicationResponse: app } = await pinpoint.send(
      new CreateAppCommand({ CreateApplicationRequest: { Name: 'doomed', tags: { a: '1' } } }),
    );
    await pinpoint.send(new UpdateApplicationSettingsCommand({ ApplicationId: app!.Id, WriteApplicationSettingsRequest: { Limits: { Daily: 5 } } }));
    const deleted = await pinpoint.send(new DeleteAppCommand({ ApplicationId: app!.Id }));
    assert.deepEqual(deleted.ApplicationResponse, app);
    await rejectsWith(pinpoint.send(new GetAppCommand({ ApplicationId: app!.Id })), 'NotFoundException', 404);
    await rejectsWith(pinpoint.send(new GetApplicationSettingsCommand({ ApplicationId: app!.Id })), 'NotFoundException', 404);
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app!.Arn })), 'NotFoundException', 404);
    await rejectsWith(pinpoint.send(new DeleteAppCommand({ ApplicationId: app!.Id })), 'NotFoundException', 404);
  });

  test('CreateApp without a Name is 400 naming the member; nothing is created', async () => {
    const before = await pinpoint.send(new GetAppsCommand({ PageSize: '1000' }));
    await rejectsWith(
      pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: {} as { Name: string } })),
      'BadRequestException',
      400,
      /CreateApplicationRequest\.Name.*must not be null/,
    );
    await rejectsWith(pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: '   ' } })), 'BadRequestException', 400, /Name/);
    await rejectsWith(pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'x'.repeat(65) } })), 'BadRequestException', 400, /64/);
    await rejectsWith(pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'a\u0000b' } })), 'BadRequestException', 400, /NUL/);
    await rejectsWith(pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'a\uD800b' } })), 'BadRequestException', 400, /surrogates/);
    const afterwards = await pinpoint.send(new GetAppsCommand({ PageSize: '1000' }));
    assert.equal(afterwards.ApplicationsResponse!.Item!.length, before.ApplicationsResponse!.Item!.length);
  });
});

describe('GetApps pagination', () => {
  test('pages walk every app once, in a stable order', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const out = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: `page-${i}` } }));
      created.push(out.ApplicationResponse!.Id!);
    }
    const all = (await pinpoint.send(new GetAppsCommand({ PageSize: '1000' }))).ApplicationsResponse!.Item!.map((a) => a.Id!);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await pinpoint.send(new GetAppsCommand({ PageSize: '2', ...(token ? { Token: token } : {}) }));
      const items = out.ApplicationsResponse!.Item!;
      assert.ok(items.length <= 2);
      seen.push(...items.map((a) => a.Id!));
      token = out.ApplicationsResponse!.NextToken;
      pages++;
    } while (token);
    assert.deepEqual(seen, all);
    assert.equal(pages, Math.ceil(all.length / 2));
    assert.deepEqual(all.filter((id) => created.includes(id)), created, 'creation order is kept');
  });

  test('bad page-size and tokens are 400', async () => {
    await rejectsWith(pinpoint.send(new GetAppsCommand({ PageSize: '0' })), 'BadRequestException', 400, /page-size/);
    await rejectsWith(pinpoint.send(new GetAppsCommand({ PageSize: 'ten' })), 'BadRequestException', 400, /page-size/);
    await rejectsWith(pinpoint.send(new GetAppsCommand({ PageSize: '1001' })), 'BadRequestException', 400, /page-size/);
    await rejectsWith(pinpoint.send(new GetAppsCommand({ Token: 'not-a-token' })), 'BadRequestException', 400, /token/);
  });
});

describe('application settings', () => {
  test('a new app has empty settings; updates round-trip and merge', async () => {
    const { ApplicationResponse: app } = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'settings' } }));
    const fresh = (await pinpoint.send(new GetApplicationSettingsCommand({ ApplicationId: app!.Id }))).ApplicationSettingsResource!;
    assert.equal(fresh.ApplicationId, app!.Id);
    assert.deepEqual(fresh.Limits, {});
    assert.deepEqual(fresh.QuietTime, {});
    assert.deepEqual(fresh.CampaignHook, {});
    assert.ok(fresh.LastModifiedDate);

    const updated = await pinpoint.send(
      new UpdateApplicationSettingsCommand({
        ApplicationId: app!.Id,
        WriteApplicationSettingsRequest: {
          CampaignHook: { Mode: 'FILTER', WebUrl: 'https://hooks.example.com/filter' },
          CloudWatchMetricsEnabled: true,
          EventTaggingEnabled: false,
          Limits: { Daily: 10, MaximumDuration: 600, MessagesPerSecond: 200, Total: 50, Session: 3 },
          QuietTime: { Start: '22:00', End: '07:30' },
          JourneyLimits: { DailyCap: 4, TotalCap: 40, TimeframeCap: { Days: 7, Cap: 10 } },
        },
      }),
    );
    const expected = {
      ApplicationId: app!.Id,
      CampaignHook: { Mode: 'FILTER', WebUrl: 'https://hooks.example.com/filter' },
      Limits: { Daily: 10, MaximumDuration: 600, MessagesPerSecond: 200, Total: 50, Session: 3 },
      QuietTime: { Start: '22:00', End: '07:30' },
      JourneyLimits: { DailyCap: 4, TotalCap: 40, TimeframeCap: { Days: 7, Cap: 10 } },
    };
    const { LastModifiedDate, ...rest } = updated.ApplicationSettingsResource!;
    assert.deepEqual(rest, expected);
    assert.ok(Date.parse(LastModifiedDate!) >= Date.parse(fresh.LastModifiedDate!));

    await pinpoint.send(new UpdateApplicationSettingsCommand({ ApplicationId: app!.Id, WriteApplicationSettingsRequest: { QuietTime: { Start: '23:00', End: '06:00' } } }));
    const merged = (await pinpoint.send(new GetApplicationSettingsCommand({ ApplicationId: app!.Id }))).ApplicationSettingsResource!;
    assert.deepEqual(merged.QuietTime, { Start: '23:00', End: '06:00' });
    assert.deepEqual(merged.Limits, expected.Limits, 'fields left out keep their values');
  });

  test('out-of-range settings are 400 and change nothing', async () => {
    const { ApplicationResponse: app } = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'bad-settings' } }));
    const cases: [object, RegExp][] = [
      [{ Limits: { Daily: 101 } }, /Limits\.Daily/],
      [{ Limits: { MaximumDuration: 59 } }, /Limits\.MaximumDuration/],
      [{ Limits: { MessagesPerSecond: 20001 } }, /Limits\.MessagesPerSecond/],
      [{ QuietTime: { Start: '25:00', End: '07:00' } }, /QuietTime\.Start/],
      [{ QuietTime: { Start: '22:00' } }, /QuietTime/],
      [{ CampaignHook: { Mode: 'SOMETIMES' } }, /enum value set/],
      [{ CampaignHook: { WebUrl: 'ftp://x' } }, /WebUrl/],
    ];
    for (const [request, message] of cases) {
      await rejectsWith(
        pinpoint.send(new UpdateApplicationSettingsCommand({ ApplicationId: app!.Id, WriteApplicationSettingsRequest: request })),
        'BadRequestException',
        400,
        message,
      );
    }
    const settings = (await pinpoint.send(new GetApplicationSettingsCommand({ ApplicationId: app!.Id }))).ApplicationSettingsResource!;
    assert.deepEqual([settings.Limits, settings.QuietTime, settings.CampaignHook], [{}, {}, {}]);
    await rejectsWith(
      pinpoint.send(new UpdateApplicationSettingsCommand({ ApplicationId: '0'.repeat(32), WriteApplicationSettingsRequest: { Limits: { Daily: 1 } } })),
      'NotFoundException',
      404,
    );
  });
});

describe('tags', () => {
  test('tag, list, overwrite and untag an app', async () => {
    const { ApplicationResponse: app } = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'tagged', tags: { env: 'prod' } } }));
    await pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: { team: 'growth', env: 'staging', 'cost center': 'ÄÖ 42' } } }));
    const listed = await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app!.Arn }));
    assert.deepEqual(listed.TagsModel!.tags, { env: 'staging', team: 'growth', 'cost center': 'ÄÖ 42' });
    // A key spelled like JavaScript's prototype accessor is an ordinary tag key.
    await pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: JSON.parse('{"__proto__":"p"}') as Record<string, string> } }));
    assert.equal((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app!.Arn }))).TagsModel!.tags!['__proto__'], 'p');
    await pinpoint.send(new UntagResourceCommand({ ResourceArn: app!.Arn, TagKeys: ['__proto__'] }));
    const untagged = await pinpoint.send(new UntagResourceCommand({ ResourceArn: app!.Arn, TagKeys: ['env', 'cost center', 'absent'] }));
    assert.equal(untagged.$metadata.httpStatusCode, 204);
    assert.deepEqual((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app!.Arn }))).TagsModel!.tags, { team: 'growth' });
    assert.deepEqual((await pinpoint.send(new GetAppCommand({ ApplicationId: app!.Id }))).ApplicationResponse!.tags, { team: 'growth' });
  });

  test('the 50-tag limit and the key rules are enforced, writing nothing', async () => {
    const { ApplicationResponse: app } = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'limits' } }));
    const forty = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v']));
    await pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: forty } }));
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`n${i}`, 'v']));
    await rejectsWith(pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: eleven } })), 'BadRequestException', 400, /50/);
    assert.equal(Object.keys((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app!.Arn }))).TagsModel!.tags!).length, 40);

    const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v']));
    await rejectsWith(pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'too-many', tags: fiftyOne } })), 'BadRequestException', 400, /50/);
    await rejectsWith(pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: { 'aws:reserved': 'x' } } })), 'BadRequestException', 400, /aws:/);
    await rejectsWith(pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: { ['k'.repeat(129)]: 'x' } } })), 'BadRequestException', 400, /128/);
    await rejectsWith(pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: { ok: 'v'.repeat(257) } } })), 'BadRequestException', 400, /256/);
    await rejectsWith(pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: { 'bad#key': 'x' } } })), 'BadRequestException', 400, /characters/);
    await rejectsWith(pinpoint.send(new TagResourceCommand({ ResourceArn: app!.Arn, TagsModel: { tags: {} } })), 'BadRequestException', 400, /At least one tag/);
    assert.equal(Object.keys((await pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app!.Arn }))).TagsModel!.tags!).length, 40);
  });

  test('ARNs that name nothing are 404; ARNs that are not Pinpoint resources are 400', async () => {
    const missing = `arn:aws:mobiletargeting:us-east-1:${server.accountId}:apps/${'f'.repeat(32)}`;
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: missing })), 'NotFoundException', 404);
    await rejectsWith(pinpoint.send(new TagResourceCommand({ ResourceArn: missing, TagsModel: { tags: { a: 'b' } } })), 'NotFoundException', 404);
    const campaign = `arn:aws:mobiletargeting:us-east-1:${server.accountId}:apps/${'f'.repeat(32)}/campaigns/abc`;
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: campaign })), 'NotFoundException', 404);
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:s3:::bucket' })), 'BadRequestException', 400);
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: 'not-an-arn' })), 'BadRequestException', 400);
    const { ApplicationResponse: app } = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'partition' } }));
    await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app!.Arn!.replace('arn:aws:', 'arn:aws-cn:') })), 'BadRequestException', 400);
    await rejectsWith(
      pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:mobiletargeting:us-east-1:${server.accountId}:apps/x/endpoints/y` })),
      'BadRequestException',
      400,
      /cannot be tagged/,
    );
  });
});

describe('tenancy', () => {
  test('an app created in one region is invisible from another', async () => {
    const eu = new PinpointClient({ endpoint: server.url, region: 'eu-west-1', credentials: server.credentials, maxAttempts: 1 });
    try {
      const { ApplicationResponse: app } = await eu.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'eu-only' } }));
      assert.equal(app!.Arn, `arn:aws:mobiletargeting:eu-west-1:${server.accountId}:apps/${app!.Id}`);
      await rejectsWith(pinpoint.send(new GetAppCommand({ ApplicationId: app!.Id })), 'NotFoundException', 404);
      const usIds = (await pinpoint.send(new GetAppsCommand({ PageSize: '1000' }))).ApplicationsResponse!.Item!.map((a) => a.Id);
      assert.ok(!usIds.includes(app!.Id));
      await rejectsWith(pinpoint.send(new ListTagsForResourceCommand({ ResourceArn: app!.Arn })), 'NotFoundException', 404);
      assert.equal((await eu.send(new GetAppCommand({ ApplicationId: app!.Id }))).ApplicationResponse!.Name, 'eu-only');
    } finally {
      eu.destroy();
    }
  });
});
