import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseS3Url, s3Arn } from './s3-access.ts';

describe('parseS3Url', () => {
  test('splits bucket and key or prefix', () => {
    assert.deepEqual(parseS3Url('s3://my.bucket-1/pre/fix'), { bucket: 'my.bucket-1', key: 'pre/fix' });
    assert.deepEqual(parseS3Url('s3://bucket'), { bucket: 'bucket', key: '' });
    assert.deepEqual(parseS3Url('s3://bucket/'), { bucket: 'bucket', key: '' });
    assert.deepEqual(parseS3Url('s3://bucket/a..b/c'), { bucket: 'bucket', key: 'a..b/c' }, 'dots in keys are keys');
  });

  test('refuses what is not an s3:// URL of a valid bucket name', () => {
    for (const url of ['https://bucket/x', 's3://', 's3://ab/x', 's3://Bucket/x', 's3://a..b/x', 's3://-bucket/x', `s3://${'a'.repeat(64)}/x`]) {
      assert.equal(parseS3Url(url), undefined, url);
    }
  });

  test('names buckets and objects as IAM policies do', () => {
    assert.equal(s3Arn('bucket'), 'arn:aws:s3:::bucket');
    assert.equal(s3Arn('bucket', 'Exports/a.gz'), 'arn:aws:s3:::bucket/Exports/a.gz');
  });
});
