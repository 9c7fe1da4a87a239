import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OutboundPush } from '../../transport.ts';
import { fcmLegacyBody, fcmV1Body } from './fcm-message.ts';

const base: OutboundPush = { messageId: 'm', channel: 'GCM', token: 'tok', title: 'T', body: 'B', channelSettings: {}, credentials: {} };
const v1 = (overrides: Partial<OutboundPush>) => JSON.parse(fcmV1Body({ ...base, ...overrides }) as string) as { message: Record<string, unknown> };

describe('FCM message bodies', () => {
  test('v1: images, icons and the restricted package; APNs priorities map to FCM ones', () => {
    assert.deepEqual(v1({ options: { priority: '5', imageUrl: 'https://i/p.png', iconReference: 'ic', restrictedPackageName: 'com.example' } }).message, {
      token: 'tok',
      notification: { title: 'T', body: 'B', image: 'https://i/p.png' },
      data: { 'pinpoint.notification.title': 'T', 'pinpoint.notification.body': 'B', 'pinpoint.notification.silentPush': '0', 'pinpoint.openApp': 'true', 'pinpoint.notification.imageUrl': 'https://i/p.png' },
      android: { priority: 'normal', restricted_package_name: 'com.example', notification: { icon: 'ic' } },
    });
  });

  test('v1 RawContent: SNS-style fcmV1Message wrapper; other targets never pass', () => {
    const raw = JSON.stringify({ fcmV1Message: { message: { condition: "'a' in topics", notification: { title: 'x' } } } });
    assert.deepEqual(v1({ rawContent: raw }).message, { token: 'tok', notification: { title: 'x' } });
    assert.deepEqual(fcmV1Body({ ...base, rawContent: 'nope' }), { problem: 'RawContent is not valid JSON (FCM takes a JSON object)' });
  });

  test('legacy: the endpoint token as `to`; a silent push sets content_available and has no notification', () => {
    const body = JSON.parse(fcmLegacyBody({ ...base, silentPush: true, options: { timeToLive: 99_999_999, collapseKey: 'c' } }) as string) as Record<string, unknown>;
    assert.deepEqual(body, { to: 'tok', data: { 'pinpoint.notification.title': 'T', 'pinpoint.notification.body': 'B', 'pinpoint.notification.silentPush': '1', 'pinpoint.openApp': 'true' }, time_to_live: 2_419_200, collapse_key: 'c', content_available: true });
    const raw = JSON.parse(fcmLegacyBody({ ...base, rawContent: '{"registration_ids":["x","y"],"data":{"a":"b"}}' }) as string) as Record<string, unknown>;
    assert.deepEqual(raw, { data: { a: 'b' }, to: 'tok' });
  });
});
