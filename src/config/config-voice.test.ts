import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refuses } from '../../test/helpers/config-refusal.ts';
import { voiceConfig } from './voice-config.ts';

describe('voice settings', () => {
  test('unset: the simulator, 20 calls a second', () => {
    assert.deepEqual(voiceConfig({}), { http: undefined, perSecond: 20 });
  });

  test('an https provider (or http on loopback) with an optional Authorization header', () => {
    assert.deepEqual(voiceConfig({ PINION_VOICE_HTTP_URL: 'https://voice.example.com/calls', PINION_VOICE_HTTP_AUTH_HEADER: 'Bearer t0k', PINION_VOICE_MAX_PER_SECOND: '5' }), {
      http: { url: 'https://voice.example.com/calls', authorization: 'Bearer t0k' },
      perSecond: 5,
    });
    assert.equal(voiceConfig({ PINION_VOICE_HTTP_URL: 'http://127.0.0.1:9000/calls' }).http?.url, 'http://127.0.0.1:9000/calls');
  });

  test('bad settings are refused, and the header is never repeated', () => {
    refuses({ PINION_VOICE_HTTP_URL: 'http://voice.example.com/calls' }, /^PINION_VOICE_HTTP_URL must be https:\/\/ \(plain http:\/\/ is allowed to a loopback address only/);
    refuses({ PINION_VOICE_HTTP_URL: 'https://u:p@voice.example.com/' }, /must not carry credentials: put them in PINION_VOICE_HTTP_AUTH_HEADER$/);
    refuses({ PINION_VOICE_HTTP_AUTH_HEADER: 'Bearer x' }, /^PINION_VOICE_HTTP_AUTH_HEADER needs PINION_VOICE_HTTP_URL$/);
    refuses({ PINION_VOICE_HTTP_URL: 'https://voice.example.com/', PINION_VOICE_HTTP_AUTH_HEADER: 'Bearer secret\u0007' }, /^PINION_VOICE_HTTP_AUTH_HEADER must be printable ASCII on one line \(for example: Bearer <token>\)$/);
    refuses({ PINION_VOICE_MAX_PER_SECOND: '0' }, /^PINION_VOICE_MAX_PER_SECOND must be a whole number of calls per second from 1 to 1000, got '0'$/);
  });
});
