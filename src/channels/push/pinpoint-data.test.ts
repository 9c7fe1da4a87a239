import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pinpointData } from './pinpoint-data.ts';

const base = { messageId: 'm', channel: 'GCM', token: 't', channelSettings: {}, credentials: {} };

test("Android data: Pinpoint's keys, the Context as pinpoint.<key> under them, the message's Data on top", () => {
  assert.deepEqual(pinpointData({ ...base, title: 'T', body: 'B', action: 'URL', url: 'https://x.example/', context: { campaign: 'spring', 'notification.title': 'not this' }, data: { sku: 'A-1', 'pinpoint.url': 'https://data.example/' } }), {
    'pinpoint.campaign': 'spring',
    'pinpoint.notification.title': 'T',
    'pinpoint.notification.body': 'B',
    'pinpoint.notification.silentPush': '0',
    'pinpoint.url': 'https://data.example/',
    sku: 'A-1',
  });
});

test('without a URL action the app opens; a silent push says so', () => {
  assert.deepEqual(pinpointData({ ...base, silentPush: true }), { 'pinpoint.notification.silentPush': '1', 'pinpoint.openApp': 'true' });
});
