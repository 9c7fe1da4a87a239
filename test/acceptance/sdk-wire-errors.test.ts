import { GetAppCommand, GetAppsCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { GetConfigurationSetEventDestinationsCommand, PinpointSMSVoiceClient } from '@aws-sdk/client-pinpoint-sms-voice';
import { DescribeAccountAttributesCommand, PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startPinion } from '../helpers/server-process.ts';
import { signedFetch } from '../helpers/signed-fetch.ts';

/** The front door and the wire layer: authentication failures, routing and validation errors. */

let server: PinionProcess;

before(async () => {
  server = await startPinion();
});
after(async () => {
  await server.stop();
});

function errorOf(error: unknown): { name: string; status: number | undefined; message: string } {
  const e = error as Error & { $metadata?: { httpStatusCode?: number } };
  return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
}

async function sdkError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return errorOf(error);
  }
  assert.fail('the call was expected to fail');
}

describe('authentication', () => {
  test('an unsigned request is 403 MissingAuthenticationTokenException', async () => {
    const response = await fetch(`${server.url}/v1/apps`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const body = (await response.json()) as Record<string, string>;
    assert.equal(body.message, 'Missing Authentication Token');
    assert.equal(body.Message, 'Missing Authentication Token');
    assert.match(body.RequestID!, /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('x-amzn-requestid'), body.RequestID);
  });

  test('a wrong secret is 403 InvalidSignatureException', async () => {
    const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { ...server.credentials, secretAccessKey: 'wrong-secret-wrong-secret' }, maxAttempts: 1 });
    const error = await sdkError(client.send(new GetAppsCommand({})));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.equal(error.status, 403);
    assert.match(error.message, /signature we calculated does not match/);
    client.destroy();
  });

  test('an unknown access key is 403 UnrecognizedClientException', async () => {
    const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'whatever-secret' }, maxAttempts: 1 });
    const error = await sdkError(client.send(new GetAppsCommand({})));
    assert.equal(error.name, 'UnrecognizedClientException');
    assert.equal(error.status, 403);
    client.destroy();
  });

  test('a request signed for a region that is not served is refused', async () => {
    const client = new PinpointClient({ endpoint: server.url, region: 'ap-south-1', credentials: server.credentials, maxAttempts: 1 });
    const error = await sdkError(client.send(new GetAppsCommand({})));
    assert.equal(error.status, 403);
    assert.equal(error.name, 'InvalidSignatureException');
    assert.match(error.message, /region/);
    client.destroy();
  });

  test('a request signed 16 minutes ago is refused as expired', async () => {
    const response = await signedFetch({
      baseUrl: server.url,
      method: 'GET',
      path: '/v1/apps',
      credentials: server.credentials,
      signingDate: new Date(Date.now() - 16 * 60_000),
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.match(String(response.json?.message), /Signature expired/);
  });

  test('a body changed after signing is refused', async () => {
    const response = await signedFetch({
      baseUrl: server.url,
      method: 'POST',
      path: '/v1/apps',
      credentials: server.credentials,
      body: JSON.stringify({ Name: 'signed' }),
      headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
  });
});

describe('routing', () => {
  test('an unknown path is 404', async () => {
    const response = await signedFetch({ baseUrl: server.url, method: 'GET', path: '/v1/nothing-here', credentials: server.credentials });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('x-amzn-errortype'), 'NotFoundException');
    assert.match(String(response.json?.Message), /\/v1\/nothing-here/);
  });

  test('a wrong method on a known path is 405 MethodNotAllowedException with Allow', async () => {
    const response = await signedFetch({ baseUrl: server.url, method: 'PATCH', path: '/v1/apps', credentials: server.credentials });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('x-amzn-errortype'), 'MethodNotAllowedException');
    assert.equal(response.headers.get('allow'), 'GET, POST');
  });

  test('a body over 7 MB is 413 PayloadTooLargeException', async () => {
    // The size check is the front door's, before authentication; the server may answer while the
    // client is still sending, so the response is read whatever happens to the upload.
    const url = new URL(server.url);
    const size = 7 * 1024 * 1024 + 1;
    const response = await new Promise<{ status: number; errorType: string | undefined }>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: '/v1/apps', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': size } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, errorType: res.headers['x-amzn-errortype'] as string | undefined });
        },
      );
      req.on('error', (error) => setTimeout(() => reject(error), 1000));
      req.end(Buffer.alloc(size, 'x'));
    });
    assert.equal(response.status, 413);
    assert.equal(response.errorType, 'PayloadTooLargeException');
  });

  test('a path that is not valid percent-encoding is 400 BadRequestException in AWS shape', async () => {
    const response = await fetch(`${server.url}/v1/apps/%zz`);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'BadRequestException');
    assert.ok(response.headers.get('x-amzn-requestid'));
    assert.match(String(((await response.json()) as { Message: string }).Message), /percent-encoding/);
  });

  test('labels carry encoded slashes and unicode into the handler intact', async () => {
    const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const error = await sdkError(client.send(new GetAppCommand({ ApplicationId: 'a/b ü' })));
    assert.equal(error.name, 'NotFoundException', 'the id with / and unicode reached GetApp as one label');
    client.destroy();
  });
});

describe('validation', () => {
  test('malformed JSON is 400 BadRequestException', async () => {
    const response = await signedFetch({ baseUrl: server.url, method: 'POST', path: '/v1/apps', credentials: server.credentials, body: '{"Name": ' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'BadRequestException');
    assert.match(String(response.json?.Message), /not valid JSON/);
  });

  test('a wrong type names the member', async () => {
    const response = await signedFetch({ baseUrl: server.url, method: 'POST', path: '/v1/apps', credentials: server.credentials, body: '{"Name": 42}' });
    assert.equal(response.status, 400);
    assert.match(String(response.json?.Message), /at 'CreateApplicationRequest\.Name' failed to satisfy constraint: Member must be a string/);
  });

  test('values of secret-bearing members are never echoed in validation messages', async () => {
    const secret = 'SUPER-SECRET-PRIVATE-KEY-MATERIAL';
    const response = await signedFetch({
      baseUrl: server.url,
      method: 'PUT',
      path: `/v1/apps/${'a'.repeat(32)}/channels/gcm`,
      credentials: server.credentials,
      body: JSON.stringify({ ServiceJson: { private_key: secret }, ApiKey: 7 }),
    });
    assert.equal(response.status, 400);
    assert.ok(!response.text.includes(secret), 'the secret is not in the response');
    assert.match(response.text, /Value '\*\*\*' at 'GCMChannelRequest\.ServiceJson' failed to satisfy constraint: Member must be a string/);
    assert.match(response.text, /Value '\*\*\*' at 'GCMChannelRequest\.ApiKey'/);
  });

  test('a body that is not an object is refused', async () => {
    const response = await signedFetch({ baseUrl: server.url, method: 'POST', path: '/v1/apps', credentials: server.credentials, body: '[1,2]' });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'BadRequestException');
  });

  test('SMS Voice v2 answers ValidationException with Reason and Fields', async () => {
    const response = await signedFetch({
      baseUrl: server.url,
      method: 'POST',
      path: '/',
      credentials: server.credentials,
      service: 'sms-voice',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'PinpointSMSVoiceV2.SendTextMessage' },
      body: JSON.stringify({ DestinationPhoneNumber: 'not a number', MessageType: 'LOUD' }),
    });
    assert.equal(response.status, 400);
    assert.equal(response.json?.__type, 'ValidationException');
    assert.equal(response.json?.Reason, 'FIELD_VALIDATION_FAILED');
    const fields = (response.json?.Fields as { Name: string }[]).map((f) => f.Name).sort();
    assert.deepEqual(fields, ['DestinationPhoneNumber', 'MessageType']);
  });

  test('SMS Voice v2 malformed JSON is ValidationException CANNOT_PARSE', async () => {
    const response = await signedFetch({
      baseUrl: server.url,
      method: 'POST',
      path: '/',
      credentials: server.credentials,
      service: 'sms-voice',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'PinpointSMSVoiceV2.DescribeAccountAttributes' },
      body: '{',
    });
    assert.equal(response.status, 400);
    assert.equal(response.json?.__type, 'ValidationException');
    assert.equal(response.json?.Reason, 'CANNOT_PARSE');
  });

  test('an unknown X-Amz-Target is UnknownOperationException', async () => {
    const response = await signedFetch({
      baseUrl: server.url,
      method: 'POST',
      path: '/',
      credentials: server.credentials,
      service: 'sms-voice',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'PinpointSMSVoiceV2.DoSomethingElse' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.equal(response.json?.__type, 'UnknownOperationException');
  });
});

describe('operations without a handler', () => {
  test('SMS Voice v2 through its SDK: 501 NotImplementedException naming the operation', async () => {
    const client = new PinpointSMSVoiceV2Client({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const error = await sdkError(client.send(new DescribeAccountAttributesCommand({})));
    assert.equal(error.name, 'NotImplementedException');
    assert.equal(error.status, 501);
    assert.match(error.message, /DescribeAccountAttributes/);
    // Valid input to an operation without a handler: validation passes, then 501.
    const send = await sdkError(client.send(new SendTextMessageCommand({ DestinationPhoneNumber: '+14255550100' })));
    assert.equal(send.name, 'NotImplementedException');
    client.destroy();
  });

  test('SMS Voice v1 through its SDK: 501 NotImplementedException', async () => {
    const client = new PinpointSMSVoiceClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
    const error = await sdkError(client.send(new GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: 'main' })));
    assert.equal(error.name, 'NotImplementedException');
    assert.equal(error.status, 501);
    assert.match(error.message, /GetConfigurationSetEventDestinations/);
    client.destroy();
  });
});

describe('health', () => {
  test('/health is unauthenticated and reports version and database', async () => {
    const response = await fetch(`${server.url}/health`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; version: string; database: { kind: string; ready: boolean } };
    assert.equal(body.status, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(body.database, { kind: 'sqlite', ready: true });
  });
});
