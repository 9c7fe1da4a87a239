import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './config.ts';
import { refuses } from '../../test/helpers/config-refusal.ts';

describe('S3 and job settings', () => {
  test('defaults: the SDK endpoint, virtual-hosted style, no bucket open to jobs, a one-second poll', () => {
    const config = loadConfig({});
    assert.deepEqual(config.s3, { endpoint: undefined, forcePathStyle: false, allowedBuckets: [] });
    assert.equal(config.jobPollIntervalMs, 1000);
  });

  test('PINION_S3_BUCKETS lists buckets, or * opens any', () => {
    assert.deepEqual(loadConfig({ PINION_S3_BUCKETS: 'imports, exports.example' }).s3.allowedBuckets, ['imports', 'exports.example']);
    assert.equal(loadConfig({ PINION_S3_BUCKETS: '*' }).s3.allowedBuckets, undefined);
    refuses({ PINION_S3_BUCKETS: 'Imports' }, /^PINION_S3_BUCKETS must be comma-separated S3 bucket names \(or \* for any bucket\), got 'Imports'$/);
    refuses({ PINION_S3_BUCKETS: 'a..b' }, /got 'a\.\.b'/);
  });

  test('endpoint, path style and poll interval are checked', () => {
    const config = loadConfig({ PINION_AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569/', PINION_S3_FORCE_PATH_STYLE: 'TRUE', PINION_JOB_POLL_INTERVAL_MS: '100' });
    assert.equal(config.s3.endpoint, 'http://127.0.0.1:4569');
    assert.equal(config.s3.forcePathStyle, true);
    assert.equal(config.jobPollIntervalMs, 100);
    refuses({ PINION_S3_FORCE_PATH_STYLE: 'yes' }, /^PINION_S3_FORCE_PATH_STYLE must be true or false, got 'yes'$/);
    refuses({ PINION_AWS_ENDPOINT_URL_S3: 'ftp://x' }, /PINION_AWS_ENDPOINT_URL_S3 must be an http/);
    refuses({ PINION_JOB_POLL_INTERVAL_MS: '10' }, /^PINION_JOB_POLL_INTERVAL_MS must be a whole number of milliseconds from 50 to 60000, got '10'$/);
  });
});
