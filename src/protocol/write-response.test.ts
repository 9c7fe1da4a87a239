import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel, loadServiceModels } from '../spec/load-models.ts';
import type { OperationModel, ServiceModel } from '../spec/service-model.ts';
import { bindingModel, jsonBindingModel } from '../../test/fixtures/models/binding-model.ts';
import { ApiError, authErrors } from './api-error.ts';
import { invalidInput } from './request-errors.ts';
import { writeHeaderValue, writeShape } from './shape-writer.ts';
import { IssueList } from './validation-issues.ts';
import { writeAwsJsonResponse, writeError, writeRestJsonResponse } from './write-response.ts';

const models = loadServiceModels();
const pinpoint = models.get('pinpoint')!;
const v2 = models.get('sms-voice-v2')!;
const binding = buildServiceModel('pinpoint', bindingModel());
const jsonBinding = buildServiceModel('sms-voice-v2', jsonBindingModel());

function op(service: ServiceModel, name: string): OperationModel {
  const found = service.operations.get(name);
  assert.ok(found, `no operation ${name}`);
  return found;
}

function bodyJson(body: string | Buffer | undefined): unknown {
  assert.equal(typeof body, 'string');
  return JSON.parse(body as string);
}

describe('writeRestJsonResponse over real Pinpoint operations', () => {
  test('CreateApp: 201, the payload member is the whole body, tags on the wire as `tags`', () => {
    const response = writeRestJsonResponse(op(pinpoint, 'CreateApp'), {
      ApplicationResponse: { Id: 'abc', Arn: 'arn:x', Name: 'app', tags: { k: 'v' }, CreationDate: '2024-01-01T00:00:00.000Z', Internal: 'leak' },
      Other: 'ignored',
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers['content-type'], 'application/json');
    assert.deepEqual(bodyJson(response.body), {
      Id: 'abc',
      Arn: 'arn:x',
      Name: 'app',
      tags: { k: 'v' },
      CreationDate: '2024-01-01T00:00:00.000Z',
    });
  });

  test('GetApps: nested lists of structures, unknown members dropped, undefined members left out', () => {
    const response = writeRestJsonResponse(op(pinpoint, 'GetApps'), {
      ApplicationsResponse: { Item: [{ Id: 'a', Arn: 'arn:a', Name: 'A', secret: 's' }, { Id: 'b', Arn: 'arn:b', Name: 'B', tags: undefined }], NextToken: undefined },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(bodyJson(response.body), { Item: [{ Id: 'a', Arn: 'arn:a', Name: 'A' }, { Id: 'b', Arn: 'arn:b', Name: 'B' }] });
  });

  test('ListTagsForResource writes TagsModel with its `tags` wire name', () => {
    const response = writeRestJsonResponse(op(pinpoint, 'ListTagsForResource'), { TagsModel: { tags: { a: '1' } } });
    assert.deepEqual(bodyJson(response.body), { tags: { a: '1' } });
  });

  test('UntagResource: no output shape, 204, no body', () => {
    const response = writeRestJsonResponse(op(pinpoint, 'UntagResource'), undefined);
    assert.deepEqual(response, { status: 204, headers: {}, body: undefined });
  });

  test('an absent payload member means no body', () => {
    const response = writeRestJsonResponse(op(pinpoint, 'GetApp'), {});
    assert.equal(response.status, 200);
    assert.equal(response.body, undefined);
  });
});

describe('writeRestJsonResponse with a synthetic model', () => {
  test('body members use locationName; timestamps follow their format; blobs are base64', () => {
    const when = new Date('2020-01-02T03:04:05.250Z');
    const response = writeRestJsonResponse(op(binding, 'Search'), {
      Items: ['a', 'b'],
      Created: when,
      CreatedIso: when,
      CreatedHttp: when,
      Data: Buffer.from('hi'),
      Nested: { Items: [], Total: 3, Junk: true },
      Counts: { x: '1', y: undefined },
      Total: 10,
      Unknown: 'dropped',
    });
    assert.equal(response.status, 200);
    assert.deepEqual(bodyJson(response.body), {
      items: ['a', 'b'],
      created: 1577934245.25,
      CreatedIso: '2020-01-02T03:04:05.250Z',
      CreatedHttp: 'Thu, 02 Jan 2020 03:04:05 GMT',
      Data: 'aGk=',
      Nested: { items: [], Total: 3 },
      Counts: { x: '1' },
      Total: 10,
    });
  });

  test('timestamps given as ISO strings are converted too', () => {
    const response = writeRestJsonResponse(op(binding, 'Search'), { Created: '2020-01-02T03:04:05Z' });
    assert.deepEqual(bodyJson(response.body), { created: 1577934245 });
  });

  test('header members become headers, status from the statusCode member, blob payload raw', () => {
    const response = writeRestJsonResponse(op(binding, 'PutObject'), {
      ETag: '"abc"',
      Modified: new Date('1994-11-06T08:49:37Z'),
      Meta: { One: '1' },
      Status: 206,
      Body: Buffer.from([1, 2, 3]),
    });
    assert.equal(response.status, 206);
    assert.equal(response.headers.etag, '"abc"');
    assert.equal(response.headers['last-modified'], 'Sun, 06 Nov 1994 08:49:37 GMT');
    assert.equal(response.headers['x-meta-one'], '1');
    assert.equal(response.headers['content-type'], 'application/octet-stream');
    assert.deepEqual(response.body, Buffer.from([1, 2, 3]));
  });

  test('a string payload is written as text', () => {
    const response = writeRestJsonResponse(op(binding, 'PutText'), { Text: 'hello' });
    assert.equal(response.headers['content-type'], 'text/plain');
    assert.equal(response.body, 'hello');
  });

  test('success status comes from the model; header members stay out of the body', () => {
    const response = writeRestJsonResponse(op(binding, 'Describe'), { Name: 'n', RequestId: 'r-1' });
    assert.equal(response.status, 202);
    assert.equal(response.headers['x-request-id'], 'r-1');
    assert.deepEqual(bodyJson(response.body), { name: 'n' });
  });

  test('an operation without output answers its status with no body', () => {
    assert.deepEqual(writeRestJsonResponse(op(binding, 'Ping'), undefined), { status: 204, headers: {}, body: undefined });
  });
});

describe('writeAwsJsonResponse', () => {
  test('awsJson 1.0 content type; epoch-second timestamps; unknown members dropped', () => {
    const response = writeAwsJsonResponse(op(v2, 'CreateConfigurationSet'), {
      ConfigurationSetArn: 'arn:cs',
      ConfigurationSetName: 'cs',
      Tags: [{ Key: 'k', Value: 'v', Extra: 1 }],
      CreatedTimestamp: new Date(1700000000000),
      Internal: 'x',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/x-amz-json-1.0');
    assert.deepEqual(bodyJson(response.body), {
      ConfigurationSetArn: 'arn:cs',
      ConfigurationSetName: 'cs',
      Tags: [{ Key: 'k', Value: 'v' }],
      CreatedTimestamp: 1700000000,
    });
  });

  test('no output shape is an empty object; blobs are base64', () => {
    assert.deepEqual(bodyJson(writeAwsJsonResponse(op(jsonBinding, 'Nothing'), undefined).body), {});
    assert.deepEqual(bodyJson(writeAwsJsonResponse(op(jsonBinding, 'Echo'), { Data: new Uint8Array([255]) }).body), { Data: '/w==' });
  });
});

describe('writeShape / writeHeaderValue', () => {
  const lookup = (name: string) => binding.shapes[name]!;

  test('null and undefined are left out; list holes become null', () => {
    assert.equal(writeShape(lookup, 'String', null), undefined);
    assert.deepEqual(writeShape(lookup, 'StringList', ['a', undefined, null]), ['a', null, null]);
  });

  test('header values', () => {
    assert.equal(writeHeaderValue({ type: 'timestamp', timestampFormat: 'iso8601' }, new Date(0)), '1970-01-01T00:00:00.000Z');
    assert.equal(writeHeaderValue({ type: 'timestamp' }, new Date(0)), 'Thu, 01 Jan 1970 00:00:00 GMT');
    assert.equal(writeHeaderValue({ type: 'list' }, ['a', 'b']), 'a, b');
    assert.equal(writeHeaderValue({ type: 'boolean' }, true), 'true');
  });
});

describe('writeError', () => {
  test('rest-json: status, x-amzn-errortype, {Message, RequestID}', () => {
    const response = writeError(pinpoint, new ApiError('NotFoundException', 404, 'Application not found'), 'req-1');
    assert.equal(response.status, 404);
    assert.equal(response.headers['x-amzn-errortype'], 'NotFoundException');
    assert.equal(response.headers['content-type'], 'application/json');
    assert.deepEqual(bodyJson(response.body), { Message: 'Application not found', RequestID: 'req-1' });
  });

  test('rest-json front-door errors add a lowercase message', () => {
    const response = writeError(pinpoint, authErrors.invalidSignature('The request signature we calculated does not match'), 'req-2');
    assert.equal(response.status, 403);
    assert.equal(response.headers['x-amzn-errortype'], 'InvalidSignatureException');
    assert.deepEqual(bodyJson(response.body), {
      Message: 'The request signature we calculated does not match',
      message: 'The request signature we calculated does not match',
      RequestID: 'req-2',
    });
  });

  test('with no service known yet, errors render as rest-json', () => {
    const response = writeError(undefined, authErrors.missingToken(), 'req-3');
    assert.equal(response.headers['content-type'], 'application/json');
    assert.deepEqual(bodyJson(response.body), { Message: 'Missing Authentication Token', message: 'Missing Authentication Token', RequestID: 'req-3' });
  });

  test('extra headers are sent', () => {
    const response = writeError(pinpoint, new ApiError('MethodNotAllowedException', 405, 'no', { headers: { allow: 'GET, POST' } }), 'r');
    assert.equal(response.headers.allow, 'GET, POST');
    assert.equal(response.headers['x-amzn-errortype'], 'MethodNotAllowedException');
  });

  test('awsJson: {__type, message, Message} plus Reason and Fields', () => {
    const issues = new IssueList();
    issues.constraint('MaxResults', 0, 'Member must have value greater than or equal to 1');
    const response = writeError(v2, invalidInput(v2, issues), 'req-4');
    assert.equal(response.status, 400);
    assert.equal(response.headers['content-type'], 'application/x-amz-json-1.0');
    assert.equal(response.headers['x-amzn-errortype'], 'ValidationException');
    const message = "1 validation error detected: Value '0' at 'MaxResults' failed to satisfy constraint: Member must have value greater than or equal to 1";
    assert.deepEqual(bodyJson(response.body), {
      __type: 'ValidationException',
      message,
      Message: message,
      Reason: 'FIELD_VALIDATION_FAILED',
      Fields: [{ Name: 'MaxResults', Message: message.replace('1 validation error detected: ', '') }],
    });
  });
});
