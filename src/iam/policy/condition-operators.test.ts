import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileConditionEntry, parseOperatorName } from './condition-operators.ts';

type Keys = Record<string, string | string[]>;
type Row = readonly [operator: string, key: string, values: string | readonly string[], keys: Keys, expected: boolean];

/** Evaluates one condition entry against a request context (keys given as written; lowercased here like the pipeline does). */
function check(operator: string, key: string, values: string | readonly string[], keys: Keys, variables = true): boolean {
  const entry = compileConditionEntry(operator, key, typeof values === 'string' ? [values] : values, variables);
  if (!entry.ok) throw new Error(entry.message);
  const map = new Map(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), v]));
  return entry.value.condition.test(map);
}

function runTable(rows: readonly Row[]): void {
  for (const [operator, key, values, keys, expected] of rows) {
    test(`${operator} ${key}=${JSON.stringify(values)} with ${JSON.stringify(keys)} → ${expected}`, () => {
      assert.equal(check(operator, key, values, keys), expected);
    });
  }
}

const NONE: Keys = {};

describe('string operators', () => {
  runTable([
    // User Guide: StringEquals aws:PrincipalTag/job-category = iamuser-admin.
    ['StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', { 'aws:PrincipalTag/job-category': 'iamuser-admin' }, true],
    ['StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' }, false],
    ['StringEquals', 'aws:username', 'johndoe', { 'aws:username': 'JohnDoe' }, false],
    ['StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', NONE, false],
    // Multiple values are ORed.
    ['StringEquals', 'aws:RequestedRegion', ['us-east-1', 'eu-west-1'], { 'aws:RequestedRegion': 'eu-west-1' }, true],
    ['StringEquals', 'aws:RequestedRegion', ['us-east-1', 'eu-west-1'], { 'aws:RequestedRegion': 'ap-south-1' }, false],
    // Case-insensitive key names (condition key written in mixed case, request key lowercased).
    ['StringEquals', 'AWS:RequestedREGION', 'us-east-1', { 'aws:requestedregion': 'us-east-1' }, true],
    ['StringNotEquals', 'aws:RequestedRegion', ['us-east-1', 'eu-west-1'], { 'aws:RequestedRegion': 'ap-south-1' }, true],
    ['StringNotEquals', 'aws:RequestedRegion', ['us-east-1', 'eu-west-1'], { 'aws:RequestedRegion': 'us-east-1' }, false],
    // Negated operator with a missing key is true.
    ['StringNotEquals', 'aws:RequestedRegion', 'us-east-1', NONE, true],
    ['StringEqualsIgnoreCase', 'aws:username', 'JohnDoe', { 'aws:username': 'johndoe' }, true],
    ['StringEqualsIgnoreCase', 'aws:username', 'JohnDoe', { 'aws:username': 'janedoe' }, false],
    ['StringEqualsIgnoreCase', 'aws:username', 'JohnDoe', NONE, false],
    ['StringNotEqualsIgnoreCase', 'aws:username', 'JohnDoe', { 'aws:username': 'JOHNDOE' }, false],
    ['StringNotEqualsIgnoreCase', 'aws:username', 'JohnDoe', { 'aws:username': 'jane' }, true],
    ['StringNotEqualsIgnoreCase', 'aws:username', 'JohnDoe', NONE, true],
    // StringLike: * and ? wildcards, case-sensitive.
    ['StringLike', 's3:prefix', ['', 'home/', 'home/*'], { 's3:prefix': 'home/alice/docs' }, true],
    ['StringLike', 's3:prefix', ['', 'home/', 'home/*'], { 's3:prefix': '' }, true],
    ['StringLike', 's3:prefix', 'home/*', { 's3:prefix': 'Home/alice' }, false],
    ['StringLike', 'aws:PrincipalTag/team', 'te?m', { 'aws:PrincipalTag/team': 'team' }, true],
    ['StringLike', 'aws:PrincipalTag/team', 'te?m', { 'aws:PrincipalTag/team': 'teaam' }, false],
    ['StringLike', 'aws:PrincipalTag/team', '*a*', { 'aws:PrincipalTag/team': 'x:a/y' }, true],
    ['StringLike', 'aws:PrincipalTag/team', 'a*', NONE, false],
    ['StringNotLike', 'aws:PrincipalTag/team', 'a*', { 'aws:PrincipalTag/team': 'abc' }, false],
    ['StringNotLike', 'aws:PrincipalTag/team', 'a*', { 'aws:PrincipalTag/team': 'bcd' }, true],
    ['StringNotLike', 'aws:PrincipalTag/team', 'a*', NONE, true],
  ]);
});

describe('numeric operators', () => {
  runTable([
    // User Guide: NumericLessThanEquals s3:max-keys 10.
    ['NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '10' }, true],
    ['NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '11' }, false],
    ['NumericLessThanEquals', 's3:max-keys', '10', NONE, false],
    ['NumericEquals', 's3:max-keys', '10', { 's3:max-keys': '10.0' }, true],
    ['NumericEquals', 's3:max-keys', '10', { 's3:max-keys': '1e1' }, true],
    ['NumericEquals', 's3:max-keys', '10', { 's3:max-keys': 'ten' }, false],
    ['NumericEquals', 's3:max-keys', ['5', '10'], { 's3:max-keys': '5' }, true],
    ['NumericNotEquals', 's3:max-keys', ['5', '10'], { 's3:max-keys': '5' }, false],
    ['NumericNotEquals', 's3:max-keys', ['5', '10'], { 's3:max-keys': '7' }, true],
    ['NumericNotEquals', 's3:max-keys', '5', NONE, true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': '3599' }, true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': '3600' }, false],
    ['NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': '3600.5' }, true],
    ['NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': '3600' }, false],
    ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '-1.5', { 'aws:MultiFactorAuthAge': '-1.5' }, true],
    ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '-1.5', { 'aws:MultiFactorAuthAge': '-2' }, false],
  ]);
});

describe('date operators', () => {
  runTable([
    // User Guide: DateGreaterThan aws:TokenIssueTime 2020-01-01T00:00:01Z.
    ['DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2020-01-01T00:00:02Z' }, true],
    ['DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' }, false],
    ['DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', NONE, false],
    ['DateGreaterThanEquals', 'aws:CurrentTime', '2020-01-01T00:00:01Z', { 'aws:CurrentTime': '2020-01-01T00:00:01Z' }, true],
    ['DateLessThan', 'aws:CurrentTime', '2019-06-30T00:00:00Z', { 'aws:CurrentTime': '2019-06-29T23:59:59Z' }, true],
    ['DateLessThan', 'aws:CurrentTime', '2019-06-30T00:00:00Z', { 'aws:CurrentTime': '2019-06-30T00:00:00Z' }, false],
    ['DateLessThanEquals', 'aws:CurrentTime', '2019-06-30', { 'aws:CurrentTime': '2019-06-30T00:00:00Z' }, true],
    // Zones and fractions.
    ['DateEquals', 'aws:CurrentTime', '2020-01-01T01:00:00+01:00', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, true],
    ['DateEquals', 'aws:CurrentTime', '2020-01-01T00:00:00.000Z', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, true],
    // Epoch seconds on either side.
    ['DateEquals', 'aws:EpochTime', '1577836800', { 'aws:EpochTime': '2020-01-01T00:00:00Z' }, true],
    ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '1577836801' }, true],
    ['DateEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': 'yesterday' }, false],
    ['DateNotEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2020-01-02T00:00:00Z' }, true],
    ['DateNotEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, false],
    ['DateNotEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', NONE, true],
  ]);
});

describe('Bool, BinaryEquals, Null', () => {
  runTable([
    // User Guide: Bool aws:SecureTransport true.
    ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'true' }, true],
    ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'false' }, false],
    ['Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'FALSE' }, true],
    ['Bool', 'aws:SecureTransport', 'false', NONE, false],
    ['Bool', 'aws:MultiFactorAuthPresent', 'true', { 'aws:MultiFactorAuthPresent': 'yes' }, false],
    // User Guide: BinaryEquals key QmluYXJ5VmFsdWVJbkJhc2U2NA==.
    ['BinaryEquals', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, true],
    ['BinaryEquals', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA' }, true],
    ['BinaryEquals', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { key: 'T3RoZXI=' }, false],
    ['BinaryEquals', 'key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', NONE, false],
    // User Guide: Null aws:TokenIssueTime true → the key is absent (long-term credentials).
    ['Null', 'aws:TokenIssueTime', 'true', NONE, true],
    ['Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, false],
    ['Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, true],
    ['Null', 'aws:TokenIssueTime', 'false', NONE, false],
    ['Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] }, true],
    ['Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': ['a'] }, true],
    ['Null', 'aws:ResourceTag/owner', 'false', { 'aws:resourcetag/owner': '' }, true],
  ]);
});

describe('IP address operators', () => {
  runTable([
    // User Guide: IpAddress aws:SourceIp 203.0.113.0/24 and IPv6 2001:DB8:1234:5678::/64.
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.77' }, true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.114.1' }, false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', NONE, false],
    ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }, true],
    ['IpAddress', 'aws:SourceIp', '2001:DB8:1234:5678::/64', { 'aws:SourceIp': '2001:db8:1234:5679::1' }, false],
    ['IpAddress', 'aws:SourceIp', '10.1.2.3', { 'aws:SourceIp': '10.1.2.3' }, true],
    ['IpAddress', 'aws:SourceIp', '10.1.2.3', { 'aws:SourceIp': '10.1.2.4' }, false],
    ['IpAddress', 'aws:SourceIp', '2001:db8::1', { 'aws:SourceIp': '2001:db8::1' }, true],
    ['IpAddress', 'aws:SourceIp', '2001:db8::1', { 'aws:SourceIp': '2001:db8::2' }, false],
    ['IpAddress', 'aws:SourceIp', '10.0.0.1/8', { 'aws:SourceIp': '10.255.0.1' }, true],
    ['IpAddress', 'aws:SourceIp', '0.0.0.0/0', { 'aws:SourceIp': '192.0.2.1' }, true],
    ['IpAddress', 'aws:SourceIp', '0.0.0.0/0', { 'aws:SourceIp': '2001:db8::1' }, false],
    // IPv4-mapped IPv6 request addresses are IPv4.
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '::ffff:203.0.113.9' }, true],
    ['IpAddress', 'aws:SourceIp', '::ffff:203.0.113.0/120', { 'aws:SourceIp': '203.0.113.9' }, true],
    ['IpAddress', 'aws:SourceIp', '::/0', { 'aws:SourceIp': '203.0.113.9' }, true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': 'not-an-ip' }, false],
    ['NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24', '203.0.113.0/24'], { 'aws:SourceIp': '198.51.100.1' }, true],
    ['NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24', '203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.1' }, false],
    ['NotIpAddress', 'aws:SourceIp', '192.0.2.0/24', NONE, true],
  ]);
});

describe('ARN operators', () => {
  const topic = 'arn:aws:sns:us-east-1:123456789012:my-topic';
  runTable([
    ['ArnEquals', 'aws:SourceArn', topic, { 'aws:SourceArn': topic }, true],
    ['ArnEquals', 'aws:SourceArn', topic, { 'aws:SourceArn': topic.toUpperCase() }, false],
    // ArnEquals and ArnLike both take wildcards per segment.
    ['ArnEquals', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:my-topic', { 'aws:SourceArn': topic }, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-?:123456789012:*', { 'aws:SourceArn': topic }, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', { 'aws:SourceArn': 'arn:aws:sns:us-east-1:999999999999:my-topic' }, false],
    // A wildcard in the region segment does not swallow the account segment.
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:my-topic', { 'aws:SourceArn': topic }, false],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:iam::123456789012:role/*', { 'aws:SourceArn': 'arn:aws:iam::123456789012:role/a/b:c' }, true],
    ['ArnLike', 'aws:SourceArn', '*', { 'aws:SourceArn': topic }, true],
    ['ArnLike', 'aws:SourceArn', topic, NONE, false],
    ['ArnNotEquals', 'aws:SourceArn', topic, { 'aws:SourceArn': topic }, false],
    ['ArnNotEquals', 'aws:SourceArn', topic, { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:other' }, true],
    ['ArnNotEquals', 'aws:SourceArn', topic, NONE, true],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', { 'aws:SourceArn': topic }, false],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', { 'aws:SourceArn': 'arn:aws:sqs:us-east-1:123456789012:q' }, true],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', NONE, true],
  ]);
});

describe('...IfExists', () => {
  runTable([
    ['StringEqualsIfExists', 'ec2:InstanceType', ['t1.*', 't2.micro'], NONE, true],
    ['StringEqualsIfExists', 'ec2:InstanceType', 't2.micro', { 'ec2:InstanceType': 't2.micro' }, true],
    ['StringEqualsIfExists', 'ec2:InstanceType', 't2.micro', { 'ec2:InstanceType': 'm5.large' }, false],
    ['StringNotEqualsIfExists', 'ec2:InstanceType', 't2.micro', { 'ec2:InstanceType': 't2.micro' }, false],
    ['StringNotEqualsIfExists', 'ec2:InstanceType', 't2.micro', NONE, true],
    ['StringLikeIfExists', 'ec2:InstanceType', 't2.*', { 'ec2:InstanceType': 'm5.large' }, false],
    ['StringLikeIfExists', 'ec2:InstanceType', 't2.*', NONE, true],
    ['StringEqualsIgnoreCaseIfExists', 'aws:username', 'BOB', NONE, true],
    ['NumericLessThanIfExists', 's3:max-keys', '10', NONE, true],
    ['NumericLessThanIfExists', 's3:max-keys', '10', { 's3:max-keys': '20' }, false],
    ['DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', NONE, true],
    ['DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', { 'aws:TokenIssueTime': '2021-01-01T00:00:00Z' }, false],
    ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', NONE, true],
    ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', { 'aws:MultiFactorAuthPresent': 'false' }, false],
    ['BinaryEqualsIfExists', 'key', 'QQ==', NONE, true],
    ['IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', NONE, true],
    ['IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '11.0.0.1' }, false],
    ['NotIpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '10.0.0.1' }, false],
    ['ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:sns:*:*:*', NONE, true],
    ['ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:sns:*:*:*', { 'aws:SourceArn': 'arn:aws:sqs:r:1:q' }, false],
    ['ArnNotLikeIfExists', 'aws:SourceArn', 'arn:aws:sns:*:*:*', { 'aws:SourceArn': 'arn:aws:sns:r:1:t' }, false],
  ]);
});

describe('set operators ForAllValues / ForAnyValue', () => {
  runTable([
    // User Guide: ForAllValues:StringEquals aws:TagKeys [environment, cost-center].
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['environment', 'cost-center'], { 'aws:TagKeys': ['environment'] }, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['environment', 'cost-center'], { 'aws:TagKeys': ['environment', 'cost-center'] }, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['environment', 'cost-center'], { 'aws:TagKeys': ['environment', 'owner'] }, false],
    // Missing key or empty set: ForAllValues is true.
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['environment'], NONE, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['environment'], { 'aws:TagKeys': [] }, true],
    ['ForAllValues:StringLike', 'aws:TagKeys', 'key1*', { 'aws:TagKeys': ['key1a', 'key1b'] }, true],
    ['ForAllValues:StringLike', 'aws:TagKeys', 'key1*', { 'aws:TagKeys': ['key1a', 'key2'] }, false],
    // ForAnyValue: one member suffices; missing or empty is false.
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['environment', 'cost-center'], { 'aws:TagKeys': ['owner', 'environment'] }, true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['environment', 'cost-center'], { 'aws:TagKeys': ['owner'] }, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['environment'], NONE, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['environment'], { 'aws:TagKeys': [] }, false],
    ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['environment'], NONE, true],
    // Negated operators under a set operator apply per request value.
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'b'] }, true],
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'secret'] }, false],
    ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['secret', 'a'] }, true],
    ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['secret'] }, false],
    // A single-valued request key is a one-element set.
    ['ForAnyValue:StringEquals', 'aws:PrincipalTag/team', ['red'], { 'aws:PrincipalTag/team': 'red' }, true],
    ['ForAllValues:NumericLessThan', 'x:sizes', '10', { 'x:sizes': ['1', '9'] }, true],
    ['ForAllValues:NumericLessThan', 'x:sizes', '10', { 'x:sizes': ['1', '19'] }, false],
    ['ForAnyValue:IpAddress', 'x:ips', '10.0.0.0/8', { 'x:ips': ['192.0.2.1', '10.9.9.9'] }, true],
    ['ForAnyValue:ArnLike', 'x:arns', 'arn:aws:iam::*:role/admin', { 'x:arns': ['arn:aws:iam::1:role/user', 'arn:aws:iam::1:role/admin'] }, true],
    // Without a set operator: positive = any request value matches, negated = none matches.
    ['StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'a'] }, true],
    ['StringNotEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'a'] }, false],
    ['StringNotEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'c'] }, true],
    ['StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] }, false],
    ['StringNotEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] }, true],
  ]);
});

describe('policy variables in condition values', () => {
  const keys = { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red', 'aws:ResourceTag/owner': 'alice' };
  runTable([
    ['StringEquals', 'aws:ResourceTag/owner', '${aws:username}', keys, true],
    ['StringEquals', 'aws:ResourceTag/owner', '${aws:username}', { ...keys, 'aws:username': 'bob' }, false],
    ['StringEquals', 'aws:ResourceTag/owner', '${aws:PrincipalTag/owner, \'alice\'}', keys, true],
    ['StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home/alice/x' }, false], // aws:username missing → value unresolved
    ['StringLike', 's3:prefix', 'home/${aws:username}/*', { ...keys, 's3:prefix': 'home/alice/x' }, true],
    ['StringLike', 's3:prefix', 'home/${aws:username}/*', { ...keys, 's3:prefix': 'home/bob/x' }, false],
    // A substituted value is literal: '*' in a username is not a wildcard.
    ['StringLike', 's3:prefix', 'home/${aws:username}', { 'aws:username': 'a*', 's3:prefix': 'home/abc' }, false],
    ['StringLike', 's3:prefix', 'home/${aws:username}', { 'aws:username': 'a*', 's3:prefix': 'home/a*' }, true],
    // Unresolved values of a negated operator match nothing, so "not equal to any" holds.
    ['StringNotEquals', 'aws:ResourceTag/owner', '${aws:userid}', keys, true],
    ['StringEqualsIgnoreCase', 'aws:ResourceTag/owner', '${aws:username}', { ...keys, 'aws:ResourceTag/owner': 'ALICE' }, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:iam::*:user/${aws:username}', { ...keys, 'aws:SourceArn': 'arn:aws:iam::1:user/alice' }, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:iam::*:user/${aws:username}', { ...keys, 'aws:SourceArn': 'arn:aws:iam::1:user/bob' }, false],
    // Escapes: ${*} is a literal star even in StringLike.
    ['StringLike', 'x:v', 'a${*}b', { 'x:v': 'a*b' }, true],
    ['StringLike', 'x:v', 'a${*}b', { 'x:v': 'axxb' }, false],
    ['StringLike', 'x:v', 'cost${?}', { 'x:v': 'cost?' }, true],
    ['StringEquals', 'x:v', '${$}{aws:username}', { ...keys, 'x:v': '${aws:username}' }, true],
  ]);

  test('Version 2008-10-17 (variables off) compares the text literally', () => {
    assert.equal(check('StringEquals', 'aws:ResourceTag/owner', '${aws:username}', keys, false), false);
    assert.equal(check('StringEquals', 'x:v', '${aws:username}', { ...keys, 'x:v': '${aws:username}' }, false), true);
  });
});

describe('compile-time validation and operator names', () => {
  const malformedRows: readonly [string, string, string, string][] = [
    ['StringEqualz', 'aws:username', 'x', 'Unknown condition operator: StringEqualz'],
    ['NullIfExists', 'aws:username', 'true', 'Unknown condition operator: NullIfExists'],
    ['ForSomeValues:StringEquals', 'aws:username', 'x', 'Unknown condition operator: ForSomeValues:StringEquals'],
    ['NumericLessThan', 's3:max-keys', 'ten', 'Condition value ten for NumericLessThan (key s3:max-keys) is not a number.'],
    ['DateLessThan', 'aws:CurrentTime', '2020-13-01', 'Condition value 2020-13-01 for DateLessThan (key aws:CurrentTime) is not an ISO 8601 date or epoch time.'],
    ['DateLessThan', 'aws:CurrentTime', '2021-02-30', 'Condition value 2021-02-30 for DateLessThan (key aws:CurrentTime) is not an ISO 8601 date or epoch time.'],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/33', 'Condition value 10.0.0.0/33 for IpAddress (key aws:SourceIp) is not an IP address or CIDR block.'],
    ['NotIpAddress', 'aws:SourceIp', '300.1.1.1', 'Condition value 300.1.1.1 for NotIpAddress (key aws:SourceIp) is not an IP address or CIDR block.'],
    ['Bool', 'aws:SecureTransport', 'yes', 'Condition value yes for Bool (key aws:SecureTransport) must be true or false.'],
    ['BinaryEquals', 'key', 'not base64!', 'Condition value not base64! for BinaryEquals (key key) is not base64.'],
    ['Null', 'aws:TokenIssueTime', 'maybe', 'Condition value maybe for Null (key aws:TokenIssueTime) must be true or false.'],
  ];
  for (const [operator, key, value, message] of malformedRows) {
    test(`${operator} ${value} is refused`, () => {
      const entry = compileConditionEntry(operator, key, [value], true);
      assert.deepEqual(entry, { ok: false, message });
    });
  }

  test('operator names are case-insensitive, set prefixes and IfExists included', () => {
    const parsed = parseOperatorName('forallvalues:stringlikeifexists');
    assert.equal(parsed?.spec.name, 'StringLike');
    assert.equal(parsed?.setModifier, 'ForAllValues');
    assert.equal(parsed?.ifExists, true);
    assert.equal(check('stringequals', 'aws:username', 'a', { 'aws:username': 'a' }), true);
    assert.equal(parseOperatorName('StringEquals')?.ifExists, false);
  });

  test('compiled entries report the keys they read, lowercased', () => {
    const entry = compileConditionEntry('StringEquals', 'aws:ResourceTag/Owner', ['${aws:PrincipalTag/Team}'], true);
    assert.ok(entry.ok);
    assert.deepEqual(entry.value.referencedKeys, ['aws:resourcetag/owner', 'aws:principaltag/team']);
  });
});
