import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';

/**
 * The app lifecycle, settings, tags, pagination and error cases through boto3: the python script
 * records what boto3 returned for each step and this file asserts on each observation separately.
 */

const script = fileURLToPath(new URL('./python/boto3_apps.py', import.meta.url));

interface ErrorObservation {
  code: string;
  message: string;
  status: number | null;
  request_id: string | null;
}
interface App {
  Id: string;
  Arn: string;
  Name: string;
  CreationDate: string;
  tags?: Record<string, string>;
}
type Observations = Record<string, unknown>;

let server: PinionProcess;
let scratch: string;
let observed: Observations;
let rawOutput = '';

function runPython(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('python3', [script], { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('python3 is not installed (or not on PATH); the boto3 acceptance tests need it', { cause: error }));
        return;
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The value a step returned; fails naming the step (and boto3's error) when the step raised. */
function value<T>(name: string): T {
  const error = observed[`${name}_error`] as ErrorObservation | undefined;
  assert.equal(error, undefined, `step ${name} raised ${JSON.stringify(error)}`);
  assert.ok(name in observed, `step ${name} did not run; output: ${rawOutput.slice(0, 2000)}`);
  return observed[name] as T;
}

/** The error a step raised; fails naming the step when it succeeded instead. */
function failure(name: string): ErrorObservation {
  assert.ok(!(name in observed), `step ${name} succeeded but must fail: ${JSON.stringify(observed[name])}`);
  const error = observed[`${name}_error`] as ErrorObservation | undefined;
  assert.ok(error, `step ${name} did not run`);
  return error;
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pinion-boto3-'));
  const empty = join(scratch, 'empty-aws-file');
  writeFileSync(empty, '');
  server = await startPinion();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: scratch,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: server.url,
    AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
  };
  for (const [key, v] of Object.entries(process.env)) if (key.startsWith('PYENV_') && v !== undefined) env[key] = v;
  const result = await runPython(env);
  rawOutput = result.stdout;
  assert.equal(result.code, 0, `boto3_apps.py exited with ${result.code}: ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  observed = JSON.parse(lines.at(-1) ?? '') as Observations;
});

after(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('boto3: setup', () => {
  test('boto3 picked up AWS_ENDPOINT_URL from the environment', () => {
    assert.equal(String(observed.endpoint_url).replace(/\/$/, ''), server.url);
  });
});

describe('boto3: app lifecycle', () => {
  test('create_app answers 201 with a Pinpoint-shaped application', () => {
    const { status, app } = value<{ status: number; app: App }>('create');
    assert.equal(status, 201);
    assert.match(app.Id, /^[0-9a-f]{32}$/);
    assert.equal(app.Arn, `arn:aws:mobiletargeting:us-east-1:${server.accountId}:apps/${app.Id}`);
    assert.equal(app.Name, 'shop');
    assert.deepEqual(app.tags, { team: 'growth' });
    assert.match(app.CreationDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
  });

  test('get_app returns the created application', () => {
    assert.deepEqual(value<App>('get'), value<{ app: App }>('create').app);
  });

  test('delete_app returns the deleted application with 200', () => {
    const { status, app } = value<{ status: number; app: App }>('delete');
    assert.equal(status, 200);
    assert.deepEqual(app, { ...value<{ app: App }>('create').app, tags: { tier: 'gold' } }, 'the app as it was, with its current tags');
  });

  test('get_app after delete_app: ClientError NotFoundException, 404, "Application not found"', () => {
    const error = failure('get_deleted');
    assert.equal(error.code, 'NotFoundException');
    assert.equal(error.status, 404);
    assert.equal(error.message, 'Application not found');
  });

  test('list_tags_for_resource on the deleted app: NotFoundException', () => {
    const error = failure('tags_of_deleted');
    assert.equal(error.code, 'NotFoundException');
    assert.equal(error.status, 404);
  });

  test('get_app on an id that never existed: NotFoundException with a request id', () => {
    const error = failure('get_missing');
    assert.equal(error.code, 'NotFoundException');
    assert.equal(error.status, 404);
    assert.equal(error.message, 'Application not found');
    assert.ok(error.request_id, 'boto3 sees the request id');
  });
});

describe('boto3: settings', () => {
  test('update_application_settings answers what was written', () => {
    const request = observed.settings_request as Record<string, unknown>;
    const updated = value<Record<string, unknown>>('settings_update');
    assert.equal(updated.ApplicationId, value<{ app: App }>('create').app.Id);
    for (const key of ['CampaignHook', 'Limits', 'QuietTime', 'JourneyLimits']) assert.deepEqual(updated[key], request[key], key);
    assert.match(String(updated.LastModifiedDate), /^\d{4}-\d{2}-\d{2}T/);
  });

  test('get_application_settings round-trips the update', () => {
    assert.deepEqual(value('settings_get'), value('settings_update'));
  });

  test('Limits Daily=500: ClientError BadRequestException, 400, naming Limits.Daily', () => {
    const error = failure('bad_settings');
    assert.equal(error.code, 'BadRequestException');
    assert.equal(error.status, 400);
    assert.match(error.message, /Limits\.Daily/);
  });

  test('the rejected update changed nothing', () => {
    assert.deepEqual(value<Record<string, unknown>>('settings_after_bad').Limits, (observed.settings_request as Record<string, unknown>).Limits);
  });
});

describe('boto3: tags', () => {
  test('tag_resource answers 204 and adds to the create-time tags', () => {
    assert.equal(value('tag_status'), 204);
    assert.deepEqual(value('tags_after_tag'), { team: 'growth', env: 'prod', tier: 'gold' });
  });

  test('untag_resource answers 204 and removes the keys', () => {
    assert.equal(value('untag_status'), 204);
    assert.deepEqual(value('tags_after_untag'), { tier: 'gold' });
  });
});

describe('boto3: pagination', () => {
  test('get_apps pages of 2 walk every app once, in the full listing order', () => {
    const all = value<string[]>('all_ids');
    const pages = value<string[][]>('pages');
    const seen = pages.flat();
    assert.ok(all.length >= 5, `only ${all.length} apps listed`);
    for (const page of pages) assert.ok(page.length <= 2 && page.length > 0, `page of ${page.length}`);
    assert.equal(new Set(seen).size, seen.length, 'no duplicates');
    assert.deepEqual(seen, all);
    assert.equal(pages.length, Math.ceil(all.length / 2));
    const created = [0, 1, 2, 3].map((i) => value<{ app: App }>(`create_page_${i}`).app.Id);
    assert.deepEqual(all.filter((id) => created.includes(id)), created, 'creation order is kept');
  });

  test('PageSize 0 and a foreign token: BadRequestException 400', () => {
    for (const name of ['bad_page_size', 'bad_token']) {
      const error = failure(name);
      assert.equal(error.code, 'BadRequestException', name);
      assert.equal(error.status, 400, name);
    }
  });
});

describe('boto3: authentication', () => {
  test('a wrong secret: InvalidSignatureException 403', () => {
    const error = failure('wrong_secret');
    assert.equal(error.code, 'InvalidSignatureException');
    assert.equal(error.status, 403);
  });
});
