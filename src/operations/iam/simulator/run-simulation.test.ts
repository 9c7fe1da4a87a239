import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionAliases, simulate } from './run-simulation.ts';
import { inputPolicies, resourcePolicy, storedPolicies, storedPolicyType } from './simulation-policies.ts';

const account = '123456789012';
const app = `arn:aws:mobiletargeting:us-east-1:${account}:apps/abc`;
const alice = { arn: `arn:aws:iam::${account}:user/alice`, accountId: account };

const readOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:Get*', Resource: `arn:aws:mobiletargeting:*:${account}:apps/*` }] });
const noDeletes = JSON.stringify({ Version: '2012-10-17', Statement: { Sid: 'NoDeletes', Effect: 'Deny', Action: 'mobiletargeting:Delete*', Resource: '*' } });

describe('simulate', () => {
  test('one result per action and resource, in input order, with the deciding statements', () => {
    const policies = inputPolicies([readOnly, noDeletes]);
    const results = simulate({
      actions: ['mobiletargeting:GetApp', 'mobiletargeting:DeleteApp', 'mobiletargeting:CreateApp'],
      resources: [app, '*'],
      principal: alice,
      keys: new Map(),
      policies,
    });
    assert.deepEqual(
      results.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision, r.MatchedStatements!.map((m) => m.SourcePolicyId)]),
      [
        ['mobiletargeting:GetApp', app, 'allowed', ['PolicyInputList.1']],
        ['mobiletargeting:GetApp', '*', 'implicitDeny', []],
        ['mobiletargeting:DeleteApp', app, 'explicitDeny', ['PolicyInputList.2']],
        ['mobiletargeting:DeleteApp', '*', 'explicitDeny', ['PolicyInputList.2']],
        ['mobiletargeting:CreateApp', app, 'implicitDeny', []],
        ['mobiletargeting:CreateApp', '*', 'implicitDeny', []],
      ],
    );
    assert.deepEqual(results[0]!.MatchedStatements![0], {
      SourcePolicyId: 'PolicyInputList.1',
      SourcePolicyType: 'none',
      // Just past the statement's braces: `[{` at offsets 36–37 (column 38 is the `{`).
      StartPosition: { Line: 1, Column: 39 },
      EndPosition: { Line: 1, Column: readOnly.length - 1 },
    });
    assert.deepEqual(results[2]!.MissingContextValues, []);
  });

  test('a resource policy naming the caller allows on its own; one naming someone else does not', () => {
    const resource = resourcePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'mobiletargeting:GetApp', Resource: app } }))!;
    const run = (principal: typeof alice) =>
      simulate({ actions: ['mobiletargeting:GetApp'], resources: [app], principal, keys: new Map(), policies: [resource] })[0]!;
    assert.equal(run(alice).EvalDecision, 'allowed');
    assert.deepEqual(run(alice).MatchedStatements, [{ SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'resource', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: resource.spans[0]!.end.column } }]);
    assert.equal(run({ arn: `arn:aws:iam::${account}:user/bob`, accountId: account }).EvalDecision, 'implicitDeny');
  });

  test('conditions read the keys; unsupplied keys of relevant statements are reported', () => {
    const policies = inputPolicies([
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}' } } },
          { Effect: 'Allow', Action: 'mobiletargeting:DeleteApp', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
        ],
      }),
    ]);
    const run = (keys: Map<string, string>) => simulate({ actions: ['mobiletargeting:GetApp'], resources: [app], principal: alice, keys, policies })[0]!;
    const bare = run(new Map());
    assert.equal(bare.EvalDecision, 'implicitDeny');
    assert.deepEqual(bare.MissingContextValues, ['aws:ResourceTag/Owner', 'aws:username']);
    const full = run(new Map([['aws:username', 'alice'], ['aws:resourcetag/owner', 'alice']]));
    assert.equal(full.EvalDecision, 'allowed');
    assert.deepEqual(full.MissingContextValues, []);
  });

  test("Pinpoint actions are simulated under seed 003's older names too", () => {
    assert.deepEqual(actionAliases('mobiletargeting:getuserendpoints'), ['mobiletargeting:GetUser']);
    assert.deepEqual(actionAliases('s3:GetObject'), []);
    const policies = inputPolicies([JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'mobiletargeting:GetUser', Resource: '*' } })]);
    const [result] = simulate({ actions: ['mobiletargeting:GetUserEndpoints'], resources: ['*'], principal: alice, keys: new Map(), policies });
    assert.equal(result!.EvalDecision, 'allowed');
  });
});

describe('policy sources', () => {
  test('stored policies are typed by where they come from', () => {
    assert.equal(storedPolicyType('user/alice/inline/read'), 'user');
    assert.equal(storedPolicyType('group/devs/inline/read'), 'group');
    assert.equal(storedPolicyType('role/R/inline/read'), 'role');
    assert.equal(storedPolicyType(`arn:aws:iam::${account}:policy/ops/Read`), 'user-managed');
    assert.equal(storedPolicyType('arn:aws:iam::aws:policy/ReadOnlyAccess'), 'aws-managed');
  });

  test('a stored policy that no longer parses is left out and reported; an input one is refused', () => {
    const problems: string[] = [];
    const kept = storedPolicies(
      [
        { sourceId: 'user/alice/inline/ok', document: readOnly },
        { sourceId: 'user/alice/inline/bad', document: '{' },
      ],
      (sourceId, problem) => problems.push(`${sourceId}: ${problem}`),
    );
    assert.deepEqual(kept.map((p) => [p.id, p.type]), [['user/alice/inline/ok', 'user']]);
    assert.deepEqual(problems, ['user/alice/inline/bad: Syntax errors in policy.']);
    assert.throws(() => inputPolicies([readOnly, '{']), { code: 'MalformedPolicyDocument', status: 400, message: 'Syntax errors in policy.' });
    assert.throws(
      () => inputPolicies([JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 'a:b', Resource: '*' } })]),
      { code: 'MalformedPolicyDocument', message: 'Policy document should not specify a principal.' },
    );
    assert.throws(() => resourcePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'a:b', Resource: '*' } })), {
      code: 'MalformedPolicyDocument',
      message: 'Missing required field Principal',
    });
  });
});
