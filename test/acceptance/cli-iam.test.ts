// The story through the real `aws` CLI: an administrator creates a user, gives it one of
// the seeds' policies and an access key; the user can then do exactly what the policy allows.
// `aws sts assume-role` gives temporary credentials that work the same way.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { awsFails, awsOk, cleanCliEnv, serviceErrorExitCode } from '../helpers/aws-cli.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

let server: PinionProcess;
let scratch: string;
let base: Record<string, string>;
let errorExit: number;

function asKey(accessKeyId: string, secretAccessKey: string, sessionToken?: string): Record<string, string> {
  return {
    ...base,
    AWS_ENDPOINT_URL: server.url,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    ...(sessionToken ? { AWS_SESSION_TOKEN: sessionToken } : {}),
  };
}

const admin = () => asKey(server.credentials.accessKeyId, server.credentials.secretAccessKey);

before(async () => {
  server = await startPinion();
  scratch = mkdtempSync(join(tmpdir(), 'pinion-cli-iam-'));
  const empty = join(scratch, 'empty');
  writeFileSync(empty, '');
  base = cleanCliEnv(scratch, empty);
  errorExit = await serviceErrorExitCode(base);
});

after(async () => {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('create-user, put-user-policy (003 read-only), create-access-key: the user reads and cannot write', async () => {
  const app = (await awsOk(['pinpoint', 'create-app', '--create-application-request', 'Name=shop'], admin())).ApplicationResponse as { Id: string };
  const user = (await awsOk(['iam', 'create-user', '--user-name', 'analyst'], admin())).User as { Arn: string };
  assert.equal(user.Arn, `arn:aws:iam::${testAccountId}:user/analyst`);
  const policyFile = join(scratch, 'read-only.json');
  writeFileSync(policyFile, JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: ['mobiletargeting:Get*'], Effect: 'Allow', Resource: [`arn:aws:mobiletargeting:*:${testAccountId}:apps/*`] }] }));
  await awsOk(['iam', 'put-user-policy', '--user-name', 'analyst', '--policy-name', 'read-only', '--policy-document', `file://${policyFile}`], admin());
  // The CLI decodes IAM's URL-encoded document back into JSON.
  const got = await awsOk(['iam', 'get-user-policy', '--user-name', 'analyst', '--policy-name', 'read-only'], admin());
  assert.deepEqual((got.PolicyDocument as { Statement: unknown[] }).Statement, [{ Action: ['mobiletargeting:Get*'], Effect: 'Allow', Resource: [`arn:aws:mobiletargeting:*:${testAccountId}:apps/*`] }]);
  const key = (await awsOk(['iam', 'create-access-key', '--user-name', 'analyst'], admin())).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
  const analyst = asKey(key.AccessKeyId, key.SecretAccessKey);

  const identity = await awsOk(['sts', 'get-caller-identity'], analyst);
  assert.equal(identity.Arn, user.Arn);
  const read = (await awsOk(['pinpoint', 'get-app', '--application-id', app.Id], analyst)).ApplicationResponse as { Name: string };
  assert.equal(read.Name, 'shop');
  const refused = await awsFails(['pinpoint', 'delete-app', '--application-id', app.Id], 'AccessDeniedException', 403, analyst, errorExit);
  assert.match(refused.stderr, new RegExp(`User: ${user.Arn} is not authorized to perform: mobiletargeting:DeleteApp on resource: arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${app.Id}`));
  await awsFails(['iam', 'list-users'], 'AccessDenied', 403, analyst, errorExit);
  const keys = (await awsOk(['iam', 'list-access-keys', '--user-name', 'analyst'], admin())).AccessKeyMetadata as { AccessKeyId: string; Status: string }[];
  assert.deepEqual(keys.map((k) => [k.AccessKeyId, k.Status]), [[key.AccessKeyId, 'Active']]);
  assert.ok(!JSON.stringify(keys).includes(key.SecretAccessKey), 'a listed key never carries its secret');
});

test('a malformed policy document is refused with MalformedPolicyDocument', async () => {
  await awsOk(['iam', 'create-user', '--user-name', 'typo'], admin());
  const result = await awsFails(
    ['iam', 'put-user-policy', '--user-name', 'typo', '--policy-name', 'p', '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"*","Resource":"*"}]}'],
    'MalformedPolicyDocument',
    400,
    admin(),
    errorExit,
  );
  assert.match(result.stderr, /Invalid effect: Alow/);
});

test('sts assume-role: temporary credentials that work the same way', async () => {
  const app = (await awsOk(['pinpoint', 'create-app', '--create-application-request', 'Name=roles'], admin())).ApplicationResponse as { Id: string };
  await awsOk(['iam', 'create-user', '--user-name', 'operator'], admin());
  await awsOk(['iam', 'put-user-policy', '--user-name', 'operator', '--policy-name', 'assume', '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${testAccountId}:role/pinpoint-reader` }] })], admin());
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${testAccountId}:root` }, Action: 'sts:AssumeRole' }] });
  const role = (await awsOk(['iam', 'create-role', '--role-name', 'pinpoint-reader', '--assume-role-policy-document', trust], admin())).Role as { Arn: string };
  await awsOk(['iam', 'put-role-policy', '--role-name', 'pinpoint-reader', '--policy-name', 'read', '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*' }] })], admin());
  const key = (await awsOk(['iam', 'create-access-key', '--user-name', 'operator'], admin())).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
  const operator = asKey(key.AccessKeyId, key.SecretAccessKey);

  // The operator itself may not read apps; the role may.
  await awsFails(['pinpoint', 'get-app', '--application-id', app.Id], 'AccessDeniedException', 403, operator, errorExit);
  const assumed = await awsOk(['sts', 'assume-role', '--role-arn', role.Arn, '--role-session-name', 'cli'], operator);
  const credentials = assumed.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
  const session = asKey(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
  await awsOk(['pinpoint', 'get-app', '--application-id', app.Id], session);
  assert.equal((await awsOk(['sts', 'get-caller-identity'], session)).Arn, `arn:aws:sts::${testAccountId}:assumed-role/pinpoint-reader/cli`);
  await awsFails(['pinpoint', 'get-apps'], 'AccessDeniedException', 403, session, errorExit);
  // Trusting the account is not enough on its own: a user whose policies do not allow
  // sts:AssumeRole is refused.
  await awsOk(['iam', 'create-user', '--user-name', 'bystander'], admin());
  const other = (await awsOk(['iam', 'create-access-key', '--user-name', 'bystander'], admin())).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
  await awsFails(['sts', 'assume-role', '--role-arn', role.Arn, '--role-session-name', 'intruder'], 'AccessDenied', 403, asKey(other.AccessKeyId, other.SecretAccessKey), errorExit);
});
