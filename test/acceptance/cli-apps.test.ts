import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanCliEnv, debugStatus, runAws } from '../helpers/aws-cli.ts';
import type { CliResult } from '../helpers/aws-cli.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { projectRoot, startPinion } from '../helpers/server-process.ts';

/**
 * The app lifecycle, settings, tags, pagination and error cases through the real `aws` CLI, run
 * as a subprocess exactly as a user runs it. Nothing from the machine's AWS configuration leaks in:
 * the environment is built from scratch and the config/credentials files point at empty files.
 */

let server: PinionProcess;
let scratch: string;
let emptyConfig: string;
let cliMajor: number;

/** The exit code the CLI uses when the service answered with an error (v1: 255, v2: 254). */
function serviceErrorExit(): number {
  return cliMajor >= 2 ? 254 : 255;
}

function baseEnv(): Record<string, string> {
  return cleanCliEnv(scratch, emptyConfig);
}

function serverEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...baseEnv(),
    AWS_ENDPOINT_URL: server.url,
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    ...overrides,
  };
}

const run = runAws;

/** `aws pinpoint <args> --output json` against the started server. */
function pinpoint(args: string[], env: Record<string, string> = serverEnv()): Promise<CliResult> {
  return run(['pinpoint', ...args, '--output', 'json'], env);
}

/** Runs a command that must succeed and returns its parsed JSON output. */
async function ok(args: string[], env?: Record<string, string>): Promise<Record<string, unknown>> {
  const result = await pinpoint(args, env);
  assert.equal(result.code, 0, `aws pinpoint ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  if (result.stdout.trim() === '') return {};
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** Runs a command that must fail with a service error; checks the exit code, the error code and the HTTP status. */
async function fails(args: string[], code: string, status: number, env?: Record<string, string>): Promise<CliResult> {
  const result = await run([...args, '--output', 'json', '--debug'], env ?? serverEnv());
  assert.equal(result.code, serviceErrorExit(), `expected a service error exit code for aws ${args.join(' ')}; stderr: ${result.stderr.slice(-2000)}`);
  assert.match(result.stderr, new RegExp(`An error occurred \\(${code}\\)`), `expected ${code} for aws ${args.join(' ')}; stderr tail: ${result.stderr.slice(-2000)}`);
  assert.equal(debugStatus(result.stderr), status, `HTTP status of aws ${args.join(' ')}`);
  return result;
}

interface App {
  Id: string;
  Arn: string;
  Name: string;
  CreationDate: string;
  tags?: Record<string, string>;
}

async function createApp(name: string): Promise<App> {
  const out = await ok(['create-app', '--create-application-request', `Name=${name}`]);
  return out.ApplicationResponse as App;
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pinion-cli-'));
  emptyConfig = join(scratch, 'empty-aws-file');
  writeFileSync(emptyConfig, '');
  const version = await run(['--version'], baseEnv());
  assert.equal(version.code, 0, `aws --version failed: ${version.stderr}`);
  const match = /aws-cli\/(\d+)\./.exec(version.stdout + version.stderr);
  assert.ok(match, `cannot read the aws CLI version from ${version.stdout}${version.stderr}`);
  cliMajor = Number(match[1]);
  server = await startPinion();
});

after(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('aws pinpoint: app lifecycle', () => {
  test('create-app answers a Pinpoint-shaped application', async () => {
    const app = await createApp('shop');
    assert.match(app.Id, /^[0-9a-f]{32}$/);
    assert.equal(app.Arn, `arn:aws:mobiletargeting:us-east-1:${server.accountId}:apps/${app.Id}`);
    assert.equal(app.Name, 'shop');
    assert.match(app.CreationDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    assert.ok(Math.abs(Date.parse(app.CreationDate) - Date.now()) < 120_000, `CreationDate ${app.CreationDate} is not now`);
  });

  test('get-app returns the same application', async () => {
    const app = await createApp('get-me');
    const got = await ok(['get-app', '--application-id', app.Id]);
    assert.deepEqual(got.ApplicationResponse, app);
  });

  test('get-apps --page-size 1 with --token walks every app once', async () => {
    const created = [await createApp('page-a'), await createApp('page-b'), await createApp('page-c')].map((a) => a.Id);
    const all = ((await ok(['get-apps', '--page-size', '1000'])).ApplicationsResponse as { Item: App[] }).Item.map((a) => a.Id);
    assert.ok(all.length >= 3);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await ok(['get-apps', '--page-size', '1', ...(token ? ['--token', token] : [])]);
      const page = out.ApplicationsResponse as { Item: App[]; NextToken?: string };
      assert.equal(page.Item.length, 1, `page ${pages + 1} has ${page.Item.length} items`);
      seen.push(page.Item[0]!.Id);
      token = page.NextToken;
      pages++;
      assert.ok(pages <= all.length + 1, 'the listing does not end');
    } while (token);
    assert.equal(new Set(seen).size, seen.length, `duplicates across pages: ${seen.join(',')}`);
    assert.deepEqual(seen, all);
    assert.deepEqual(seen.filter((id) => created.includes(id)), created, 'creation order is kept');
  });

  test('delete-app returns the app; get-app afterwards fails with NotFoundException "Application not found"', async () => {
    const app = await createApp('doomed');
    const deleted = await ok(['delete-app', '--application-id', app.Id]);
    assert.deepEqual(deleted.ApplicationResponse, app);
    const result = await pinpoint(['get-app', '--application-id', app.Id]);
    assert.equal(result.code, serviceErrorExit(), `exit code; stderr: ${result.stderr}`);
    assert.match(result.stderr, /NotFoundException/);
    assert.match(result.stderr, /Application not found/);
    assert.equal(result.stdout.trim(), '');
    await fails(['pinpoint', 'get-app', '--application-id', app.Id], 'NotFoundException', 404);
    const ids = ((await ok(['get-apps', '--page-size', '1000'])).ApplicationsResponse as { Item: App[] }).Item.map((a) => a.Id);
    assert.ok(!ids.includes(app.Id), 'the deleted app is still listed');
  });
});

describe('aws pinpoint: application settings', () => {
  test('update-application-settings then get-application-settings round-trips Limits, QuietTime and CampaignHook', async () => {
    const app = await createApp('settings');
    const request = {
      Limits: { Daily: 10, MaximumDuration: 600, MessagesPerSecond: 200, Total: 50, Session: 3 },
      QuietTime: { Start: '22:00', End: '07:30' },
      CampaignHook: { Mode: 'FILTER', WebUrl: 'https://hooks.example.com/filter' },
    };
    const updated = (await ok(['update-application-settings', '--application-id', app.Id, '--write-application-settings-request', JSON.stringify(request)]))
      .ApplicationSettingsResource as Record<string, unknown>;
    assert.equal(updated.ApplicationId, app.Id);
    assert.deepEqual(updated.Limits, request.Limits);
    assert.deepEqual(updated.QuietTime, request.QuietTime);
    assert.deepEqual(updated.CampaignHook, request.CampaignHook);
    assert.match(String(updated.LastModifiedDate), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);

    const got = (await ok(['get-application-settings', '--application-id', app.Id])).ApplicationSettingsResource as Record<string, unknown>;
    assert.deepEqual(got, updated);
  });

  test('the CLI shorthand syntax works too', async () => {
    const app = await createApp('shorthand');
    await ok(['update-application-settings', '--application-id', app.Id, '--write-application-settings-request', 'Limits={Daily=5,Total=20},CloudWatchMetricsEnabled=true']);
    const got = (await ok(['get-application-settings', '--application-id', app.Id])).ApplicationSettingsResource as Record<string, unknown>;
    assert.deepEqual(got.Limits, { Daily: 5, Total: 20 });
  });

  test('Limits Daily=500 fails with BadRequestException and changes nothing', async () => {
    const app = await createApp('bad-settings');
    const result = await fails(
      ['pinpoint', 'update-application-settings', '--application-id', app.Id, '--write-application-settings-request', 'Limits={Daily=500}'],
      'BadRequestException',
      400,
    );
    assert.match(result.stderr, /Limits\.Daily/);
    const got = (await ok(['get-application-settings', '--application-id', app.Id])).ApplicationSettingsResource as Record<string, unknown>;
    assert.deepEqual(got.Limits, {});
  });
});

describe('aws pinpoint: tags', () => {
  test('tag-resource, list-tags-for-resource and untag-resource', async () => {
    const app = await createApp('tagged');
    const tagged = await pinpoint(['tag-resource', '--resource-arn', app.Arn, '--tags-model', JSON.stringify({ tags: { team: 'growth', env: 'prod', tier: 'gold' } })]);
    assert.equal(tagged.code, 0, tagged.stderr);
    assert.equal(tagged.stdout.trim(), '', 'tag-resource prints nothing');
    assert.deepEqual((await ok(['list-tags-for-resource', '--resource-arn', app.Arn])).TagsModel, { tags: { team: 'growth', env: 'prod', tier: 'gold' } });

    const untagged = await pinpoint(['untag-resource', '--resource-arn', app.Arn, '--tag-keys', 'env', 'tier']);
    assert.equal(untagged.code, 0, untagged.stderr);
    assert.deepEqual((await ok(['list-tags-for-resource', '--resource-arn', app.Arn])).TagsModel, { tags: { team: 'growth' } });
    assert.deepEqual(((await ok(['get-app', '--application-id', app.Id])).ApplicationResponse as App).tags, { team: 'growth' });
  });

  test('tags given at create time are listed', async () => {
    const out = await ok(['create-app', '--create-application-request', JSON.stringify({ Name: 'born-tagged', tags: { owner: 'ops' } })]);
    const app = out.ApplicationResponse as App;
    assert.deepEqual(app.tags, { owner: 'ops' });
    assert.deepEqual((await ok(['list-tags-for-resource', '--resource-arn', app.Arn])).TagsModel, { tags: { owner: 'ops' } });
  });
});

describe('aws: errors from the front door and unimplemented operations', () => {
  test('pinpoint-sms-voice-v2 describe-account-attributes fails with NotImplementedException naming the operation', async () => {
    const result = await fails(['pinpoint-sms-voice-v2', 'describe-account-attributes'], 'NotImplementedException', 501);
    assert.match(result.stderr, /DescribeAccountAttributes/);
  });

  test('a wrong secret fails with InvalidSignatureException (403)', async () => {
    await fails(['pinpoint', 'get-apps'], 'InvalidSignatureException', 403, serverEnv({ AWS_SECRET_ACCESS_KEY: `${server.credentials.secretAccessKey}x` }));
  });

  test('pinpoint-sms-voice (v1) send-voice-message fails with NotImplementedException naming the operation', async () => {
    const result = await fails(['pinpoint-sms-voice', 'send-voice-message', '--content', '{}'], 'NotImplementedException', 501);
    assert.match(result.stderr, /SendVoiceMessage/);
  });

  test('an unsigned request (--no-sign-request) fails with MissingAuthenticationTokenException (403)', async () => {
    await fails(['pinpoint', 'get-apps', '--no-sign-request'], 'MissingAuthenticationTokenException', 403);
  });

  test('an unknown access key fails with UnrecognizedClientException (403)', async () => {
    await fails(['pinpoint', 'get-apps'], 'UnrecognizedClientException', 403, serverEnv({ AWS_ACCESS_KEY_ID: 'AKIANOSUCHKEY0000001' }));
  });

  test('a region the server does not serve is refused with 403 naming the region', async () => {
    const result = await run(['pinpoint', 'get-apps', '--region', 'ap-south-1', '--output', 'json', '--debug'], serverEnv());
    assert.equal(result.code, serviceErrorExit(), result.stderr.slice(-2000));
    assert.equal(debugStatus(result.stderr), 403);
    assert.match(result.stderr, /An error occurred \(\w+\)[^\n]*ap-south-1/, 'the error message names the region');
  });

  test('eu-west-1 is served and partitioned from us-east-1', async () => {
    const eu = (await ok(['create-app', '--create-application-request', 'Name=eu-app', '--region', 'eu-west-1'])).ApplicationResponse as App;
    assert.equal(eu.Arn, `arn:aws:mobiletargeting:eu-west-1:${server.accountId}:apps/${eu.Id}`);
    await fails(['pinpoint', 'get-app', '--application-id', eu.Id], 'NotFoundException', 404);
  });
});

describe("the README's aws CLI flow", () => {
  test('a credentials file with profile pinion via AWS_SHARED_CREDENTIALS_FILE + AWS_PROFILE', async () => {
    const file = join(scratch, 'pinion-credentials');
    writeFileSync(
      file,
      `[default]\naws_access_key_id = AKIAWRONGWRONGWRONG1\naws_secret_access_key = wrong-wrong-wrong-wrong\n\n[pinion]\naws_access_key_id = ${server.credentials.accessKeyId}\naws_secret_access_key = ${server.credentials.secretAccessKey}\n`,
      { mode: 0o600 },
    );
    const env = { ...baseEnv(), AWS_ENDPOINT_URL: server.url, AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'pinion', AWS_DEFAULT_REGION: 'us-east-1' };
    const app = (await ok(['create-app', '--create-application-request', 'Name=shop'], env)).ApplicationResponse as App;
    assert.equal(app.Name, 'shop');
    const ids = ((await ok(['get-apps'], env)).ApplicationsResponse as { Item: App[] }).Item.map((a) => a.Id);
    assert.ok(ids.includes(app.Id));
  });

  test('exactly as written: the generated data/credentials file, AWS_PROFILE=pinion and AWS_DEFAULT_REGION=us-east-1', async () => {
    // The README's export line is what a user copies; keep the test and the README in step.
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    assert.match(readme, /export AWS_SHARED_CREDENTIALS_FILE=\$PWD\/data\/credentials AWS_PROFILE=pinion AWS_DEFAULT_REGION=us-east-1/);
    // A server that generates its own credentials, as `npm start` on a fresh clone does.
    const fresh = await startPinion({ env: { PINION_ROOT_ACCESS_KEY_ID: '', PINION_ROOT_SECRET_ACCESS_KEY: '', PINION_ACCOUNT_ID: '' } });
    try {
      const env = {
        ...baseEnv(),
        AWS_ENDPOINT_URL: fresh.url,
        AWS_SHARED_CREDENTIALS_FILE: join(fresh.dataDir, 'credentials'),
        AWS_PROFILE: 'pinion',
        AWS_DEFAULT_REGION: 'us-east-1',
      };
      const created = await pinpoint(['create-app', '--create-application-request', 'Name=shop'], env);
      assert.equal(
        created.code,
        0,
        `the README's export line does not work with this aws CLI (v${cliMajor}): ${created.stderr.trim()}`,
      );
      const app = (JSON.parse(created.stdout) as { ApplicationResponse: App }).ApplicationResponse;
      assert.equal(app.Arn, `arn:aws:mobiletargeting:us-east-1:${fresh.accountId}:apps/${app.Id}`);
      const listed = await pinpoint(['get-apps'], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual((JSON.parse(listed.stdout) as { ApplicationsResponse: { Item: App[] } }).ApplicationsResponse.Item.map((a) => a.Id), [app.Id]);
    } finally {
      await fresh.stop();
    }
  });
});
