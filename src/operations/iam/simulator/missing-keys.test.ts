import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyDocument } from '../../../iam/policy/parse-policy.ts';
import type { CompiledPolicy, PolicyKind } from '../../../iam/policy/policy-types.ts';
import { isRelevant, missingContextValues } from './missing-keys.ts';
import type { RelevanceQuery } from './missing-keys.ts';
import { statementKeys } from './policy-keys.ts';

function compile(doc: object, kind: PolicyKind = 'identity'): { policy: CompiledPolicy; keys: ReturnType<typeof statementKeys> } {
  const text = JSON.stringify(doc);
  const parsed = parsePolicyDocument(text, kind);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return { policy: parsed.policy, keys: statementKeys(text) };
}

const app = 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc';
const alice = { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' };

function query(overrides: Partial<RelevanceQuery> = {}): RelevanceQuery {
  return { lowerActionNames: ['mobiletargeting:getapp'], resource: app, principal: alice, keys: new Map(), ...overrides };
}

const identity = compile({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
    { Effect: 'Allow', Action: 'mobiletargeting:DeleteApp', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: 'arn:aws:mobiletargeting:*:*:apps/other', Condition: { StringEquals: { 'x:Other': 'y' } } },
    { Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: 'arn:aws:mobiletargeting:*:*:apps/${aws:PrincipalTag/App}', Condition: { StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}' } } },
  ],
});

function relevantKeys(policy: typeof identity, q: RelevanceQuery, resourceBased = false) {
  return policy.policy.statements.filter((s) => isRelevant(s, policy.keys[s.index]!, resourceBased, q)).map((s) => policy.keys[s.index]!);
}

describe('isRelevant', () => {
  test('a statement for another action or another resource is not relevant', () => {
    const relevant = relevantKeys(identity, query());
    assert.deepEqual(
      relevant.map((k) => k.keys),
      [['aws:SourceIp'], ['aws:PrincipalTag/App', 'aws:ResourceTag/Owner', 'aws:username']],
    );
  });

  test('a resource that fails only for want of a variable keeps the statement relevant; once supplied, the resource decides', () => {
    const supplied = query({ keys: new Map([['aws:principaltag/app', 'zzz']]) });
    assert.deepEqual(relevantKeys(identity, supplied).map((k) => k.keys), [['aws:SourceIp']]);
    const matching = query({ keys: new Map([['aws:principaltag/app', 'abc']]) });
    assert.equal(relevantKeys(identity, matching).length, 2);
  });

  test('aliases count as the action', () => {
    const policy = compile({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'mobiletargeting:GetUser', Resource: '*', Condition: { Null: { 'x:k': 'false' } } } });
    assert.equal(relevantKeys(policy, query({ lowerActionNames: ['mobiletargeting:getuserendpoints'] })).length, 0);
    assert.equal(relevantKeys(policy, query({ lowerActionNames: ['mobiletargeting:getuserendpoints', 'mobiletargeting:getuser'] })).length, 1);
  });

  test('a resource-based statement is relevant only when its Principal names the caller', () => {
    const resource = compile(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'mobiletargeting:GetApp', Resource: app, Condition: { StringEquals: { 'x:A': '1' } } },
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/bob' }, Action: 'mobiletargeting:GetApp', Resource: app, Condition: { StringEquals: { 'x:B': '1' } } },
        ],
      },
      'resource',
    );
    assert.deepEqual(relevantKeys(resource, query(), true).map((k) => k.keys), [['x:A']]);
  });
});

describe('missingContextValues', () => {
  test('reports the keys of relevant statements that were not supplied, as written, each once', () => {
    const relevant = relevantKeys(identity, query());
    assert.deepEqual(missingContextValues(relevant, new Map()), ['aws:SourceIp', 'aws:PrincipalTag/App', 'aws:ResourceTag/Owner', 'aws:username']);
  });

  test('supplied keys (lowercased, as in the request context) are not missing, whatever case the policy uses', () => {
    const keys = new Map<string, string | readonly string[]>([
      ['aws:sourceip', '10.1.2.3'],
      ['aws:username', 'alice'],
      ['aws:resourcetag/owner', 'alice'],
    ]);
    assert.deepEqual(missingContextValues(relevantKeys(identity, query({ keys })), keys), ['aws:PrincipalTag/App']);
  });

  test('an empty set counts as supplied (ForAllValues over no values is a real request)', () => {
    const keys = new Map<string, string | readonly string[]>([['aws:sourceip', []]]);
    assert.deepEqual(missingContextValues([{ keys: ['aws:SourceIp'], resourceVariables: [] }], keys), []);
  });

  test('nothing relevant, nothing missing', () => {
    assert.deepEqual(missingContextValues([], new Map()), []);
  });
});
