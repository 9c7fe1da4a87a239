import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssumeRoleCommand,
  ExpiredTokenException,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  RegionDisabledException,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { loadQueryModels } from '../../spec/load-models.ts';
import { ApiError, authErrors } from '../api-error.ts';
import { internalError } from '../service-errors.ts';
import { queryServiceError } from './query-errors.ts';
import { clientConfig, lastInput, startQueryTestServer } from './sdk-test-server.ts';
import type { QueryTestServer } from './sdk-test-server.ts';

/** The real @aws-sdk/client-sts against this folder's reader and writer (see sdk-test-server.ts). */

const stsModel = loadQueryModels().get('sts')!;
let server: QueryTestServer;
let sts: STSClient;

before(async () => {
  server = await startQueryTestServer();
  sts = new STSClient(clientConfig(server));
});

after(async () => {
  sts.destroy();
  await server.close();
});

function rejection(promise: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number } }> {
  return promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e as Error & { $metadata: { httpStatusCode?: number } },
  );
}

describe('STS via @aws-sdk/client-sts', () => {
  test('AssumeRole: every request member reads into the SDK input; credentials parse with the Expiration date', async () => {
    const input: AssumeRoleCommandInput = {
      RoleArn: 'arn:aws:iam::123456789012:role/deploy',
      RoleSessionName: 'ci@run=1,x.y-z',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::123456789012:policy/extra' }],
      Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"mobiletargeting:Get*","Resource":"*"}]}',
      DurationSeconds: 900,
      Tags: [{ Key: 'project', Value: 'pinion' }],
      TransitiveTagKeys: ['project'],
      ExternalId: 'ext-id:1/2',
      SourceIdentity: 'alice@example.com',
    };
    const expiration = new Date('2030-01-02T03:04:05.678Z');
    server.respond = (operation, read) => {
      assert.equal(operation, 'AssumeRole');
      return {
        Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret/+=', SessionToken: 'token+/=', Expiration: expiration },
        AssumedRoleUser: { AssumedRoleId: `AROAEXAMPLE:${String(read.RoleSessionName)}`, Arn: `arn:aws:sts::123456789012:assumed-role/deploy/${String(read.RoleSessionName)}` },
        PackedPolicySize: 12,
        SourceIdentity: read.SourceIdentity,
      };
    };
    const output = await sts.send(new AssumeRoleCommand(input));
    assert.deepEqual(lastInput(server), input);
    assert.match(server.captured.at(-1)!.body, /PolicyArns\.member\.1\.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess/);
    assert.deepEqual(output.Credentials, { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret/+=', SessionToken: 'token+/=', Expiration: expiration });
    assert.ok(output.Credentials!.Expiration instanceof Date);
    assert.deepEqual(output.AssumedRoleUser, { AssumedRoleId: 'AROAEXAMPLE:ci@run=1,x.y-z', Arn: 'arn:aws:sts::123456789012:assumed-role/deploy/ci@run=1,x.y-z' });
    assert.equal(output.PackedPolicySize, 12);
    assert.equal(output.SourceIdentity, 'alice@example.com');
    assert.equal(output.$metadata.httpStatusCode, 200);
  });

  test('GetCallerIdentity: no input members; output parses', async () => {
    server.respond = () => ({ UserId: 'AIDAEXAMPLE', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/bob' });
    const output = await sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual(lastInput(server), {});
    assert.equal(server.captured.at(-1)!.service, 'sts');
    assert.equal(server.captured.at(-1)!.body, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(output.Account, '123456789012');
    assert.equal(output.Arn, 'arn:aws:iam::123456789012:user/bob');
    assert.equal(output.UserId, 'AIDAEXAMPLE');
  });

  test('GetSessionToken: integer input, whole-second Expiration', async () => {
    server.respond = () => ({ Credentials: { AccessKeyId: 'ASIA2', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2030-01-01T00:00:00Z') } });
    const output = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 129600 }));
    assert.deepEqual(lastInput(server), { DurationSeconds: 129600 });
    assert.deepEqual(output.Credentials!.Expiration, new Date('2030-01-01T00:00:00Z'));
  });

  test('modelled STS errors raise their SDK classes (codes differ from the shape names)', async () => {
    server.respond = () => queryServiceError(stsModel, 'RegionDisabledException', 'STS is not activated in this region for account:123456789012.');
    const disabled = await rejection(sts.send(new GetCallerIdentityCommand({})));
    assert.ok(disabled instanceof RegionDisabledException);
    assert.equal(disabled.$metadata.httpStatusCode, 403);
    assert.equal(disabled.message, 'STS is not activated in this region for account:123456789012.');

    server.respond = () => queryServiceError(stsModel, 'ExpiredTokenException', 'Token expired: current date/time 1 must be before the expiration date/time 0');
    const expired = await rejection(sts.send(new GetCallerIdentityCommand({})));
    assert.ok(expired instanceof ExpiredTokenException);
    assert.equal(expired.$metadata.httpStatusCode, 400);

    server.respond = () => queryServiceError(stsModel, 'PackedPolicyTooLarge', 'Packed policy consumes 120% of allotted space');
    const packed = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'sess' })));
    assert.equal(packed.name, 'PackedPolicyTooLargeException');
    assert.equal(packed.$metadata.httpStatusCode, 400);
  });

  test('front-door failures in the STS spelling', async () => {
    const cases: Array<[ApiError, string, number]> = [
      [authErrors.unrecognizedClient(), 'InvalidClientTokenId', 403],
      [authErrors.invalidSignature('The request signature we calculated does not match the signature you provided.'), 'SignatureDoesNotMatch', 403],
      [new ApiError('ExpiredTokenException', 403, 'The security token included in the request is expired', { frontDoor: true }), 'ExpiredToken', 403],
      [new ApiError('AccessDeniedException', 403, 'User: arn:aws:iam::123456789012:user/bob is not authorized to perform: sts:AssumeRole', { frontDoor: true }), 'AccessDenied', 403],
    ];
    for (const [apiError, name, status] of cases) {
      server.respond = () => apiError;
      const error = await rejection(sts.send(new GetCallerIdentityCommand({})));
      assert.equal(error.name, name);
      assert.equal(error.message, apiError.message);
      assert.equal(error.$metadata.httpStatusCode, status);
    }
  });

  test('internal failures are InternalFailure, a server fault', async () => {
    server.respond = () => internalError(undefined, new Error('disk on fire'));
    const error = await rejection(sts.send(new GetCallerIdentityCommand({})));
    assert.equal(error.name, 'InternalFailure');
    assert.equal(error.message, 'Internal server error');
    assert.equal(error.$metadata.httpStatusCode, 500);
    assert.equal((error as unknown as { $fault: string }).$fault, 'server');
  });

  test("the reader's validation errors reach the SDK as ValidationError", async () => {
    server.respond = () => assert.fail('not reached');
    const error = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's', DurationSeconds: 60 })));
    assert.equal(error.name, 'ValidationError');
    assert.equal(
      error.message,
      "2 validation errors detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
        "Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });
});
