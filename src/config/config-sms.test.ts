import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';
import { DEFAULT_SMS_REPLIES } from './sms-config.ts';
import { refuses } from '../../test/helpers/config-refusal.ts';

describe('SMS transport settings', () => {
  test('defaults: no transport (the simulator), 20 parts a second, the built-in keyword replies', () => {
    const sms = loadConfig({}).messaging.sms;
    assert.equal(sms.smpp, undefined);
    assert.equal(sms.http, undefined);
    assert.equal(sms.perSecond, 20);
    assert.deepEqual(sms.replies, DEFAULT_SMS_REPLIES);
  });

  test('PINION_SMPP_URL: system id, percent-decoded password, host, port, TLS; default ports 2775 and 3550', () => {
    const sms = loadConfig({
      PINION_SMPP_URL: 'smpp://pinion:p%40ss%3Aw0rd@smsc.example.com:2776',
      PINION_SMPP_SYSTEM_TYPE: 'VMA',
      PINION_SMPP_SOURCE_ADDRESS: '+15550001111',
      PINION_SMS_MAX_PER_SECOND: '50',
    }).messaging.sms;
    assert.deepEqual(sms.smpp, { host: 'smsc.example.com', port: 2776, tls: false, systemId: 'pinion', password: 'p@ss:w0rd', systemType: 'VMA', sourceAddress: '+15550001111' });
    assert.equal(sms.perSecond, 50);
    assert.equal(loadConfig({ PINION_SMPP_URL: 'smpp://id:pw@10.0.0.1' }).messaging.sms.smpp?.port, 2775);
    const secure = loadConfig({ PINION_SMPP_URL: 'ssmpp://id:pw@[::1]' }).messaging.sms.smpp;
    assert.equal(secure?.tls, true);
    assert.equal(secure?.port, 3550);
    assert.equal(secure?.host, '::1');
    assert.equal(loadConfig({ PINION_SMPP_URL: 'smpp://id:pw@h', PINION_SMPP_SOURCE_ADDRESS: 'ACME Ltd' }).messaging.sms.smpp?.sourceAddress, 'ACME Ltd');
  });

  test('a bad PINION_SMPP_URL is refused without repeating its password', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PINION_SMPP_URL: 'not a url s3cretpw' }, /^PINION_SMPP_URL must be a URL such as smpp:\/\//],
      [{ PINION_SMPP_URL: 'http://id:s3cretpw@host:2775' }, /^PINION_SMPP_URL must be an smpp:\/\/ or ssmpp:\/\/ URL, got a http: URL$/],
      [{ PINION_SMPP_URL: 'smpp://host:2775' }, /must carry the system_id/],
      [{ PINION_SMPP_URL: 'smpp://id:s3cretpw@host:2775/path' }, /^PINION_SMPP_URL must not have a path, query or fragment$/],
      [{ PINION_SMPP_URL: 'smpp://id:s3cretpw@host:2775?x=1' }, /must not have a path, query or fragment/],
      [{ PINION_SMPP_URL: 'smpp://a-very-long-system-id:s3cretpw@host' }, /system_id must be 1 to 15 printable ASCII characters/],
      [{ PINION_SMPP_URL: 'smpp://id:s3cret%E9@host' }, /badly percent-encoded/],
      [{ PINION_SMPP_URL: 'smpp://id:s3cretpw@host:99999' }, /must be a URL/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => loadConfig(env),
        (error) => {
          assert.ok(error instanceof ConfigError, String(error));
          assert.match(error.message, message);
          assert.doesNotMatch(error.message, /s3cret/);
          return true;
        },
      );
    }
  });

  test('SMPP options are checked, and need PINION_SMPP_URL', () => {
    refuses({ PINION_SMPP_URL: 'smpp://id:pw@h', PINION_SMPP_SYSTEM_TYPE: 'much-too-long-type' }, /^PINION_SMPP_SYSTEM_TYPE must be 1 to 12 printable ASCII characters, got 'much-too-long-type'$/);
    refuses({ PINION_SMPP_URL: 'smpp://id:pw@h', PINION_SMPP_SOURCE_ADDRESS: '+1555000111122223' }, /^PINION_SMPP_SOURCE_ADDRESS must be a phone number/);
    refuses({ PINION_SMPP_URL: 'smpp://id:pw@h', PINION_SMPP_SOURCE_ADDRESS: 'TwelveLetter' }, /alphanumeric sender id of up to 11 characters, got 'TwelveLetter'$/);
    refuses({ PINION_SMPP_SOURCE_ADDRESS: '+15550001111' }, /^PINION_SMPP_SOURCE_ADDRESS needs PINION_SMPP_URL$/);
    refuses({ PINION_SMPP_SYSTEM_TYPE: 'VMA' }, /^PINION_SMPP_SYSTEM_TYPE needs PINION_SMPP_URL$/);
    refuses({ PINION_SMS_MAX_PER_SECOND: '0' }, /^PINION_SMS_MAX_PER_SECOND must be a whole number of message parts per second from 1 to 10000, got '0'$/);
    refuses({ PINION_SMS_MAX_PER_SECOND: '2.5' }, /got '2\.5'/);
  });

  test('PINION_SMS_HTTP_URL: https anywhere, http only to loopback; the auth header is kept as given', () => {
    const sms = loadConfig({ PINION_SMS_HTTP_URL: 'https://gw.example.com/v1/sms?route=a', PINION_SMS_HTTP_AUTH_HEADER: 'Bearer xyz-123' }).messaging.sms;
    assert.deepEqual(sms.http, { url: 'https://gw.example.com/v1/sms?route=a', authorization: 'Bearer xyz-123' });
    assert.equal(sms.smpp, undefined);
    for (const url of ['http://127.0.0.1:8080/sms', 'http://localhost/sms', 'http://[::1]:9000/']) {
      assert.equal(loadConfig({ PINION_SMS_HTTP_URL: url }).messaging.sms.http?.authorization, undefined, url);
    }
    refuses({ PINION_SMS_HTTP_URL: 'http://gw.example.com/sms' }, /^PINION_SMS_HTTP_URL must be https:\/\/ \(plain http:\/\/ is allowed to a loopback address only/);
    refuses({ PINION_SMS_HTTP_URL: 'ftp://gw.example.com/' }, /^PINION_SMS_HTTP_URL must be an https:\/\/ URL, got a ftp: URL$/);
    refuses({ PINION_SMS_HTTP_URL: 'gw.example.com' }, /^PINION_SMS_HTTP_URL must be a URL/);
    refuses({ PINION_SMS_HTTP_URL: 'https://user:pw@gw.example.com/' }, /must not carry credentials: put them in PINION_SMS_HTTP_AUTH_HEADER$/);
    refuses({ PINION_SMS_HTTP_AUTH_HEADER: 'Bearer x' }, /^PINION_SMS_HTTP_AUTH_HEADER needs PINION_SMS_HTTP_URL$/);
    assert.throws(
      () => loadConfig({ PINION_SMS_HTTP_URL: 'https://gw.example.com/', PINION_SMS_HTTP_AUTH_HEADER: 'Bearer sekret\u0007' }),
      (error) => error instanceof ConfigError && /^PINION_SMS_HTTP_AUTH_HEADER must be printable ASCII on one line/.test(error.message) && !error.message.includes('sekret'),
    );
  });

  test('exactly one transport: SMPP and HTTP together are refused', () => {
    refuses({ PINION_SMPP_URL: 'smpp://id:pw@h', PINION_SMS_HTTP_URL: 'https://gw.example.com/' }, /^Set PINION_SMPP_URL or PINION_SMS_HTTP_URL, not both/);
  });

  test('keyword replies can be replaced, up to 1600 characters', () => {
    const replies = loadConfig({ PINION_SMS_STOP_REPLY: ' Bye. ', PINION_SMS_START_REPLY: 'Welcome back', PINION_SMS_HELP_REPLY: 'Call 555-0100' }).messaging.sms.replies;
    assert.deepEqual(replies, { stop: 'Bye.', start: 'Welcome back', help: 'Call 555-0100' });
    refuses({ PINION_SMS_HELP_REPLY: 'x'.repeat(1601) }, /^PINION_SMS_HELP_REPLY must be at most 1600 characters, got 1601$/);
  });

  test('the gateway events secret needs the gateway, and is checked without being repeated', () => {
    assert.equal(loadConfig({ PINION_SMS_HTTP_URL: 'https://gw.example.com/', PINION_SMS_HTTP_EVENTS_SECRET: 'events-secret-0123456' }).messaging.sms.httpEventsSecret, 'events-secret-0123456');
    assert.equal(loadConfig({}).messaging.sms.httpEventsSecret, undefined);
    refuses({ PINION_SMS_HTTP_EVENTS_SECRET: 'events-secret-0123456' }, /^PINION_SMS_HTTP_EVENTS_SECRET needs PINION_SMS_HTTP_URL$/);
    assert.throws(
      () => loadConfig({ PINION_SMS_HTTP_URL: 'https://gw.example.com/', PINION_SMS_HTTP_EVENTS_SECRET: 'short-sekret' }),
      (error) => error instanceof ConfigError && /^PINION_SMS_HTTP_EVENTS_SECRET must be 16 to 512 printable ASCII characters without spaces$/.test(error.message) && !error.message.includes('sekret'),
    );
  });
});
