import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyDocument } from '../../../iam/policy/parse-policy.ts';
import { statementKeys, uniqueKeys, variableNames } from './policy-keys.ts';

describe('variableNames', () => {
  test('reads variables as written, with or without defaults, and skips the escapes', () => {
    assert.deepEqual(variableNames('arn:aws:s3:::b/${aws:username}/*'), ['aws:username']);
    assert.deepEqual(variableNames("${ aws:PrincipalTag/Team , 'it''s' }-${aws:userid}"), ['aws:PrincipalTag/Team', 'aws:userid']);
    assert.deepEqual(variableNames('${*}${?}${$}'), []);
  });

  test('leaves malformed variables alone, as the parser does', () => {
    assert.deepEqual(variableNames('${aws:username'), []);
    assert.deepEqual(variableNames("${'quoted'}"), []);
    assert.deepEqual(variableNames('${a${aws:userid}}'), ['aws:userid']);
  });
});

describe('uniqueKeys', () => {
  test('keeps the first spelling of each key, compared without case', () => {
    assert.deepEqual(uniqueKeys([['aws:SourceIp', 'aws:ResourceTag/Owner'], ['aws:sourceip', 'aws:username']]), ['aws:SourceIp', 'aws:ResourceTag/Owner', 'aws:username']);
  });
});

const policy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'mobiletargeting:GetApp',
      Resource: 'arn:aws:mobiletargeting:*:*:apps/${aws:PrincipalTag/AppId}',
      Condition: {
        StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
      },
    },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: { 'aws:SecureTransport': 'false' } } },
    { Effect: 'Allow', Action: 'a:b', Resource: '*' },
  ],
};

describe('statementKeys', () => {
  test('lists each statement’s condition keys and variables as the policy spells them', () => {
    assert.deepEqual(statementKeys(JSON.stringify(policy)), [
      { keys: ['aws:PrincipalTag/AppId', 'aws:ResourceTag/Owner', 'aws:username', 'aws:MultiFactorAuthAge'], resourceVariables: ['aws:principaltag/appid'] },
      { keys: ['aws:SourceIp', 'aws:SecureTransport'], resourceVariables: [] },
      { keys: [], resourceVariables: [] },
    ]);
  });

  test('agrees with the policy engine on which keys are read (its lowercased referencedKeys)', () => {
    const texts = [
      JSON.stringify(policy),
      JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'a:b', Resource: '*', Condition: { NumericEquals: { 'x:n': '1' }, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['${aws:username}*'] } } } }),
      JSON.stringify({ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: 'a:b', Resource: 'arn:aws:s3:::${aws:username}', Condition: { StringEquals: { 'x:y': '${aws:userid}' } } } }),
    ];
    for (const text of texts) {
      const parsed = parsePolicyDocument(text, 'identity');
      assert.ok(parsed.ok);
      const engine = [...parsed.policy.referencedKeys].filter((key) => !key.endsWith('/')).sort();
      const ours = uniqueKeys(statementKeys(text).map((s) => s.keys)).map((key) => key.toLowerCase()).sort();
      assert.deepEqual(ours, engine, text);
    }
  });

  test('takes variables only under Version 2012-10-17 and only where the engine substitutes them', () => {
    const old = { ...policy, Version: '2008-10-17' };
    assert.deepEqual(statementKeys(JSON.stringify(old))[0], { keys: ['aws:ResourceTag/Owner', 'aws:MultiFactorAuthAge'], resourceVariables: [] });
    const numeric = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'a:b', Resource: '*', Condition: { NumericEquals: { 'x:n': '${x:m}' } } } };
    assert.deepEqual(statementKeys(JSON.stringify(numeric)), [{ keys: ['x:n'], resourceVariables: [] }]);
  });

  test('yields nothing for text that is not a policy', () => {
    assert.deepEqual(statementKeys('{'), []);
    assert.deepEqual(statementKeys('[1]'), []);
  });
});
