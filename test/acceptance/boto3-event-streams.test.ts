// PutEventStream, GetEventStream and DeleteEventStream through boto3 (test/acceptance/python/
// boto3_event_streams.py), including the bad inputs a Python client can send.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runBoto3Script } from '../helpers/boto3-runner.ts';
import type { Boto3Run } from '../helpers/boto3-runner.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const script = fileURLToPath(new URL('./python/boto3_event_streams.py', import.meta.url));
let server: PinionProcess;
let run: Boto3Run;

before(async () => {
  server = await startPinion();
  run = await runBoto3Script(script, server);
});
after(async () => {
  await server?.stop();
});

interface EventStreamOut {
  EventStream: { ApplicationId: string; DestinationStreamArn: string; RoleArn: string; LastModifiedDate: string; LastUpdatedBy: string };
}

test('put, get and delete answer the stream as boto3 parses it', () => {
  const appId = run.value<string>('app_id');
  const roleArn = run.value<string>('role_arn');
  const put = run.value<EventStreamOut>('put').EventStream;
  assert.equal(put.ApplicationId, appId);
  assert.equal(put.DestinationStreamArn, `arn:aws:kinesis:us-east-1:${testAccountId}:stream/pinpoint-events`);
  assert.equal(put.RoleArn, roleArn);
  assert.equal(put.LastUpdatedBy, `arn:aws:iam::${testAccountId}:root`);
  assert.ok(Number.isFinite(Date.parse(put.LastModifiedDate)));
  assert.deepEqual(run.value<EventStreamOut>('get').EventStream, put);
  assert.deepEqual(run.value<EventStreamOut>('delete').EventStream, put);
  assert.equal(run.failure('get_after_delete').code, 'NotFoundException');
});

test('bad input: the modelled errors, with messages that say what is wrong', () => {
  const badArn = run.failure('bad_arn');
  assert.equal(badArn.code, 'BadRequestException');
  assert.equal(badArn.status, 400);
  assert.match(badArn.message, /service "s3", not kinesis or firehose/);
  const otherAccount = run.failure('other_account');
  assert.equal(otherAccount.status, 400);
  assert.match(otherAccount.message, /streams of AWS account 999999999999 are not destinations this server delivers to/);
  const missingRole = run.failure('missing_role');
  assert.equal(missingRole.status, 400);
  assert.match(missingRole.message, /does not name an existing IAM role/);
  const missingApp = run.failure('missing_app');
  assert.equal(missingApp.code, 'NotFoundException');
  assert.equal(missingApp.status, 404);
});
