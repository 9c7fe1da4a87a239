// PutEventStream, GetEventStream and DeleteEventStream through the real @aws-sdk/client-pinpoint
// against a started server; roles and users made with the real @aws-sdk/client-iam.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateAppCommand, DeleteAppCommand, DeleteEventStreamCommand, GetEventStreamCommand, PinpointClient, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import type { WriteEventStream } from '@aws-sdk/client-pinpoint';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/repositories.ts';
import { permissionsPolicy, trustPolicy } from '../helpers/event-stream-world.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const ACCOUNT = testAccountId;
const KINESIS = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/pinpoint-events`;
const FIREHOSE = `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/pinpoint-events`;
const TENANT = { accountId: ACCOUNT, region: 'us-east-1' };

let server: PinionProcess;
let iam: IAMClient;
let pinpoint: PinpointClient;
let storage: Storage;
let roleArn: string;
const clients: { destroy(): void }[] = [];

async function newApp(name = 'streams'): Promise<string> {
  return (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: name } }))).ApplicationResponse!.Id!;
}

async function clientFor(user: string, policy: object): Promise<PinpointClient> {
  await iam.send(new CreateUserCommand({ UserName: user }));
  await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
  const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }, maxAttempts: 1 });
  clients.push(client);
  return client;
}

before(async () => {
  server = await startPinion();
  const options = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 };
  iam = new IAMClient(options);
  pinpoint = new PinpointClient(options);
  clients.push(iam, pinpoint);
  const role = await iam.send(new CreateRoleCommand({ RoleName: 'PinpointEventStreamRole', AssumeRolePolicyDocument: trustPolicy('*') }));
  roleArn = role.Role!.Arn!;
  await iam.send(new PutRolePolicyCommand({ RoleName: 'PinpointEventStreamRole', PolicyName: 'PinpointEventStreamPermissionsPolicy', PolicyDocument: permissionsPolicy(KINESIS) }));
  storage = await openStorage({ kind: 'sqlite', file: join(server.dataDir, 'pinion.sqlite') });
});

after(async () => {
  for (const client of clients) client.destroy();
  await storage?.close();
  await server?.stop();
});

describe('PutEventStream, GetEventStream, DeleteEventStream', () => {
  test('put answers the stream; get answers the same; LastUpdatedBy is the caller', async () => {
    const appId = await newApp();
    const before = Date.now();
    const put = await pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: KINESIS, RoleArn: roleArn } }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    const stream = put.EventStream!;
    assert.equal(stream.ApplicationId, appId);
    assert.equal(stream.DestinationStreamArn, KINESIS);
    assert.equal(stream.RoleArn, roleArn);
    assert.equal(stream.LastUpdatedBy, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(stream.ExternalId, undefined);
    assert.match(stream.LastModifiedDate!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(stream.LastModifiedDate!) - before) < 60_000);
    const got = await pinpoint.send(new GetEventStreamCommand({ ApplicationId: appId }));
    assert.deepEqual(got.EventStream, stream);
  });

  test('put again replaces the destination (Kinesis to Firehose)', async () => {
    const appId = await newApp();
    await pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: KINESIS, RoleArn: roleArn } }));
    const replaced = await pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: FIREHOSE, RoleArn: roleArn } }));
    assert.equal(replaced.EventStream!.DestinationStreamArn, FIREHOSE);
    assert.equal((await pinpoint.send(new GetEventStreamCommand({ ApplicationId: appId }))).EventStream!.DestinationStreamArn, FIREHOSE);
  });

  test('delete answers the deleted stream and drops its backlog; then get and delete are 404', async () => {
    const appId = await newApp();
    const put = await pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: KINESIS, RoleArn: roleArn } }));
    assert.equal(await storage.repositories.eventStreams.enqueue(TENANT, appId, [{ partitionKey: 'e1', record: '{"event_type":"x"}' }]), 1);
    const deleted = await pinpoint.send(new DeleteEventStreamCommand({ ApplicationId: appId }));
    assert.deepEqual(deleted.EventStream, put.EventStream);
    assert.equal((await storage.repositories.eventStreams.backlog(TENANT, appId)).count, 0);
    const none = new RegExp(`^Application ${appId} has no event stream$`);
    await rejectsWith(pinpoint.send(new GetEventStreamCommand({ ApplicationId: appId })), 'NotFoundException', 404, none);
    await rejectsWith(pinpoint.send(new DeleteEventStreamCommand({ ApplicationId: appId })), 'NotFoundException', 404, none);
  });

  test('a missing app is 404 for all three; nothing is stored', async () => {
    const missing = '0'.repeat(32);
    const write = { DestinationStreamArn: KINESIS, RoleArn: roleArn };
    await rejectsWith(pinpoint.send(new PutEventStreamCommand({ ApplicationId: missing, WriteEventStream: write })), 'NotFoundException', 404, /^Application not found$/);
    await rejectsWith(pinpoint.send(new GetEventStreamCommand({ ApplicationId: missing })), 'NotFoundException', 404, /^Application not found$/);
    await rejectsWith(pinpoint.send(new DeleteEventStreamCommand({ ApplicationId: missing })), 'NotFoundException', 404, /^Application not found$/);
    assert.equal(await storage.repositories.eventStreams.get(TENANT, missing), undefined);
  });

  test('deleting the app deletes its stream', async () => {
    const appId = await newApp();
    await pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: KINESIS, RoleArn: roleArn } }));
    await pinpoint.send(new DeleteAppCommand({ ApplicationId: appId }));
    assert.equal(await storage.repositories.eventStreams.get(TENANT, appId), undefined);
  });
});

describe('PutEventStream refuses bad input with 400 naming what is wrong, storing nothing', () => {
  const badDestinations: [string, RegExp][] = [
    ['pinpoint-events', /^DestinationStreamArn "pinpoint-events" is not an ARN: expected a Kinesis data stream ARN \(arn:aws:kinesis:<region>:<account id>:stream\/<stream name>\) or a Firehose delivery stream ARN/],
    ['arn:aws:s3:::my-bucket', /is an ARN of service "s3", not kinesis or firehose/],
    [`arn:aws:sqs:us-east-1:${ACCOUNT}:queue`, /service "sqs"/],
    [`arn:aws:kinesis:us-east-1:${ACCOUNT}:deliverystream/x`, /names a kinesis resource that is not a Kinesis data stream/],
    [`arn:aws:firehose:us-east-1:${ACCOUNT}:stream/x`, /names a firehose resource that is not a Firehose delivery stream/],
    [`arn:aws:kinesis::${ACCOUNT}:stream/x`, /has no region/],
    ['arn:aws:kinesis:us-east-1:12345:stream/x', /account id "12345"; expected 12 digits/],
    [`arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/bad name`, /stream name "bad name"/],
    // Records go out with the operator's AWS credentials: only allowed accounts' streams (default: Pinion's own account).
    ['arn:aws:kinesis:us-east-1:999999999999:stream/orders', /^DestinationStreamArn: streams of AWS account 999999999999 are not destinations this server delivers to \(allowed: \d{12}; an operator sets PINION_EVENT_STREAM_ACCOUNTS\)$/],
  ];
  for (const [arn, message] of badDestinations) {
    test(`DestinationStreamArn ${arn}`, async () => {
      const appId = await newApp();
      await rejectsWith(pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: arn, RoleArn: roleArn } })), 'BadRequestException', 400, message);
      await rejectsWith(pinpoint.send(new GetEventStreamCommand({ ApplicationId: appId })), 'NotFoundException', 404);
    });
  }

  test('missing members are refused by the model', async () => {
    const appId = await newApp();
    await rejectsWith(
      pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { RoleArn: roleArn } as WriteEventStream })),
      'BadRequestException',
      400,
      /DestinationStreamArn/,
    );
    await rejectsWith(pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: KINESIS } as WriteEventStream })), 'BadRequestException', 400, /RoleArn/);
  });

  test('a RoleArn that is not a role, does not exist, or belongs to another account', async () => {
    const appId = await newApp();
    const put = (role: string) => pinpoint.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: KINESIS, RoleArn: role } }));
    await rejectsWith(put('PinpointEventStreamRole'), 'BadRequestException', 400, /^RoleArn PinpointEventStreamRole is not an IAM role ARN/);
    await rejectsWith(put(`arn:aws:iam::${ACCOUNT}:user/alice`), 'BadRequestException', 400, /is not an IAM role ARN/);
    await rejectsWith(put(`arn:aws:iam::${ACCOUNT}:role/NoSuchRole`), 'BadRequestException', 400, new RegExp(`^RoleArn arn:aws:iam::${ACCOUNT}:role/NoSuchRole does not name an existing IAM role of account ${ACCOUNT}$`));
    await rejectsWith(put('arn:aws:iam::210987654321:role/PinpointEventStreamRole'), 'BadRequestException', 400, /is not a role of account 123456789012/);
    await rejectsWith(pinpoint.send(new GetEventStreamCommand({ ApplicationId: appId })), 'NotFoundException', 404);
  });
});

describe('iam:PassRole', () => {
  test('a caller without iam:PassRole is refused with AccessDeniedException naming iam:PassRole and the role', async () => {
    const appId = await newApp();
    const marketer = await clientFor('stream-marketer', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' }] });
    await rejectsWith(
      marketer.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: KINESIS, RoleArn: roleArn } })),
      'AccessDeniedException',
      403,
      new RegExp(`^User: arn:aws:iam::${ACCOUNT}:user/stream-marketer is not authorized to perform: iam:PassRole on resource: ${roleArn}$`),
    );
    await rejectsWith(pinpoint.send(new GetEventStreamCommand({ ApplicationId: appId })), 'NotFoundException', 404);
    // Without iam:PassRole it learns nothing about which roles exist.
    await rejectsWith(
      marketer.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: KINESIS, RoleArn: `arn:aws:iam::${ACCOUNT}:role/NoSuchRole` } })),
      'AccessDeniedException',
      403,
      /iam:PassRole/,
    );
  });

  test('a caller allowed iam:PassRole (to pinpoint.amazonaws.com) may put the stream; LastUpdatedBy is the user', async () => {
    const appId = await newApp();
    const admin = await clientFor('stream-admin', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'mobiletargeting:*', Resource: '*' },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: roleArn, Condition: { StringEquals: { 'iam:PassedToService': 'pinpoint.amazonaws.com' } } },
      ],
    });
    const put = await admin.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: FIREHOSE, RoleArn: roleArn } }));
    assert.equal(put.EventStream!.LastUpdatedBy, `arn:aws:iam::${ACCOUNT}:user/stream-admin`);
  });

  test('a caller without mobiletargeting:PutEventStream is refused before anything else', async () => {
    const appId = await newApp();
    const reader = await clientFor('stream-reader', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['mobiletargeting:Get*', 'iam:PassRole'], Resource: '*' }] });
    await rejectsWith(
      reader.send(new PutEventStreamCommand({ ApplicationId: appId, WriteEventStream: { DestinationStreamArn: 'not-an-arn', RoleArn: roleArn } })),
      'AccessDeniedException',
      403,
      /mobiletargeting:PutEventStream/,
    );
    await rejectsWith(reader.send(new GetEventStreamCommand({ ApplicationId: appId })), 'NotFoundException', 404);
  });
});
