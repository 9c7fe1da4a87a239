// evaluateServiceRoleUse against the exact policies of the seeds: 002 (IAM role for exporting
// endpoints or segments to S3) and 004 (IAM role for streaming events to Kinesis / Firehose).
// The policy texts below are copied character for character from the seed lines quoted next to
// them; only the documented placeholders are substituted, with .replaceAll, in one place each.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateServiceRoleUse, parseRoleArn, serviceRoleSession } from './service-role.ts';
import type { ServiceRoleUse, ServiceRoleVerdict } from './service-role.ts';

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const REGION = 'us-east-1';
const APP_ID = '6e0b7591a90841d0b5c6b2cc9EXAMPLE';
const OTHER_APP_ID = 'ab12cd34ef56ab12cd34ef56abEXAMPLE';
const APP_ARN = `arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/${APP_ID}`;
const BUCKET = 'pinion-exports';
const STREAM = 'pinpoint-events';
const DELIVERY_STREAM = 'pinpoint-events-firehose';
const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${STREAM}`;
const DELIVERY_STREAM_ARN = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${DELIVERY_STREAM}`;
const NOW = new Date('2026-11-23T14:17:09.123Z');

// ---- seed 002 ----

// 002 line 26: the s3ExportPolicy, verbatim. Note the `}, },` after the second statement's
// Condition: a trailing comma, so this exact text is not JSON and IAM refuses it ("Syntax errors
// in policy.").
const SEED_002_S3_POLICY_LINE_26 =
  '{ "Version": "2012-10-17", "Statement": [ { "Sid": "AllowUserToSeeBucketListInTheConsole", "Action": [ "s3:ListAllMyBuckets", "s3:GetBucketLocation" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::*" ] }, { "Sid": "AllowRootAndHomeListingOfBucket", "Action": [ "s3:ListBucket" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::example-bucket" ], "Condition": { "StringEquals": { "s3:delimiter": [ "/" ], "s3:prefix": [ "", "Exports/" ] } }, }, { "Sid": "AllowListingOfUserFolder", "Action": [ "s3:ListBucket" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::example-bucket" ], "Condition": { "StringLike": { "s3:prefix": [ "Exports/*" ] } } }, { "Sid": "AllowAllS3ActionsInUserFolder", "Action": [ "s3:*" ], "Effect": "Allow", "Resource": [ "arn:aws:s3:::example-bucket/Exports/*" ] } ] }';
// 002 line 28: "replace all instances of example-bucket with the name of the Amazon S3 bucket".
const seed002PolicyExact = SEED_002_S3_POLICY_LINE_26.replaceAll('example-bucket', BUCKET);
// The same policy with only the trailing comma removed: what a user who got past IAM stored.
const seed002Policy = seed002PolicyExact.replace('} }, }, {', '} } }, {');

// 002 line 54: trustpolicy.json, verbatim (no placeholders).
const SEED_002_TRUST_POLICY_LINE_54 = '{ "Version":"2012-10-17", "Statement":[ { "Effect":"Allow", "Principal":{ "Service":"pinpoint.amazonaws.com" }, "Action":"sts:AssumeRole" } ] }';
// 002 line 64: the role's ARN as create-role prints it.
const EXPORT_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/s3ExportRole`;
// 002 line 38: the policy's ARN, used as the source id of the attached policy.
const EXPORT_POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/s3ExportPolicy`;

// ---- seed 004 ----

// 004 line 32: PinpointEventStreamTrustPolicy.json, verbatim; placeholders region, accountId and
// applicationId (lines 26-30).
const SEED_004_TRUST_POLICY_LINE_32 =
  '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "pinpoint.amazonaws.com" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "aws:SourceAccount": "accountId" }, "ArnLike": { "aws:SourceArn": "arn:aws:mobiletargeting:region:accountId:apps/applicationId" } } } ] }';
// 004 line 49: the Kinesis permissions policy, verbatim; placeholders region, accountId, streamName (lines 43-47).
const SEED_004_KINESIS_POLICY_LINE_49 =
  '{ "Version": "2012-10-17", "Statement": { "Action": [ "kinesis:PutRecords", "kinesis:DescribeStream" ], "Effect": "Allow", "Resource": [ "arn:aws:kinesis:region:accountId:stream/streamName" ] } }';
// 004 line 59: the Firehose permissions policy, verbatim; placeholders region, accountId, delivery-stream-name (lines 53-57).
const SEED_004_FIREHOSE_POLICY_LINE_59 =
  '{ "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": [ "firehose:PutRecordBatch", "firehose:DescribeDeliveryStream" ], "Resource": [ "arn:aws:firehose:region:accountId:deliverystream/delivery-stream-name" ] } }';
// 004 line 38: the role's name.
const STREAM_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/PinpointEventStreamRole`;
// 004 line 65: put-role-policy's policy name, as the inline policy's source id.
const STREAM_POLICY_ID = 'role/PinpointEventStreamRole/inline/PinpointEventStreamPermissionsPolicy';

function seed004Trust(account = ACCOUNT, appId = APP_ID): string {
  return SEED_004_TRUST_POLICY_LINE_32.replaceAll('region', REGION).replaceAll('accountId', account).replaceAll('applicationId', appId);
}
const seed004Kinesis = SEED_004_KINESIS_POLICY_LINE_49.replaceAll('region', REGION).replaceAll('accountId', ACCOUNT).replaceAll('streamName', STREAM);
const seed004Firehose = SEED_004_FIREHOSE_POLICY_LINE_59.replaceAll('region', REGION)
  .replaceAll('accountId', ACCOUNT)
  .replaceAll('delivery-stream-name', DELIVERY_STREAM);

// ---- helpers ----

function exportUse(overrides: Partial<ServiceRoleUse> = {}): ServiceRoleUse {
  return {
    roleArn: EXPORT_ROLE_ARN,
    trustPolicy: SEED_002_TRUST_POLICY_LINE_54,
    permissionPolicies: [{ sourceId: EXPORT_POLICY_ARN, document: seed002Policy }],
    servicePrincipal: 'pinpoint.amazonaws.com',
    sourceAccount: ACCOUNT,
    sourceArn: APP_ARN,
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${BUCKET}/Exports/${APP_ID}/endpoints-0001.gz`,
    now: NOW,
    ...overrides,
  };
}

function streamUse(overrides: Partial<ServiceRoleUse> = {}): ServiceRoleUse {
  return {
    roleArn: STREAM_ROLE_ARN,
    trustPolicy: seed004Trust(),
    permissionPolicies: [{ sourceId: STREAM_POLICY_ID, document: seed004Kinesis }],
    servicePrincipal: 'pinpoint.amazonaws.com',
    sourceAccount: ACCOUNT,
    sourceArn: APP_ARN,
    action: 'kinesis:PutRecords',
    resource: STREAM_ARN,
    now: NOW,
    ...overrides,
  };
}

function refused(verdict: ServiceRoleVerdict, reason: string): void {
  assert.equal(verdict.ok, false, 'expected a refusal');
  if (!verdict.ok) assert.equal(verdict.reason, reason);
}

const TRUST_REFUSAL_STREAM = `trust policy does not let pinpoint.amazonaws.com assume ${STREAM_ROLE_ARN}`;
const TRUST_REFUSAL_EXPORT = `trust policy does not let pinpoint.amazonaws.com assume ${EXPORT_ROLE_ARN}`;

// ---- tests ----

describe('seed 002: export role for S3', () => {
  test('the seed substitutions produced what the tests mean to test', () => {
    assert.ok(seed002Policy.includes(`"arn:aws:s3:::${BUCKET}/Exports/*"`));
    assert.ok(!seed002Policy.includes('example-bucket'));
    assert.doesNotThrow(() => JSON.parse(seed002Policy));
    assert.throws(() => JSON.parse(seed002PolicyExact), SyntaxError);
  });

  test('allows s3:PutObject of an export file under Exports/ (statement AllowAllS3ActionsInUserFolder)', () => {
    assert.deepEqual(evaluateServiceRoleUse(exportUse()), { ok: true });
    assert.deepEqual(evaluateServiceRoleUse(exportUse({ resource: `arn:aws:s3:::${BUCKET}/Exports/a/b/c.json` })), { ok: true });
  });

  test('the trust policy of line 54 has no conditions: any source ARN of the account is accepted', () => {
    assert.deepEqual(evaluateServiceRoleUse(exportUse({ sourceArn: `arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/${OTHER_APP_ID}` })), { ok: true });
  });

  test('refuses a write outside the Exports/ prefix, pointing at the statement that allows it elsewhere', () => {
    const resource = `arn:aws:s3:::${BUCKET}/Private/endpoints.gz`;
    refused(
      evaluateServiceRoleUse(exportUse({ resource })),
      `the policies of role ${EXPORT_ROLE_ARN} do not allow s3:PutObject on ${resource}: no statement allows it ` +
        `(Statement[3] (Sid "AllowAllS3ActionsInUserFolder") of ${EXPORT_POLICY_ARN} allows s3:PutObject on other resources only)`,
    );
    // The prefix is a path segment: "Exports-old/" and the bucket itself are outside it.
    assert.equal(evaluateServiceRoleUse(exportUse({ resource: `arn:aws:s3:::${BUCKET}/Exports-old/x.gz` })).ok, false);
    assert.equal(evaluateServiceRoleUse(exportUse({ resource: `arn:aws:s3:::${BUCKET}` })).ok, false);
    // Another bucket with the same folder.
    assert.equal(evaluateServiceRoleUse(exportUse({ resource: `arn:aws:s3:::other-bucket/Exports/x.gz` })).ok, false);
  });

  test('refuses s3:GetObject outside the folder; inside it the seed grants s3:* so s3:GetObject is allowed too', () => {
    const outside = `arn:aws:s3:::${BUCKET}/Private/x.gz`;
    refused(
      evaluateServiceRoleUse(exportUse({ action: 's3:GetObject', resource: outside })),
      `the policies of role ${EXPORT_ROLE_ARN} do not allow s3:GetObject on ${outside}: no statement allows it ` +
        `(Statement[3] (Sid "AllowAllS3ActionsInUserFolder") of ${EXPORT_POLICY_ARN} allows s3:GetObject on other resources only)`,
    );
    assert.deepEqual(evaluateServiceRoleUse(exportUse({ action: 's3:GetObject' })), { ok: true });
  });

  test('refuses s3:PutBucketPolicy on the bucket itself: s3:* only covers objects under Exports/', () => {
    const resource = `arn:aws:s3:::${BUCKET}`;
    refused(
      evaluateServiceRoleUse(exportUse({ action: 's3:PutBucketPolicy', resource })),
      `the policies of role ${EXPORT_ROLE_ARN} do not allow s3:PutBucketPolicy on ${resource}: no statement allows it ` +
        `(Statement[3] (Sid "AllowAllS3ActionsInUserFolder") of ${EXPORT_POLICY_ARN} allows s3:PutBucketPolicy on other resources only)`,
    );
    // s3:GetBucketLocation on any bucket is what statement 0 allows.
    assert.deepEqual(evaluateServiceRoleUse(exportUse({ action: 's3:GetBucketLocation', resource })), { ok: true });
  });

  test('s3:ListBucket needs s3:prefix / s3:delimiter, which the role check does not supply: refused, naming the conditions', () => {
    const resource = `arn:aws:s3:::${BUCKET}`;
    refused(
      evaluateServiceRoleUse(exportUse({ action: 's3:ListBucket', resource })),
      `the policies of role ${EXPORT_ROLE_ARN} do not allow s3:ListBucket on ${resource}: no statement allows it (` +
        `Statement[1] (Sid "AllowRootAndHomeListingOfBucket") of ${EXPORT_POLICY_ARN} allows s3:ListBucket but its condition StringEquals s3:delimiter failed (the request has no s3:delimiter) and its condition StringEquals s3:prefix failed (the request has no s3:prefix); ` +
        `Statement[2] (Sid "AllowListingOfUserFolder") of ${EXPORT_POLICY_ARN} allows s3:ListBucket but its condition StringLike s3:prefix failed (the request has no s3:prefix); ` +
        `Statement[3] (Sid "AllowAllS3ActionsInUserFolder") of ${EXPORT_POLICY_ARN} allows s3:ListBucket on other resources only)`,
    );
  });

  test('the exact text of line 26 (with its trailing comma) is not a policy: the check fails closed', () => {
    refused(
      evaluateServiceRoleUse(exportUse({ permissionPolicies: [{ sourceId: EXPORT_POLICY_ARN, document: seed002PolicyExact }] })),
      `the policies of role ${EXPORT_ROLE_ARN} do not allow s3:PutObject on arn:aws:s3:::${BUCKET}/Exports/${APP_ID}/endpoints-0001.gz: ` +
        `the stored policy ${EXPORT_POLICY_ARN} is not a valid policy document (Syntax errors in policy.); failing closed`,
    );
  });

  test('one malformed document among valid ones still fails closed (it might have held a Deny)', () => {
    const verdict = evaluateServiceRoleUse(
      exportUse({
        permissionPolicies: [
          { sourceId: EXPORT_POLICY_ARN, document: seed002Policy },
          { sourceId: 'role/s3ExportRole/inline/Broken', document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutObject"}]}' },
        ],
      }),
    );
    assert.equal(verdict.ok, false);
    if (!verdict.ok) {
      assert.match(verdict.reason, /the stored policy role\/s3ExportRole\/inline\/Broken is not a valid policy document \(Policy statement must contain resources\.\); failing closed$/);
    }
  });

  test('a trust policy naming another service does not let Pinpoint in', () => {
    const sesTrust = SEED_002_TRUST_POLICY_LINE_54.replace('pinpoint.amazonaws.com', 'ses.amazonaws.com');
    refused(
      evaluateServiceRoleUse(exportUse({ trustPolicy: sesTrust })),
      `${TRUST_REFUSAL_EXPORT}: no statement allows principal pinpoint.amazonaws.com to perform sts:AssumeRole`,
    );
    // Trusting an account (or a user) is not trusting the service either.
    const accountTrust = SEED_002_TRUST_POLICY_LINE_54.replace('"Service":"pinpoint.amazonaws.com"', `"AWS":"arn:aws:iam::${ACCOUNT}:root"`);
    assert.equal(evaluateServiceRoleUse(exportUse({ trustPolicy: accountTrust })).ok, false);
    // Trusting the service for another action.
    const tagOnly = SEED_002_TRUST_POLICY_LINE_54.replace('"sts:AssumeRole"', '"sts:TagSession"');
    assert.equal(evaluateServiceRoleUse(exportUse({ trustPolicy: tagOnly })).ok, false);
  });

  test('Principal.Service may list several services, in any case; "*" trusts everyone', () => {
    const listed = SEED_002_TRUST_POLICY_LINE_54.replace('"pinpoint.amazonaws.com"', '["ses.amazonaws.com", "Pinpoint.AmazonAWS.com"]');
    assert.deepEqual(evaluateServiceRoleUse(exportUse({ trustPolicy: listed })), { ok: true });
    const star = SEED_002_TRUST_POLICY_LINE_54.replace('{ "Service":"pinpoint.amazonaws.com" }', '"*"');
    assert.deepEqual(evaluateServiceRoleUse(exportUse({ trustPolicy: star })), { ok: true });
    const wildAction = SEED_002_TRUST_POLICY_LINE_54.replace('"sts:AssumeRole"', '"sts:Assume*"');
    assert.deepEqual(evaluateServiceRoleUse(exportUse({ trustPolicy: wildAction })), { ok: true });
  });

  test('an explicit Deny added to the role policies wins over the seed Allow', () => {
    const deny = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'NoSecretExports', Effect: 'Deny', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/Exports/secret/*` }],
    });
    const use = exportUse({
      permissionPolicies: [
        { sourceId: EXPORT_POLICY_ARN, document: seed002Policy },
        { sourceId: 'role/s3ExportRole/inline/Guard', document: deny },
      ],
    });
    assert.deepEqual(evaluateServiceRoleUse(use), { ok: true });
    const resource = `arn:aws:s3:::${BUCKET}/Exports/secret/x.gz`;
    refused(
      evaluateServiceRoleUse({ ...use, resource }),
      `the policies of role ${EXPORT_ROLE_ARN} do not allow s3:PutObject on ${resource}: explicitly denied by Statement[0] (Sid "NoSecretExports") of role/s3ExportRole/inline/Guard`,
    );
  });

  test('a role without permission policies allows nothing', () => {
    refused(
      evaluateServiceRoleUse(exportUse({ permissionPolicies: [] })),
      `the policies of role ${EXPORT_ROLE_ARN} do not allow s3:PutObject on arn:aws:s3:::${BUCKET}/Exports/${APP_ID}/endpoints-0001.gz: the role has no permission policies`,
    );
  });

  test('a role of another account than the project is refused before its policies are read', () => {
    refused(
      evaluateServiceRoleUse(exportUse({ sourceAccount: OTHER_ACCOUNT, sourceArn: `arn:aws:mobiletargeting:${REGION}:${OTHER_ACCOUNT}:apps/${APP_ID}` })),
      `role ${EXPORT_ROLE_ARN} belongs to account ${ACCOUNT}, not to account ${OTHER_ACCOUNT} whose project uses it; a role can only be passed to a service of its own account`,
    );
  });
});

describe('seed 004: event-stream role for Kinesis and Firehose', () => {
  test('the seed substitutions produced what the tests mean to test', () => {
    assert.ok(seed004Trust().includes(`"aws:SourceAccount": "${ACCOUNT}"`));
    assert.ok(seed004Trust().includes(`"aws:SourceArn": "${APP_ARN}"`));
    assert.ok(seed004Kinesis.includes(`"${STREAM_ARN}"`));
    assert.ok(seed004Firehose.includes(`"${DELIVERY_STREAM_ARN}"`));
  });

  test('allows kinesis:PutRecords and kinesis:DescribeStream on the stream', () => {
    assert.deepEqual(evaluateServiceRoleUse(streamUse()), { ok: true });
    assert.deepEqual(evaluateServiceRoleUse(streamUse({ action: 'kinesis:DescribeStream' })), { ok: true });
  });

  test('allows firehose:PutRecordBatch and firehose:DescribeDeliveryStream on the delivery stream', () => {
    const use = streamUse({
      permissionPolicies: [{ sourceId: STREAM_POLICY_ID, document: seed004Firehose }],
      action: 'firehose:PutRecordBatch',
      resource: DELIVERY_STREAM_ARN,
    });
    assert.deepEqual(evaluateServiceRoleUse(use), { ok: true });
    assert.deepEqual(evaluateServiceRoleUse({ ...use, action: 'firehose:DescribeDeliveryStream' }), { ok: true });
  });

  test('refuses another stream, naming the statement that allows the action elsewhere', () => {
    const resource = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/other-stream`;
    refused(
      evaluateServiceRoleUse(streamUse({ resource })),
      `the policies of role ${STREAM_ROLE_ARN} do not allow kinesis:PutRecords on ${resource}: no statement allows it ` +
        `(Statement[0] of ${STREAM_POLICY_ID} allows kinesis:PutRecords on other resources only)`,
    );
    // Same stream name in another region or account is another stream.
    assert.equal(evaluateServiceRoleUse(streamUse({ resource: `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/${STREAM}` })).ok, false);
    // A Firehose delivery stream under the Kinesis policy.
    assert.equal(evaluateServiceRoleUse(streamUse({ action: 'firehose:PutRecordBatch', resource: DELIVERY_STREAM_ARN })).ok, false);
  });

  test('refuses actions the seed policies do not list (kinesis:PutRecord, firehose:PutRecord)', () => {
    refused(
      evaluateServiceRoleUse(streamUse({ action: 'kinesis:PutRecord' })),
      `the policies of role ${STREAM_ROLE_ARN} do not allow kinesis:PutRecord on ${STREAM_ARN}: no statement allows it`,
    );
    const firehose = streamUse({ permissionPolicies: [{ sourceId: STREAM_POLICY_ID, document: seed004Firehose }], action: 'firehose:PutRecord', resource: DELIVERY_STREAM_ARN });
    assert.equal(evaluateServiceRoleUse(firehose).ok, false);
  });

  test('refuses a trust policy written for another source account (aws:SourceAccount and aws:SourceArn conditions fail)', () => {
    refused(
      evaluateServiceRoleUse(streamUse({ trustPolicy: seed004Trust(OTHER_ACCOUNT) })),
      `${TRUST_REFUSAL_STREAM}: Statement[0] names pinpoint.amazonaws.com and sts:AssumeRole but ` +
        `its condition StringEquals aws:SourceAccount failed (the request has aws:SourceAccount = "${ACCOUNT}") and ` +
        `its condition ArnLike aws:SourceArn failed (the request has aws:SourceArn = "${APP_ARN}")`,
    );
  });

  test('refuses a use from another account than the role\'s, whatever the trust policy says', () => {
    const otherArn = `arn:aws:mobiletargeting:${REGION}:${OTHER_ACCOUNT}:apps/${APP_ID}`;
    refused(
      evaluateServiceRoleUse(streamUse({ sourceAccount: OTHER_ACCOUNT, sourceArn: otherArn, trustPolicy: seed004Trust(OTHER_ACCOUNT) })),
      `role ${STREAM_ROLE_ARN} belongs to account ${ACCOUNT}, not to account ${OTHER_ACCOUNT} whose project uses it; a role can only be passed to a service of its own account`,
    );
  });

  test('refuses another project of the same account (aws:SourceArn condition fails)', () => {
    const otherApp = `arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/${OTHER_APP_ID}`;
    refused(
      evaluateServiceRoleUse(streamUse({ sourceArn: otherApp })),
      `${TRUST_REFUSAL_STREAM}: Statement[0] names pinpoint.amazonaws.com and sts:AssumeRole but its condition ArnLike aws:SourceArn failed (the request has aws:SourceArn = "${otherApp}")`,
    );
    // The same project id in another region is another project.
    assert.equal(evaluateServiceRoleUse(streamUse({ sourceArn: `arn:aws:mobiletargeting:eu-west-1:${ACCOUNT}:apps/${APP_ID}` })).ok, false);
  });

  test('aws:SourceArn must be the project ARN: the seed condition has no wildcard, so …/eventstream does not match', () => {
    assert.equal(evaluateServiceRoleUse(streamUse({ sourceArn: `${APP_ARN}/eventstream` })).ok, false);
    // A trust policy written with apps/* (as 001's SES example does) accepts every project of the account.
    const anyApp = seed004Trust(ACCOUNT, '*');
    assert.deepEqual(evaluateServiceRoleUse(streamUse({ trustPolicy: anyApp, sourceArn: `arn:aws:mobiletargeting:${REGION}:${ACCOUNT}:apps/${OTHER_APP_ID}` })), { ok: true });
    assert.deepEqual(evaluateServiceRoleUse(streamUse({ trustPolicy: anyApp, sourceArn: `${APP_ARN}/eventstream` })), { ok: true });
  });

  test('a trust policy naming another service does not let Pinpoint in', () => {
    refused(
      evaluateServiceRoleUse(streamUse({ trustPolicy: seed004Trust().replace('pinpoint.amazonaws.com', 'firehose.amazonaws.com') })),
      `${TRUST_REFUSAL_STREAM}: no statement allows principal pinpoint.amazonaws.com to perform sts:AssumeRole`,
    );
  });

  test('an explicit Deny in the trust policy wins over the seed Allow', () => {
    const trust = JSON.parse(seed004Trust()) as { Statement: unknown[] };
    trust.Statement.push({
      Sid: 'NotAfterMigration',
      Effect: 'Deny',
      Principal: { Service: 'pinpoint.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-12-01T00:00:00Z' } },
    });
    const use = streamUse({ trustPolicy: JSON.stringify(trust) });
    assert.deepEqual(evaluateServiceRoleUse(use), { ok: true });
    refused(
      evaluateServiceRoleUse({ ...use, now: new Date('2026-12-02T00:00:00Z') }),
      `${TRUST_REFUSAL_STREAM}: explicitly denied by Statement[1] (Sid "NotAfterMigration")`,
    );
  });

  test('aws:EpochTime is available to trust conditions', () => {
    const trust = JSON.parse(seed004Trust()) as { Statement: { Condition: Record<string, unknown> }[] };
    trust.Statement[0]!.Condition['NumericLessThan'] = { 'aws:EpochTime': Math.floor(NOW.getTime() / 1000) + 1 };
    assert.deepEqual(evaluateServiceRoleUse(streamUse({ trustPolicy: JSON.stringify(trust) })), { ok: true });
    assert.equal(evaluateServiceRoleUse(streamUse({ trustPolicy: JSON.stringify(trust), now: new Date(NOW.getTime() + 2000) })).ok, false);
  });

  test('an explicit Deny in the permission policies wins over the seed Allow', () => {
    const deny = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kinesis:*","Resource":"*"}]}';
    refused(
      evaluateServiceRoleUse(
        streamUse({ permissionPolicies: [{ sourceId: STREAM_POLICY_ID, document: seed004Kinesis }, { sourceId: 'arn:aws:iam::123456789012:policy/Freeze', document: deny }] }),
      ),
      `the policies of role ${STREAM_ROLE_ARN} do not allow kinesis:PutRecords on ${STREAM_ARN}: explicitly denied by Statement[0] of arn:aws:iam::123456789012:policy/Freeze`,
    );
  });

  test('malformed stored trust policies fail closed with the parser\'s reason', () => {
    refused(
      evaluateServiceRoleUse(streamUse({ trustPolicy: '' })),
      `${TRUST_REFUSAL_STREAM}: the stored trust policy is not a valid policy document (Syntax errors in policy.); failing closed`,
    );
    const withResource = seed004Trust().replace('"Action": "sts:AssumeRole",', `"Action": "sts:AssumeRole", "Resource": "${STREAM_ROLE_ARN}",`);
    refused(
      evaluateServiceRoleUse(streamUse({ trustPolicy: withResource })),
      `${TRUST_REFUSAL_STREAM}: the stored trust policy is not a valid policy document (Has prohibited field Resource); failing closed`,
    );
    const unknownOperator = seed004Trust().replace('"ArnLike"', '"ArnLikeish"');
    refused(
      evaluateServiceRoleUse(streamUse({ trustPolicy: unknownOperator })),
      `${TRUST_REFUSAL_STREAM}: the stored trust policy is not a valid policy document (Unknown condition operator: ArnLikeish); failing closed`,
    );
  });

  test('permission evaluation sees aws:PrincipalArn / aws:PrincipalAccount but not aws:SourceAccount / aws:SourceArn', () => {
    const withCondition = (condition: Record<string, unknown>): string =>
      JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'kinesis:PutRecords', Resource: STREAM_ARN, Condition: condition } });
    const allowedWhen = (condition: Record<string, unknown>): boolean =>
      evaluateServiceRoleUse(streamUse({ permissionPolicies: [{ sourceId: 'p', document: withCondition(condition) }] })).ok;
    assert.equal(allowedWhen({ ArnEquals: { 'aws:PrincipalArn': STREAM_ROLE_ARN } }), true);
    assert.equal(allowedWhen({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT, 'aws:PrincipalType': 'AssumedRole' } }), true);
    assert.equal(allowedWhen({ Bool: { 'aws:PrincipalIsAWSService': 'false' } }), true);
    assert.equal(allowedWhen({ DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }), true);
    assert.equal(allowedWhen({ StringEquals: { 'aws:SourceAccount': ACCOUNT } }), false);
    assert.equal(allowedWhen({ Null: { 'aws:SourceArn': 'true' } }), true);
  });

  test('trust evaluation sees aws:PrincipalServiceName and aws:PrincipalIsAWSService', () => {
    const trust = JSON.parse(seed004Trust()) as { Statement: { Condition: Record<string, Record<string, string>> }[] };
    trust.Statement[0]!.Condition['StringEquals']!['aws:PrincipalServiceName'] = 'pinpoint.amazonaws.com';
    trust.Statement[0]!.Condition['Bool'] = { 'aws:PrincipalIsAWSService': 'true' };
    assert.deepEqual(evaluateServiceRoleUse(streamUse({ trustPolicy: JSON.stringify(trust) })), { ok: true });
  });

  test('a RoleArn that is not a role ARN is refused', () => {
    for (const roleArn of ['PinpointEventStreamRole', `arn:aws:iam::${ACCOUNT}:user/PinpointEventStreamRole`, `arn:aws:iam::${ACCOUNT}:role/`]) {
      refused(evaluateServiceRoleUse(streamUse({ roleArn })), `${roleArn} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
    }
  });
});

describe('role ARNs and the role session', () => {
  test('parseRoleArn reads partition, account, path and name', () => {
    assert.deepEqual(parseRoleArn(`arn:aws:iam::${ACCOUNT}:role/service/pinpoint/Exporter`), {
      partition: 'aws',
      accountId: ACCOUNT,
      path: '/service/pinpoint/',
      name: 'Exporter',
    });
    assert.deepEqual(parseRoleArn(`arn:aws-us-gov:iam::${ACCOUNT}:role/R`), { partition: 'aws-us-gov', accountId: ACCOUNT, path: '/', name: 'R' });
    assert.equal(parseRoleArn(`arn:aws:iam::12345:role/R`), undefined);
    assert.equal(parseRoleArn(`arn:aws:sts::${ACCOUNT}:assumed-role/R/s`), undefined);
  });

  test('the session is arn:aws:sts::<account>:assumed-role/<role name>/pinpoint, with the role ARN', () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/service/Exporter`;
    assert.deepEqual(serviceRoleSession(parseRoleArn(roleArn)!, roleArn), {
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Exporter/pinpoint`,
      accountId: ACCOUNT,
      roleArn,
    });
  });
});
