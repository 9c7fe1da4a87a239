import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConditionKeys } from './condition-context.ts';
import type { AssumedRolePrincipal, UserPrincipal } from './principal.ts';
import { rootPrincipal } from './principal.ts';

const now = new Date('2026-11-23T17:05:09.876Z');
const base = { now, sourceIp: '203.0.113.7', secureTransport: false, requestedRegion: 'eu-west-1' };
const alice: UserPrincipal = { kind: 'user', accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/ops/alice', userId: 'AIDAALICE000000000001', userName: 'alice', tags: { Team: 'Growth' } };
const session: AssumedRolePrincipal = {
  kind: 'assumed-role',
  accountId: '123456789012',
  arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/ci',
  roleArn: 'arn:aws:iam::123456789012:role/Deployer',
  roleId: 'AROADEPLOYER000000001',
  roleName: 'Deployer',
  sessionName: 'ci',
  tags: { stage: 'prod' },
  transitiveTagKeys: [],
  sessionPolicy: undefined,
  sourceIdentity: 'bob',
  issuedAt: new Date('2026-11-23T16:00:00.500Z'),
  expiresAt: new Date('2026-11-23T17:00:00Z'),
};

test('global keys of every request, times to the second', () => {
  const keys = buildConditionKeys({ ...base, principal: alice, userAgent: 'aws-cli/1.45' });
  assert.equal(keys.get('aws:currenttime'), '2026-11-23T17:05:09Z');
  assert.equal(keys.get('aws:epochtime'), '1795453509');
  assert.equal(keys.get('aws:sourceip'), '203.0.113.7');
  assert.equal(keys.get('aws:securetransport'), 'false');
  assert.equal(keys.get('aws:requestedregion'), 'eu-west-1');
  assert.equal(keys.get('aws:useragent'), 'aws-cli/1.45');
});

test('an IAM user: username, userid, principal ARN/account/type, tags with lowercased names; no token keys', () => {
  const keys = buildConditionKeys({ ...base, principal: alice });
  assert.equal(keys.get('aws:username'), 'alice');
  assert.equal(keys.get('aws:userid'), 'AIDAALICE000000000001');
  assert.equal(keys.get('aws:principalarn'), alice.arn);
  assert.equal(keys.get('aws:principalaccount'), '123456789012');
  assert.equal(keys.get('aws:principaltype'), 'User');
  assert.equal(keys.get('aws:principaltag/team'), 'Growth');
  assert.equal(keys.get('aws:tokenissuetime'), undefined);
  assert.equal(keys.get('aws:multifactorauthpresent'), undefined);
});

test('a GetSessionToken session of a user has a token issue time and MFA false', () => {
  const keys = buildConditionKeys({ ...base, principal: { ...alice, session: { issuedAt: new Date('2026-11-23T17:00:00.250Z'), expiresAt: now } } });
  assert.equal(keys.get('aws:tokenissuetime'), '2026-11-23T17:00:00Z');
  assert.equal(keys.get('aws:multifactorauthpresent'), 'false');
});

test('a role session: userid is role id and session, principal ARN is the role, no username', () => {
  const keys = buildConditionKeys({ ...base, principal: session });
  assert.equal(keys.get('aws:userid'), 'AROADEPLOYER000000001:ci');
  assert.equal(keys.get('aws:principalarn'), 'arn:aws:iam::123456789012:role/Deployer');
  assert.equal(keys.get('aws:principaltype'), 'AssumedRole');
  assert.equal(keys.get('aws:username'), undefined);
  assert.equal(keys.get('aws:principaltag/stage'), 'prod');
  assert.equal(keys.get('aws:sourceidentity'), 'bob');
  assert.equal(keys.get('aws:tokenissuetime'), '2026-11-23T16:00:00Z');
});

test('root: the account, type Account', () => {
  const keys = buildConditionKeys({ ...base, principal: rootPrincipal('123456789012') });
  assert.equal(keys.get('aws:userid'), '123456789012');
  assert.equal(keys.get('aws:principalarn'), 'arn:aws:iam::123456789012:root');
  assert.equal(keys.get('aws:principaltype'), 'Account');
});

test('resource and request tags, TagKeys from the tags or from the keys an untag names, extra keys lowercased', () => {
  const tagged = buildConditionKeys({ ...base, principal: alice, resourceTags: { Owner: 'alice' }, requestTags: { CostCenter: '42', env: 'dev' }, extra: { 'sts:ExternalId': 'x' } });
  assert.equal(tagged.get('aws:resourcetag/owner'), 'alice');
  assert.equal(tagged.get('aws:requesttag/costcenter'), '42');
  assert.deepEqual(tagged.get('aws:tagkeys'), ['CostCenter', 'env']);
  assert.equal(tagged.get('sts:externalid'), 'x');
  const untag = buildConditionKeys({ ...base, principal: alice, requestTagKeys: ['Owner'] });
  assert.deepEqual(untag.get('aws:tagkeys'), ['Owner']);
  assert.equal(untag.get('aws:resourcetag/owner'), undefined);
});

test('the time keys follow the clock from one second to the next', () => {
  const first = buildConditionKeys({ ...base, principal: alice });
  const later = buildConditionKeys({ ...base, now: new Date(now.getTime() + 1000), principal: alice });
  assert.equal(first.get('aws:epochtime'), '1795453509');
  assert.equal(later.get('aws:epochtime'), '1795453510');
  assert.equal(later.get('aws:currenttime'), '2026-11-23T17:05:10Z');
});
