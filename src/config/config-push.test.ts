import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './config.ts';
import { refuses } from '../../test/helpers/config-refusal.ts';

describe('push settings', () => {
  test('defaults: the simulator, the public endpoints of Apple, Google, Baidu and Amazon, 25000 a second', () => {
    assert.deepEqual(loadConfig({}).messaging.push, {
      mode: 'simulator',
      apnsEndpoint: 'https://api.push.apple.com',
      apnsSandboxEndpoint: 'https://api.sandbox.push.apple.com',
      fcmEndpoint: 'https://fcm.googleapis.com',
      fcmLegacyEndpoint: 'https://fcm.googleapis.com/fcm/send',
      fcmTokenEndpoint: undefined,
      baiduEndpoint: 'https://api.tuisong.baidu.com/rest/3.0',
      admEndpoint: 'https://api.amazon.com',
      admTokenEndpoint: 'https://api.amazon.com/auth/O2/token',
      perSecond: 25_000,
    });
  });

  test('PINION_PUSH=live and overridden endpoints are taken, normalized', () => {
    const push = loadConfig({
      PINION_PUSH: 'LIVE',
      PINION_APNS_ENDPOINT: 'https://127.0.0.1:8443/',
      PINION_APNS_SANDBOX_ENDPOINT: 'https://localhost:8444',
      PINION_FCM_ENDPOINT: 'https://127.0.0.1:9443/fcm/',
      PINION_FCM_LEGACY_ENDPOINT: 'https://127.0.0.1:9443/fcm/send',
      PINION_FCM_TOKEN_ENDPOINT: 'https://127.0.0.1:9443/token',
      PINION_BAIDU_ENDPOINT: 'http://127.0.0.1:9000/rest/3.0/',
      PINION_ADM_ENDPOINT: 'https://127.0.0.1:9001',
      PINION_ADM_TOKEN_ENDPOINT: 'https://127.0.0.1:9001/auth/o2/token',
      PINION_PUSH_MAX_PER_SECOND: '10',
    }).messaging.push;
    assert.equal(push.mode, 'live');
    assert.equal(push.apnsEndpoint, 'https://127.0.0.1:8443');
    assert.equal(push.apnsSandboxEndpoint, 'https://localhost:8444');
    assert.equal(push.fcmEndpoint, 'https://127.0.0.1:9443/fcm');
    assert.equal(push.fcmLegacyEndpoint, 'https://127.0.0.1:9443/fcm/send');
    assert.equal(push.fcmTokenEndpoint, 'https://127.0.0.1:9443/token');
    assert.equal(push.baiduEndpoint, 'http://127.0.0.1:9000/rest/3.0');
    assert.equal(push.admEndpoint, 'https://127.0.0.1:9001');
    assert.equal(push.admTokenEndpoint, 'https://127.0.0.1:9001/auth/o2/token');
    assert.equal(push.perSecond, 10);
    assert.ok(Object.isFrozen(push));
  });

  test('bad values are refused with the variable named', () => {
    refuses({ PINION_PUSH: 'on' }, /^PINION_PUSH must be simulator or live, got 'on'$/);
    refuses({ PINION_APNS_ENDPOINT: 'api.push.apple.com' }, /^PINION_APNS_ENDPOINT must be an https:\/\/ URL such as https:\/\/api\.push\.apple\.com:443$/);
    refuses({ PINION_APNS_ENDPOINT: 'https://apns.example/3/device' }, /^PINION_APNS_ENDPOINT must be a scheme, host and port only \(APNs paths are fixed\), got the path \/3\/device$/);
    refuses({ PINION_FCM_ENDPOINT: 'ftp://fcm.example' }, /^PINION_FCM_ENDPOINT must be an https:\/\/ \(or http:\/\/\) URL, got a ftp: URL$/);
    refuses({ PINION_ADM_TOKEN_ENDPOINT: 'https://user:secret@adm.example/token' }, /^PINION_ADM_TOKEN_ENDPOINT must not carry credentials in the URL$/);
    refuses({ PINION_FCM_TOKEN_ENDPOINT: 'https://token.example/?a=1' }, /^PINION_FCM_TOKEN_ENDPOINT must not have a query or fragment$/);
    refuses({ PINION_PUSH_MAX_PER_SECOND: '0' }, /^PINION_PUSH_MAX_PER_SECOND must be a whole number of messages per second from 1 to 1000000, got '0'$/);
  });

  test('a credential in a refused URL is never repeated in the error', () => {
    refuses({ PINION_ADM_ENDPOINT: 'https://user:hunter2@adm.example/' }, /^(?!.*hunter2)/);
    refuses({ PINION_ADM_ENDPOINT: 'https://user:hunter2@[bad/' }, /^PINION_ADM_ENDPOINT must be an https:\/\/ URL such as https:\/\/api\.amazon\.com$/);
  });
});
