import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel, loadServiceModels } from '../spec/load-models.ts';
import type { OperationModel, ServiceModel } from '../spec/service-model.ts';
import { bindingModel, jsonBindingModel } from '../../test/fixtures/models/binding-model.ts';
import type { ApiError } from './api-error.ts';
import { parseQueryString } from './query-string.ts';
import { readAwsJsonRequest, readRestJsonRequest } from './read-request.ts';
import type { ReadResult, WireRequest } from './read-request.ts';

const models = loadServiceModels();
const pinpoint = models.get('pinpoint')!;
const v1 = models.get('sms-voice')!;
const v2 = models.get('sms-voice-v2')!;
const binding = buildServiceModel('pinpoint', bindingModel());
const jsonBinding = buildServiceModel('sms-voice-v2', jsonBindingModel());

function op(service: ServiceModel, name: string): OperationModel {
  const found = service.operations.get(name);
  assert.ok(found, `no operation ${name}`);
  return found;
}

function wire(parts: { labels?: Record<string, string>; query?: string; headers?: Record<string, string>; body?: string | Buffer }): WireRequest {
  const body = parts.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(parts.body) ? parts.body : Buffer.from(parts.body);
  return { labels: parts.labels ?? {}, query: parseQueryString(parts.query ?? ''), headers: parts.headers ?? {}, body };
}

function ok(result: ReadResult): Record<string, unknown> {
  if (!result.ok) assert.fail(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.input;
}

function failed(result: ReadResult): ApiError {
  if (result.ok) assert.fail(`expected an error, got ${JSON.stringify(result.input)}`);
  return result.error;
}

const json = (value: unknown): string => JSON.stringify(value);

describe('readRestJsonRequest: header, headers-prefix, greedy label and blob payload', () => {
  const putObject = op(binding, 'PutObject');

  test('binds every location into the model member names', () => {
    const input = ok(
      readRestJsonRequest(
        putObject,
        wire({
          labels: { Bucket: 'b1', Key: 'dir/file name.txt' },
          headers: {
            'content-type': 'text/plain',
            'x-count': '-42',
            'x-flag': 'false',
            'x-since': 'Tue, 29 Apr 2014 18:30:38 GMT',
            'x-labels': 'a, b ,c',
            'x-meta-one': '1',
            'x-meta-two': 'zwei',
            'x-other': 'ignored',
          },
          body: Buffer.from([0, 1, 2, 255]),
        }),
      ),
    );
    assert.deepEqual(input, {
      Bucket: 'b1',
      Key: 'dir/file name.txt',
      ContentType: 'text/plain',
      Count: -42,
      Flag: false,
      Since: new Date('2014-04-29T18:30:38Z'),
      Labels: ['a', 'b', 'c'],
      Meta: { one: '1', two: 'zwei' },
      Body: Buffer.from([0, 1, 2, 255]),
    });
  });

  test('absent headers, prefix maps and an empty blob payload leave their members out', () => {
    const input = ok(readRestJsonRequest(putObject, wire({ labels: { Bucket: 'b', Key: 'k' } })));
    assert.deepEqual(input, { Bucket: 'b', Key: 'k' });
  });

  test('an ISO 8601 header timestamp is accepted too', () => {
    const input = ok(readRestJsonRequest(putObject, wire({ labels: { Bucket: 'b', Key: 'k' }, headers: { 'x-since': '2014-04-29T18:30:38Z' } })));
    assert.deepEqual(input.Since, new Date('2014-04-29T18:30:38Z'));
  });

  test('bad header scalars are all reported together', () => {
    const error = failed(
      readRestJsonRequest(
        putObject,
        wire({ labels: { Bucket: 'b', Key: 'k' }, headers: { 'x-count': 'five', 'x-flag': 'yes', 'x-since': 'yesterday' } }),
      ),
    );
    assert.equal(error.code, 'BadRequestException');
    assert.equal(error.status, 400);
    assert.equal(
      error.message,
      '3 validation errors detected: ' +
        "Value 'five' at 'Count' failed to satisfy constraint: Member must be an integer; " +
        "Value 'yes' at 'Flag' failed to satisfy constraint: Member must be a boolean; " +
        "Value 'yesterday' at 'Since' failed to satisfy constraint: Member must be a timestamp",
    );
  });

  test('a header integer outside 32 bits is refused', () => {
    const error = failed(readRestJsonRequest(putObject, wire({ labels: { Bucket: 'b', Key: 'k' }, headers: { 'x-count': '2147483648' } })));
    assert.match(error.message, /at 'Count' failed to satisfy constraint: Member must be a 32-bit integer/);
  });

  test('a blob payload longer than the shape allows is refused', () => {
    const error = failed(readRestJsonRequest(putObject, wire({ labels: { Bucket: 'b', Key: 'k' }, body: Buffer.alloc(17) })));
    assert.match(error.message, /^1 validation error detected: Value '\(binary\)' at 'Body' failed to satisfy constraint: Member must have length less than or equal to 16$/);
  });

  test('missing required labels are named', () => {
    const error = failed(readRestJsonRequest(putObject, wire({ labels: { Bucket: 'b' } })));
    assert.equal(error.message, "1 validation error detected: Value null at 'Key' failed to satisfy constraint: Member must not be null");
  });
});

describe('readRestJsonRequest: string payload and integer label', () => {
  const putText = op(binding, 'PutText');

  test('the whole body is the string member; the label is a number', () => {
    const input = ok(readRestJsonRequest(putText, wire({ labels: { Id: '7' }, body: '{"not":1' })));
    assert.deepEqual(input, { Id: 7, Text: '{"not":1' });
  });

  test('a non-numeric label and a missing required payload are both reported', () => {
    const error = failed(readRestJsonRequest(putText, wire({ labels: { Id: '7.5' } })));
    assert.equal(
      error.message,
      '2 validation errors detected: ' +
        "Value '7.5' at 'Id' failed to satisfy constraint: Member must be an integer; " +
        "Value null at 'Text' failed to satisfy constraint: Member must not be null",
    );
  });

  test('a string payload is checked against its length', () => {
    const error = failed(readRestJsonRequest(putText, wire({ labels: { Id: '1' }, body: 'x'.repeat(11) })));
    assert.match(error.message, /at 'Text' failed to satisfy constraint: Member must have length less than or equal to 10/);
  });
});

describe('readRestJsonRequest: timestamps, booleans, numbers and lists in uri and query', () => {
  const search = op(binding, 'Search');

  test('binds typed labels and query values, repeated keys into a list', () => {
    const input = ok(
      readRestJsonRequest(
        search,
        wire({
          labels: { When: '2020-01-02T03:04:05Z', On: 'true' },
          query: 'limit=100&id=1&id=2&id=3&since=1577934245&until=2020-01-02T03%3A04%3A05.123Z&ratio=0.5&color=GREEN',
        }),
      ),
    );
    assert.deepEqual(input, {
      When: new Date('2020-01-02T03:04:05Z'),
      On: true,
      Limit: 100,
      Ids: [1, 2, 3],
      Since: new Date(1577934245 * 1000),
      Until: new Date('2020-01-02T03:04:05.123Z'),
      Ratio: 0.5,
      Color: 'GREEN',
    });
  });

  test('a single repeated-key value is still a list', () => {
    const input = ok(readRestJsonRequest(search, wire({ labels: { When: '2020-01-02T03:04:05Z', On: 'false' }, query: 'id=9' })));
    assert.deepEqual(input.Ids, [9]);
    assert.equal(input.On, false);
  });

  test('every wrong value is reported, in one message', () => {
    const error = failed(
      readRestJsonRequest(
        search,
        wire({
          labels: { When: 'tuesday', On: 'yes' },
          query: 'limit=0&id=1&id=x&since=soon&until=2020-13-45&ratio=abc&color=BLUE',
        }),
      ),
    );
    assert.equal(error.code, 'BadRequestException');
    const expected = [
      "Value 'tuesday' at 'When' failed to satisfy constraint: Member must be a timestamp",
      "Value 'yes' at 'On' failed to satisfy constraint: Member must be a boolean",
      "Value '0' at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      "Value 'x' at 'Ids[1]' failed to satisfy constraint: Member must be an integer",
      "Value 'soon' at 'Since' failed to satisfy constraint: Member must be a timestamp",
      "Value '2020-13-45' at 'Until' failed to satisfy constraint: Member must be a timestamp",
      "Value 'abc' at 'Ratio' failed to satisfy constraint: Member must be a number",
      "Value 'BLUE' at 'Color' failed to satisfy constraint: Member must satisfy enum value set: [RED, GREEN]",
    ];
    assert.equal(error.message, `${expected.length} validation errors detected: ${expected.join('; ')}`);
  });

  test('numbers above the maximum are refused', () => {
    const error = failed(readRestJsonRequest(search, wire({ labels: { When: '2020-01-02T03:04:05Z', On: 'true' }, query: 'limit=101' })));
    assert.match(error.message, /Value '101' at 'Limit' failed to satisfy constraint: Member must have value less than or equal to 100/);
  });
});

describe('readRestJsonRequest: a map bound to the query string', () => {
  test('collects the query parameters into the map', () => {
    const filter = op(binding, 'Filter');
    const input = ok(readRestJsonRequest(filter, wire({ query: 'kind=a&x=1&y=two%20words&y=2' })));
    assert.equal(input.Kind, 'a');
    const params = input.Params as Record<string, string>;
    assert.equal(params.x, '1');
    assert.equal(params.y, 'two words');
  });

  test('with list values, keeps every repeated value', () => {
    const raw = bindingModel();
    raw.shapes.FilterInput!.members!.Params = { shape: 'StringListMap', location: 'querystring' };
    const filter = op(buildServiceModel('pinpoint', raw), 'Filter');
    const input = ok(readRestJsonRequest(filter, wire({ query: 'x=1&y=a&y=b' })));
    assert.deepEqual(input.Params, { x: ['1'], y: ['a', 'b'] });
  });
});

describe('readRestJsonRequest: body members', () => {
  const describeOp = op(binding, 'Describe');

  test('reads members by their wire name (locationName) and headers beside the body', () => {
    const input = ok(
      readRestJsonRequest(
        describeOp,
        wire({
          headers: { 'x-token': 'tok' },
          body: json({ name: 'abc', Color: 'RED', Count: 3, Small: Buffer.from('hey').toString('base64'), At: 1577934245.5, Ids: [1, 2], Unknown: true }),
        }),
      ),
    );
    assert.deepEqual(input, {
      Token: 'tok',
      Name: 'abc',
      Color: 'RED',
      Count: 3,
      Small: Buffer.from('hey'),
      At: new Date(1577934245500),
      Ids: [1, 2],
    });
  });

  test('the member name is not the wire name when a locationName is set', () => {
    const error = failed(readRestJsonRequest(describeOp, wire({ body: json({ Name: 'abc', Color: 'RED' }) })));
    assert.equal(error.message, "1 validation error detected: Value null at 'Name' failed to satisfy constraint: Member must not be null");
  });

  test('wrong types, lengths, ranges, enums and blobs are reported together', () => {
    const error = failed(
      readRestJsonRequest(
        describeOp,
        wire({ body: json({ name: 'a', Color: 'PURPLE', Count: 0, Small: Buffer.from('12345').toString('base64'), At: 'later', Ids: '1,2' }) }),
      ),
    );
    const expected = [
      "Value 'a' at 'Name' failed to satisfy constraint: Member must have length greater than or equal to 2",
      "Value 'PURPLE' at 'Color' failed to satisfy constraint: Member must satisfy enum value set: [RED, GREEN]",
      "Value '0' at 'Count' failed to satisfy constraint: Member must have value greater than or equal to 1",
      "Value '(binary)' at 'Small' failed to satisfy constraint: Member must have length less than or equal to 4",
      "Value 'later' at 'At' failed to satisfy constraint: Member must be a timestamp",
      "Value '1,2' at 'Ids' failed to satisfy constraint: Member must be a list",
    ];
    assert.equal(error.message, `${expected.length} validation errors detected: ${expected.join('; ')}`);
  });

  test('JSON numbers in strings and strings in numbers are type errors', () => {
    const error = failed(readRestJsonRequest(describeOp, wire({ body: json({ name: 42, Color: 'RED', Count: '3', Ids: [1.5] }) })));
    assert.match(error.message, /^3 validation errors detected: /);
    assert.match(error.message, /Value '42' at 'Name' failed to satisfy constraint: Member must be a string/);
    assert.match(error.message, /Value '3' at 'Count' failed to satisfy constraint: Member must be an integer/);
    assert.match(error.message, /Value '1.5' at 'Ids\[0\]' failed to satisfy constraint: Member must be an integer/);
  });

  test('invalid base64 is refused without echoing the bytes', () => {
    const error = failed(readRestJsonRequest(describeOp, wire({ body: json({ name: 'ab', Color: 'RED', Small: 'not base64!' }) })));
    assert.equal(
      error.message,
      "1 validation error detected: Value '(binary)' at 'Small' failed to satisfy constraint: Member must be base64-encoded binary",
    );
  });

  test('a string longer than the maximum is refused', () => {
    const error = failed(readRestJsonRequest(describeOp, wire({ body: json({ name: 'abcde', Color: 'RED' }) })));
    assert.match(error.message, /Value 'abcde' at 'Name' failed to satisfy constraint: Member must have length less than or equal to 4/);
  });

  test('lengths count characters, not UTF-16 units', () => {
    ok(readRestJsonRequest(describeOp, wire({ body: json({ name: '📨📨📨📨', Color: 'RED' }) })));
  });

  test('malformed JSON is a BadRequestException that says so', () => {
    const error = failed(readRestJsonRequest(describeOp, wire({ body: '{"name": "ab",' })));
    assert.equal(error.code, 'BadRequestException');
    assert.equal(error.status, 400);
    assert.match(error.message, /^Request body is not valid JSON: /);
  });

  test('a JSON array where an object belongs is refused', () => {
    const error = failed(readRestJsonRequest(describeOp, wire({ body: '[1, 2]' })));
    assert.match(error.message, /Value '\[1,2\]' at 'body' failed to satisfy constraint: Member must be a structure \(JSON object\)/);
  });
});

describe('readRestJsonRequest over real Pinpoint operations', () => {
  test('GetApps binds page-size and token from the query', () => {
    const input = ok(readRestJsonRequest(op(pinpoint, 'GetApps'), wire({ query: 'page-size=5&token=abc%3D%3D' })));
    assert.deepEqual(input, { PageSize: '5', Token: 'abc==' });
    assert.deepEqual(ok(readRestJsonRequest(op(pinpoint, 'GetApps'), wire({}))), {});
  });

  test('UntagResource reads tagKeys repeated into a list; + stays a plus', () => {
    const input = ok(
      readRestJsonRequest(
        op(pinpoint, 'UntagResource'),
        wire({ labels: { 'resource-arn': 'arn:aws:mobiletargeting:us-east-1:1:apps/a' }, query: 'tagKeys=a&tagKeys=b%20c&tagKeys=d+e' }),
      ),
    );
    assert.deepEqual(input, { ResourceArn: 'arn:aws:mobiletargeting:us-east-1:1:apps/a', TagKeys: ['a', 'b c', 'd+e'] });
  });

  test('UntagResource without tagKeys names the missing member', () => {
    const error = failed(readRestJsonRequest(op(pinpoint, 'UntagResource'), wire({ labels: { 'resource-arn': 'arn' } })));
    assert.equal(error.code, 'BadRequestException');
    assert.equal(error.message, "1 validation error detected: Value null at 'TagKeys' failed to satisfy constraint: Member must not be null");
  });

  test('TagResource reads the TagsModel payload with its `tags` wire name', () => {
    const input = ok(
      readRestJsonRequest(op(pinpoint, 'TagResource'), wire({ labels: { 'resource-arn': 'arn' }, body: json({ tags: { env: 'prod', team: '' } }) })),
    );
    assert.deepEqual(input, { ResourceArn: 'arn', TagsModel: { tags: { env: 'prod', team: '' } } });
  });

  test('TagResource with `Tags` instead of `tags` is missing its tags', () => {
    const error = failed(readRestJsonRequest(op(pinpoint, 'TagResource'), wire({ labels: { 'resource-arn': 'arn' }, body: json({ Tags: { a: 'b' } }) })));
    assert.equal(error.message, "1 validation error detected: Value null at 'TagsModel.tags' failed to satisfy constraint: Member must not be null");
  });

  test('TagResource with no body is missing its payload', () => {
    const error = failed(readRestJsonRequest(op(pinpoint, 'TagResource'), wire({ labels: { 'resource-arn': 'arn' } })));
    assert.equal(error.message, "1 validation error detected: Value null at 'TagsModel' failed to satisfy constraint: Member must not be null");
  });

  test('TagResource with a non-string tag value is a type error at its path', () => {
    const error = failed(readRestJsonRequest(op(pinpoint, 'TagResource'), wire({ labels: { 'resource-arn': 'arn' }, body: json({ tags: { a: 1 } }) })));
    assert.match(error.message, /Value '1' at 'TagsModel.tags.a' failed to satisfy constraint: Member must be a string/);
  });

  test('CreateApp reads CreateApplicationRequest as the payload', () => {
    const input = ok(readRestJsonRequest(op(pinpoint, 'CreateApp'), wire({ body: json({ Name: 'my app', tags: { k: 'v' } }) })));
    assert.deepEqual(input, { CreateApplicationRequest: { Name: 'my app', tags: { k: 'v' } } });
  });

  test('CreateApp without Name is a BadRequestException naming CreateApplicationRequest.Name', () => {
    const error = failed(readRestJsonRequest(op(pinpoint, 'CreateApp'), wire({ body: json({ tags: {} }) })));
    assert.equal(error.code, 'BadRequestException');
    assert.equal(error.status, 400);
    assert.equal(
      error.message,
      "1 validation error detected: Value null at 'CreateApplicationRequest.Name' failed to satisfy constraint: Member must not be null",
    );
  });

  test('CreateApp with a numeric Name is a type error', () => {
    const error = failed(readRestJsonRequest(op(pinpoint, 'CreateApp'), wire({ body: json({ Name: 5 }) })));
    assert.match(error.message, /Value '5' at 'CreateApplicationRequest.Name' failed to satisfy constraint: Member must be a string/);
  });

  test('CreateApp with malformed JSON is a BadRequestException', () => {
    const error = failed(readRestJsonRequest(op(pinpoint, 'CreateApp'), wire({ body: '{"Name":' })));
    assert.equal(error.code, 'BadRequestException');
    assert.equal(error.status, 400);
    assert.match(error.message, /not valid JSON/);
  });

  test('UpdateApplicationSettings reports nested wrong types with their full path', () => {
    const error = failed(
      readRestJsonRequest(
        op(pinpoint, 'UpdateApplicationSettings'),
        wire({ labels: { 'application-id': 'app' }, body: json({ Limits: { Daily: '10', Total: 5 }, CloudWatchMetricsEnabled: 'yes' }) }),
      ),
    );
    assert.match(error.message, /^2 validation errors detected: /);
    assert.match(error.message, /Value 'yes' at 'WriteApplicationSettingsRequest.CloudWatchMetricsEnabled' failed to satisfy constraint: Member must be a boolean/);
    assert.match(error.message, /Value '10' at 'WriteApplicationSettingsRequest.Limits.Daily' failed to satisfy constraint: Member must be an integer/);
  });

  test('GetApplicationDateRangeKpi reads ISO 8601 timestamps from the query', () => {
    const input = ok(
      readRestJsonRequest(
        op(pinpoint, 'GetApplicationDateRangeKpi'),
        wire({ labels: { 'application-id': 'a', 'kpi-name': 'email-open-rate' }, query: 'start-time=2019-07-19T20%3A00%3A00Z&end-time=2019-07-26T20:00:00.000Z' }),
      ),
    );
    assert.deepEqual(input.StartTime, new Date('2019-07-19T20:00:00Z'));
    assert.deepEqual(input.EndTime, new Date('2019-07-26T20:00:00Z'));
    const error = failed(
      readRestJsonRequest(
        op(pinpoint, 'GetApplicationDateRangeKpi'),
        wire({ labels: { 'application-id': 'a', 'kpi-name': 'k' }, query: 'start-time=last-week' }),
      ),
    );
    assert.match(error.message, /Value 'last-week' at 'StartTime' failed to satisfy constraint: Member must be a timestamp/);
  });

  test('SMS Voice v1 also answers BadRequestException', () => {
    const error = failed(readRestJsonRequest(op(v1, 'CreateConfigurationSet'), wire({ body: '{' })));
    assert.equal(error.code, 'BadRequestException');
    const typed = failed(readRestJsonRequest(op(v1, 'CreateConfigurationSet'), wire({ body: json({ ConfigurationSetName: ['x'] }) })));
    assert.match(typed.message, /at 'ConfigurationSetName' failed to satisfy constraint: Member must be a string/);
  });
});

describe('readAwsJsonRequest over SMS Voice v2', () => {
  test('reads a valid request', () => {
    const input = ok(
      readAwsJsonRequest(
        op(v2, 'SendTextMessage'),
        Buffer.from(json({ DestinationPhoneNumber: '+12065550100', MessageBody: 'hello', MessageType: 'TRANSACTIONAL', TimeToLive: 60, DryRun: true, Context: { a: 'b' } })),
      ),
    );
    assert.deepEqual(input, {
      DestinationPhoneNumber: '+12065550100',
      MessageBody: 'hello',
      MessageType: 'TRANSACTIONAL',
      TimeToLive: 60,
      DryRun: true,
      Context: { a: 'b' },
    });
  });

  test('an empty body is an empty input', () => {
    assert.deepEqual(ok(readAwsJsonRequest(op(v2, 'DescribeConfigurationSets'), Buffer.alloc(0))), {});
  });

  test('malformed JSON is a ValidationException with Reason CANNOT_PARSE', () => {
    const error = failed(readAwsJsonRequest(op(v2, 'SendTextMessage'), Buffer.from('{"DestinationPhoneNumber": ')));
    assert.equal(error.code, 'ValidationException');
    assert.equal(error.status, 400);
    assert.equal(error.extra?.Reason, 'CANNOT_PARSE');
    assert.match(error.message, /not valid JSON/);
  });

  test('an unknown enum value is refused with the allowed set', () => {
    const error = failed(readAwsJsonRequest(op(v2, 'SetDefaultMessageType'), Buffer.from(json({ ConfigurationSetName: 'cs', MessageType: 'URGENT' }))));
    assert.equal(error.code, 'ValidationException');
    assert.equal(
      error.message,
      "1 validation error detected: Value 'URGENT' at 'MessageType' failed to satisfy constraint: Member must satisfy enum value set: [TRANSACTIONAL, PROMOTIONAL]",
    );
    assert.equal(error.extra?.Reason, 'FIELD_VALIDATION_FAILED');
  });

  test('an over-long string is refused against the model maximum', () => {
    const error = failed(readAwsJsonRequest(op(v2, 'CreateConfigurationSet'), Buffer.from(json({ ConfigurationSetName: 'a'.repeat(65) }))));
    assert.match(error.message, /^1 validation error detected: Value 'a{64}…' at 'ConfigurationSetName' failed to satisfy constraint: Member must have length less than or equal to 64$/);
  });

  test('an empty string is refused against the model minimum', () => {
    const error = failed(readAwsJsonRequest(op(v2, 'CreateConfigurationSet'), Buffer.from(json({ ConfigurationSetName: '' }))));
    assert.match(error.message, /Member must have length greater than or equal to 1/);
  });

  test('too-small and too-large numbers are refused', () => {
    const small = failed(readAwsJsonRequest(op(v2, 'DescribeConfigurationSets'), Buffer.from(json({ MaxResults: 0 }))));
    assert.equal(small.message, "1 validation error detected: Value '0' at 'MaxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
    const large = failed(readAwsJsonRequest(op(v2, 'DescribeConfigurationSets'), Buffer.from(json({ MaxResults: 101 }))));
    assert.match(large.message, /Member must have value less than or equal to 100/);
  });

  test('a pattern must match the whole value', () => {
    const error = failed(readAwsJsonRequest(op(v2, 'CreateConfigurationSet'), Buffer.from(json({ ConfigurationSetName: 'good-name!' }))));
    assert.equal(
      error.message,
      "1 validation error detected: Value 'good-name!' at 'ConfigurationSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9_-]+",
    );
    const phone = failed(readAwsJsonRequest(op(v2, 'SendTextMessage'), Buffer.from(json({ DestinationPhoneNumber: '12065550100x' }))));
    assert.match(phone.message, /at 'DestinationPhoneNumber' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    ok(readAwsJsonRequest(op(v2, 'CreateConfigurationSet'), Buffer.from(json({ ConfigurationSetName: 'good_name-1' }))));
  });

  test('several problems are reported together and listed in Fields', () => {
    const error = failed(
      readAwsJsonRequest(
        op(v2, 'SendTextMessage'),
        Buffer.from(json({ MessageBody: '   ', MessageType: 'X', TimeToLive: 1, Context: { a: 5 } })),
      ),
    );
    assert.equal(error.code, 'ValidationException');
    const fields = error.extra?.Fields as { Name: string; Message: string }[];
    assert.deepEqual(
      fields.map((f) => f.Name),
      ['MessageBody', 'MessageType', 'TimeToLive', 'Context.a', 'DestinationPhoneNumber'],
    );
    assert.equal(
      fields[2]!.Message,
      "Value '1' at 'TimeToLive' failed to satisfy constraint: Member must have value greater than or equal to 5",
    );
    assert.equal(fields[4]!.Message, "Value null at 'DestinationPhoneNumber' failed to satisfy constraint: Member must not be null");
    assert.match(error.message, /^5 validation errors detected: /);
    for (const f of fields) assert.ok(error.message.includes(f.Message), f.Name);
  });

  test('nested structures in lists are validated with indexed paths', () => {
    const error = failed(
      readAwsJsonRequest(op(v2, 'CreateConfigurationSet'), Buffer.from(json({ ConfigurationSetName: 'cs', Tags: [{ Key: 'k', Value: 'v' }, { Key: 'k2' }] }))),
    );
    assert.equal(error.message, "1 validation error detected: Value null at 'Tags[1].Value' failed to satisfy constraint: Member must not be null");
  });

  test('a list longer than its maximum is refused', () => {
    const names = Array.from({ length: 6 }, (_, i) => `cs${i}`);
    const error = failed(readAwsJsonRequest(op(v2, 'DescribeConfigurationSets'), Buffer.from(json({ ConfigurationSetNames: names }))));
    assert.match(error.message, /at 'ConfigurationSetNames' failed to satisfy constraint: Member must have length less than or equal to 5/);
  });

  test('a body that is not an object is refused', () => {
    const error = failed(readAwsJsonRequest(op(v2, 'DescribeConfigurationSets'), Buffer.from('"text"')));
    assert.equal(error.code, 'ValidationException');
    assert.match(error.message, /at 'body' failed to satisfy constraint: Member must be a structure/);
  });

  test('wrong types are reported', () => {
    const error = failed(readAwsJsonRequest(op(v2, 'SendTextMessage'), Buffer.from(json({ DestinationPhoneNumber: 12065550100, DryRun: 'true', TimeToLive: 5.5 }))));
    assert.match(error.message, /^3 validation errors detected: /);
    assert.match(error.message, /at 'DestinationPhoneNumber' failed to satisfy constraint: Member must be a string/);
    assert.match(error.message, /at 'TimeToLive' failed to satisfy constraint: Member must be an integer/);
    assert.match(error.message, /at 'DryRun' failed to satisfy constraint: Member must be a boolean/);
  });

  test('JSON timestamps are epoch seconds; blobs are base64', () => {
    const input = ok(readAwsJsonRequest(op(jsonBinding, 'Echo'), Buffer.from(json({ Text: 't', At: 1700000000.25, Data: 'AAEC' }))));
    assert.deepEqual(input, { Text: 't', At: new Date(1700000000250), Data: Buffer.from([0, 1, 2]) });
  });

  test('an operation without input ignores the body', () => {
    assert.deepEqual(ok(readAwsJsonRequest(op(jsonBinding, 'Nothing'), Buffer.from('not json'))), {});
  });
});
