import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './evaluate-policies.ts';
import type { AuthorizationQuery, Decision, PolicySource, PrincipalDescription } from './evaluate-policies.ts';
import { parsePolicyDocument } from './parse-policy.ts';
import type { CompiledPolicy, PolicyKind } from './policy-types.ts';

const ACCT = '123456789012';
const APP = `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/abc`;
const ALICE: PrincipalDescription = { arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT };
const SESSION: PrincipalDescription = {
  arn: `arn:aws:sts::${ACCT}:assumed-role/Deployer/build-7`,
  accountId: ACCT,
  roleArn: `arn:aws:iam::${ACCT}:role/ci/Deployer`,
};
const PINPOINT: PrincipalDescription = { arn: 'pinpoint.amazonaws.com', accountId: ACCT, service: 'pinpoint.amazonaws.com' };

/** `version: null` leaves Version out of the document. */
function policy(statements: unknown, kind: PolicyKind = 'identity', version: string | null = '2012-10-17'): CompiledPolicy {
  const doc = version === null ? { Statement: statements } : { Version: version, Statement: statements };
  const result = parsePolicyDocument(JSON.stringify(doc), kind);
  if (!result.ok) throw new Error(result.message);
  return result.policy;
}

function src(id: string, kind: PolicySource['kind'], statements: unknown, version?: string): PolicySource {
  return { id, kind, policy: policy(statements, kind === 'session' ? 'identity' : kind, version ?? '2012-10-17') };
}

function query(overrides: Partial<AuthorizationQuery> & { keys?: Record<string, string | string[]> } = {}): AuthorizationQuery {
  const { keys, ...rest } = overrides;
  return {
    action: 'mobiletargeting:GetApp',
    resource: APP,
    principal: ALICE,
    context: { keys: new Map(Object.entries(keys ?? { 'aws:username': 'alice' })) },
    ...rest,
  };
}

function decide(q: AuthorizationQuery, sources: PolicySource[]): Decision['decision'] {
  return evaluate(q, sources).decision;
}

describe('basic decisions', () => {
  test('no policies is an implicit deny with nothing matched', () => {
    assert.deepEqual(evaluate(query(), []), { decision: 'implicitDeny', matched: [] });
  });

  test('a matching Allow allows and is reported', () => {
    const d = evaluate(query(), [src('p1', 'identity', [{ Sid: 'Read', Effect: 'Allow', Action: 'mobiletargeting:Get*', Resource: '*' }])]);
    assert.deepEqual(d, { decision: 'allowed', matched: [{ sourceId: 'p1', statementIndex: 0, sid: 'Read', effect: 'Allow' }] });
  });

  test('explicit deny wins over any allow, and lists every matching deny only', () => {
    const sources = [
      src('allow', 'identity', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
      src('deny1', 'identity', [
        { Sid: 'NoGet', Effect: 'Deny', Action: 'mobiletargeting:GetApp', Resource: APP },
        { Sid: 'Other', Effect: 'Deny', Action: 'mobiletargeting:DeleteApp', Resource: '*' },
      ]),
      src('deny2', 'identity', { Effect: 'Deny', Action: 'mobiletargeting:*', Resource: '*' }),
    ];
    assert.deepEqual(evaluate(query(), sources), {
      decision: 'explicitDeny',
      matched: [
        { sourceId: 'deny1', statementIndex: 0, sid: 'NoGet', effect: 'Deny' },
        { sourceId: 'deny2', statementIndex: 0, effect: 'Deny' },
      ],
    });
  });

  test('a deny that does not match leaves the allow standing; all matching allows are listed', () => {
    const d = evaluate(query(), [
      src('p', 'identity', [
        { Effect: 'Allow', Action: 'mobiletargeting:GetApp', Resource: APP },
        { Effect: 'Deny', Action: 'mobiletargeting:GetApp', Resource: 'arn:aws:mobiletargeting:*:*:apps/other' },
        { Effect: 'Allow', Action: 'mobiletargeting:Get*', Resource: '*' },
        { Effect: 'Allow', Action: 'mobiletargeting:Update*', Resource: '*' },
      ]),
    ]);
    assert.equal(d.decision, 'allowed');
    assert.deepEqual(
      d.matched.map((m) => m.statementIndex),
      [0, 2],
    );
  });
});

describe('Action and NotAction', () => {
  const rows: readonly [actions: unknown, action: string, expected: Decision['decision']][] = [
    ['mobiletargeting:getapp', 'mobiletargeting:GetApp', 'allowed'],
    ['MOBILETARGETING:GETAPP', 'mobiletargeting:GetApp', 'allowed'],
    ['mobiletargeting:Get*', 'mobiletargeting:GetApps', 'allowed'],
    ['mobiletargeting:Get?pp', 'mobiletargeting:GetApp', 'allowed'],
    ['mobiletargeting:Get?pp', 'mobiletargeting:GetApps', 'implicitDeny'],
    [['sms-voice:*', 'mobiletargeting:Update*'], 'mobiletargeting:GetApp', 'implicitDeny'],
    ['*', 'mobiletargeting:GetApp', 'allowed'],
  ];
  for (const [actions, action, expected] of rows) {
    test(`Action ${JSON.stringify(actions)} for ${action} → ${expected}`, () => {
      assert.equal(decide(query({ action }), [src('p', 'identity', { Effect: 'Allow', Action: actions, Resource: '*' })]), expected);
    });
  }

  test('NotAction allows everything not listed', () => {
    const sources = [src('p', 'identity', { Effect: 'Allow', NotAction: ['iam:*', 'mobiletargeting:Delete*'], Resource: '*' })];
    assert.equal(decide(query({ action: 'mobiletargeting:GetApp' }), sources), 'allowed');
    assert.equal(decide(query({ action: 'mobiletargeting:DeleteApp' }), sources), 'implicitDeny');
    assert.equal(decide(query({ action: 'iam:CreateUser' }), sources), 'implicitDeny');
  });

  test('Deny with NotAction denies everything not listed', () => {
    const sources = [
      src('a', 'identity', { Effect: 'Allow', Action: '*', Resource: '*' }),
      src('d', 'identity', { Effect: 'Deny', NotAction: 'mobiletargeting:Get*', Resource: '*' }),
    ];
    assert.equal(decide(query({ action: 'mobiletargeting:GetApp' }), sources), 'allowed');
    assert.equal(decide(query({ action: 'mobiletargeting:UpdateApp' }), sources), 'explicitDeny');
  });

  test('action aliases match Action and NotAction like the action itself', () => {
    const q = query({ action: 'mobiletargeting:GetUserEndpoints', actionAliases: ['mobiletargeting:GetUser'] });
    assert.equal(decide(q, [src('p', 'identity', { Effect: 'Allow', Action: 'mobiletargeting:GetUser', Resource: '*' })]), 'allowed');
    assert.equal(decide(q, [src('p', 'identity', { Effect: 'Allow', Action: 'mobiletargeting:GetUserEndpoints', Resource: '*' })]), 'allowed');
    assert.equal(decide(q, [src('p', 'identity', { Effect: 'Allow', NotAction: 'mobiletargeting:GetUser', Resource: '*' })]), 'implicitDeny');
    assert.equal(
      decide(q, [
        src('a', 'identity', { Effect: 'Allow', Action: '*', Resource: '*' }),
        src('d', 'identity', { Effect: 'Deny', Action: 'mobiletargeting:getuser', Resource: '*' }),
      ]),
      'explicitDeny',
    );
    assert.equal(decide(query({ action: 'mobiletargeting:GetUserEndpoints' }), [src('p', 'identity', { Effect: 'Allow', Action: 'mobiletargeting:GetUser', Resource: '*' })]), 'implicitDeny');
  });
});

describe('Resource and NotResource', () => {
  const rows: readonly [resources: unknown, resource: string, expected: Decision['decision']][] = [
    ['*', APP, 'allowed'],
    [APP, APP, 'allowed'],
    [`arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/ABC`, APP, 'implicitDeny'],
    [`arn:aws:mobiletargeting:*:${ACCT}:apps/*`, APP, 'allowed'],
    [`arn:aws:mobiletargeting:*:${ACCT}:apps/*`, `${APP}/segments/s1`, 'allowed'],
    [`arn:aws:mobiletargeting:*:999999999999:apps/*`, APP, 'implicitDeny'],
    [`arn:aws:mobiletargeting:eu-*:${ACCT}:apps/*`, APP, 'implicitDeny'],
    [[`arn:aws:mobiletargeting:*:${ACCT}:apps/x`, `arn:aws:mobiletargeting:*:${ACCT}:apps/a?c`], APP, 'allowed'],
    // Actions without a resource type are asked with resource "*": only "*" covers them.
    ['*', '*', 'allowed'],
    [`arn:aws:mobiletargeting:*:${ACCT}:*`, '*', 'implicitDeny'],
  ];
  for (const [resources, resource, expected] of rows) {
    test(`Resource ${JSON.stringify(resources)} for ${resource} → ${expected}`, () => {
      assert.equal(decide(query({ resource }), [src('p', 'identity', { Effect: 'Allow', Action: '*', Resource: resources })]), expected);
    });
  }

  test('NotResource applies to every resource not listed', () => {
    const sources = [src('p', 'identity', { Effect: 'Allow', Action: '*', NotResource: `arn:aws:mobiletargeting:*:${ACCT}:apps/secret*` })];
    assert.equal(decide(query(), sources), 'allowed');
    assert.equal(decide(query({ resource: `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/secret1` }), sources), 'implicitDeny');
    assert.equal(decide(query({ resource: '*' }), sources), 'allowed');
  });

  test('Deny with NotResource denies outside the listed resources', () => {
    const sources = [
      src('a', 'identity', { Effect: 'Allow', Action: '*', Resource: '*' }),
      src('d', 'identity', { Effect: 'Deny', Action: '*', NotResource: [APP, `${APP}/*`] }),
    ];
    assert.equal(decide(query(), sources), 'allowed');
    assert.equal(decide(query({ resource: `${APP}/campaigns/c1` }), sources), 'allowed');
    assert.equal(decide(query({ resource: `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/zzz` }), sources), 'explicitDeny');
  });
});

describe('policy variables in Resource', () => {
  const own = { Effect: 'Allow', Action: '*', Resource: `arn:aws:mobiletargeting:*:${ACCT}:apps/\${aws:username}-*` };
  const aliceApp = `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/alice-1`;

  test('${aws:username} substitutes the caller', () => {
    assert.equal(decide(query({ resource: aliceApp }), [src('p', 'identity', own)]), 'allowed');
    assert.equal(decide(query({ resource: aliceApp, keys: { 'aws:username': 'bob' } }), [src('p', 'identity', own)]), 'implicitDeny');
  });

  test('a missing variable makes the Resource entry match nothing (role sessions have no aws:username)', () => {
    assert.equal(decide(query({ resource: aliceApp, principal: SESSION, keys: {} }), [src('p', 'identity', own)]), 'implicitDeny');
    assert.equal(decide(query({ resource: `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/-1`, keys: {} }), [src('p', 'identity', own)]), 'implicitDeny');
  });

  test('defaults apply when the key is missing', () => {
    const withDefault = { ...own, Resource: `arn:aws:mobiletargeting:*:${ACCT}:apps/\${aws:username, 'shared'}-*` };
    assert.equal(decide(query({ resource: `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/shared-1`, keys: {} }), [src('p', 'identity', withDefault)]), 'allowed');
  });

  test('principal tags as variables', () => {
    const team = { Effect: 'Allow', Action: '*', Resource: `arn:aws:mobiletargeting:*:${ACCT}:apps/\${aws:PrincipalTag/team}` };
    assert.equal(decide(query({ resource: `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/red`, keys: { 'aws:principaltag/team': 'red' } }), [src('p', 'identity', team)]), 'allowed');
    assert.equal(decide(query({ resource: `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/red`, keys: { 'aws:principaltag/team': 'blue' } }), [src('p', 'identity', team)]), 'implicitDeny');
  });

  test('a username containing * is matched literally', () => {
    assert.equal(decide(query({ resource: aliceApp, keys: { 'aws:username': '*' } }), [src('p', 'identity', own)]), 'implicitDeny');
  });

  test('no substitution without Version 2012-10-17', () => {
    const literal = `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/\${aws:username}-1`;
    for (const version of ['2008-10-17', null]) {
      const p: PolicySource = { id: 'old', kind: 'identity', policy: policy(own, 'identity', version) };
      assert.equal(decide(query({ resource: aliceApp }), [p]), 'implicitDeny', String(version));
      assert.equal(decide(query({ resource: literal }), [p]), 'allowed', String(version));
    }
  });
});

describe('conditions in statements', () => {
  const guarded = {
    Effect: 'Allow',
    Action: '*',
    Resource: '*',
    Condition: {
      IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] },
      StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:ResourceTag/owner': '${aws:username}' },
      Bool: { 'aws:SecureTransport': 'true' },
    },
  };
  const good = { 'aws:username': 'alice', 'aws:sourceip': '192.0.2.10', 'aws:requestedregion': 'us-east-1', 'aws:resourcetag/owner': 'alice', 'aws:securetransport': 'true' };

  test('all operators and all keys must hold', () => {
    assert.equal(decide(query({ keys: good }), [src('p', 'identity', guarded)]), 'allowed');
    assert.equal(decide(query({ keys: { ...good, 'aws:sourceip': '2001:db8::5' } }), [src('p', 'identity', guarded)]), 'allowed');
    assert.equal(decide(query({ keys: { ...good, 'aws:sourceip': '198.51.100.1' } }), [src('p', 'identity', guarded)]), 'implicitDeny');
    assert.equal(decide(query({ keys: { ...good, 'aws:requestedregion': 'eu-west-1' } }), [src('p', 'identity', guarded)]), 'implicitDeny');
    assert.equal(decide(query({ keys: { ...good, 'aws:resourcetag/owner': 'bob' } }), [src('p', 'identity', guarded)]), 'implicitDeny');
    assert.equal(decide(query({ keys: { ...good, 'aws:securetransport': 'false' } }), [src('p', 'identity', guarded)]), 'implicitDeny');
  });

  test('deny on a missing tag with a negated operator (StringNotEquals on a missing key is true)', () => {
    const sources = [
      src('a', 'identity', { Effect: 'Allow', Action: '*', Resource: '*' }),
      src('d', 'identity', { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } }),
    ];
    assert.equal(decide(query({ keys: { 'aws:username': 'alice', 'aws:resourcetag/owner': 'alice' } }), sources), 'allowed');
    assert.equal(decide(query({ keys: { 'aws:username': 'alice', 'aws:resourcetag/owner': 'bob' } }), sources), 'explicitDeny');
    assert.equal(decide(query({ keys: { 'aws:username': 'alice' } }), sources), 'explicitDeny');
  });

  test('tag-key guard with ForAllValues', () => {
    const p = [src('p', 'identity', { Effect: 'Allow', Action: 'mobiletargeting:TagResource', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } } })];
    const q = (tagKeys: string[]): AuthorizationQuery => query({ action: 'mobiletargeting:TagResource', keys: { 'aws:tagkeys': tagKeys } });
    assert.equal(decide(q(['team']), p), 'allowed');
    assert.equal(decide(q(['team', 'owner']), p), 'implicitDeny');
  });
});

describe('Principal and NotPrincipal in resource-based and trust policies', () => {
  const grant = (principal: unknown): PolicySource[] => [src('rp', 'resource', { Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' })];
  const otherUser: PrincipalDescription = { arn: 'arn:aws:iam::999999999999:user/mallory', accountId: '999999999999' };
  const rows: readonly [label: string, principal: unknown, caller: PrincipalDescription, expected: Decision['decision']][] = [
    ['"*"', '*', otherUser, 'allowed'],
    ['AWS *', { AWS: '*' }, ALICE, 'allowed'],
    // Naming the account delegates to its administrators: it grants nothing on its own.
    ['account id alone grants nothing', { AWS: ACCT }, ALICE, 'implicitDeny'],
    ['account id, other account', { AWS: ACCT }, otherUser, 'implicitDeny'],
    ['account root ARN alone grants nothing', { AWS: `arn:aws:iam::${ACCT}:root` }, SESSION, 'implicitDeny'],
    ['account id does not cover a service principal', { AWS: ACCT }, PINPOINT, 'implicitDeny'],
    ['user ARN', { AWS: ALICE.arn }, ALICE, 'allowed'],
    ['user ARN, another user', { AWS: `arn:aws:iam::${ACCT}:user/bob` }, ALICE, 'implicitDeny'],
    ['role ARN covers its sessions', { AWS: SESSION.roleArn }, SESSION, 'allowed'],
    ['another role', { AWS: `arn:aws:iam::${ACCT}:role/Other` }, SESSION, 'implicitDeny'],
    ['session ARN', { AWS: SESSION.arn }, SESSION, 'allowed'],
    ['another session of the role', { AWS: `arn:aws:sts::${ACCT}:assumed-role/Deployer/other` }, SESSION, 'implicitDeny'],
    ['service', { Service: 'pinpoint.amazonaws.com' }, PINPOINT, 'allowed'],
    ['service, other service', { Service: 'ec2.amazonaws.com' }, PINPOINT, 'implicitDeny'],
    ['service does not cover a user', { Service: 'pinpoint.amazonaws.com' }, ALICE, 'implicitDeny'],
    ['federated equality', { Federated: 'arn:aws:iam::123456789012:saml-provider/Okta' }, { arn: 'arn:aws:iam::123456789012:saml-provider/Okta', accountId: ACCT }, 'allowed'],
    ['federated, no equality', { Federated: 'cognito-identity.amazonaws.com' }, ALICE, 'implicitDeny'],
  ];
  for (const [label, principal, caller, expected] of rows) {
    test(`${label} → ${expected}`, () => assert.equal(decide(query({ principal: caller }), grant(principal)), expected));
  }

  test('NotPrincipal with Deny denies everyone except the listed principals', () => {
    const sources = [
      src('id', 'identity', { Effect: 'Allow', Action: '*', Resource: '*' }),
      src('rp', 'resource', { Effect: 'Deny', NotPrincipal: { AWS: [ALICE.arn, SESSION.roleArn] }, Action: '*', Resource: '*' }),
    ];
    assert.equal(decide(query({ principal: ALICE }), sources), 'allowed');
    assert.equal(decide(query({ principal: SESSION }), sources), 'allowed');
    assert.equal(decide(query({ principal: { arn: `arn:aws:iam::${ACCT}:user/bob`, accountId: ACCT } }), sources), 'explicitDeny');
  });

  test('an Allow naming the account delegates: the identity policy decides, and the decision says so', () => {
    const identityAllow = src('id', 'identity', { Effect: 'Allow', Action: '*', Resource: '*' });
    const delegating = grant({ AWS: `arn:aws:iam::${ACCT}:root` });
    const alone = evaluate(query({ principal: ALICE }), delegating);
    assert.equal(alone.decision, 'implicitDeny');
    assert.equal(alone.delegatedToAccount, true);
    assert.equal(decide(query({ principal: ALICE }), [...delegating, identityAllow]), 'allowed');
    assert.equal(evaluate(query({ principal: ALICE }), grant({ AWS: ALICE.arn })).delegatedToAccount, undefined);
    // A Deny naming the account still denies every principal of it.
    const deny = src('rp', 'resource', { Effect: 'Deny', Principal: { AWS: ACCT }, Action: '*', Resource: '*' });
    assert.equal(decide(query({ principal: ALICE }), [identityAllow, deny]), 'explicitDeny');
  });

  test('a same-account resource-based Allow is enough without an identity Allow', () => {
    assert.equal(decide(query(), grant({ AWS: ALICE.arn })), 'allowed');
  });

  test('trust policy: pinpoint may assume the role only for the right source account', () => {
    const trust = src('trust', 'trust', {
      Effect: 'Allow',
      Principal: { Service: 'pinpoint.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCT }, ArnLike: { 'aws:SourceArn': `arn:aws:mobiletargeting:*:${ACCT}:apps/*` } },
    });
    const assume = (keys: Record<string, string>): AuthorizationQuery =>
      query({ action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCT}:role/PinpointExport`, principal: PINPOINT, keys });
    assert.equal(decide(assume({ 'aws:sourceaccount': ACCT, 'aws:sourcearn': APP }), [trust]), 'allowed');
    assert.equal(decide(assume({ 'aws:sourceaccount': '999999999999', 'aws:sourcearn': APP }), [trust]), 'implicitDeny');
    assert.equal(decide(assume({ 'aws:sourceaccount': ACCT }), [trust]), 'implicitDeny');
    assert.equal(decide({ ...assume({ 'aws:sourceaccount': ACCT, 'aws:sourcearn': APP }), action: 'sts:TagSession' }, [trust]), 'implicitDeny');
  });

  test('identity sources ignore who the principal is', () => {
    assert.equal(decide(query({ principal: otherUser }), [src('p', 'identity', { Effect: 'Allow', Action: '*', Resource: '*' })]), 'allowed');
  });
});

describe('session policies', () => {
  const identityAllow = src('role', 'identity', { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' });
  const sessionGet = src('session', 'session', { Effect: 'Allow', Action: 'mobiletargeting:Get*', Resource: '*' });
  const asSession = (action: string): AuthorizationQuery => query({ action, principal: SESSION, keys: {} });

  test('the request needs both the session policy and the identity policy', () => {
    assert.equal(decide(asSession('mobiletargeting:GetApp'), [identityAllow, sessionGet]), 'allowed');
    assert.equal(decide(asSession('mobiletargeting:DeleteApp'), [identityAllow, sessionGet]), 'implicitDeny');
    assert.equal(decide(asSession('mobiletargeting:GetApp'), [sessionGet]), 'implicitDeny');
  });

  test('allowed lists the session and identity statements that matched', () => {
    const d = evaluate(asSession('mobiletargeting:GetApp'), [identityAllow, sessionGet]);
    assert.deepEqual(d.matched, [
      { sourceId: 'role', statementIndex: 0, effect: 'Allow' },
      { sourceId: 'session', statementIndex: 0, effect: 'Allow' },
    ]);
  });

  test('a resource-based policy naming the role is still limited by the session policy', () => {
    const rp = src('rp', 'resource', { Effect: 'Allow', Principal: { AWS: SESSION.roleArn }, Action: '*', Resource: '*' });
    assert.equal(decide(asSession('mobiletargeting:DeleteApp'), [rp, sessionGet]), 'implicitDeny');
    assert.equal(decide(asSession('mobiletargeting:GetApp'), [rp, sessionGet]), 'allowed');
  });

  test('a resource-based policy naming the exact session ARN is not limited by the session policy', () => {
    const rp = src('rp', 'resource', { Effect: 'Allow', Principal: { AWS: SESSION.arn }, Action: '*', Resource: '*' });
    assert.equal(decide(asSession('mobiletargeting:DeleteApp'), [rp, sessionGet]), 'allowed');
  });

  test('a Deny in a session policy is an explicit deny', () => {
    const sessionDeny = src('session', 'session', [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'mobiletargeting:GetApp', Resource: '*' },
    ]);
    assert.deepEqual(evaluate(asSession('mobiletargeting:GetApp'), [identityAllow, sessionDeny]), {
      decision: 'explicitDeny',
      matched: [{ sourceId: 'session', statementIndex: 1, effect: 'Deny' }],
    });
  });

  test('without session policies the identity policy alone decides', () => {
    assert.equal(decide(asSession('mobiletargeting:DeleteApp'), [identityAllow]), 'allowed');
  });
});

describe('a realistic user: ten policies of ten statements', () => {
  test('decides the same way however the sources are ordered', () => {
    const sources: PolicySource[] = [];
    for (let p = 0; p < 10; p++) {
      const statements = [];
      for (let s = 0; s < 10; s++) {
        statements.push({
          Sid: `P${p}S${s}`,
          Effect: p === 9 && s === 9 ? 'Deny' : 'Allow',
          Action: [`mobiletargeting:Get*`, `mobiletargeting:Update${s}*`],
          Resource: `arn:aws:mobiletargeting:*:${ACCT}:apps/\${aws:username}-${p}${s}*`,
          Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/team}' } },
        });
      }
      sources.push(src(`p${p}`, 'identity', statements));
    }
    const keys = { 'aws:username': 'alice', 'aws:sourceip': '10.1.1.1', 'aws:principaltag/team': 'red' };
    const at = (suffix: string): AuthorizationQuery => query({ resource: `arn:aws:mobiletargeting:us-east-1:${ACCT}:apps/alice-${suffix}`, keys });
    assert.deepEqual(evaluate(at('37x'), sources).matched, [{ sourceId: 'p3', statementIndex: 7, sid: 'P3S7', effect: 'Allow' }]);
    assert.equal(decide(at('99'), sources), 'explicitDeny');
    assert.equal(decide(at('99'), [...sources].reverse()), 'explicitDeny');
    assert.equal(decide(at('x'), sources), 'implicitDeny');
    assert.equal(decide({ ...at('12'), context: { keys: new Map(Object.entries({ ...keys, 'aws:sourceip': '11.0.0.1' })) } }, sources), 'implicitDeny');
  });
});
