import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../protocol/api-error.ts';
import { parseSigV4 } from './parse-authorization.ts';
import type { SignedRequest } from './signed-request.ts';

const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/mobiletargeting/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, Signature=' + 'a'.repeat(64);

function request(headers: Record<string, string>, rawQuery = ''): SignedRequest {
  return {
    method: 'GET',
    rawPath: '/v1/apps',
    rawQuery,
    rawHeaders: Object.entries({ Host: 'pinpoint.us-east-1.amazonaws.com', ...headers }).flat(),
    body: Buffer.alloc(0),
  };
}

function fails(req: SignedRequest, code: string, message: string): void {
  assert.throws(
    () => parseSigV4(req),
    (error: unknown) => {
      assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
      assert.equal(error.code, code);
      assert.equal(error.status, 403);
      assert.equal(error.frontDoor, true);
      assert.equal(error.message, message);
      return true;
    },
  );
}

test('header form: every part is read', () => {
  const parsed = parseSigV4(
    request({ 'X-Amz-Date': '20261123T101112Z', Authorization: AUTH, 'X-Amz-Security-Token': 'tok' }),
  );
  assert.deepEqual(parsed, {
    form: 'header',
    accessKeyId: 'AKID',
    scopeDate: '20261123',
    region: 'us-east-1',
    service: 'mobiletargeting',
    signedHeaders: ['host', 'x-amz-date'],
    signature: 'a'.repeat(64),
    amzDate: '20261123T101112Z',
    sessionToken: 'tok',
  });
});

test('header form: parameters may come in any order and without spaces', () => {
  const auth = `AWS4-HMAC-SHA256 Signature=${'b'.repeat(64)},SignedHeaders=host,Credential=K/20261123/eu-west-1/mobiletargeting/aws4_request`;
  const parsed = parseSigV4(request({ 'x-amz-date': '20261123T000000Z', authorization: auth }));
  assert.equal(parsed.region, 'eu-west-1');
  assert.deepEqual(parsed.signedHeaders, ['host']);
  assert.equal(parsed.signature, 'b'.repeat(64));
});

test('header form: the Date header stands in for X-Amz-Date', () => {
  const parsed = parseSigV4(request({ Date: 'Mon, 23 Nov 2026 10:11:12 GMT', Authorization: AUTH }));
  assert.equal(parsed.amzDate, '20261123T101112Z');
});

test('query form: every part is read, the credential decoded', () => {
  const query =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261123%2Fus-east-1%2Fmobiletargeting%2Faws4_request' +
    '&X-Amz-Date=20261123T101112Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Security-Token=a%2Bb%3D' +
    `&X-Amz-Signature=${'c'.repeat(64)}`;
  assert.deepEqual(parseSigV4(request({}, query)), {
    form: 'query',
    accessKeyId: 'AKID',
    scopeDate: '20261123',
    region: 'us-east-1',
    service: 'mobiletargeting',
    signedHeaders: ['host'],
    signature: 'c'.repeat(64),
    amzDate: '20261123T101112Z',
    expiresSeconds: 300,
    sessionToken: 'a+b=',
  });
});

test('no Authorization header and no signing parameters: Missing Authentication Token', () => {
  fails(request({ 'X-Amz-Date': '20261123T101112Z' }, 'page-size=10'), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
});

test('a foreign scheme lists every missing SigV4 part, and echoes the header', () => {
  fails(
    request({ Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' }),
    'IncompleteSignatureException',
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
      "a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
  );
});

test('only the missing parts are listed', () => {
  const auth = 'AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/mobiletargeting/aws4_request, SignedHeaders=host';
  fails(
    request({ 'X-Amz-Date': '20261123T101112Z', Authorization: auth }),
    'IncompleteSignatureException',
    `Authorization header requires 'Signature' parameter. Authorization=${auth}`,
  );
});

test('a bare word in a SigV4 header is not a key=value pair', () => {
  const auth = `AWS4-HMAC-SHA256 Signature=${'a'.repeat(64)}, Credential, SignedHeaders=host`;
  fails(
    request({ 'X-Amz-Date': '20261123T101112Z', Authorization: auth }),
    'IncompleteSignatureException',
    `'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
  );
});

test('X-Amz-Date must be in basic format', () => {
  fails(
    request({ 'X-Amz-Date': '2026-11-23T10:11:12Z', Authorization: AUTH }),
    'IncompleteSignatureException',
    "Date must be in ISO-8601 'basic format'. Got '2026-11-23T10:11:12Z'. See http://en.wikipedia.org/wiki/ISO_8601",
  );
  fails(
    request({ 'X-Amz-Date': '20261323T101112Z', Authorization: AUTH }),
    'IncompleteSignatureException',
    "Date must be in ISO-8601 'basic format'. Got '20261323T101112Z'. See http://en.wikipedia.org/wiki/ISO_8601",
  );
});

test('only AWS4-HMAC-SHA256 is accepted', () => {
  fails(
    request({ 'X-Amz-Date': '20261123T101112Z', Authorization: AUTH.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256') }),
    'IncompleteSignatureException',
    "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
  );
});

test('the credential needs five parts and the aws4_request terminator', () => {
  fails(
    request({ 'X-Amz-Date': '20261123T101112Z', Authorization: AUTH.replace('/aws4_request', '') }),
    'IncompleteSignatureException',
    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20261123/us-east-1/mobiletargeting'",
  );
  fails(
    request({ 'X-Amz-Date': '20261123T101112Z', Authorization: AUTH.replace('aws4_request', 'aws5_request') }),
    'InvalidSignatureException',
    "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
  );
});

test('trailing slashes after the credential are ignored', () => {
  const parsed = parseSigV4(
    request({ 'X-Amz-Date': '20261123T101112Z', Authorization: AUTH.replace('aws4_request', 'aws4_request//') }),
  );
  assert.equal(parsed.service, 'mobiletargeting');
});

test('query form lists the missing parameters', () => {
  fails(
    request({}, 'X-Amz-Credential=AKID%2F20261123%2Fus-east-1%2Fmobiletargeting%2Faws4_request&X-Amz-SignedHeaders=host'),
    'IncompleteSignatureException',
    "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include " +
      "'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
  );
});

test('X-Amz-Expires must be a number of seconds up to a week', () => {
  const base =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261123%2Fus-east-1%2Fmobiletargeting%2Faws4_request' +
    `&X-Amz-Date=20261123T101112Z&X-Amz-SignedHeaders=host&X-Amz-Signature=${'c'.repeat(64)}`;
  fails(request({}, `${base}&X-Amz-Expires=soon`), 'IncompleteSignatureException', 'X-Amz-Expires should be a number');
  fails(
    request({}, `${base}&X-Amz-Expires=604801`),
    'IncompleteSignatureException',
    'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
  );
  assert.equal(parseSigV4(request({}, `${base}&X-Amz-Expires=604800`)).expiresSeconds, 604800);
});

test('both an Authorization header and a presigned query is refused', () => {
  fails(
    request({ 'X-Amz-Date': '20261123T101112Z', Authorization: AUTH }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256'),
    'InvalidSignatureException',
    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
  );
});
