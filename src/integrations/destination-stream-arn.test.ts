import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDestinationStreamArn } from './destination-stream-arn.ts';

describe('parseDestinationStreamArn', () => {
  test('Kinesis data streams and Firehose delivery streams', () => {
    assert.deepEqual(parseDestinationStreamArn('arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events'), {
      ok: true,
      stream: { kind: 'kinesis', arn: 'arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events', partition: 'aws', region: 'us-east-1', accountId: '123456789012', name: 'pinpoint-events' },
    });
    const firehose = parseDestinationStreamArn('arn:aws-cn:firehose:cn-north-1:210987654321:deliverystream/Events_2026.v1');
    assert.ok(firehose.ok);
    assert.equal(firehose.stream.kind, 'firehose');
    assert.equal(firehose.stream.region, 'cn-north-1');
    assert.equal(firehose.stream.name, 'Events_2026.v1');
    assert.ok(parseDestinationStreamArn(`arn:aws:kinesis:us-gov-west-1:123456789012:stream/${'a'.repeat(128)}`).ok);
  });

  const refused: [string, RegExp][] = [
    ['', /^DestinationStreamArn "" is not an ARN: expected a Kinesis data stream ARN/],
    ['pinpoint-events', /is not an ARN/],
    ['arn:aws:kinesis:us-east-1:123456789012', /is not an ARN/],
    ['arn:aws:kinesis:us-east-1:123456789012:stream/a:b', /is not an ARN/],
    ['arn:aws:s3:::bucket/key', /is an ARN of service "s3", not kinesis or firehose/],
    ['arn:aws:sqs:us-east-1:123456789012:queue', /service "sqs"/],
    ['arn:aws:kinesis:us-east-1:123456789012:deliverystream/x', /names a kinesis resource that is not a Kinesis data stream \("deliverystream\/x"\); expected arn:aws:kinesis:us-east-1:123456789012:stream\/<stream name>/],
    ['arn:aws:firehose:us-east-1:123456789012:stream/x', /not a Firehose delivery stream/],
    ['arn:aws:kinesis:us-east-1:123456789012:stream/x/consumer/c:1', /is not an ARN|stream name/],
    ['arn:aws:kinesis::123456789012:stream/x', /has no region/],
    ['arn:aws:kinesis:mars:123456789012:stream/x', /region "mars", which is not a region name/],
    ['arn:aws:kinesis:us-east-1:1234:stream/x', /account id "1234"; expected 12 digits/],
    ['arn:aws:kinesis:us-east-1::stream/x', /account id ""/],
    ['arn:gcp:kinesis:us-east-1:123456789012:stream/x', /partition "gcp"/],
    ['arn:aws:kinesis:us-east-1:123456789012:stream/', /stream name ""; a Kinesis data stream name is 1 to 128/],
    ['arn:aws:kinesis:us-east-1:123456789012:stream/has space', /stream name "has space"/],
    [`arn:aws:kinesis:us-east-1:123456789012:stream/${'a'.repeat(129)}`, /1 to 128/],
    [`arn:aws:firehose:us-east-1:123456789012:deliverystream/${'a'.repeat(65)}`, /a Firehose delivery stream name is 1 to 64/],
  ];
  for (const [arn, message] of refused) {
    test(`refuses ${JSON.stringify(arn.slice(0, 70))}, naming the field and the problem`, () => {
      const parsed = parseDestinationStreamArn(arn);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) {
        assert.match(parsed.problem, /^DestinationStreamArn /);
        assert.match(parsed.problem, message);
      }
    });
  }

  test('a huge value is cut in the message', () => {
    const parsed = parseDestinationStreamArn('x'.repeat(100_000));
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.ok(parsed.problem.length < 1000);
  });
});
