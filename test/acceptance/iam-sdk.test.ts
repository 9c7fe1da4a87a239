// IAM and STS through the real AWS SDK clients against a started server: an administrator (root)
// creates users, keys and policies; the users then can do exactly what their policies allow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserCommand,
  DeleteAccessKeyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { CreateAppCommand, GetAppCommand, GetAppsCommand, GetApplicationDateRangeKpiCommand, PinpointClient, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-pinpoint';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

let server: PinionProcess;
let rootIam: IAMClient;
let rootPinpoint: PinpointClient;
const clients: { destroy(): void }[] = [];

function iamAs(credentials: Credentials): IAMClient {
  const client = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}
function stsAs(credentials: Credentials): STSClient {
  const client = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}
function pinpointAs(credentials: Credentials, region = 'us-east-1'): PinpointClient {
  const client = new PinpointClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

/** Creates a user with one inline policy and returns its new access key. */
async function userWithPolicy(name: string, policy: object): Promise<Credentials> {
  await rootIam.send(new CreateUserCommand({ UserName: name }));
  await rootIam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
  const key = await rootIam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
}

async function createApp(name: string, tags?: Record<string, string>): Promise<string> {
  const created = await rootPinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: name, ...(tags ? { tags } : {}) } }));
  return created.ApplicationResponse!.Id!;
}

const denied = (user: string, action: string, resource: string) =>
  new RegExp(`^User: arn:aws:iam::${testAccountId}:user/${user} is not authorized to perform: ${action} on resource: ${resource.replace(/[.*]/g, '\\$&')}$`);

before(async () => {
  server = await startPinion();
  rootIam = iamAs(server.credentials);
  rootPinpoint = pinpointAs(server.credentials);
});

after(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('identity store through the IAM API', () => {
  test('users are created, listed and refused twice (names are case-insensitive)', async () => {
    const created = await rootIam.send(new CreateUserCommand({ UserName: 'Carol', Path: '/ops/', Tags: [{ Key: 'team', Value: 'ops' }] }));
    assert.equal(created.User!.Arn, `arn:aws:iam::${testAccountId}:user/ops/Carol`);
    assert.match(created.User!.UserId!, /^AIDA[A-Z2-7]{17}$/);
    await rejectsWith(rootIam.send(new CreateUserCommand({ UserName: 'carol' })), 'EntityAlreadyExistsException', 409);
    const listed = await rootIam.send(new ListUsersCommand({ PathPrefix: '/ops/' }));
    assert.deepEqual(listed.Users!.map((u) => u.UserName), ['Carol']);
  });

  test('a malformed policy is refused at write time, saying what is wrong', async () => {
    await rootIam.send(new CreateUserCommand({ UserName: 'mal' }));
    await rejectsWith(
      rootIam.send(new PutUserPolicyCommand({ UserName: 'mal', PolicyName: 'bad', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: '*', Resource: '*' }] }) })),
      'MalformedPolicyDocumentException',
      400,
      /Effect/,
    );
    await rejectsWith(
      rootIam.send(new PutUserPolicyCommand({ UserName: 'mal', PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}}' })),
      'MalformedPolicyDocumentException',
      400,
      /StringEqualz/,
    );
  });

  test('policy documents come back URL-encoded, as IAM returns them', async () => {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*' }] });
    await rootIam.send(new CreateUserCommand({ UserName: 'doc' }));
    await rootIam.send(new PutUserPolicyCommand({ UserName: 'doc', PolicyName: 'read', PolicyDocument: document }));
    const got = await rootIam.send(new GetUserPolicyCommand({ UserName: 'doc', PolicyName: 'read' }));
    assert.equal(decodeURIComponent(got.PolicyDocument!), document);
    const policy = await rootIam.send(new CreatePolicyCommand({ PolicyName: 'doc-managed', PolicyDocument: document }));
    const version = await rootIam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Policy!.Arn!, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(version.PolicyVersion!.Document!), document);
    assert.equal(version.PolicyVersion!.IsDefaultVersion, true);
  });

  test('a user has at most two access keys', async () => {
    await rootIam.send(new CreateUserCommand({ UserName: 'keys' }));
    await rootIam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
    await rootIam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
    await rejectsWith(rootIam.send(new CreateAccessKeyCommand({ UserName: 'keys' })), 'LimitExceededException', 409, /AccessKeysPerUser/);
  });
});

describe('per-operation authorization with the seeds’ policies', () => {
  test("000's KPI-only policy: KPIs are allowed, everything else is denied", async () => {
    const appId = await createApp('kpi');
    const kpi = await userWithPolicy('kpi-reader', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['mobiletargeting:GetApplicationDateRangeKpi', 'mobiletargeting:GetCampaignDateRangeKpi', 'mobiletargeting:GetJourneyDateRangeKpi'],
          Resource: [`arn:aws:mobiletargeting:*:${testAccountId}:apps/*/kpis/*`, `arn:aws:mobiletargeting:*:${testAccountId}:apps/*/campaigns/*/kpis/*`],
        },
      ],
    });
    const client = pinpointAs(kpi);
    // Authorized, then answered by the operation itself (KPIs are another issue's work).
    await rejectsWith(client.send(new GetApplicationDateRangeKpiCommand({ ApplicationId: appId, KpiName: 'email-open-rate' })), 'NotImplementedException', 501);
    await rejectsWith(
      client.send(new GetAppCommand({ ApplicationId: appId })),
      'AccessDeniedException',
      403,
      denied('kpi-reader', 'mobiletargeting:GetApp', `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${appId}`),
    );
  });

  test("001's single-project read-only policy: that project only, reads only", async () => {
    const mine = await createApp('mine');
    const other = await createApp('other');
    const reader = await userWithPolicy('project-reader', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['mobiletargeting:Get*', 'mobiletargeting:List*'], Resource: `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${mine}*` },
      ],
    });
    const client = pinpointAs(reader);
    assert.equal((await client.send(new GetAppCommand({ ApplicationId: mine }))).ApplicationResponse!.Id, mine);
    await rejectsWith(client.send(new GetAppCommand({ ApplicationId: other })), 'AccessDeniedException', 403);
    await rejectsWith(client.send(new GetAppsCommand({})), 'AccessDeniedException', 403, denied('project-reader', 'mobiletargeting:GetApps', `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps`));
    await rejectsWith(client.send(new TagResourceCommand({ ResourceArn: `arn:aws:mobiletargeting:us-east-1:${testAccountId}:apps/${mine}`, TagsModel: { tags: { a: 'b' } } })), 'AccessDeniedException', 403);
    // Another region is another resource.
    await rejectsWith(pinpointAs(reader, 'eu-west-1').send(new GetAppCommand({ ApplicationId: mine })), 'AccessDeniedException', 403);
  });

  test('tag-owner policy: aws:ResourceTag/Owner must equal ${aws:username}', async () => {
    const own = await createApp('owned', { Owner: 'dana' });
    const foreign = await createApp('foreign', { Owner: 'erin' });
    const untagged = await createApp('untagged');
    const dana = await userWithPolicy('dana', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}' } } }],
    });
    const client = pinpointAs(dana);
    await client.send(new GetAppCommand({ ApplicationId: own }));
    await rejectsWith(client.send(new GetAppCommand({ ApplicationId: foreign })), 'AccessDeniedException', 403);
    await rejectsWith(client.send(new GetAppCommand({ ApplicationId: untagged })), 'AccessDeniedException', 403);
  });

  test('request tags: aws:RequestTag on create, aws:TagKeys on untag', async () => {
    const tagger = await userWithPolicy('frank', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'mobiletargeting:CreateApp', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/Owner': '${aws:username}' } } },
        { Effect: 'Allow', Action: ['mobiletargeting:TagResource', 'mobiletargeting:UntagResource'], Resource: '*' },
        { Effect: 'Deny', Action: ['mobiletargeting:TagResource', 'mobiletargeting:UntagResource'], Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['Owner'] } } },
      ],
    });
    const client = pinpointAs(tagger);
    const created = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'franks', tags: { Owner: 'frank' } } }));
    await rejectsWith(client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'not-franks', tags: { Owner: 'gina' } } })), 'AccessDeniedException', 403);
    await rejectsWith(client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'untagged' } })), 'AccessDeniedException', 403);
    const arn = created.ApplicationResponse!.Arn!;
    await client.send(new TagResourceCommand({ ResourceArn: arn, TagsModel: { tags: { stage: 'dev' } } }));
    await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['stage'] }));
    await rejectsWith(client.send(new TagResourceCommand({ ResourceArn: arn, TagsModel: { tags: { Owner: 'gina' } } })), 'AccessDeniedException', 403);
    await rejectsWith(client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['Owner'] })), 'AccessDeniedException', 403);
  });

  test('IP-restricted policy: allowed from the listed network, denied from elsewhere', async () => {
    const appId = await createApp('ip');
    const local = await userWithPolicy('from-loopback', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128'] } } }],
    });
    await pinpointAs(local).send(new GetAppCommand({ ApplicationId: appId }));
    const remote = await userWithPolicy('from-office', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } },
      ],
    });
    await rejectsWith(pinpointAs(remote).send(new GetAppCommand({ ApplicationId: appId })), 'AccessDeniedException', 403);
  });

  test('group policies apply to members; an explicit deny wins', async () => {
    const appId = await createApp('grouped');
    await rootIam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    const policy = await rootIam.send(
      new CreatePolicyCommand({
        PolicyName: 'pinpoint-read',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:Get*', Resource: '*' }] }),
      }),
    );
    await rootIam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: policy.Policy!.Arn! }));
    const member = await userWithPolicy('member', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'mobiletargeting:GetApps', Resource: '*' }] });
    await rootIam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'member' }));
    const client = pinpointAs(member);
    await client.send(new GetAppCommand({ ApplicationId: appId }));
    await rejectsWith(client.send(new GetAppsCommand({})), 'AccessDeniedException', 403);
  });

  test('IAM calls see the target role’s tags as aws:ResourceTag', async () => {
    await rootIam.send(new CreateRoleCommand({ RoleName: 'team-a-role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), Tags: [{ Key: 'team', Value: 'a' }] }));
    await rootIam.send(new CreateRoleCommand({ RoleName: 'team-b-role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), Tags: [{ Key: 'team', Value: 'b' }] }));
    await rootIam.send(new CreateUserCommand({ UserName: 'team-a-admin', Tags: [{ Key: 'team', Value: 'a' }] }));
    await rootIam.send(new PutUserPolicyCommand({ UserName: 'team-a-admin', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } }] }) }));
    const key = (await rootIam.send(new CreateAccessKeyCommand({ UserName: 'team-a-admin' }))).AccessKey!;
    const client = iamAs({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    assert.equal((await client.send(new GetRoleCommand({ RoleName: 'team-a-role' }))).Role!.RoleName, 'team-a-role');
    await rejectsWith(client.send(new GetRoleCommand({ RoleName: 'team-b-role' })), 'AccessDenied', 403, /iam:GetRole on resource: arn:aws:iam::123456789012:role\/team-b-role/);
  });

  test('IAM calls are authorized too', async () => {
    const limited = await userWithPolicy('no-iam', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' }] });
    await rejectsWith(iamAs(limited).send(new CreateUserCommand({ UserName: 'sneaky' })), 'AccessDenied', 403, /iam:CreateUser on resource: arn:aws:iam::123456789012:user\/sneaky/);
  });
});

describe('credentials that stop working', () => {
  test('a disabled key and a deleted user are refused as AWS refuses them', async () => {
    const appId = await createApp('keys');
    const creds = await userWithPolicy('temp-user', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    await pinpointAs(creds).send(new GetAppCommand({ ApplicationId: appId }));
    await rootIam.send(new UpdateAccessKeyCommand({ UserName: 'temp-user', AccessKeyId: creds.accessKeyId, Status: 'Inactive' }));
    await rejectsWith(pinpointAs(creds).send(new GetAppCommand({ ApplicationId: appId })), 'UnrecognizedClientException', 403);
    await rootIam.send(new UpdateAccessKeyCommand({ UserName: 'temp-user', AccessKeyId: creds.accessKeyId, Status: 'Active' }));
    await pinpointAs(creds).send(new GetAppCommand({ ApplicationId: appId }));
    await rejectsWith(rootIam.send(new DeleteUserCommand({ UserName: 'temp-user' })), 'DeleteConflictException', 409);
    await rootIam.send(new DeleteAccessKeyCommand({ UserName: 'temp-user', AccessKeyId: creds.accessKeyId }));
    await rejectsWith(pinpointAs(creds).send(new GetAppCommand({ ApplicationId: appId })), 'UnrecognizedClientException', 403);
  });
});

describe('STS', () => {
  test('GetCallerIdentity names the caller', async () => {
    const creds = await userWithPolicy('whoami', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] });
    const identity = await stsAs(creds).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:iam::${testAccountId}:user/whoami`);
    assert.equal(identity.Account, testAccountId);
    const root = await stsAs(server.credentials).send(new GetCallerIdentityCommand({}));
    assert.equal(root.Arn, `arn:aws:iam::${testAccountId}:root`);
  });

  test('AssumeRole: trust policy, role permissions, session policy, ExternalId', async () => {
    const appId = await createApp('assumed');
    const caller = await userWithPolicy('assumer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${testAccountId}:user/assumer` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'shared-secret' } } }],
    };
    const role = await rootIam.send(new CreateRoleCommand({ RoleName: 'reader-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await rootIam.send(new PutRolePolicyCommand({ RoleName: 'reader-role', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:Get*', Resource: '*' }] }) }));

    const sts = stsAs(caller);
    await rejectsWith(sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 's1' })), 'AccessDenied', 403);
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 's1', ExternalId: 'shared-secret', DurationSeconds: 900 }));
    const session = { accessKeyId: assumed.Credentials!.AccessKeyId!, secretAccessKey: assumed.Credentials!.SecretAccessKey!, sessionToken: assumed.Credentials!.SessionToken! };
    assert.match(session.accessKeyId, /^ASIA/);
    assert.ok(assumed.Credentials!.Expiration! > new Date());
    assert.equal(assumed.AssumedRoleUser!.Arn, `arn:aws:sts::${testAccountId}:assumed-role/reader-role/s1`);

    const asRole = pinpointAs(session);
    await asRole.send(new GetAppCommand({ ApplicationId: appId }));
    await rejectsWith(
      asRole.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'x' } })),
      'AccessDeniedException',
      403,
      new RegExp(`^User: arn:aws:sts::${testAccountId}:assumed-role/reader-role/s1 is not authorized to perform: mobiletargeting:CreateApp`),
    );
    assert.equal((await stsAs(session).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${testAccountId}:assumed-role/reader-role/s1`);

    // Without the token, or with another one, the session keys are refused.
    await rejectsWith(pinpointAs({ ...session, sessionToken: undefined }).send(new GetAppCommand({ ApplicationId: appId })), 'UnrecognizedClientException', 403);
    await rejectsWith(pinpointAs({ ...session, sessionToken: `${session.sessionToken}x` }).send(new GetAppCommand({ ApplicationId: appId })), 'UnrecognizedClientException', 403);

    // A session policy narrows the role: GetApps is no longer allowed.
    const narrowed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: role.Role!.Arn!,
        RoleSessionName: 's2',
        ExternalId: 'shared-secret',
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*' }] }),
      }),
    );
    const narrow = pinpointAs({ accessKeyId: narrowed.Credentials!.AccessKeyId!, secretAccessKey: narrowed.Credentials!.SecretAccessKey!, sessionToken: narrowed.Credentials!.SessionToken! });
    await narrow.send(new GetAppCommand({ ApplicationId: appId }));
    await rejectsWith(narrow.send(new GetAppsCommand({})), 'AccessDeniedException', 403);
  });

  test('an expired session token is refused with ExpiredTokenException', async () => {
    const appId = await createApp('expiring');
    const creds = await userWithPolicy('expirer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*' }] });
    const token = await stsAs(creds).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const temp = { accessKeyId: token.Credentials!.AccessKeyId!, secretAccessKey: token.Credentials!.SecretAccessKey!, sessionToken: token.Credentials!.SessionToken! };
    await pinpointAs(temp).send(new GetAppCommand({ ApplicationId: appId }));
    // Fifteen minutes pass: the stored expiry is moved into the past, as time would.
    const db = new BetterSqlite3(join(server.dataDir, 'pinion.sqlite'));
    try {
      db.prepare('update iam_sessions set expires_at = ? where access_key_id = ?').run(new Date(Date.now() - 1000).toISOString(), temp.accessKeyId);
    } finally {
      db.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the credential cache's one second
    await rejectsWith(pinpointAs(temp).send(new GetAppCommand({ ApplicationId: appId })), 'ExpiredTokenException', 403, /The security token included in the request is expired/);
    await rejectsWith(stsAs(temp).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403);
  });

  test('GetSessionToken gives temporary keys that act as the user', async () => {
    const appId = await createApp('session-token');
    const creds = await userWithPolicy('sessioner', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*' }] });
    const token = await stsAs(creds).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const temp = { accessKeyId: token.Credentials!.AccessKeyId!, secretAccessKey: token.Credentials!.SecretAccessKey!, sessionToken: token.Credentials!.SessionToken! };
    await pinpointAs(temp).send(new GetAppCommand({ ApplicationId: appId }));
    await rejectsWith(pinpointAs(temp).send(new GetAppsCommand({})), 'AccessDeniedException', 403);
    await rejectsWith(stsAs(temp).send(new GetSessionTokenCommand({})), 'AccessDenied', 403, /session credentials/);
  });
});
