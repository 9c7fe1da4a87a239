import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from './config.ts';
import { refuses } from '../../test/helpers/config-refusal.ts';

describe('event stream settings', () => {
  test('defaults: SDK endpoints, 24 hours of retention, 1 s poll, 60 s backoff ceiling', () => {
    assert.deepEqual(loadConfig({}).eventStreams, { kinesisEndpoint: undefined, firehoseEndpoint: undefined, retentionHours: 24, pollIntervalMs: 1000, maxBackoffMs: 60_000, destinationAccounts: undefined });
  });

  test('takes the endpoints and numbers', () => {
    const config = loadConfig({
      PINION_AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:4567/',
      PINION_AWS_ENDPOINT_URL_FIREHOSE: ' https://firehose.internal.example:8443/base ',
      PINION_EVENT_STREAM_RETENTION_HOURS: '168',
      PINION_EVENT_STREAM_POLL_INTERVAL_MS: '250',
      PINION_EVENT_STREAM_MAX_BACKOFF_MS: '2000',
      PINION_EVENT_STREAM_ACCOUNTS: '111122223333, 444455556666',
    });
    assert.deepEqual(config.eventStreams, {
      kinesisEndpoint: 'http://127.0.0.1:4567',
      firehoseEndpoint: 'https://firehose.internal.example:8443/base',
      retentionHours: 168,
      pollIntervalMs: 250,
      maxBackoffMs: 2000,
      destinationAccounts: ['111122223333', '444455556666'],
    });
    assert.ok(Object.isFrozen(config.eventStreams));
  });

  test('bad endpoints are ConfigErrors naming the variable', () => {
    refuses({ PINION_AWS_ENDPOINT_URL_KINESIS: 'localhost:4567' }, /PINION_AWS_ENDPOINT_URL_KINESIS must be an http:\/\/ or https:\/\/ URL/);
    refuses({ PINION_AWS_ENDPOINT_URL_FIREHOSE: 'not a url' }, /PINION_AWS_ENDPOINT_URL_FIREHOSE must be an http/);
    refuses({ PINION_AWS_ENDPOINT_URL_KINESIS: 'ftp://host/' }, /got a ftp: URL/);
    refuses({ PINION_AWS_ENDPOINT_URL_KINESIS: 'http://key:secret@host/' }, /must not carry credentials/);
    refuses({ PINION_AWS_ENDPOINT_URL_KINESIS: 'http://host/?a=1' }, /query or fragment/);
  });

  test('numbers out of range or not whole are ConfigErrors naming the variable, range and value', () => {
    for (const text of ['0', '8761', '1.5', 'day', '-1']) {
      refuses({ PINION_EVENT_STREAM_RETENTION_HOURS: text }, new RegExp(`PINION_EVENT_STREAM_RETENTION_HOURS must be a whole number of hours from 1 to 8760, got '${text.replace('.', '\\.')}'`));
    }
    refuses({ PINION_EVENT_STREAM_POLL_INTERVAL_MS: '10' }, /PINION_EVENT_STREAM_POLL_INTERVAL_MS must be a whole number of milliseconds from 50 to 60000, got '10'/);
    refuses({ PINION_EVENT_STREAM_MAX_BACKOFF_MS: '99' }, /PINION_EVENT_STREAM_MAX_BACKOFF_MS must be a whole number of milliseconds from 100 to 3600000/);
  });

  test('destination accounts are 12-digit ids', () => {
    refuses({ PINION_EVENT_STREAM_ACCOUNTS: '1234' }, /PINION_EVENT_STREAM_ACCOUNTS must be comma-separated 12-digit AWS account ids, got '1234'/);
    refuses({ PINION_EVENT_STREAM_ACCOUNTS: '111122223333,x' }, /got 'x'/);
  });
});
