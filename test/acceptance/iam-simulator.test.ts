// IAM's policy simulator (an extension beyond Pinpoint) through the real AWS SDK client against a
// started server: SimulatePrincipalPolicy over a user's own, group and attached policies,
// SimulateCustomPolicy, context entries, resource policies, GetContextKeys* and every refusal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import type { ContextEntry, EvaluationResult, SimulateCustomPolicyCommandInput, SimulatePrincipalPolicyCommandInput } from '@aws-sdk/client-iam';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';

const account = testAccountId;
const mt = `arn:aws:mobiletargeting:us-east-1:${account}:`;
const appArn = `${mt}apps/0123456789abcdef0123456789abcdef`;
const aliceArn = `arn:aws:iam::${account}:user/team/sim-alice`;
const roleArn = `arn:aws:iam::${account}:role/sim-role`;
const groupArn = `arn:aws:iam::${account}:group/sim-devs`;

// Pretty-printed on purpose: the matched statement's position then spans several lines.
const groupPolicy = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Tagged', Effect: 'Allow', Action: 'mobiletargeting:UpdateApplicationSettings', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/Team': 'Blue' } } },
      { Sid: 'Read', Effect: 'Allow', Action: 'mobiletargeting:Get*', Resource: `arn:aws:mobiletargeting:*:${account}:apps/*` },
    ],
  },
  null,
  2,
);
const userPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['mobiletargeting:CreateApp', 'mobiletargeting:DeleteApp'], Resource: '*' }] });
const noDeletePolicy = JSON.stringify({ Version: '2012-10-17', Statement: { Sid: 'NoDeletes', Effect: 'Deny', Action: 'mobiletargeting:Delete*', Resource: '*' } });
const ownerPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}' } } }],
});
const ipPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:SendMessages', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }],
});
// Seed 003's read-only policy, with the placeholder account id replaced.
const seedReadOnly = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": [
                "mobiletargeting:Get*"
            ],
            "Effect": "Allow",
            "Resource": [
                "arn:aws:mobiletargeting:*:${account}:apps/*"
            ]
        }
    ]
}`;

let server: PinionProcess;
let iam: IAMClient;
let managedArn: string;
const clients: IAMClient[] = [];

function iamAs(credentials: { accessKeyId: string; secretAccessKey: string }): IAMClient {
  const client = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}

before(async () => {
  server = await startPinion();
  iam = iamAs(server.credentials);
  await iam.send(new CreateGroupCommand({ GroupName: 'sim-devs' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'sim-devs', PolicyName: 'GroupRead', PolicyDocument: groupPolicy }));
  await iam.send(new CreateUserCommand({ UserName: 'sim-alice', Path: '/team/', Tags: [{ Key: 'Team', Value: 'Blue' }] }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'sim-alice', PolicyName: 'UserApps', PolicyDocument: userPolicy }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'sim-alice', PolicyName: 'Owner', PolicyDocument: ownerPolicy }));
  managedArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'SimNoDeletes', PolicyDocument: noDeletePolicy }))).Policy!.Arn!;
  await iam.send(new AttachUserPolicyCommand({ UserName: 'sim-alice', PolicyArn: managedArn }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'sim-devs', UserName: 'sim-alice' }));
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' } });
  await iam.send(new CreateRoleCommand({ RoleName: 'sim-role', AssumeRolePolicyDocument: trust }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'sim-role', PolicyName: 'RoleSegments', PolicyDocument: ipPolicy }));
});

after(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

const principal = (input: Omit<SimulatePrincipalPolicyCommandInput, 'PolicySourceArn'> & { PolicySourceArn?: string }) =>
  iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: aliceArn, ...input }));
const custom = (input: Omit<SimulateCustomPolicyCommandInput, 'PolicyInputList'> & { PolicyInputList?: string[] }) =>
  iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [ipPolicy], ...input }));

/** One result per action: [action, decision, matched source ids]. */
const summary = (results: EvaluationResult[] | undefined) =>
  (results ?? []).map((r) => [r.EvalActionName, r.EvalDecision, (r.MatchedStatements ?? []).map((m) => m.SourcePolicyId)]);

const entry = (name: string, type: ContextEntry['ContextKeyType'], ...values: string[]): ContextEntry => ({ ContextKeyName: name, ContextKeyType: type, ContextKeyValues: values });

describe('SimulatePrincipalPolicy', () => {
  test("a user's inline, group and attached policies decide allowed / explicitDeny / implicitDeny", async () => {
    const out = await principal({
      ActionNames: ['mobiletargeting:GetApp', 'mobiletargeting:CreateApp', 'mobiletargeting:DeleteApp', 'mobiletargeting:CreateCampaign'],
      ResourceArns: [appArn],
    });
    assert.deepEqual(summary(out.EvaluationResults), [
      ['mobiletargeting:GetApp', 'allowed', ['group/sim-devs/inline/GroupRead']],
      ['mobiletargeting:CreateApp', 'allowed', ['user/sim-alice/inline/UserApps']],
      ['mobiletargeting:DeleteApp', 'explicitDeny', [managedArn]],
      ['mobiletargeting:CreateCampaign', 'implicitDeny', []],
    ]);
    assert.equal(out.IsTruncated, false);
    const [get, create, del] = out.EvaluationResults!;
    assert.equal(get!.EvalResourceName, appArn);
    // The Read statement opens on line 15 (`    {` in the 2-space layout) and closes on line 20;
    // positions point just past the braces (column 5 is the brace).
    const lines = groupPolicy.split('\n');
    assert.equal(lines[14], '    {');
    assert.equal(lines[19], '    }');
    assert.deepEqual(get!.MatchedStatements, [
      { SourcePolicyId: 'group/sim-devs/inline/GroupRead', SourcePolicyType: 'group', StartPosition: { Line: 15, Column: 6 }, EndPosition: { Line: 20, Column: 6 } },
    ]);
    assert.equal(create!.MatchedStatements![0]!.SourcePolicyType, 'user');
    assert.equal(del!.MatchedStatements![0]!.SourcePolicyType, 'user-managed');
    assert.deepEqual(del!.MatchedStatements![0]!.StartPosition, { Line: 1, Column: 38 });
  });

  test('without ResourceArns the resource is *, and condition keys come from the user itself', async () => {
    const out = await principal({ ActionNames: ['mobiletargeting:UpdateApplicationSettings', 'mobiletargeting:GetApp'] });
    // aws:PrincipalTag/Team comes from the user's tags; aws:username from its name.
    assert.deepEqual(summary(out.EvaluationResults), [
      ['mobiletargeting:UpdateApplicationSettings', 'allowed', ['group/sim-devs/inline/GroupRead']],
      ['mobiletargeting:GetApp', 'implicitDeny', []],
    ]);
    assert.equal(out.EvaluationResults![0]!.EvalResourceName, '*');
    assert.deepEqual(out.EvaluationResults![0]!.MissingContextValues, []);
    // GetApp on *: the group's Read statement does not cover *, the Owner statement needs the resource tag.
    assert.deepEqual(out.EvaluationResults![1]!.MissingContextValues, ['aws:ResourceTag/Owner']);
  });

  test('ContextEntries drive aws:ResourceTag/Owner against ${aws:username}, and override the principal’s keys', async () => {
    const run = async (...entries: ContextEntry[]) =>
      (await principal({ ActionNames: ['mobiletargeting:GetApp'], ContextEntries: entries })).EvaluationResults![0]!;
    const owned = await run(entry('aws:ResourceTag/Owner', 'string', 'sim-alice'));
    assert.equal(owned.EvalDecision, 'allowed');
    assert.deepEqual(owned.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['user/sim-alice/inline/Owner', 'user']]);
    assert.deepEqual(owned.MissingContextValues, []);
    assert.equal((await run(entry('aws:ResourceTag/Owner', 'string', 'bob'))).EvalDecision, 'implicitDeny');
    assert.equal((await run(entry('aws:ResourceTag/Owner', 'string', 'bob'), entry('aws:username', 'string', 'bob'))).EvalDecision, 'allowed');
    // A principal tag given as a context entry wins over the user's own tag.
    const retagged = await principal({ ActionNames: ['mobiletargeting:UpdateApplicationSettings'], ContextEntries: [entry('aws:PrincipalTag/Team', 'string', 'Red')] });
    assert.equal(retagged.EvaluationResults![0]!.EvalDecision, 'implicitDeny');
  });

  test('PolicyInputList adds identity policies, reported as PolicyInputList.N', async () => {
    const extra = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'mobiletargeting:CreateCampaign', Resource: '*' } });
    const out = await principal({ ActionNames: ['mobiletargeting:CreateCampaign', 'mobiletargeting:DeleteApp'], PolicyInputList: [ipPolicy, extra] });
    assert.deepEqual(summary(out.EvaluationResults), [
      ['mobiletargeting:CreateCampaign', 'allowed', ['PolicyInputList.2']],
      // The input list cannot lift a stored explicit deny.
      ['mobiletargeting:DeleteApp', 'explicitDeny', [managedArn]],
    ]);
    assert.equal(out.EvaluationResults![0]!.MatchedStatements![0]!.SourcePolicyType, 'none');
  });

  test('a ResourcePolicy is evaluated with the user as caller, or CallerArn when given', async () => {
    const resourcePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: aliceArn }, Action: 'mobiletargeting:CreateSegment', Resource: appArn },
    });
    const asAlice = await principal({ ActionNames: ['mobiletargeting:CreateSegment'], ResourceArns: [appArn], ResourcePolicy: resourcePolicy });
    assert.deepEqual(asAlice.EvaluationResults![0]!.MatchedStatements, [
      { SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'resource', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: resourcePolicy.length } },
    ]);
    assert.equal(asAlice.EvaluationResults![0]!.EvalDecision, 'allowed');
    const asBob = await principal({
      ActionNames: ['mobiletargeting:CreateSegment', 'mobiletargeting:GetApp'],
      ResourceArns: [appArn],
      ResourcePolicy: resourcePolicy,
      CallerArn: `arn:aws:iam::${account}:user/bob`,
    });
    // Bob is not the resource policy's principal, but has alice's identity policies.
    assert.deepEqual(summary(asBob.EvaluationResults), [
      ['mobiletargeting:CreateSegment', 'implicitDeny', []],
      ['mobiletargeting:GetApp', 'allowed', ['group/sim-devs/inline/GroupRead']],
    ]);
  });

  test('a role and a group are simulated with their own policies', async () => {
    const role = await principal({
      PolicySourceArn: roleArn,
      ActionNames: ['mobiletargeting:SendMessages', 'mobiletargeting:GetApp'],
      ContextEntries: [entry('aws:SourceIp', 'ip', '203.0.113.9')],
    });
    assert.deepEqual(summary(role.EvaluationResults), [
      ['mobiletargeting:SendMessages', 'allowed', ['role/sim-role/inline/RoleSegments']],
      ['mobiletargeting:GetApp', 'implicitDeny', []],
    ]);
    assert.equal(role.EvaluationResults![0]!.MatchedStatements![0]!.SourcePolicyType, 'role');
    const group = await principal({ PolicySourceArn: groupArn, ActionNames: ['mobiletargeting:GetApp', 'mobiletargeting:CreateApp'], ResourceArns: [appArn] });
    assert.deepEqual(summary(group.EvaluationResults), [
      ['mobiletargeting:GetApp', 'allowed', ['group/sim-devs/inline/GroupRead']],
      ['mobiletargeting:CreateApp', 'implicitDeny', []],
    ]);
  });

  test('results are paged over action × resource with MaxItems and Marker', async () => {
    const input = { ActionNames: ['mobiletargeting:GetApp', 'mobiletargeting:CreateApp', 'mobiletargeting:DeleteApp'], ResourceArns: [appArn, '*'], MaxItems: 4 };
    const first = await principal(input);
    assert.equal(first.EvaluationResults!.length, 4);
    assert.equal(first.IsTruncated, true);
    const second = await principal({ ...input, Marker: first.Marker! });
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    const pairs = [...first.EvaluationResults!, ...second.EvaluationResults!].map((r) => `${r.EvalActionName} ${r.EvalResourceName}`);
    assert.deepEqual(pairs, [
      `mobiletargeting:GetApp ${appArn}`,
      'mobiletargeting:GetApp *',
      `mobiletargeting:CreateApp ${appArn}`,
      'mobiletargeting:CreateApp *',
      `mobiletargeting:DeleteApp ${appArn}`,
      'mobiletargeting:DeleteApp *',
    ]);
  });

  test('callers need iam:SimulatePrincipalPolicy on the PolicySourceArn', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'sim-auditor' }));
    const policy = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: `arn:aws:iam::${account}:user/team/*` } };
    await iam.send(new PutUserPolicyCommand({ UserName: 'sim-auditor', PolicyName: 'audit', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'sim-auditor' }))).AccessKey!;
    const auditor = iamAs({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const out = await auditor.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: aliceArn, ActionNames: ['mobiletargeting:GetApp'] }));
    assert.equal(out.EvaluationResults!.length, 1);
    await rejectsWith(auditor.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: ['mobiletargeting:GetApp'] })), 'AccessDenied', 403);
  });
});

describe('SimulateCustomPolicy', () => {
  test("seed 003's read-only policy against several mobiletargeting actions", async () => {
    const out = await custom({
      PolicyInputList: [seedReadOnly],
      ActionNames: [
        'mobiletargeting:GetApp',
        'mobiletargeting:GetCampaign',
        'mobiletargeting:GetUserEndpoints',
        'mobiletargeting:GetApps',
        'mobiletargeting:CreateApp',
        'mobiletargeting:DeleteApp',
        'mobiletargeting:UpdateCampaign',
      ],
      ResourceArns: [appArn],
    });
    assert.deepEqual(
      out.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision]),
      [
        ['mobiletargeting:GetApp', 'allowed'],
        ['mobiletargeting:GetCampaign', 'allowed'],
        ['mobiletargeting:GetUserEndpoints', 'allowed'],
        ['mobiletargeting:GetApps', 'allowed'], // simulated on the app's ARN, which apps/* covers
        ['mobiletargeting:CreateApp', 'implicitDeny'],
        ['mobiletargeting:DeleteApp', 'implicitDeny'],
        ['mobiletargeting:UpdateCampaign', 'implicitDeny'],
      ],
    );
    assert.deepEqual(out.EvaluationResults![0]!.MatchedStatements, [
      { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'none', StartPosition: { Line: 4, Column: 10 }, EndPosition: { Line: 12, Column: 10 } },
    ]);
    // GetApps acts on the account's apps collection, which apps/* does not cover; campaigns are under apps/*.
    const real = await custom({ PolicyInputList: [seedReadOnly], ActionNames: ['mobiletargeting:GetApps'], ResourceArns: [`${mt}apps`] });
    assert.equal(real.EvaluationResults![0]!.EvalDecision, 'implicitDeny');
    const campaign = await custom({ PolicyInputList: [seedReadOnly], ActionNames: ['mobiletargeting:GetCampaign'], ResourceArns: [`${appArn}/campaigns/c1`] });
    assert.equal(campaign.EvaluationResults![0]!.EvalDecision, 'allowed');
  });

  test('IpAddress on aws:SourceIp: inside, outside, and missing', async () => {
    const run = async (...entries: ContextEntry[]) => (await custom({ ActionNames: ['mobiletargeting:SendMessages'], ContextEntries: entries })).EvaluationResults![0]!;
    const inside = await run(entry('aws:SourceIp', 'ip', '203.0.113.7'));
    assert.equal(inside.EvalDecision, 'allowed');
    assert.deepEqual(inside.MissingContextValues, []);
    assert.equal((await run(entry('aws:SourceIp', 'ip', '198.51.100.1'))).EvalDecision, 'implicitDeny');
    const missing = await run();
    assert.equal(missing.EvalDecision, 'implicitDeny');
    assert.deepEqual(missing.MissingContextValues, ['aws:SourceIp']);
  });

  test('no principal is implied: ${aws:username} must be supplied too', async () => {
    const run = async (...entries: ContextEntry[]) =>
      (await custom({ PolicyInputList: [ownerPolicy], ActionNames: ['mobiletargeting:GetApp'], ContextEntries: entries })).EvaluationResults![0]!;
    assert.deepEqual((await run()).MissingContextValues, ['aws:ResourceTag/Owner', 'aws:username']);
    const supplied = await run(entry('aws:ResourceTag/Owner', 'string', 'carol'), entry('aws:username', 'string', 'carol'));
    assert.equal(supplied.EvalDecision, 'allowed');
    assert.deepEqual(supplied.MissingContextValues, []);
  });

  test('a ResourcePolicy with a Principal grants the named CallerArn only; a Deny in it wins', async () => {
    const resourcePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: aliceArn }, Action: 'mobiletargeting:GetSegment', Resource: `${appArn}/*` },
        { Effect: 'Deny', Principal: '*', Action: 'mobiletargeting:SendMessages', Resource: '*' },
      ],
    });
    const run = (caller: string) =>
      custom({
        ActionNames: ['mobiletargeting:GetSegment', 'mobiletargeting:SendMessages'],
        ResourceArns: [`${appArn}/segments/s1`],
        ResourcePolicy: resourcePolicy,
        CallerArn: caller,
        ContextEntries: [entry('aws:SourceIp', 'ip', '203.0.113.7')],
      });
    assert.deepEqual(summary((await run(aliceArn)).EvaluationResults), [
      ['mobiletargeting:GetSegment', 'allowed', ['ResourcePolicy']],
      ['mobiletargeting:SendMessages', 'explicitDeny', ['ResourcePolicy']],
    ]);
    assert.deepEqual(summary((await run(`arn:aws:iam::${account}:user/mallory`)).EvaluationResults), [
      ['mobiletargeting:GetSegment', 'implicitDeny', []],
      ['mobiletargeting:SendMessages', 'explicitDeny', ['ResourcePolicy']],
    ]);
  });
});

describe('GetContextKeysFor*Policy', () => {
  test('custom: every condition key and variable, as written, once', async () => {
    const out = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [ownerPolicy, ipPolicy, ownerPolicy.replace('aws:ResourceTag/Owner', 'AWS:RESOURCETAG/OWNER')] }));
    assert.deepEqual(out.ContextKeyNames, ['aws:ResourceTag/Owner', 'aws:username', 'aws:SourceIp']);
    const none = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [userPolicy] }));
    assert.deepEqual(none.ContextKeyNames ?? [], []);
  });

  test("principal: the entity's stored policies (a user's groups included), then PolicyInputList", async () => {
    const user = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: aliceArn, PolicyInputList: [ipPolicy] }));
    assert.deepEqual(user.ContextKeyNames, ['aws:ResourceTag/Owner', 'aws:username', 'aws:PrincipalTag/Team', 'aws:SourceIp']);
    const role = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: roleArn }));
    assert.deepEqual(role.ContextKeyNames, ['aws:SourceIp']);
  });
});

describe('refusals', () => {
  const malformed = JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: '*', Resource: '*' }] });

  test('a PolicySourceArn that is not a user, group or role: InvalidInput', async () => {
    for (const arn of [`arn:aws:sts::${account}:assumed-role/sim-role/s1`, managedArn, `arn:aws:iam::${account}:root`]) {
      await rejectsWith(principal({ PolicySourceArn: arn, ActionNames: ['mobiletargeting:GetApp'] }), 'InvalidInputException', 400, new RegExp(`^Invalid Entity Arn: ${arn.replace(/[.*]/g, '\\$&')}$`));
      await rejectsWith(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn })), 'InvalidInputException', 400, /^Invalid Entity Arn: /);
    }
  });

  test('an unknown entity (or the right name on the wrong path, or another account): NoSuchEntity', async () => {
    const cases: [string, string][] = [
      [`arn:aws:iam::${account}:user/nobody`, 'The user with name nobody cannot be found.'],
      [`arn:aws:iam::${account}:user/sim-alice`, 'The user with name sim-alice cannot be found.'],
      [`arn:aws:iam::${account}:role/no-role`, 'The role with name no-role cannot be found.'],
      [`arn:aws:iam::${account}:group/no-group`, 'The group with name no-group cannot be found.'],
      ['arn:aws:iam::210987654321:user/team/sim-alice', 'The user with name sim-alice cannot be found.'],
    ];
    for (const [arn, message] of cases) {
      await rejectsWith(principal({ PolicySourceArn: arn, ActionNames: ['mobiletargeting:GetApp'] }), 'NoSuchEntityException', 404, new RegExp(`^${message}$`));
      await rejectsWith(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn })), 'NoSuchEntityException', 404, new RegExp(`^${message}$`));
    }
  });

  test("a malformed input policy: MalformedPolicyDocument with the parser's message, in all four operations", async () => {
    const missingEffect = /^Missing required field Effect$/;
    await rejectsWith(principal({ ActionNames: ['mobiletargeting:GetApp'], PolicyInputList: [ipPolicy, malformed] }), 'MalformedPolicyDocumentException', 400, missingEffect);
    await rejectsWith(custom({ PolicyInputList: ['{"Version":'], ActionNames: ['mobiletargeting:GetApp'] }), 'MalformedPolicyDocumentException', 400, /^Syntax errors in policy\.$/);
    await rejectsWith(iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [malformed] })), 'MalformedPolicyDocumentException', 400, missingEffect);
    await rejectsWith(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: aliceArn, PolicyInputList: [malformed] })), 'MalformedPolicyDocumentException', 400, missingEffect);
    const withPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'a:b', Resource: '*' } });
    await rejectsWith(custom({ PolicyInputList: [withPrincipal], ActionNames: ['a:b'] }), 'MalformedPolicyDocumentException', 400, /^Policy document should not specify a principal\.$/);
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'a:b', Resource: '*' } });
    await rejectsWith(custom({ ActionNames: ['a:b'], ResourcePolicy: noPrincipal, CallerArn: aliceArn }), 'MalformedPolicyDocumentException', 400, /^Missing required field Principal$/);
  });

  test('bad actions, resources, callers and context entries: InvalidInput saying what is wrong', async () => {
    const resourcePolicy = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'a:b', Resource: '*' } });
    // Calls are made one at a time: a call made up front would reject before its turn, unhandled.
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => custom({ ActionNames: ['GetApp'] }), /^Action name GetApp is not valid: name one action with its service prefix, e\.g\. mobiletargeting:GetApp, without wildcards\.$/],
      [() => custom({ ActionNames: ['mobiletargeting:Get*'] }), /^Action name mobiletargeting:Get\* is not valid/],
      [() => custom({ ActionNames: ['a:b'], ResourceArns: ['my-app'] }), /^ResourceNames are not in a valid ARN format: my-app\.$/],
      [() => custom({ ActionNames: ['a:b'], CallerArn: roleArn }), /^Invalid CallerArn: arn:aws:iam::123456789012:role\/sim-role\. The simulated caller must be the ARN of an IAM user\.$/],
      [() => custom({ ActionNames: ['a:b'], ResourcePolicy: resourcePolicy }), /^CallerArn is required when ResourcePolicy is given: the resource policy's Principal element needs an IAM user to match\.$/],
      [() => principal({ PolicySourceArn: roleArn, ActionNames: ['a:b'], ResourcePolicy: resourcePolicy }), /^CallerArn is required when ResourcePolicy is given and PolicySourceArn is not a user \(arn:aws:iam::123456789012:role\/sim-role\)/],
      [() => custom({ ActionNames: ['a:b'], ContextEntries: [entry('aws:SourceIp', 'ip', 'not-an-ip')] }), /^The value not-an-ip for context key aws:SourceIp is not a valid IP address\.$/],
      [() => custom({ ActionNames: ['a:b'], ContextEntries: [entry('aws:MultiFactorAuthAge', 'numeric', 'old')] }), /^The value old for context key aws:MultiFactorAuthAge is not a valid number\.$/],
      [() => custom({ ActionNames: ['a:b'], ContextEntries: [entry('aws:username', 'string', 'a', 'b')] }), /^Context key aws:username of type string takes exactly one value, got 2; use stringList for several\.$/],
      [() => custom({ ActionNames: ['a:b'], ContextEntries: [entry('aws:username', 'string', 'a'), entry('AWS:USERNAME', 'string', 'b')] }), /^Context key AWS:USERNAME is given more than once/],
      [() => custom({ ActionNames: ['a:b'], PermissionsBoundaryPolicyInputList: [ipPolicy] }), /^Pinion does not support permissions boundaries yet \(PermissionsBoundaryPolicyInputList\)$/],
      [() => custom({ ActionNames: ['a:b'], ResourceOwner: '210987654321' }), /^ResourceOwner 210987654321 is not this account/],
      [() => custom({ ActionNames: ['a:b'], Marker: 'not-a-marker' }), /^Marker not-a-marker is not one this simulation returned/],
      [
        () => custom({ ActionNames: Array.from({ length: 101 }, (_, i) => `a:b${i}`), ResourceArns: Array.from({ length: 100 }, (_, i) => `arn:aws:s3:::b${i}`) }),
        /^A simulation covers at most 10000 action and resource pairs; this one asks for 101 actions × 100 resources$/,
      ],
    ];
    for (const [call, message] of cases) await rejectsWith(call(), 'InvalidInputException', 400, message);
  });

  test('what the model forbids is a ValidationError before anything runs', async () => {
    await rejectsWith(custom({ ActionNames: ['a:b'], MaxItems: 0 }), 'ValidationError', 400, /maxItems/);
    await rejectsWith(
      custom({ ActionNames: ['a:b'], ContextEntries: [{ ContextKeyName: 'aws:username', ContextKeyValues: ['a'], ContextKeyType: 'text' as ContextEntry['ContextKeyType'] }] }),
      'ValidationError',
      400,
      /contextKeyType/,
    );
  });
});
