import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel, loadServiceModels } from '../spec/load-models.ts';
import { jsonBindingModel } from '../../test/fixtures/models/binding-model.ts';
import { ApiError, authErrors } from './api-error.ts';
import { invalidInput, payloadTooLarge, unparseableInput } from './request-errors.ts';
import { internalError, notImplemented, serviceError } from './service-errors.ts';
import { IssueList } from './validation-issues.ts';

const models = loadServiceModels();
const pinpoint = models.get('pinpoint')!;
const v1 = models.get('sms-voice')!;
const v2 = models.get('sms-voice-v2')!;

function twoIssues(): IssueList {
  const issues = new IssueList();
  issues.constraint('A', undefined, 'Member must not be null');
  issues.constraint('B', 'x', 'Member must be an integer');
  return issues;
}

describe('invalidInput / unparseableInput', () => {
  test('rest-json APIs answer BadRequestException 400 with the summary', () => {
    for (const service of [pinpoint, v1]) {
      const error = invalidInput(service, twoIssues());
      assert.equal(error.code, 'BadRequestException');
      assert.equal(error.status, 400);
      assert.match(error.message, /^2 validation errors detected: /);
      assert.equal(error.extra, undefined);
    }
  });

  test('SMS Voice v2 answers ValidationException with Reason and Fields', () => {
    const error = invalidInput(v2, twoIssues());
    assert.equal(error.code, 'ValidationException');
    assert.equal(error.status, 400);
    assert.deepEqual(error.extra, {
      Reason: 'FIELD_VALIDATION_FAILED',
      Fields: [
        { Name: 'A', Message: "Value null at 'A' failed to satisfy constraint: Member must not be null" },
        { Name: 'B', Message: "Value 'x' at 'B' failed to satisfy constraint: Member must be an integer" },
      ],
    });
  });

  test('unparseable bodies keep their cause', () => {
    const cause = new SyntaxError('bad');
    const rest = unparseableInput(pinpoint, 'nope', cause);
    assert.equal(rest.code, 'BadRequestException');
    assert.equal(rest.cause, cause);
    const json = unparseableInput(v2, 'nope', cause);
    assert.equal(json.code, 'ValidationException');
    assert.deepEqual(json.extra, { Reason: 'CANNOT_PARSE' });
    assert.equal(json.cause, cause);
  });

  test('payloadTooLarge is 413 and names the limit', () => {
    const error = payloadTooLarge(1024);
    assert.equal(error.status, 413);
    assert.equal(error.code, 'PayloadTooLargeException');
    assert.match(error.message, /1024 bytes/);
  });
});

describe('serviceError', () => {
  test('takes the status from the model error shape', () => {
    assert.equal(serviceError(pinpoint, 'NotFoundException', 'gone').status, 404);
    assert.equal(serviceError(pinpoint, 'TooManyRequestsException', 'slow').status, 429);
    assert.equal(serviceError(pinpoint, 'MethodNotAllowedException', 'no').status, 405);
    // awsJson error shapes carry no status; client errors are 400.
    assert.equal(serviceError(v2, 'ConflictException', 'taken').status, 400);
  });

  test('falls back to 500 for faults and 400 for client errors', () => {
    const model = buildServiceModel('sms-voice-v2', jsonBindingModel());
    assert.equal(serviceError(model, 'InternalServerException', 'x').status, 500);
    assert.equal(serviceError(model, 'ValidationException', 'x').status, 400);
    assert.equal(serviceError(model, 'ConflictException', 'x').status, 409);
  });

  test('refuses a name that is not an error shape of the model', () => {
    assert.throws(() => serviceError(pinpoint, 'NoSuchException', 'x'), /has no error shape NoSuchException/);
    assert.throws(() => serviceError(pinpoint, 'ApplicationResponse', 'x'), /has no error shape ApplicationResponse/);
  });

  test('keeps message and options', () => {
    const cause = new Error('db');
    const error = serviceError(pinpoint, 'BadRequestException', 'why', { cause, extra: { X: 1 } });
    assert.ok(error instanceof ApiError);
    assert.equal(error.message, 'why');
    assert.equal(error.cause, cause);
    assert.deepEqual(error.extra, { X: 1 });
    assert.equal(error.name, 'BadRequestException');
  });
});

describe('notImplemented / internalError / authErrors', () => {
  test('notImplemented is 501 naming the API and operation', () => {
    const error = notImplemented(pinpoint, 'CreateCampaign');
    assert.equal(error.status, 501);
    assert.equal(error.code, 'NotImplementedException');
    assert.match(error.message, /Pinpoint operation CreateCampaign/);
  });

  test('internalError uses each API\'s code and hides the cause from the message', () => {
    const cause = new Error('secret detail');
    assert.equal(internalError(pinpoint, cause).code, 'InternalServerErrorException');
    assert.equal(internalError(v1, cause).code, 'InternalServiceErrorException');
    assert.equal(internalError(v2, cause).code, 'InternalServerException');
    assert.equal(internalError(undefined, cause).code, 'InternalServerErrorException');
    const error = internalError(pinpoint, cause);
    assert.equal(error.status, 500);
    assert.equal(error.cause, cause);
    assert.doesNotMatch(error.message, /secret/);
  });

  test('internal error codes exist in their models', () => {
    assert.ok(pinpoint.shapes.InternalServerErrorException?.exception);
    assert.ok(v1.shapes.InternalServiceErrorException?.exception);
    assert.ok(v2.shapes.InternalServerException?.exception);
  });

  test('auth errors are 403 front-door errors', () => {
    const errors = [
      authErrors.missingToken(),
      authErrors.incompleteSignature('x'),
      authErrors.invalidSignature('x'),
      authErrors.unrecognizedClient(),
    ];
    assert.deepEqual(
      errors.map((e) => e.code),
      ['MissingAuthenticationTokenException', 'IncompleteSignatureException', 'InvalidSignatureException', 'UnrecognizedClientException'],
    );
    for (const e of errors) {
      assert.equal(e.status, 403);
      assert.equal(e.frontDoor, true);
    }
    assert.equal(authErrors.missingToken().message, 'Missing Authentication Token');
  });
});
