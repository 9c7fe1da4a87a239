import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { appArn, parseArn, parseTaggableResource, pinpointArnPrefix } from './arn.ts';

describe('appArn', () => {
  test('builds the mobiletargeting app ARN for the tenant', () => {
    assert.equal(appArn({ accountId: '123456789012', region: 'eu-west-1' }, 'abc'), 'arn:aws:mobiletargeting:eu-west-1:123456789012:apps/abc');
    assert.ok(appArn({ accountId: '1', region: 'r' }, 'x').startsWith(pinpointArnPrefix));
  });
});

describe('parseArn', () => {
  test('splits the six parts', () => {
    assert.deepEqual(parseArn('arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc'), {
      partition: 'aws',
      service: 'mobiletargeting',
      region: 'us-east-1',
      accountId: '123456789012',
      resource: 'apps/abc',
    });
  });

  test('a resource may contain colons; region and account may be empty', () => {
    assert.deepEqual(parseArn('arn:aws:iam::123456789012:role/a:b'), {
      partition: 'aws',
      service: 'iam',
      region: '',
      accountId: '123456789012',
      resource: 'role/a:b',
    });
    assert.equal(parseArn('arn:aws:s3:::bucket/key')?.resource, 'bucket/key');
    assert.equal(parseArn('arn:aws-cn:sms-voice:cn-north-1:1:pool/p:x')?.resource, 'pool/p:x');
  });

  test('refuses what is not an ARN', () => {
    for (const bad of ['', 'apps/abc', 'arn:aws:mobiletargeting:us-east-1:1', 'urn:aws:s3:::b', 'arn::s3:::b', 'arn:aws::r:1:x', 'arn:aws:s3:r:1:']) {
      assert.equal(parseArn(bad), undefined, bad);
    }
  });
});

describe('parseTaggableResource', () => {
  test('apps, campaigns, segments, journeys and templates', () => {
    assert.deepEqual(parseTaggableResource('apps/a1'), { kind: 'app', appId: 'a1' });
    assert.deepEqual(parseTaggableResource('apps/a1/campaigns/c1'), { kind: 'campaign', appId: 'a1', id: 'c1' });
    assert.deepEqual(parseTaggableResource('apps/a1/segments/s1'), { kind: 'segment', appId: 'a1', id: 's1' });
    assert.deepEqual(parseTaggableResource('apps/a1/journeys/j1'), { kind: 'journey', appId: 'a1', id: 'j1' });
    assert.deepEqual(parseTaggableResource('templates/welcome/EMAIL'), { kind: 'template', name: 'welcome', type: 'EMAIL' });
    assert.deepEqual(parseTaggableResource('templates/t/INAPP'), { kind: 'template', name: 't', type: 'INAPP' });
  });

  test('anything else is not taggable', () => {
    for (const bad of ['apps', 'apps/', 'apps/a1/', 'apps/a1/endpoints/e1', 'apps/a1/campaigns', 'apps/a1/campaigns/c1/versions/1', 'templates/t/email', 'templates/t/FAX', 'segments/s1']) {
      assert.equal(parseTaggableResource(bad), undefined, bad);
    }
  });
});
