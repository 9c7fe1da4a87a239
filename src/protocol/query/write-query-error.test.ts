import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadQueryModels, loadServiceModels } from '../../spec/load-models.ts';
import { ApiError, authErrors } from '../api-error.ts';
import { internalError, notImplemented } from '../service-errors.ts';
import { IssueList } from '../validation-issues.ts';
import { invalidAction, queryErrorCode, queryServiceError, queryValidationError } from './query-errors.ts';
import { writeQueryError } from './write-query-error.ts';

const models = loadQueryModels();
const iam = models.get('iam')!;
const sts = models.get('sts')!;

describe('writeQueryError', () => {
  test('renders ErrorResponse > Error(Type, Code, Message) + RequestId with the status', () => {
    const response = writeQueryError(iam, queryServiceError(iam, 'NoSuchEntity', 'The user with name bob cannot be found.'), 'req-9');
    assert.equal(response.status, 404);
    assert.deepEqual(response.headers, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-9' });
    assert.equal(
      response.body,
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
        '<Message>The user with name bob cannot be found.</Message></Error><RequestId>req-9</RequestId></ErrorResponse>',
    );
  });

  test('STS errors carry the STS namespace', () => {
    const body = String(writeQueryError(sts, invalidAction('Nope', '2011-06-15'), 'r').body);
    assert.match(body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  });

  test('Type is Receiver for 5xx', () => {
    const response = writeQueryError(iam, queryServiceError(iam, 'ServiceFailure', 'boom'), 'r');
    assert.equal(response.status, 500);
    assert.match(String(response.body), /<Type>Receiver<\/Type><Code>ServiceFailure<\/Code>/);
  });

  test('the message is escaped; extra headers (e.g. Retry-After) are kept', () => {
    const error = new ApiError('Throttling', 400, 'Rate <exceeded> & "slow down"', { headers: { 'retry-after': '2' } });
    const response = writeQueryError(iam, error, 'r');
    assert.match(String(response.body), /<Message>Rate &lt;exceeded&gt; &amp; &quot;slow down&quot;<\/Message>/);
    assert.equal(response.headers['retry-after'], '2');
  });

  test('without a model the namespace is left out', () => {
    assert.match(String(writeQueryError(undefined, authErrors.missingToken(), 'r').body), /^<ErrorResponse><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
  });
});

describe('queryErrorCode: front-door codes in IAM/STS spelling, statuses kept', () => {
  const cases: Array<[ApiError, string, number]> = [
    [authErrors.missingToken(), 'MissingAuthenticationToken', 403],
    [authErrors.incompleteSignature('x'), 'IncompleteSignature', 403],
    [authErrors.invalidSignature('x'), 'SignatureDoesNotMatch', 403],
    [authErrors.unrecognizedClient(), 'InvalidClientTokenId', 403],
    [new ApiError('ExpiredTokenException', 403, 'The security token included in the request is expired', { frontDoor: true }), 'ExpiredToken', 403],
    [new ApiError('AccessDeniedException', 403, 'User: … is not authorized', { frontDoor: true }), 'AccessDenied', 403],
    [new ApiError('ThrottlingException', 429, 'Rate exceeded'), 'Throttling', 429],
  ];
  for (const [error, code, status] of cases) {
    test(`${error.code} → ${code}`, () => {
      for (const service of [iam, sts, undefined]) {
        assert.equal(queryErrorCode(service, error), code);
        const response = writeQueryError(service, error, 'r');
        assert.equal(response.status, status);
        assert.match(String(response.body), new RegExp(`<Code>${code}</Code>`));
      }
    });
  }

  test('internal errors: ServiceFailure for IAM, InternalFailure for STS, Receiver, 500', () => {
    const pinpoint = loadServiceModels().get('pinpoint')!;
    for (const error of [internalError(undefined, new Error('x')), internalError(pinpoint, new Error('x')), new ApiError('InternalServerException', 500, 'x')]) {
      assert.equal(queryErrorCode(iam, error), 'ServiceFailure');
      assert.equal(queryErrorCode(sts, error), 'InternalFailure');
      assert.match(String(writeQueryError(sts, error, 'r').body), /<Type>Receiver<\/Type><Code>InternalFailure<\/Code>/);
    }
  });

  test('NotImplementedException stays, with its 501', () => {
    const error = notImplemented(loadServiceModels().get('pinpoint')!, 'X');
    assert.equal(queryErrorCode(iam, error), 'NotImplementedException');
    assert.equal(writeQueryError(iam, error, 'r').status, 501);
  });

  test("STS's own modelled ExpiredTokenException keeps its code unless it came from the front door", () => {
    const modelled = queryServiceError(sts, 'ExpiredTokenException', 'Token expired');
    assert.equal(modelled.code, 'ExpiredTokenException');
    assert.equal(queryErrorCode(sts, modelled), 'ExpiredTokenException');
    assert.equal(queryErrorCode(iam, modelled), 'ExpiredToken');
  });

  test('modelled and protocol codes pass through', () => {
    assert.equal(queryErrorCode(iam, queryServiceError(iam, 'EntityAlreadyExists', 'x')), 'EntityAlreadyExists');
    assert.equal(queryErrorCode(iam, invalidAction('X', undefined)), 'InvalidAction');
  });
});

describe('queryServiceError', () => {
  const expectations: Array<['iam' | 'sts', string, string, number]> = [
    ['iam', 'NoSuchEntity', 'NoSuchEntity', 404],
    ['iam', 'NoSuchEntityException', 'NoSuchEntity', 404],
    ['iam', 'EntityAlreadyExists', 'EntityAlreadyExists', 409],
    ['iam', 'LimitExceeded', 'LimitExceeded', 409],
    ['iam', 'MalformedPolicyDocument', 'MalformedPolicyDocument', 400],
    ['iam', 'DeleteConflict', 'DeleteConflict', 409],
    ['iam', 'InvalidInput', 'InvalidInput', 400],
    ['iam', 'ConcurrentModification', 'ConcurrentModification', 409],
    ['iam', 'PolicyEvaluation', 'PolicyEvaluation', 500],
    ['sts', 'ExpiredTokenException', 'ExpiredTokenException', 400],
    ['sts', 'RegionDisabledException', 'RegionDisabledException', 403],
    ['sts', 'PackedPolicyTooLarge', 'PackedPolicyTooLarge', 400],
    ['sts', 'PackedPolicyTooLargeException', 'PackedPolicyTooLarge', 400],
    ['sts', 'MalformedPolicyDocument', 'MalformedPolicyDocument', 400],
  ];
  for (const [service, given, code, status] of expectations) {
    test(`${service} ${given} → ${code} ${status}`, () => {
      const error = queryServiceError(models.get(service)!, given, 'msg', { cause: 'c' });
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.equal(error.message, 'msg');
      assert.equal(error.cause, 'c');
    });
  }

  test('a code the model does not have is a programming error', () => {
    assert.throws(() => queryServiceError(iam, 'NoSuchThing', 'x'), /Model iam has no error shape NoSuchThing/);
    assert.throws(() => queryServiceError(sts, 'NoSuchEntity', 'x'), /Model sts has no error shape NoSuchEntity/);
    // A shape that is not an error does not count.
    assert.throws(() => queryServiceError(iam, 'User', 'x'), /no error shape User/);
  });
});

test('queryValidationError is 400 ValidationError with the issue summary', () => {
  const issues = new IssueList();
  issues.constraint('userName', undefined, 'Member must not be null');
  const error = queryValidationError(issues);
  assert.equal(error.code, 'ValidationError');
  assert.equal(error.status, 400);
  assert.equal(error.message, "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
});
