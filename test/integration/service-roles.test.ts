// ServiceRoles against a real SQLite identity store: roles, users and policies are written through
// the IamRepository, the Authorizer is built as src/main/serve.ts builds it, and nothing of the
// project is mocked. The role policies are those of seeds 002 (line 26, with its trailing comma
// removed; line 54) and 004 (lines 32 and 49), with the placeholders substituted.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { RequestFactsWithoutPrincipal } from '../../src/api/operation-context-factory.ts';
import { Authorizer } from '../../src/auth/authorizer.ts';
import { PolicyStore } from '../../src/auth/policy-store.ts';
import { ServiceRoles } from '../../src/auth/service-roles.ts';
import type { PassRoleRequest, ServiceRoleCheck } from '../../src/auth/service-roles.ts';
import type { AssumedRolePrincipal, Principal, UserPrincipal } from '../../src/iam/principal.ts';
import { rootPrincipal } from '../../src/iam/principal.ts';
import { entityArn, newUniqueId } from '../../src/operations/iam/iam-naming.ts';
import { pinpointErrors } from '../../src/operations/pinpoint-errors.ts';
import { ApiError } from '../../src/protocol/api-error.ts';
import type { IamEntityRecord, IamRepository } from '../../src/storage/iam-repository.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import type { Tenant } from '../../src/storage/tenant.ts';

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const REGION = 'us-east-1';
const TENANT: Tenant = { accountId: ACCOUNT, region: REGION };
const APP_ID = '6e0b7591a90841d0b5c6b2cc9EXAMPLE';
const APP_ARN = `arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/${APP_ID}`;
const BUCKET = 'pinion-exports';
const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/pinpoint-events`;

// Seed 002 line 26 (trailing comma after the second statement's Condition removed) and line 54.
const S3_EXPORT_POLICY = `{ "Version": "2012-10-17", "Statement": [ { "Sid": "AllowUserToSeeBucketListInTheConsole", "Action": [ "s3:ListAllMyBuckets", "s3:GetBucketLocation" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::*" ] }, { "Sid": "AllowRootAndHomeListingOfBucket", "Action": [ "s3:ListBucket" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${BUCKET}" ], "Condition": { "StringEquals": { "s3:delimiter": [ "/" ], "s3:prefix": [ "", "Exports/" ] } } }, { "Sid": "AllowListingOfUserFolder", "Action": [ "s3:ListBucket" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${BUCKET}" ], "Condition": { "StringLike": { "s3:prefix": [ "Exports/*" ] } } }, { "Sid": "AllowAllS3ActionsInUserFolder", "Action": [ "s3:*" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::${BUCKET}/Exports/*" ] } ] }`;
const EXPORT_TRUST_POLICY = '{ "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":{ "Service":"pinpoint.amazonaws.com" }, "Action":"sts:AssumeRole" } ] }';
// Seed 004 lines 32 and 49.
const STREAM_TRUST_POLICY = `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "pinpoint.amazonaws.com" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "aws:SourceAccount": "${ACCOUNT}" }, "ArnLike": { "aws:SourceArn": "arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/${APP_ID}" } } } ] }`;
const KINESIS_POLICY = `{ "Version": "2012-10-17", "Statement": { "Action": [ "kinesis:PutRecords", "kinesis:DescribeStream" ], "Effect": "Allow", "Resource": [ "${STREAM_ARN}" ] } }`;

const CREATED = new Date('2026-11-23T10:00:00.000Z');

function facts(): RequestFactsWithoutPrincipal {
  return { now: new Date(), sourceIp: '203.0.113.7', secureTransport: true, requestedRegion: REGION };
}

function passRequest(overrides: Partial<PassRoleRequest> = {}): PassRoleRequest {
  return { tenant: TENANT, facts: facts(), badRequest: (message) => pinpointErrors.badRequest(message), ...overrides };
}

async function createRole(iam: IamRepository, name: string, trustPolicy: string, path = '/'): Promise<IamEntityRecord> {
  const role: IamEntityRecord = {
    kind: 'role',
    id: newUniqueId('role'),
    name,
    path,
    arn: entityArn(ACCOUNT, 'role', path, name),
    createDate: CREATED,
    details: { AssumeRolePolicyDocument: trustPolicy, MaxSessionDuration: 3600 },
  };
  await iam.createEntity(ACCOUNT, role, {});
  return role;
}

async function createUser(iam: IamRepository, name: string, policy?: object): Promise<UserPrincipal> {
  const user: IamEntityRecord = {
    kind: 'user',
    id: newUniqueId('user'),
    name,
    path: '/',
    arn: entityArn(ACCOUNT, 'user', '/', name),
    createDate: CREATED,
    details: {},
  };
  await iam.createEntity(ACCOUNT, user, {});
  if (policy) await iam.putInlinePolicy(ACCOUNT, 'user', name, { policyName: 'PassRoles', document: JSON.stringify(policy) });
  return { kind: 'user', accountId: ACCOUNT, arn: user.arn, userId: user.id, userName: name, tags: {} };
}

async function rejectsWith(promise: Promise<unknown>, code: string, status: number, message: string): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.message, message);
    return true;
  });
}

describe('service roles on sqlite', () => {
  let dir: string;
  let storage: Storage;
  let iam: IamRepository;
  let serviceRoles: ServiceRoles;
  let exportRole: IamEntityRecord;
  let streamRole: IamEntityRecord;
  let pathRole: IamEntityRecord;
  let passer: UserPrincipal;
  let streamOnlyPasser: UserPrincipal;
  let smsPasser: UserPrincipal;
  let nobody: UserPrincipal;
  let denied: UserPrincipal;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pinion-service-roles-'));
    storage = await openStorage({ kind: 'sqlite', file: join(dir, 'pinion.sqlite') });
    iam = storage.repositories.iam;
    const logger = pino({ level: 'silent' });
    const policyStore = new PolicyStore(iam, logger);
    const authorizer = new Authorizer(policyStore, (tenant, arn) => storage.repositories.tags.list(tenant, arn));
    serviceRoles = new ServiceRoles(iam, authorizer);

    // Seed 002: the S3 export role, its policy created as a managed policy and attached (lines 34, 60, 67).
    exportRole = await createRole(iam, 's3ExportRole', EXPORT_TRUST_POLICY);
    const managed = await iam.createManagedPolicy(
      ACCOUNT,
      {
        id: newUniqueId('policy'),
        name: 's3ExportPolicy',
        path: '/',
        arn: entityArn(ACCOUNT, 'policy', '/', 's3ExportPolicy'),
        description: undefined,
        createDate: CREATED,
        updateDate: CREATED,
      },
      S3_EXPORT_POLICY,
    );
    await iam.attachPolicy(ACCOUNT, 'role', 's3ExportRole', managed.arn, 10);

    // Seed 004: the event-stream role, its permissions policy put inline (lines 38, 65).
    streamRole = await createRole(iam, 'PinpointEventStreamRole', STREAM_TRUST_POLICY);
    await iam.putInlinePolicy(ACCOUNT, 'role', 'PinpointEventStreamRole', { policyName: 'PinpointEventStreamPermissionsPolicy', document: KINESIS_POLICY });

    pathRole = await createRole(iam, 'PathRole', EXPORT_TRUST_POLICY, '/service-role/');

    passer = await createUser(iam, 'passer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] });
    streamOnlyPasser = await createUser(iam, 'stream-passer', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['iam:GetRole', 'iam:PassRole'],
          Resource: streamRole.arn,
          Condition: { StringEquals: { 'iam:PassedToService': 'pinpoint.amazonaws.com' } },
        },
      ],
    });
    smsPasser = await createUser(iam, 'sms-passer', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'sms-voice.amazonaws.com' } } }],
    });
    nobody = await createUser(iam, 'marymajor', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' }] });
    denied = await createUser(iam, 'denied', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/s3*` },
      ],
    });
  });

  after(async () => {
    await storage?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('requirePassRole', () => {
    test('root may pass any role of the account', async () => {
      await serviceRoles.requirePassRole(rootPrincipal(ACCOUNT), exportRole.arn, passRequest());
      await serviceRoles.requirePassRole(rootPrincipal(ACCOUNT), streamRole.arn, passRequest());
      await serviceRoles.requirePassRole(rootPrincipal(ACCOUNT), pathRole.arn, passRequest());
    });

    test('a user allowed iam:PassRole on the role may pass it', async () => {
      await serviceRoles.requirePassRole(passer, exportRole.arn, passRequest());
      await serviceRoles.requirePassRole(streamOnlyPasser, streamRole.arn, passRequest());
    });

    test('a user allowed iam:PassRole on one role only may not pass another', async () => {
      await rejectsWith(
        serviceRoles.requirePassRole(streamOnlyPasser, exportRole.arn, passRequest()),
        'AccessDeniedException',
        403,
        `User: ${streamOnlyPasser.arn} is not authorized to perform: iam:PassRole on resource: ${exportRole.arn}`,
      );
    });

    test('a user without iam:PassRole is refused with AWS\'s wording', async () => {
      await rejectsWith(
        serviceRoles.requirePassRole(nobody, exportRole.arn, passRequest()),
        'AccessDeniedException',
        403,
        `User: arn:aws:iam::${ACCOUNT}:user/marymajor is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${ACCOUNT}:role/s3ExportRole`,
      );
      await assert.rejects(serviceRoles.requirePassRole(nobody, exportRole.arn, passRequest()), (error: ApiError) => error.frontDoor);
    });

    test('an explicit Deny on iam:PassRole wins over iam:*', async () => {
      await serviceRoles.requirePassRole(denied, streamRole.arn, passRequest());
      await rejectsWith(
        serviceRoles.requirePassRole(denied, exportRole.arn, passRequest()),
        'AccessDeniedException',
        403,
        `User: ${denied.arn} is not authorized to perform: iam:PassRole on resource: ${exportRole.arn}`,
      );
    });

    test('iam:PassedToService is pinpoint.amazonaws.com unless the calling API says otherwise', async () => {
      await rejectsWith(
        serviceRoles.requirePassRole(smsPasser, exportRole.arn, passRequest()),
        'AccessDeniedException',
        403,
        `User: ${smsPasser.arn} is not authorized to perform: iam:PassRole on resource: ${exportRole.arn}`,
      );
      await serviceRoles.requirePassRole(smsPasser, exportRole.arn, passRequest({ passedToService: 'sms-voice.amazonaws.com' }));
    });

    test('a role session allowed iam:PassRole may pass the role', async () => {
      await iam.putInlinePolicy(ACCOUNT, 'role', 'PathRole', {
        policyName: 'PassStream',
        document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: streamRole.arn }] }),
      });
      const session: AssumedRolePrincipal = {
        kind: 'assumed-role',
        accountId: ACCOUNT,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/PathRole/deploy`,
        roleArn: pathRole.arn,
        roleId: pathRole.id,
        roleName: 'PathRole',
        sessionName: 'deploy',
        tags: {},
        transitiveTagKeys: [],
        sessionPolicy: undefined,
        sourceIdentity: undefined,
        issuedAt: new Date(Date.now() - 60_000),
        expiresAt: new Date(Date.now() + 3_600_000),
      };
      await serviceRoles.requirePassRole(session, streamRole.arn, passRequest());
      await rejectsWith(
        serviceRoles.requirePassRole(session, exportRole.arn, passRequest()),
        'AccessDeniedException',
        403,
        `User: ${session.arn} is not authorized to perform: iam:PassRole on resource: ${exportRole.arn}`,
      );
    });

    test('a role of another account is a bad request naming the RoleArn (once iam:PassRole allows it)', async () => {
      const foreign = `arn:aws:iam::${OTHER_ACCOUNT}:role/s3ExportRole`;
      const message = `RoleArn ${foreign} is not a role of account ${ACCOUNT}: a role can only be passed to a service of its own account`;
      for (const caller of [rootPrincipal(ACCOUNT), passer] as Principal[]) {
        await rejectsWith(serviceRoles.requirePassRole(caller, foreign, passRequest()), 'BadRequestException', 400, message);
      }
      // Without iam:PassRole the caller learns nothing about the role.
      await rejectsWith(
        serviceRoles.requirePassRole(nobody, foreign, passRequest()),
        'AccessDeniedException',
        403,
        `User: ${nobody.arn} is not authorized to perform: iam:PassRole on resource: ${foreign}`,
      );
    });

    test('a role that does not exist is a bad request naming the RoleArn', async () => {
      const missing = `arn:aws:iam::${ACCOUNT}:role/NoSuchRole`;
      for (const caller of [rootPrincipal(ACCOUNT), passer] as Principal[]) {
        await rejectsWith(
          serviceRoles.requirePassRole(caller, missing, passRequest()),
          'BadRequestException',
          400,
          `RoleArn ${missing} does not name an existing IAM role of account ${ACCOUNT}`,
        );
      }
      // The right name with the wrong path is not the role.
      const wrongPath = `arn:aws:iam::${ACCOUNT}:role/PathRole`;
      await rejectsWith(
        serviceRoles.requirePassRole(passer, wrongPath, passRequest()),
        'BadRequestException',
        400,
        `RoleArn ${wrongPath} does not name an existing IAM role of account ${ACCOUNT}`,
      );
      // A user is not a role.
      const userArn = `arn:aws:iam::${ACCOUNT}:user/passer`;
      await rejectsWith(
        serviceRoles.requirePassRole(passer, userArn, passRequest()),
        'BadRequestException',
        400,
        `RoleArn ${userArn} is not an IAM role ARN (arn:aws:iam::<account id>:role/<role name>)`,
      );
    });

    test('the calling API chooses its modelled error', async () => {
      const validation = (message: string): ApiError => new ApiError('ValidationException', 400, message);
      await rejectsWith(
        serviceRoles.requirePassRole(passer, 'not-an-arn', passRequest({ badRequest: validation })),
        'ValidationException',
        400,
        'RoleArn not-an-arn is not an IAM role ARN (arn:aws:iam::<account id>:role/<role name>)',
      );
    });
  });

  describe('check', () => {
    const exportUse = (overrides: Partial<ServiceRoleCheck> = {}): ServiceRoleCheck => ({
      accountId: ACCOUNT,
      roleArn: exportRole.arn,
      sourceAccount: ACCOUNT,
      sourceArn: APP_ARN,
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${BUCKET}/Exports/${APP_ID}/part-0001.gz`,
      ...overrides,
    });
    const streamUse = (overrides: Partial<ServiceRoleCheck> = {}): ServiceRoleCheck => ({
      accountId: ACCOUNT,
      roleArn: streamRole.arn,
      sourceAccount: ACCOUNT,
      sourceArn: APP_ARN,
      action: 'kinesis:PutRecords',
      resource: STREAM_ARN,
      ...overrides,
    });

    test('seed 002 role (attached managed policy): s3:PutObject under Exports/ allowed, elsewhere refused', async () => {
      assert.deepEqual(await serviceRoles.check(exportUse()), { ok: true });
      const outside = `arn:aws:s3:::${BUCKET}/Other/part-0001.gz`;
      assert.deepEqual(await serviceRoles.check(exportUse({ resource: outside })), {
        ok: false,
        reason:
          `the policies of role ${exportRole.arn} do not allow s3:PutObject on ${outside}: no statement allows it ` +
          `(Statement[3] (Sid "AllowAllS3ActionsInUserFolder") of arn:aws:iam::${ACCOUNT}:policy/s3ExportPolicy allows s3:PutObject on other resources only)`,
      });
    });

    test('seed 004 role (inline policy): kinesis:PutRecords allowed for the project, refused for another project', async () => {
      assert.deepEqual(await serviceRoles.check(streamUse()), { ok: true });
      const otherApp = `arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/ffffffffffffffffffffffffffffffff`;
      assert.deepEqual(await serviceRoles.check(streamUse({ sourceArn: otherApp })), {
        ok: false,
        reason: `trust policy does not let pinpoint.amazonaws.com assume ${streamRole.arn}: Statement[0] names pinpoint.amazonaws.com and sts:AssumeRole but its condition ArnLike aws:SourceArn failed (the request has aws:SourceArn = "${otherApp}")`,
      });
    });

    test('a role that does not exist, or of another account, is refused with a reason', async () => {
      const missing = `arn:aws:iam::${ACCOUNT}:role/Gone`;
      assert.deepEqual(await serviceRoles.check(streamUse({ roleArn: missing })), {
        ok: false,
        reason: `role ${missing} does not exist in account ${ACCOUNT} (deleted since it was passed?)`,
      });
      const foreign = `arn:aws:iam::${OTHER_ACCOUNT}:role/PinpointEventStreamRole`;
      assert.deepEqual(await serviceRoles.check(streamUse({ roleArn: foreign })), {
        ok: false,
        reason: `role ${foreign} belongs to account ${OTHER_ACCOUNT}, not to account ${ACCOUNT} whose project uses it`,
      });
    });

    test('reads the role\'s current policies and trust policy on every check', async () => {
      const role = await createRole(iam, 'ChangingRole', STREAM_TRUST_POLICY);
      const use = streamUse({ roleArn: role.arn });
      assert.equal((await serviceRoles.check(use)).ok, false, 'no permission policy yet');

      await iam.putInlinePolicy(ACCOUNT, 'role', 'ChangingRole', { policyName: 'Kinesis', document: KINESIS_POLICY });
      assert.deepEqual(await serviceRoles.check(use), { ok: true });

      // A Deny version made default on an attached managed policy.
      const guard = await iam.createManagedPolicy(
        ACCOUNT,
        { id: newUniqueId('policy'), name: 'Guard', path: '/', arn: entityArn(ACCOUNT, 'policy', '/', 'Guard'), description: undefined, createDate: CREATED, updateDate: CREATED },
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:DescribeStream","Resource":"*"}]}',
      );
      await iam.attachPolicy(ACCOUNT, 'role', 'ChangingRole', guard.arn, 10);
      assert.deepEqual(await serviceRoles.check(use), { ok: true });
      await iam.createPolicyVersion(ACCOUNT, guard.arn, '{"Version":"2012-10-17","Statement":[{"Sid":"Freeze","Effect":"Deny","Action":"kinesis:Put*","Resource":"*"}]}', true, CREATED, 5);
      assert.deepEqual(await serviceRoles.check(use), {
        ok: false,
        reason: `the policies of role ${role.arn} do not allow kinesis:PutRecords on ${STREAM_ARN}: explicitly denied by Statement[0] (Sid "Freeze") of ${guard.arn}`,
      });
      await iam.detachPolicy(ACCOUNT, 'role', 'ChangingRole', guard.arn);
      assert.deepEqual(await serviceRoles.check(use), { ok: true });

      // UpdateAssumeRolePolicy to a trust policy for another service.
      await iam.updateEntity(ACCOUNT, 'role', 'ChangingRole', { details: { AssumeRolePolicyDocument: STREAM_TRUST_POLICY.replace('pinpoint.amazonaws.com', 'ses.amazonaws.com') } });
      assert.deepEqual(await serviceRoles.check(use), {
        ok: false,
        reason: `trust policy does not let pinpoint.amazonaws.com assume ${role.arn}: no statement allows principal pinpoint.amazonaws.com to perform sts:AssumeRole`,
      });
    });

    test('a stored document that no longer parses fails the check closed', async () => {
      const role = await createRole(iam, 'BrokenRole', STREAM_TRUST_POLICY);
      await iam.putInlinePolicy(ACCOUNT, 'role', 'BrokenRole', { policyName: 'Kinesis', document: KINESIS_POLICY });
      await iam.putInlinePolicy(ACCOUNT, 'role', 'BrokenRole', { policyName: 'Truncated', document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny"' });
      const verdict = await serviceRoles.check(streamUse({ roleArn: role.arn }));
      assert.equal(verdict.ok, false);
      if (!verdict.ok) assert.match(verdict.reason, /^the policies of role arn:aws:iam::123456789012:role\/BrokenRole do not allow kinesis:PutRecords on .+: the stored policy \S+ is not a valid policy document \(Syntax errors in policy\.\); failing closed$/);

      await iam.updateEntity(ACCOUNT, 'role', 'BrokenRole', { details: { AssumeRolePolicyDocument: 'not json' } });
      assert.deepEqual(await serviceRoles.check(streamUse({ roleArn: role.arn })), {
        ok: false,
        reason: `trust policy does not let pinpoint.amazonaws.com assume ${role.arn}: the stored trust policy is not a valid policy document (Syntax errors in policy.); failing closed`,
      });
    });

    test('a role with a path is found by its full ARN only', async () => {
      await iam.putInlinePolicy(ACCOUNT, 'role', 'PathRole', { policyName: 'Kinesis', document: KINESIS_POLICY });
      assert.deepEqual(await serviceRoles.check(streamUse({ roleArn: pathRole.arn })), { ok: true });
      assert.equal((await serviceRoles.check(streamUse({ roleArn: `arn:aws:iam::${ACCOUNT}:role/PathRole` }))).ok, false);
    });
  });
});
