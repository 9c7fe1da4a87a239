import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePieces } from './policy-variables.ts';
import { compileActionPattern, compilePattern, matchesGlob, regexCacheSize } from './wildcard.ts';

describe('action patterns (case-insensitive)', () => {
  const rows: readonly [pattern: string, action: string, expected: boolean][] = [
    ['mobiletargeting:GetApp', 'mobiletargeting:GetApp', true],
    ['mobiletargeting:getapp', 'MobileTargeting:GETAPP', true],
    ['mobiletargeting:Get*', 'mobiletargeting:GetApps', true],
    ['mobiletargeting:Get*', 'mobiletargeting:getendpoint', true],
    ['mobiletargeting:Get*', 'mobiletargeting:UpdateApp', false],
    ['mobiletargeting:*', 'mobiletargeting:DeleteApp', true],
    ['mobiletargeting:*', 'sms-voice:SendVoiceMessage', false],
    ['mobiletargeting:Get?pp', 'mobiletargeting:GetApp', true],
    ['mobiletargeting:Get?pp', 'mobiletargeting:GetAApp', false],
    ['mobiletargeting:*Segment*', 'mobiletargeting:CreateSegment', true],
    ['mobiletargeting:*Segment*', 'mobiletargeting:GetSegmentVersions', true],
    ['mobiletargeting:*Segment', 'mobiletargeting:GetSegments', false],
    ['*', 'iam:CreateUser', true],
    ['mobiletargeting:Get*Endpoint?', 'mobiletargeting:GetUserEndpoints', true],
    ['mobiletargeting:Get*Endpoint?', 'mobiletargeting:GetUserEndpoint', false],
  ];
  for (const [pattern, action, expected] of rows) {
    test(`${pattern} vs ${action} → ${expected}`, () => {
      assert.equal(compileActionPattern(pattern)(action.toLowerCase()), expected);
    });
  }
});

describe('ARN patterns (case-sensitive, segment-aware)', () => {
  const app = 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc';
  const rows: readonly [pattern: string, arn: string, expected: boolean][] = [
    ['*', app, true],
    [app, app, true],
    ['arn:aws:mobiletargeting:us-east-1:123456789012:apps/ABC', app, false],
    ['arn:aws:mobiletargeting:*:123456789012:apps/*', app, true],
    ['arn:aws:mobiletargeting:*:*:*', app, true],
    ['arn:aws:mobiletargeting:us-east-?:123456789012:apps/abc', app, true],
    ['arn:aws:mobiletargeting:us-east-?:123456789012:apps/abc', 'arn:aws:mobiletargeting:us-east-10:123456789012:apps/abc', false],
    // A wildcard in region does not cross into account: pattern has too few segments.
    ['arn:aws:mobiletargeting:*:apps/abc', app, false],
    ['arn:aws:mobiletargeting:us-*:apps/abc', app, false],
    // The resource part: * crosses / and :.
    ['arn:aws:mobiletargeting:*:123456789012:*', app, true],
    ['arn:aws:mobiletargeting:*:123456789012:apps/*', 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc/segments/s:1', true],
    ['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/path/r', true],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:role/r', true],
    ['arn:aws:iam::*:role/*', 'arn:aws:iam:us-east-1:123456789012:role/r', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b.txt', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:s3:::*/key', 'arn:aws:s3:::bucket/key', true],
    ['arn:aws:s3:::b?cket', 'arn:aws:s3:::bucket', true],
    ['arn:aws:mobiletargeting:*:123456789012:apps/abc', '*', false],
    // Regex metacharacters in the pattern are literal.
    ['arn:aws:s3:::a.b(c)+', 'arn:aws:s3:::a.b(c)+', true],
    ['arn:aws:s3:::a.b*', 'arn:aws:s3:::axb', false],
  ];
  for (const [pattern, arn, expected] of rows) {
    test(`${pattern} vs ${arn} → ${expected}`, () => {
      assert.equal(matchesGlob(pattern, arn, 'arn'), expected);
    });
  }
});

describe('plain patterns', () => {
  test('* crosses everything, ? is exactly one character, including newlines', () => {
    assert.equal(matchesGlob('a*z', 'a:/\nz', 'plain'), true);
    assert.equal(matchesGlob('a?z', 'a\nz', 'plain'), true);
    assert.equal(matchesGlob('a?z', 'az', 'plain'), false);
    assert.equal(matchesGlob('*', '', 'plain'), true);
    assert.equal(matchesGlob('', '', 'plain'), true);
    assert.equal(matchesGlob('', 'x', 'plain'), false);
  });
});

describe('patterns with variables', () => {
  const keys = (username: string | undefined): Map<string, string> => new Map(username === undefined ? [] : [['aws:username', username]]);
  const resource = compilePattern(
    parsePieces('arn:aws:mobiletargeting:*:123456789012:apps/${aws:username}-*', { wildcards: true, variables: true }),
    'arn',
  );

  test('substitutes per request', () => {
    assert.equal(resource('arn:aws:mobiletargeting:us-east-1:123456789012:apps/alice-1', keys('alice')), true);
    assert.equal(resource('arn:aws:mobiletargeting:us-east-1:123456789012:apps/alice-1', keys('bob')), false);
    assert.equal(resource('arn:aws:mobiletargeting:us-east-1:123456789012:apps/bob-1', keys('bob')), true);
  });

  test('an unresolved variable makes the entry match nothing', () => {
    assert.equal(resource('arn:aws:mobiletargeting:us-east-1:123456789012:apps/-1', keys(undefined)), false);
  });

  test('substituted wildcard characters are literal', () => {
    assert.equal(resource('arn:aws:mobiletargeting:us-east-1:123456789012:apps/al-1', keys('a*')), false);
    assert.equal(resource('arn:aws:mobiletargeting:us-east-1:123456789012:apps/a*-1', keys('a*')), true);
    assert.equal(resource('arn:aws:mobiletargeting:us-east-1:123456789012:apps/ab-1', keys('a?')), false);
  });

  test('a variable cannot move a wildcard out of its ARN segment', () => {
    const regional = compilePattern(parsePieces('arn:aws:sns:${aws:PrincipalTag/region}*:1:t', { wildcards: true, variables: true }), 'arn');
    const tag = (region: string): Map<string, string> => new Map([['aws:principaltag/region', region]]);
    assert.equal(regional('arn:aws:sns:eu-west-1:1:t', tag('eu-')), true);
    assert.equal(regional('arn:aws:sns:eu-west-1:extra:1:t', tag('eu-')), false);
  });

  test('the cache of substituted tests stays bounded', () => {
    const like = compilePattern(parsePieces('x/${aws:username}/*', { wildcards: true, variables: true }), 'plain');
    for (let i = 0; i < 2000; i++) assert.equal(like(`x/u${i}/y`, keys(`u${i}`)), true);
    assert.ok(regexCacheSize() <= 512, `cache size ${regexCacheSize()}`);
  });
});

describe('crafted patterns cannot make matching explode', () => {
  // A backtracking RegExp needs minutes to hours for these; the glob matcher is linear-ish. The
  // timeout only stops a regression from hanging the suite.
  test('many stars against a long run of the same character', { timeout: 10_000 }, () => {
    const long = 'a'.repeat(5000);
    assert.equal(matchesGlob('a*a*a*a*a*a*a*a*b', long, 'plain'), false);
    assert.equal(matchesGlob(`arn:aws:s3:::a*a*a*a*a*a*b`, `arn:aws:s3:::${long}`, 'arn'), false);
    assert.equal(matchesGlob(`arn:aws:s3:::a*a*a*a*a*a*b`, `arn:aws:s3:::${long}b`, 'arn'), true);
    assert.equal(matchesGlob('*?*?*?*?*?*x', long, 'plain'), false);
  });

  test('segment rules still hold with several wildcards on each side of the fifth colon', () => {
    const pattern = 'arn:aws:mobiletargeting:*-*-?:1234*:apps/*/segments/*';
    assert.equal(matchesGlob(pattern, 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/x/segments/y', 'arn'), true);
    assert.equal(matchesGlob(pattern, 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/x:y/segments/z:w', 'arn'), true);
    // A region wildcard may not swallow a colon and shift the account into the region.
    assert.equal(matchesGlob('arn:aws:mobiletargeting:*:apps/*', 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/x', 'arn'), false);
    assert.equal(matchesGlob('arn:aws:*', 'arn:aws:mobiletargeting', 'arn'), true);
    assert.equal(matchesGlob('arn:aws:*', 'arn:aws:mobiletargeting:us-east-1', 'arn'), false);
  });
});
