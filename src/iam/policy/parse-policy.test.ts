import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicyDocument, referencedConditionKeys } from './parse-policy.ts';
import type { PolicyKind } from './policy-types.ts';

const V = '2012-10-17';
const ALLOW_ALL = { Effect: 'Allow', Action: '*', Resource: '*' };
const TRUST = { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' };

function message(doc: unknown, kind: PolicyKind = 'identity'): string | undefined {
  const result = parsePolicyDocument(typeof doc === 'string' ? doc : JSON.stringify(doc), kind);
  return result.ok ? undefined : result.message;
}

function statement(st: Record<string, unknown>, kind: PolicyKind = 'identity'): string | undefined {
  return message({ Version: V, Statement: [st] }, kind);
}

describe('malformed documents', () => {
  const rows: readonly [label: string, doc: unknown, kind: PolicyKind, expected: string][] = [
    ['bad JSON', '{"Version": "2012-10-17", ', 'identity', 'Syntax errors in policy.'],
    ['JSON array', '[]', 'identity', 'Syntax errors in policy.'],
    ['JSON string', '"policy"', 'identity', 'Syntax errors in policy.'],
    ['JSON null', 'null', 'identity', 'Syntax errors in policy.'],
    ['unknown Version', { Version: '2012-10-18', Statement: ALLOW_ALL }, 'identity', 'Policy document must be version 2012-10-17 or 2008-10-17, found "2012-10-18".'],
    ['numeric Version', { Version: 2012, Statement: ALLOW_ALL }, 'identity', 'Policy document must be version 2012-10-17 or 2008-10-17, found 2012.'],
    ['unknown top-level field', { Version: V, Statement: ALLOW_ALL, Extra: 1 }, 'identity', 'Unknown field Extra in policy document.'],
    ['lowercase top-level field', { version: V, Statement: ALLOW_ALL }, 'identity', 'Unknown field version in policy document.'],
    ['non-string Id', { Version: V, Id: 5, Statement: ALLOW_ALL }, 'identity', 'Policy Id must be a string.'],
    ['missing Statement', { Version: V }, 'identity', 'Missing required field Statement'],
    ['Statement of strings', { Version: V, Statement: ['x'] }, 'identity', 'Each Statement must be a JSON object.'],
    ['Statement null', { Version: V, Statement: null }, 'identity', 'Each Statement must be a JSON object.'],
    [
      'duplicate Sid',
      { Version: V, Statement: [{ Sid: 'A', ...ALLOW_ALL }, { Sid: 'A', ...ALLOW_ALL }] },
      'identity',
      'Statement IDs (SID) in a single policy must be unique.',
    ],
  ];
  for (const [label, doc, kind, expected] of rows) {
    test(label, () => assert.equal(message(doc, kind), expected));
  }
});

describe('malformed statements', () => {
  const rows: readonly [label: string, st: Record<string, unknown>, kind: PolicyKind, expected: string][] = [
    ['unknown statement field', { ...ALLOW_ALL, Actions: 'x:y' }, 'identity', 'Unknown field Actions in policy statement.'],
    ['non-alphanumeric Sid in IAM policy', { Sid: 'my sid', ...ALLOW_ALL }, 'identity', 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'],
    ['non-string Sid', { Sid: 1, ...ALLOW_ALL }, 'identity', 'Statement Sid must be a string.'],
    ['missing Effect', { Action: '*', Resource: '*' }, 'identity', 'Missing required field Effect'],
    ['misspelt Effect', { Effect: 'Alow', Action: '*', Resource: '*' }, 'identity', 'Invalid effect: Alow'],
    ['lowercase Effect', { Effect: 'allow', Action: '*', Resource: '*' }, 'identity', 'Invalid effect: allow'],
    ['non-string Effect', { Effect: true, Action: '*', Resource: '*' }, 'identity', 'Invalid effect: true'],
    ['no Action', { Effect: 'Allow', Resource: '*' }, 'identity', 'Policy statement must contain actions.'],
    ['empty Action list', { Effect: 'Allow', Action: [], Resource: '*' }, 'identity', 'Policy statement must contain actions.'],
    ['Action and NotAction', { Effect: 'Allow', Action: 'a:b', NotAction: 'c:d', Resource: '*' }, 'identity', 'Policy statement cannot contain both Action and NotAction.'],
    ['Action object', { Effect: 'Allow', Action: { a: 1 }, Resource: '*' }, 'identity', 'Action must be a string or an array of strings.'],
    ['Action number in list', { Effect: 'Allow', Action: ['a:b', 3], Resource: '*' }, 'identity', 'Action must be a string or an array of strings.'],
    ['Action without vendor', { Effect: 'Allow', Action: 'GetApp', Resource: '*' }, 'identity', 'Action GetApp must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['NotAction without vendor', { Effect: 'Allow', NotAction: ['iam:*', 'xyz'], Resource: '*' }, 'identity', 'Action xyz must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['invalid vendor', { Effect: 'Allow', Action: 'mobile targeting:GetApp', Resource: '*' }, 'identity', 'Vendor mobile targeting is not valid'],
    ['wildcard vendor', { Effect: 'Allow', Action: '*:GetApp', Resource: '*' }, 'identity', 'Vendor * is not valid'],
    ['empty action name', { Effect: 'Allow', Action: 'mobiletargeting:', Resource: '*' }, 'identity', 'Action mobiletargeting: is not valid.'],
    ['no Resource', { Effect: 'Allow', Action: '*' }, 'identity', 'Policy statement must contain resources.'],
    ['empty Resource list', { Effect: 'Allow', Action: '*', Resource: [] }, 'identity', 'Policy statement must contain resources.'],
    ['Resource and NotResource', { Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'arn:aws:s3:::b' }, 'identity', 'Policy statement cannot contain both Resource and NotResource.'],
    ['Resource not an ARN', { Effect: 'Allow', Action: '*', Resource: 'apps/abc' }, 'identity', 'Resource apps/abc must be in ARN format or "*".'],
    ['Resource with too few segments', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:bucket' }, 'identity', 'Resource arn:aws:s3:bucket must be in ARN format or "*".'],
    ['NotResource not an ARN', { Effect: 'Allow', Action: '*', NotResource: ['*', 'bucket'] }, 'identity', 'Resource bucket must be in ARN format or "*".'],
    ['Resource object', { Effect: 'Allow', Action: '*', Resource: { a: 1 } }, 'identity', 'Resource must be a string or an array of strings.'],
    ['Principal in identity policy', { ...ALLOW_ALL, Principal: '*' }, 'identity', 'Policy document should not specify a principal.'],
    ['NotPrincipal in identity policy', { ...ALLOW_ALL, NotPrincipal: { AWS: '123456789012' } }, 'identity', 'Policy document should not specify a principal.'],
    ['Resource in trust policy', { ...TRUST, Resource: '*' }, 'trust', 'Has prohibited field Resource'],
    ['NotResource in trust policy', { ...TRUST, NotResource: '*' }, 'trust', 'Has prohibited field NotResource'],
    ['trust policy without Principal', { Effect: 'Allow', Action: 'sts:AssumeRole' }, 'trust', 'Missing required field Principal'],
    ['resource policy without Principal', { ...ALLOW_ALL }, 'resource', 'Missing required field Principal'],
    ['Principal and NotPrincipal', { ...TRUST, NotPrincipal: '*' }, 'trust', 'Policy statement cannot contain both Principal and NotPrincipal.'],
    ['Principal string other than *', { ...TRUST, Principal: 'pinpoint.amazonaws.com' }, 'trust', 'Invalid principal in policy: "pinpoint.amazonaws.com"'],
    ['unknown principal type', { ...TRUST, Principal: { Human: 'bob' } }, 'trust', 'Invalid principal in policy: "Human":"bob"'],
    ['bad AWS principal', { ...TRUST, Principal: { AWS: 'bob' } }, 'trust', 'Invalid principal in policy: "AWS":"bob"'],
    ['partial wildcard principal', { ...TRUST, Principal: { AWS: 'arn:aws:iam::123456789012:user/*' } }, 'trust', 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"'],
    ['empty principal list', { ...TRUST, Principal: { AWS: [] } }, 'trust', 'Invalid principal in policy: "AWS":[]'],
    ['empty principal object', { ...TRUST, Principal: {} }, 'trust', 'Invalid principal in policy: {}'],
    ['Condition not an object', { ...ALLOW_ALL, Condition: 'x' }, 'identity', 'Condition must be a JSON object of condition operators.'],
    ['operator not an object', { ...ALLOW_ALL, Condition: { StringEquals: 'x' } }, 'identity', 'Condition operator StringEquals must map condition keys to values.'],
    ['unknown operator', { ...ALLOW_ALL, Condition: { StringEqualz: { 'aws:username': 'a' } } }, 'identity', 'Unknown condition operator: StringEqualz'],
    ['condition key without vendor', { ...ALLOW_ALL, Condition: { StringEquals: { username: 'a' } } }, 'identity', 'Condition key username must be prefaced by a vendor, e.g., aws, iam, sts, etc.'],
    ['condition value object', { ...ALLOW_ALL, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }, 'identity', 'Condition values for aws:username under StringEquals must be strings, numbers or booleans.'],
    ['condition value null', { ...ALLOW_ALL, Condition: { StringEquals: { 'aws:username': [null] } } }, 'identity', 'Condition values for aws:username under StringEquals must be strings, numbers or booleans.'],
    ['bad CIDR', { ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/40' } } }, 'identity', 'Condition value 10.0.0.0/40 for IpAddress (key aws:SourceIp) is not an IP address or CIDR block.'],
    ['non-numeric value', { ...ALLOW_ALL, Condition: { NumericLessThan: { 's3:max-keys': 'abc' } } }, 'identity', 'Condition value abc for NumericLessThan (key s3:max-keys) is not a number.'],
    ['unparsable date', { ...ALLOW_ALL, Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } }, 'identity', 'Condition value tomorrow for DateLessThan (key aws:CurrentTime) is not an ISO 8601 date or epoch time.'],
  ];
  for (const [label, st, kind, expected] of rows) {
    test(label, () => assert.equal(statement(st, kind), expected));
  }
});

describe('valid documents', () => {
  test('Statement may be a single object; Version may be omitted', () => {
    const result = parsePolicyDocument(JSON.stringify({ Statement: ALLOW_ALL }), 'identity');
    assert.ok(result.ok);
    assert.equal(result.policy.version, undefined);
    assert.equal(result.policy.statements.length, 1);
    assert.equal(result.policy.statements[0]!.index, 0);
  });

  test('both versions, Id, Sids (empty Sids may repeat), statement order kept', () => {
    const result = parsePolicyDocument(
      JSON.stringify({
        Version: '2008-10-17',
        Id: 'my-policy',
        Statement: [{ Sid: '', ...ALLOW_ALL }, { Sid: '', ...ALLOW_ALL }, { Sid: 'Deny1', Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b/*' }],
      }),
      'identity',
    );
    assert.ok(result.ok);
    assert.equal(result.policy.version, '2008-10-17');
    assert.equal(result.policy.id, 'my-policy');
    assert.deepEqual(
      result.policy.statements.map((s) => [s.index, s.sid, s.effect]),
      [
        [0, undefined, 'Allow'],
        [1, undefined, 'Allow'],
        [2, 'Deny1', 'Deny'],
      ],
    );
  });

  test('an empty Statement array is accepted and grants nothing', () => {
    const result = parsePolicyDocument(JSON.stringify({ Version: V, Statement: [] }), 'identity');
    assert.ok(result.ok);
    assert.equal(result.policy.statements.length, 0);
  });

  test('resource-based policies allow any Sid text (S3 style)', () => {
    assert.equal(statement({ Sid: 'Allow get for all', Principal: '*', ...ALLOW_ALL }, 'resource'), undefined);
  });

  test('trust policies with the usual principal forms', () => {
    for (const principal of [
      '*',
      { AWS: '*' },
      { AWS: '123456789012' },
      { AWS: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::123456789012:user/alice'] },
      { AWS: 'arn:aws:iam::123456789012:role/path/R' },
      { AWS: 'arn:aws:sts::123456789012:assumed-role/R/session' },
      { Service: ['pinpoint.amazonaws.com', 'ec2.amazonaws.com'] },
      { Federated: 'cognito-identity.amazonaws.com' },
    ]) {
      assert.equal(statement({ ...TRUST, Principal: principal }, 'trust'), undefined, JSON.stringify(principal));
    }
    assert.equal(statement({ Effect: 'Deny', NotPrincipal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }, 'trust'), undefined);
  });

  test('condition values may be JSON numbers and booleans', () => {
    assert.equal(statement({ ...ALLOW_ALL, Condition: { NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } } }), undefined);
  });

  test('condition operator names are accepted in any case', () => {
    assert.equal(statement({ ...ALLOW_ALL, Condition: { stringequals: { 'aws:username': 'a' } } }), undefined);
  });
});

describe('referencedConditionKeys', () => {
  test('lists condition keys, variables in resources and values, and tag prefixes, all lowercased', () => {
    const result = parsePolicyDocument(
      JSON.stringify({
        Version: V,
        Statement: [
          {
            Effect: 'Allow',
            Action: 'mobiletargeting:*',
            Resource: 'arn:aws:mobiletargeting:*:*:apps/${aws:PrincipalTag/AppPrefix}*',
            Condition: { StringEquals: { 'aws:ResourceTag/Owner': '${aws:username}' }, 'ForAllValues:StringLike': { 'aws:TagKeys': 'x*' } },
          },
        ],
      }),
      'identity',
    );
    assert.ok(result.ok);
    assert.deepEqual(
      [...referencedConditionKeys(result.policy)].sort(),
      ['aws:principaltag/', 'aws:principaltag/appprefix', 'aws:resourcetag/', 'aws:resourcetag/owner', 'aws:tagkeys', 'aws:username'],
    );
  });

  test('2008-10-17 policies have no variables to report', () => {
    const result = parsePolicyDocument(
      JSON.stringify({ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/${aws:username}' } }),
      'identity',
    );
    assert.ok(result.ok);
    assert.deepEqual([...referencedConditionKeys(result.policy)], []);
  });
});
