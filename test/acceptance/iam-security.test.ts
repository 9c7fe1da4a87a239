// Attacks a security review tried against IAM and STS, each now refused as AWS refuses it.
import { after, before, test } from 'node:test';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListUsersCommand, PutRolePolicyCommand, PutUserPolicyCommand, UpdateUserCommand } from '@aws-sdk/client-iam';
import { GetAppsCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let server: PinionProcess;
let root: IAMClient;
const clients: { destroy(): void }[] = [];
const acct = testAccountId;

function track<T extends { destroy(): void }>(client: T): T {
  clients.push(client);
  return client;
}
const iamAs = (c: Credentials) => track(new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: c, maxAttempts: 1 }));
const stsAs = (c: Credentials) => track(new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: c, maxAttempts: 1 }));
const pinpointAs = (c: Credentials) => track(new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: c, maxAttempts: 1 }));
const fromSts = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): Credentials => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

async function user(name: string, statements: object[]): Promise<Credentials> {
  await root.send(new CreateUserCommand({ UserName: name }));
  await root.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const key = (await root.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

async function role(name: string, trustedArn: string, statements: object[]): Promise<string> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: trustedArn }, Action: 'sts:AssumeRole' }] };
  const created = await root.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await root.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  return created.Role!.Arn!;
}

before(async () => {
  server = await startPinion();
  root = track(new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 }));
});

after(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

test("the caller's explicit deny of sts:AssumeRole wins even when the trust policy names the caller", async () => {
  const bob = await user('bob', [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' },
  ]);
  const arn = await role('trusts-bob', `arn:aws:iam::${acct}:user/bob`, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  await rejectsWith(stsAs(bob).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'nope' })), 'AccessDenied', 403);
});

test('a session policy still limits a role session that chains into a role trusting its role', async () => {
  const eve = await user('eve', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
  const first = await role('first-hop', `arn:aws:iam::${acct}:user/eve`, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const second = await role('second-hop', first, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const narrow = await stsAs(eve).send(
    new AssumeRoleCommand({ RoleArn: first, RoleSessionName: 'narrow', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApps', Resource: '*' }] }) }),
  );
  const session = fromSts(narrow.Credentials!);
  await pinpointAs(session).send(new GetAppsCommand({}));
  await rejectsWith(iamAs(session).send(new ListUsersCommand({})), 'AccessDenied', 403);
  await rejectsWith(stsAs(session).send(new AssumeRoleCommand({ RoleArn: second, RoleSessionName: 'escape' })), 'AccessDenied', 403);
});

test('a session policy over 2048 characters is refused', async () => {
  const sam = await user('sam', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
  const arn = await role('trusts-sam', `arn:aws:iam::${acct}:user/sam`, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApps', Resource: `arn:aws:mobiletargeting:*:*:apps/${'a'.repeat(2100)}` }] });
  await rejectsWith(stsAs(sam).send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'big', Policy: big })), 'ValidationError', 400, /2048/);
});

test('a Deny on iam:PolicyARN stops attaching that policy', async () => {
  const admin = await root.send(new CreatePolicyCommand({ PolicyName: 'AdminAccess', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
  const dave = await user('dave', [
    { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: `arn:aws:iam::${acct}:user/dave` },
    { Effect: 'Deny', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { ArnLike: { 'iam:PolicyARN': `arn:aws:iam::${acct}:policy/AdminAccess` } } },
  ]);
  await rejectsWith(iamAs(dave).send(new AttachUserPolicyCommand({ UserName: 'dave', PolicyArn: admin.Policy!.Arn! })), 'AccessDenied', 403, /iam:AttachUserPolicy/);
});

test('temporary credentials from GetSessionToken cannot call IAM or mint more session tokens', async () => {
  const fay = await user('fay', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const temp = fromSts((await stsAs(fay).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!);
  await rejectsWith(iamAs(temp).send(new CreateAccessKeyCommand({ UserName: 'fay' })), 'AccessDenied', 403, /GetSessionToken/);
  await pinpointAs(temp).send(new GetAppsCommand({}));
});

test('UpdateUser is authorized on the new path too', async () => {
  const mallory = await user('mallory', [{ Effect: 'Allow', Action: 'iam:UpdateUser', Resource: `arn:aws:iam::${acct}:user/dev/*` }]);
  await root.send(new CreateUserCommand({ UserName: 'intern', Path: '/dev/' }));
  await iamAs(mallory).send(new UpdateUserCommand({ UserName: 'intern', NewUserName: 'intern2' }));
  await rejectsWith(iamAs(mallory).send(new UpdateUserCommand({ UserName: 'intern2', NewPath: '/admins/' })), 'AccessDenied', 403, /user\/admins\/intern2/);
});

test('tags on a managed policy are refused rather than accepted and lost', async () => {
  await rejectsWith(
    root.send(new CreatePolicyCommand({ PolicyName: 'tagged', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }] }), Tags: [{ Key: 'k', Value: 'v' }] })),
    'InvalidInputException',
    400,
    /tags on managed policies/,
  );
});
