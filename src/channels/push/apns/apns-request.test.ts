import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OutboundPush } from '../../transport.ts';
import { uuidForm } from '../uuid-form.ts';
import { apnsPayload, buildApnsRequest } from './apns-request.ts';

const base: OutboundPush = {
  messageId: '0123456789abcdef0123456789abcdef',
  channel: 'APNS',
  token: 'a1b2c3',
  title: 'T',
  body: 'B',
  channelSettings: { BundleId: 'com.example.app' },
  credentials: {},
};

function request(overrides: Partial<OutboundPush>, now = 1_700_000_000_000) {
  const built = buildApnsRequest({ ...base, ...overrides }, now);
  assert.ok(!('problem' in built), JSON.stringify(built));
  return built;
}

describe('APNs request', () => {
  test('an alert: path, topic, push type, priority and apns-id from the message id', () => {
    assert.deepEqual(request({}).headers, {
      ':method': 'POST',
      ':path': '/3/device/a1b2c3',
      'content-type': 'application/json',
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-id': '01234567-89ab-cdef-0123-456789abcdef',
      'apns-topic': 'com.example.app',
    });
  });

  test('VoIP channels add .voip to the topic and use push type voip; no BundleId leaves the topic out', () => {
    const voip = request({ channel: 'APNS_VOIP_SANDBOX', silentPush: true }).headers;
    assert.equal(voip['apns-topic'], 'com.example.app.voip');
    assert.equal(voip['apns-push-type'], 'voip');
    assert.equal(voip['apns-priority'], '10');
    assert.equal(request({ channelSettings: {} }).headers['apns-topic'], undefined);
  });

  test('priority: background is always 5; 5 or normal lower an alert; a given push type is kept when Apple knows it', () => {
    assert.equal(request({ silentPush: true, options: { priority: '10' } }).headers['apns-priority'], '5');
    assert.equal(request({ options: { priority: 'normal' } }).headers['apns-priority'], '5');
    assert.equal(request({ options: { priority: '5' } }).headers['apns-priority'], '5');
    assert.equal(request({ options: { pushType: 'background' } }).headers['apns-push-type'], 'background');
    assert.equal(request({ options: { pushType: 'nonsense' } }).headers['apns-push-type'], 'alert');
  });

  test('expiration from TimeToLive (0 stays 0), collapse id at most 64 bytes', () => {
    assert.equal(request({ options: { timeToLive: 60 } }).headers['apns-expiration'], String(1_700_000_000 + 60));
    assert.equal(request({ options: { timeToLive: 0 } }).headers['apns-expiration'], '0');
    assert.equal(request({}).headers['apns-expiration'], undefined);
    assert.equal(request({ options: { collapseKey: 'c'.repeat(64) } }).headers['apns-collapse-id'], 'c'.repeat(64));
    assert.deepEqual(buildApnsRequest({ ...base, options: { collapseKey: 'é'.repeat(33) } }, 0), { problem: 'CollapseId must be at most 64 bytes (APNs apns-collapse-id)' });
  });

  test('tokens are escaped in the path', () => {
    assert.equal(request({ token: 'a/b c' }).headers[':path'], '/3/device/a%2Fb%20c');
  });
});

describe('APNs payload', () => {
  const payload = (overrides: Partial<OutboundPush>) => JSON.parse(apnsPayload({ ...base, ...overrides }) as string) as unknown;

  test('alert, sound, badge, category, thread id; data at the top level, never over aps', () => {
    assert.deepEqual(payload({ data: { aps: 'no', k: 'v' }, options: { sound: 's', badge: 0, category: 'c', threadId: 't' } }), {
      k: 'v',
      aps: { alert: { title: 'T', body: 'B' }, sound: 's', badge: 0, category: 'c', 'thread-id': 't' },
    });
  });

  test('silent: only content-available; links and media go where Amplify reads them', () => {
    assert.deepEqual(payload({ silentPush: true, options: { sound: 's', badge: 1 } }), { aps: { 'content-available': 1 } });
    assert.deepEqual(payload({ action: 'DEEP_LINK', url: 'app://x', options: { mediaUrl: 'https://m/p.png' } }), {
      data: { pinpoint: { deeplink: 'app://x' }, 'media-url': 'https://m/p.png' },
      aps: { alert: { title: 'T', body: 'B' }, 'mutable-content': 1 },
    });
    assert.deepEqual(payload({ action: 'OPEN_APP', url: 'app://x' }), { aps: { alert: { title: 'T', body: 'B' } } });
  });

  test('RawContent replaces the payload and must be a JSON object', () => {
    assert.deepEqual(payload({ rawContent: '{"aps":{"alert":"x"},"k":1}' }), { aps: { alert: 'x' }, k: 1 });
    assert.deepEqual(apnsPayload({ ...base, rawContent: '[1]' }), { problem: 'RawContent must be a JSON object (APNs takes a JSON object with an aps dictionary)' });
  });
});

describe('uuidForm', () => {
  test('32 hex digits keep their digits; other ids hash into the same form', () => {
    assert.equal(uuidForm('0123456789ABCDEF0123456789abcdef'), '01234567-89ab-cdef-0123-456789abcdef');
    assert.match(uuidForm('msg-1'), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(uuidForm('msg-1'), uuidForm('msg-1'));
    assert.notEqual(uuidForm('msg-1'), uuidForm('msg-2'));
  });
});
