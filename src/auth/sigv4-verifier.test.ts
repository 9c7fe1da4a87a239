import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetAppsCommand, GetEndpointCommand, PinpointClient, UpdateEndpointCommand } from '@aws-sdk/client-pinpoint';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ApiError } from '../protocol/api-error.ts';
import { parseSigV4 } from './parse-authorization.ts';
import { Sha256 } from './signing-key-cache.ts';
import { sha256Hex, SigV4Verifier, type CredentialRecord, type SignedRequest } from './sigv4-verifier.ts';

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

// ---------------------------------------------------------------------------------------------
// AWS's official vectors (test/fixtures/sigv4/README.md)

interface FixtureRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  rawHeaders: string[];
  body: string;
}
interface FixtureCase {
  name: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region: string;
  service: string;
  timestamp: string;
  header?: { request: FixtureRequest; signature: string };
  query?: { request: FixtureRequest; signature: string };
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/sigv4/aws-c-auth-v4.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[]; skipped: Array<{ name: string }> };

test('the vector fixture holds every usable aws-c-auth case', () => {
  const forms = fixture.cases.flatMap((c) => [c.header, c.query].filter(Boolean));
  assert.equal(fixture.cases.length, 32);
  assert.equal(forms.length, 63);
  assert.deepEqual(
    fixture.skipped.map((s) => s.name),
    [
      'get-relative-relative-unnormalized',
      'get-relative-unnormalized',
      'get-slash-dot-slash-unnormalized',
      'get-slash-pointless-dot-unnormalized',
      'get-slash-unnormalized',
      'get-slashes-unnormalized',
      'post-sts-header-after (query form)',
    ],
  );
});

for (const vector of fixture.cases) {
  for (const form of ['header', 'query'] as const) {
    const signed = vector[form];
    if (!signed) continue;
    test(`aws-c-auth ${vector.name} (${form} form) verifies`, async () => {
      const request: SignedRequest = { ...signed.request, body: Buffer.from(signed.request.body, 'utf8') };
      const parsed = parseSigV4(request);
      assert.equal(parsed.form, form);
      assert.equal(parsed.signature, signed.signature);
      const expected = { service: vector.service, regions: new Set([vector.region]) };
      const { sessionToken, ...keys } = vector.credentials;
      const record = { ...keys, principal: vector.name, ...(sessionToken === undefined ? {} : { sessionTokenSha256: sha256Hex(sessionToken) }) };
      const at = () => new Date(vector.timestamp);

      const verified = await new SigV4Verifier({ resolveCredential: () => record, now: at }).verify(request, parsed, expected);
      assert.equal(verified.accessKeyId, vector.credentials.accessKeyId);
      assert.equal(verified.signedAt.toISOString(), new Date(vector.timestamp).toISOString());
      assert.equal(verified.form, form);
      assert.equal(verified.credential, record);

      // The same bytes under another secret must not pass: the comparison is not vacuous.
      const wrong = { ...record, secretAccessKey: `${record.secretAccessKey}x` };
      await rejectsWith(
        new SigV4Verifier({ resolveCredential: () => wrong, now: at }).verify(request, parsed, expected),
        'InvalidSignatureException',
        MISMATCH,
      );
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Requests signed the way the SDK clients sign them

const T0 = new Date('2026-11-23T10:11:12Z');
const HOST = 'pinpoint.us-east-1.amazonaws.com';
const KEY = { accessKeyId: 'AKIDPINIONTEST', secretAccessKey: 'pinion/Secret+Key0123456789abcdefghijk' };
const SERVED = { service: 'mobiletargeting', regions: new Set(['us-east-1', 'eu-west-1']) };

interface SignOptions {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  signingDate?: Date;
  region?: string;
  service?: string;
  applyChecksum?: boolean;
  /** Presign (query form) with this X-Amz-Expires instead of signing the headers. */
  presignExpiresIn?: number;
}

/** RFC 3986 escaping, as the SDK's query-string builder puts parameters on the wire. */
function escape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function sdkSigned(options: SignOptions = {}): Promise<SignedRequest> {
  const body = options.body ?? '';
  const signer = new SignatureV4({
    service: options.service ?? 'mobiletargeting',
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? KEY,
    sha256: Sha256,
    ...(options.applyChecksum !== undefined ? { applyChecksum: options.applyChecksum } : {}),
  });
  const unsigned = new HttpRequest({
    method: options.method ?? 'POST',
    protocol: 'https:',
    hostname: HOST,
    path: options.path ?? '/v1/apps/app-1/events',
    query: options.query ?? {},
    headers: { host: HOST, 'content-type': 'application/json', ...options.headers },
    ...(body !== '' ? { body: Buffer.from(body, 'utf8') } : {}),
  });
  const signingDate = options.signingDate ?? T0;
  const signed =
    options.presignExpiresIn !== undefined
      ? await signer.presign(unsigned, { signingDate, expiresIn: options.presignExpiresIn })
      : await signer.sign(unsigned, { signingDate });
  const rawQuery = Object.entries(signed.query ?? {})
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value ?? '']).map((v) => `${escape(key)}=${escape(v)}`))
    .join('&');
  return {
    method: signed.method,
    rawPath: signed.path,
    rawQuery,
    rawHeaders: Object.entries(signed.headers).flat(),
    body: Buffer.from(body, 'utf8'),
  };
}

function record(overrides: Partial<CredentialRecord> = {}): CredentialRecord {
  return { ...KEY, principal: { user: 'tester' }, ...overrides };
}

async function verify(
  request: SignedRequest,
  options: { now?: Date; records?: CredentialRecord[]; expected?: { service: string; regions: ReadonlySet<string> } } = {},
) {
  const records = options.records ?? [record()];
  const verifier = new SigV4Verifier({
    resolveCredential: (id) => records.find((r) => r.accessKeyId === id),
    now: () => options.now ?? T0,
  });
  // async, so a parse failure arrives as a rejection like every other failure
  return verifier.verify(request, parseSigV4(request), options.expected ?? SERVED);
}

async function rejectsWith(promise: Promise<unknown>, code: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, 403);
    assert.equal(error.frontDoor, true);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  });
}

/** Replaces (or, with undefined, removes) every header of that name. */
function withHeader(request: SignedRequest, name: string, value: string | undefined): SignedRequest {
  const rawHeaders: string[] = [];
  let replaced = false;
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const header = request.rawHeaders[i] as string;
    if (header.toLowerCase() !== name.toLowerCase()) rawHeaders.push(header, request.rawHeaders[i + 1] as string);
    else if (value !== undefined && !replaced) {
      rawHeaders.push(header, value);
      replaced = true;
    }
  }
  if (value !== undefined && !replaced) rawHeaders.push(name, value);
  return { ...request, rawHeaders };
}

function header(request: SignedRequest, name: string): string {
  const i = request.rawHeaders.findIndex((h, index) => index % 2 === 0 && h.toLowerCase() === name);
  assert.ok(i >= 0, `no ${name} header`);
  return request.rawHeaders[i + 1] as string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const EVENTS_BODY = JSON.stringify({ BatchItem: { e1: { Endpoint: {}, Events: { a: { EventType: 'open' } } } } });

test('an SDK-signed request verifies, whatever unsigned headers a proxy adds', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  const verified = await verify(request);
  assert.equal(verified.region, 'us-east-1');
  assert.equal(verified.service, 'mobiletargeting');
  assert.equal(verified.signedAt.toISOString(), T0.toISOString());
  assert.equal(verified.form, 'header');
  assert.deepEqual(verified.credential.principal, { user: 'tester' });

  const proxied = { ...request, rawHeaders: [...request.rawHeaders, 'X-Forwarded-For', '10.0.0.1', 'Via', '1.1 lb'] };
  await verify(proxied);
});

test('a changed body fails (no x-amz-content-sha256: the signer hashes the body)', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY, applyChecksum: false });
  assert.ok(!request.rawHeaders.some((h) => h.toLowerCase() === 'x-amz-content-sha256'));
  await verify(request);
  await rejectsWith(verify({ ...request, body: Buffer.from(EVENTS_BODY.replace('open', 'shut')) }), 'InvalidSignatureException', MISMATCH);
});

test('a changed body fails when x-amz-content-sha256 was signed', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  assert.equal(header(request, 'x-amz-content-sha256'), sha256(EVENTS_BODY));
  await rejectsWith(verify({ ...request, body: Buffer.from(`${EVENTS_BODY} `) }), 'InvalidSignatureException', MISMATCH);
});

test('an x-amz-content-sha256 that does not match the body fails even though it was signed', async () => {
  // Self-consistent signature over a claimed hash: a verifier trusting the header would accept it.
  const claimed = { 'x-amz-content-sha256': sha256('{"something":"else"}') };
  const request = await sdkSigned({ body: EVENTS_BODY, headers: claimed });
  await rejectsWith(verify(request), 'InvalidSignatureException', MISMATCH);
  // The same construction with the true hash passes, so it is the body check that refused it.
  await verify(await sdkSigned({ body: EVENTS_BODY, headers: { 'x-amz-content-sha256': sha256(EVENTS_BODY) } }));
});

test('a changed signed header value fails', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  assert.match(header(request, 'authorization'), /SignedHeaders=[^,]*content-type/);
  await rejectsWith(verify(withHeader(request, 'content-type', 'text/plain')), 'InvalidSignatureException', MISMATCH);
});

test('a changed path fails', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  await rejectsWith(verify({ ...request, rawPath: '/v1/apps/app-2/events' }), 'InvalidSignatureException', MISMATCH);
  // The encoded form is what was signed: decoding it on the server side would not match either.
  const encoded = await sdkSigned({ method: 'GET', path: '/v1/apps/a%2Fb' });
  await verify(encoded);
  await rejectsWith(verify({ ...encoded, rawPath: '/v1/apps/a/b' }), 'InvalidSignatureException', MISMATCH);
});

test('a changed or extended query fails', async () => {
  const request = await sdkSigned({ method: 'GET', path: '/v1/apps', query: { 'page-size': '10' } });
  await verify(request);
  await rejectsWith(verify({ ...request, rawQuery: 'page-size=11' }), 'InvalidSignatureException', MISMATCH);
  await rejectsWith(verify({ ...request, rawQuery: 'page-size=10&token=x' }), 'InvalidSignatureException', MISMATCH);
});

test('a signed header that is not present fails', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  const auth = header(request, 'authorization').replace('SignedHeaders=', 'SignedHeaders=a-missing-header;');
  await rejectsWith(verify(withHeader(request, 'authorization', auth)), 'InvalidSignatureException', MISMATCH);
});

test('a request replayed 16 minutes later has expired', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  await verify(request, { now: minutes(15) }); // the window's edge is still inside
  await rejectsWith(
    verify(request, { now: minutes(16) }),
    'InvalidSignatureException',
    'Signature expired: 20261123T101112Z is now earlier than 20261123T101212Z (20261123T102712Z - 15 min.)',
  );
});

test('a request signed 16 minutes ahead is not yet current', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  await verify(request, { now: minutes(-15) });
  await rejectsWith(
    verify(request, { now: minutes(-16) }),
    'InvalidSignatureException',
    'Signature not yet current: 20261123T101112Z is still later than 20261123T101012Z (20261123T095512Z + 15 min.)',
  );
});

test('a region the router does not serve is refused', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY, region: 'ap-south-1' });
  await rejectsWith(
    verify(request),
    'InvalidSignatureException',
    "Credential should be scoped to a valid region, not 'ap-south-1'. ",
  );
  await verify(await sdkSigned({ body: EVENTS_BODY, region: 'eu-west-1' }));
});

test('a credential scoped to another service is refused', async () => {
  await rejectsWith(
    verify(await sdkSigned({ body: EVENTS_BODY, service: 'sms-voice' })),
    'InvalidSignatureException',
    "Credential should be scoped to correct service: 'mobiletargeting'. ",
  );
  // AWS reports every scope fault in one message.
  await rejectsWith(
    verify(await sdkSigned({ body: EVENTS_BODY, service: 'sms-voice', region: 'ap-south-1' })),
    'InvalidSignatureException',
    "Credential should be scoped to a valid region, not 'ap-south-1'. Credential should be scoped to correct service: 'mobiletargeting'. ",
  );
});

test('a scope date other than the X-Amz-Date date is refused', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  const auth = header(request, 'authorization').replace('/20261123/', '/20261122/');
  await rejectsWith(
    verify(withHeader(request, 'authorization', auth)),
    'InvalidSignatureException',
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261122' != '20261123', from '20261123T101112Z'.",
  );
});

test('host must be signed', async () => {
  const signed = await sdkSigned({ method: 'GET', path: '/v1/apps' });
  const auth = header(signed, 'authorization').replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;');
  assert.notEqual(auth, header(signed, 'authorization'));
  await rejectsWith(
    verify(withHeader(signed, 'authorization', auth)),
    'InvalidSignatureException',
    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  );
});

test('an unknown access key is an unrecognized client', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY, credentials: { ...KEY, accessKeyId: 'AKIDUNKNOWN' } });
  await rejectsWith(verify(request), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
});

test('no signature at all is a missing token', async () => {
  const request = withHeader(await sdkSigned({ body: EVENTS_BODY }), 'authorization', undefined);
  await rejectsWith(verify(request), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
});

test('a signature that is not lower-case hex fails', async () => {
  const request = await sdkSigned({ body: EVENTS_BODY });
  const auth = header(request, 'authorization').replace(/Signature=([0-9a-f]+)/, (_, s: string) => `Signature=${s.toUpperCase()}`);
  await rejectsWith(verify(withHeader(request, 'authorization', auth)), 'InvalidSignatureException', MISMATCH);
});

test('presigned URLs verify until X-Amz-Date + X-Amz-Expires, not only for 15 minutes', async () => {
  const request = await sdkSigned({ method: 'GET', path: '/v1/apps', presignExpiresIn: 3 * 3600 });
  assert.ok(!request.rawHeaders.some((h) => h.toLowerCase() === 'authorization'));
  const verified = await verify(request, { now: minutes(150) });
  assert.equal(verified.form, 'query');
  await verify(request, { now: minutes(180) });
  await rejectsWith(
    verify(request, { now: minutes(181) }),
    'InvalidSignatureException',
    'Signature expired: 20261123T101112Z is now earlier than 20261123T101212Z (20261123T131212Z - 10800 sec.)',
  );
  await rejectsWith(verify(request, { now: minutes(-16) }), 'InvalidSignatureException', /^Signature not yet current: /);
});

test('a tampered presigned URL fails', async () => {
  const request = await sdkSigned({ method: 'GET', path: '/v1/apps', query: { 'page-size': '5' }, presignExpiresIn: 300 });
  await verify(request);
  await rejectsWith(
    verify({ ...request, rawQuery: request.rawQuery.replace('page-size=5', 'page-size=6') }),
    'InvalidSignatureException',
    MISMATCH,
  );
  await rejectsWith(
    verify({ ...request, rawQuery: request.rawQuery.replace('X-Amz-Expires=300', 'X-Amz-Expires=3000') }),
    'InvalidSignatureException',
    MISMATCH,
  );
});

test('session tokens: the credential token must be presented, and only then', async () => {
  const temporary = { ...KEY, sessionToken: 'FwoGZXIvYXdzE+token/A==' };
  const tokenRecord = record({ sessionTokenSha256: sha256Hex(temporary.sessionToken) });

  await verify(await sdkSigned({ body: EVENTS_BODY, credentials: temporary }), { records: [tokenRecord] });
  await verify(await sdkSigned({ method: 'GET', path: '/v1/apps', credentials: temporary, presignExpiresIn: 60 }), {
    records: [tokenRecord],
  });

  const invalid = 'The security token included in the request is invalid';
  // Signed with another token.
  await rejectsWith(
    verify(await sdkSigned({ body: EVENTS_BODY, credentials: { ...KEY, sessionToken: 'other-token' } }), { records: [tokenRecord] }),
    'UnrecognizedClientException',
    invalid,
  );
  // No token at all.
  await rejectsWith(verify(await sdkSigned({ body: EVENTS_BODY }), { records: [tokenRecord] }), 'UnrecognizedClientException', invalid);
  // A token with a long-term key.
  await rejectsWith(verify(await sdkSigned({ body: EVENTS_BODY, credentials: temporary })), 'UnrecognizedClientException', invalid);
});

test('an expired temporary credential is an expired token', async () => {
  const temporary = { ...KEY, sessionToken: 'session-token' };
  const request = await sdkSigned({ body: EVENTS_BODY, credentials: temporary });
  await verify(request, { records: [record({ sessionTokenSha256: sha256Hex('session-token'), expiresAt: minutes(1) })] });
  await rejectsWith(
    verify(request, { records: [record({ sessionTokenSha256: sha256Hex('session-token'), expiresAt: minutes(-1) })] }),
    'ExpiredTokenException',
    'The security token included in the request is expired',
  );
});

// ---------------------------------------------------------------------------------------------
// Round trips: encodings real clients produce

test('round trip: encoded slashes and unicode in the path', async () => {
  const paths = [
    '/v1/apps/a%2Fb/endpoints/c%2Fd',
    `/v1/apps/${escape('ሴ-ünïcødé')}/endpoints/${escape('100% sure')}`,
    `/v1/templates/${escape("it's (a) *test*")}/email`,
  ];
  for (const path of paths) {
    for (const presignExpiresIn of [undefined, 60]) {
      const request = await sdkSigned({ method: 'GET', path, ...(presignExpiresIn ? { presignExpiresIn } : {}) });
      assert.equal(request.rawPath, path);
      await verify(request);
    }
  }
});

test('round trip: query values with +, spaces, unicode, empty values and repeated keys', async () => {
  const query = {
    token: 'a+b c/d=e',
    tag: ['zeta', 'a a', 'm+n', 'a a'],
    empty: '',
    'ünï code': 'çødé ☃',
  };
  for (const presignExpiresIn of [undefined, 60]) {
    const request = await sdkSigned({ method: 'GET', path: '/v1/apps', query, ...(presignExpiresIn ? { presignExpiresIn } : {}) });
    assert.match(request.rawQuery, /token=a%2Bb%20c%2Fd%3De/);
    await verify(request);
  }
});

test("round trip: a raw '+' in the query is a plus, not a space", async () => {
  const plus = await sdkSigned({ method: 'GET', path: '/v1/apps', query: { token: 'a+b' } });
  await verify({ ...plus, rawQuery: 'token=a+b' });
  // URLSearchParams would have read this as 'a b', which is not what was signed.
  const space = await sdkSigned({ method: 'GET', path: '/v1/apps', query: { token: 'a b' } });
  await rejectsWith(verify({ ...space, rawQuery: 'token=a+b' }), 'InvalidSignatureException', MISMATCH);
});

test('round trip: a repeated header is signed as its values joined with ","', async () => {
  const signed = await sdkSigned({ body: EVENTS_BODY, headers: { 'x-pinion-trace': 'first,second' } });
  assert.match(header(signed, 'authorization'), /x-pinion-trace/);
  const first = withHeader(signed, 'x-pinion-trace', 'first');
  const split = { ...first, rawHeaders: [...first.rawHeaders, 'X-Pinion-Trace', 'second'] };
  await verify(split);
  const second = withHeader(signed, 'x-pinion-trace', 'second');
  const reordered = { ...second, rawHeaders: [...second.rawHeaders, 'X-Pinion-Trace', 'first'] };
  await rejectsWith(verify(reordered), 'InvalidSignatureException', MISMATCH);
});

test('round trip: unicode JSON body, PUT', async () => {
  const body = JSON.stringify({ Address: 'ünïcødé@example.com', Attributes: { café: ['☃'] } });
  await verify(await sdkSigned({ method: 'PUT', path: '/v1/apps/app-1/endpoints/e-1', body }));
});

// ---------------------------------------------------------------------------------------------
// A real PinpointClient against a loopback server

test('requests from a real PinpointClient verify as they arrive over HTTP', async () => {
  const received: SignedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      received.push({
        method: req.method ?? 'GET',
        rawPath: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new PinpointClient({
    region: 'eu-west-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { ...KEY, sessionToken: 'client-session-token' },
    maxAttempts: 1,
  });
  try {
    await client.send(new GetEndpointCommand({ ApplicationId: 'app/1 ü', EndpointId: 'ሴ e+x' }));
    await client.send(new GetAppsCommand({ PageSize: '10', Token: 'a+b c/=' }));
    await client.send(
      new UpdateEndpointCommand({
        ApplicationId: 'app-1',
        EndpointId: 'endpoint-1',
        EndpointRequest: { Address: 'ünï@example.com', ChannelType: 'EMAIL', Attributes: { k: ['v+1', 'v 2'] } },
      }),
    );
  } finally {
    client.destroy();
    server.close();
  }

  assert.equal(received.length, 3);
  assert.match(received[0]?.rawPath ?? '', /%2F/);
  assert.ok((received[2]?.body.length ?? 0) > 0);
  const records = [record({ sessionTokenSha256: sha256Hex('client-session-token') })];
  const live = { records, now: new Date() };
  for (const request of received) {
    const verified = await verify(request, live);
    assert.equal(verified.region, 'eu-west-1');
    await rejectsWith(verify({ ...request, body: Buffer.from('tampered') }, live), 'InvalidSignatureException', MISMATCH);
  }
});
