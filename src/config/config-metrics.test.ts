import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './config.ts';
import { refuses } from '../../test/helpers/config-refusal.ts';

describe('metrics settings', () => {
  test('no token by default: /metrics is open', () => {
    assert.equal(loadConfig({}).metricsToken, undefined);
  });

  test('PINION_METRICS_TOKEN is kept as given', () => {
    assert.equal(loadConfig({ PINION_METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken, 'scrape-token-0123456789');
  });

  test('a short token, or one with spaces, is refused without being quoted', () => {
    const message = /^PINION_METRICS_TOKEN must be 16 to 512 printable ASCII characters without spaces$/;
    refuses({ PINION_METRICS_TOKEN: 'too-short' }, message);
    refuses({ PINION_METRICS_TOKEN: 'has a space in the middle' }, message);
    refuses({ PINION_METRICS_TOKEN: 'x'.repeat(513) }, message);
  });
});
