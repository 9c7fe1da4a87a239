import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeEndpoint } from '../endpoints/merge-endpoint.ts';
import { appEventProblems } from './app-event.ts';
import { buildEventRecord, eventRecordJson } from './event-record.ts';

const at = '2026-11-23T10:00:00.000Z';

describe('appEventProblems', () => {
  test('a plain custom event passes', () => {
    assert.deepEqual(appEventProblems({ EventType: 'cart.add', Timestamp: at, Attributes: { sku: 'a' }, Metrics: { n: 1 } }), []);
  });
  test('each limit is named', () => {
    const problems = appEventProblems({
      EventType: 'e'.repeat(51),
      Timestamp: 'now',
      Attributes: { ...Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`a${i}`, 'v'])), long: 'v'.repeat(1001) },
      Metrics: Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`m${i}`, i])),
    }).join('\n');
    assert.match(problems, /EventType: can be at most 50 characters/);
    assert.match(problems, /Timestamp: 'now' is not an ISO-8601 date-time/);
    assert.match(problems, /Attributes: an event can have at most 40 attributes, got 42/);
    assert.match(problems, /Attributes\.long: values can be at most 1000 characters/);
    assert.match(problems, /Metrics: an event can have at most 40 metrics, got 41/);
  });
  test('session events need a Session; purchases a currency code', () => {
    assert.match(appEventProblems({ EventType: '_session.start', Timestamp: at }).join(), /Session: is required for _session\.start events/);
    assert.deepEqual(appEventProblems({ EventType: '_session.start', Timestamp: at, Session: { Id: 's', StartTimestamp: at } }), []);
    assert.match(appEventProblems({ EventType: '_monetization.purchase', Timestamp: at, Attributes: { _currency: 'usd' } }).join(), /_currency: must be an ISO 4217 currency code/);
  });
});

describe('buildEventRecord', () => {
  test('the Pinpoint event-stream record of an app event', () => {
    const endpoint = mergeEndpoint(undefined, 'e1', { ChannelType: 'APNS', Address: 'tok', Demographic: { Locale: 'en_US', Make: 'Apple', Model: 'iPhone', Platform: 'ios', PlatformVersion: '17' } }, at);
    const record = buildEventRecord({
      accountId: '123456789012',
      appId: 'app',
      endpoint,
      event: { EventType: '_session.stop', Timestamp: '2026-11-23T10:05:00.000Z', AppPackageName: 'com.x', SdkName: 'amplify', ClientSdkVersion: '6', Session: { Id: 's1', StartTimestamp: at } },
      arrivalTimestamp: 1,
    });
    assert.deepEqual(record, {
      event_type: '_session.stop',
      event_timestamp: Date.parse('2026-11-23T10:05:00.000Z'),
      arrival_timestamp: 1,
      event_version: '3.1',
      application: { app_id: 'app', package_name: 'com.x', sdk: { name: 'amplify', version: '6' } },
      client: { client_id: 'e1' },
      device: { locale: { code: 'en_US', language: 'en', country: 'US' }, make: 'Apple', model: 'iPhone', platform: { name: 'ios', version: '17' } },
      attributes: {},
      metrics: {},
      endpoint,
      awsAccountId: '123456789012',
      session: { session_id: 's1', start_timestamp: Date.parse(at), stop_timestamp: Date.parse('2026-11-23T10:05:00.000Z'), duration: 300_000 },
    });
    assert.deepEqual(JSON.parse(eventRecordJson(record)), JSON.parse(JSON.stringify(record)));
    assert.deepEqual(JSON.parse(eventRecordJson({ ...record, endpoint: { Id: 'bare' } })).endpoint, { Id: 'bare' });
  });
});
