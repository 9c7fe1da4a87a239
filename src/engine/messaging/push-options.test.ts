import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pushOptionsOf } from './push-options.ts';

describe('push options from the platform message', () => {
  test('APNs members, the template filling Sound and MediaUrl', () => {
    const options = pushOptionsOf(
      { APNSMessage: { Badge: 3, Priority: '5', TimeToLive: 60, CollapseId: 'c', ThreadId: 't', Category: 'cat', APNSPushType: 'background', PreferredAuthenticationMethod: 'CERTIFICATE' } },
      'APNS_SANDBOX',
      { Sound: 'ping', MediaUrl: 'https://m' },
    );
    assert.deepEqual(options, { sound: 'ping', badge: 3, priority: '5', timeToLive: 60, collapseKey: 'c', threadId: 't', category: 'cat', pushType: 'background', mediaUrl: 'https://m', preferredAuthenticationMethod: 'CERTIFICATE' });
  });

  test('GCM, ADM (ExpiresAfter in seconds) and Baidu members; a platform without any is undefined', () => {
    assert.deepEqual(pushOptionsOf({ GCMMessage: { CollapseKey: 'k', RestrictedPackageName: 'p', Sound: 's' } }, 'GCM', undefined), { sound: 's', collapseKey: 'k', restrictedPackageName: 'p' });
    assert.deepEqual(pushOptionsOf({ ADMMessage: { ExpiresAfter: '600', ConsolidationKey: 'k', MD5: 'abc' } }, 'ADM', undefined), { timeToLive: 600, collapseKey: 'k', md5: 'abc' });
    assert.deepEqual(pushOptionsOf({ ADMMessage: { ExpiresAfter: 'soon' } }, 'ADM', undefined), undefined);
    assert.deepEqual(pushOptionsOf({ BaiduMessage: { TimeToLive: 30 } }, 'BAIDU', undefined), { timeToLive: 30 });
    assert.equal(pushOptionsOf({ APNSMessage: { Sound: 'x' } }, 'GCM', undefined), undefined);
    assert.equal(pushOptionsOf({}, 'CUSTOM', undefined), undefined);
  });
});
