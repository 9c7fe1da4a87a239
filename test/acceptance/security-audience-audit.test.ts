// Security review: audience data operations must keep personal data (addresses, user ids,
// attribute values) out of the audit trail, as audit-event.ts promises. A failing test is a finding.
// Run: npm test -- security-audience
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { CreateAppCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import type { AuditRecord } from '../../src/observability/audit-event.ts';
import { projectRoot, startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { signedFetch } from '../helpers/signed-fetch.ts';

const run = promisify(execFile);
let server: PinionProcess;
let trail: string;

const PHONE = '+1206555PRIVATE';
const EMAIL = 'jane.private@example.com';

before(async () => {
  server = await startPinion({ keepDataDir: true });
  const pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  const appId = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'audit-pii' } }))).ApplicationResponse!.Id!;
  pinpoint.destroy();
  const call = (method: string, path: string, body?: unknown, query?: Record<string, string>) =>
    signedFetch({ baseUrl: server.url, method, path, ...(query ? { query } : {}), ...(body === undefined ? {} : { body: JSON.stringify(body) }), credentials: server.credentials });
  // A refused write whose error message quotes the address back.
  const refused = await call('PUT', `/v1/apps/${appId}/endpoints/e1`, { ChannelType: 'SMS', Address: PHONE });
  assert.equal(refused.status, 400, refused.text);
  // A listing filtered on an attribute value (an e-mail address here).
  const listed = await call('GET', `/v1/apps/${appId}/endpoints`, undefined, { 'attribute-name': 'email', 'attribute-value': EMAIL });
  assert.equal(listed.status, 200, listed.text);
  await server.stop();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'audit', '--data-dir', server.dataDir, '--json', '--limit', '1000'], { cwd: projectRoot });
  const records = stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as AuditRecord);
  trail = JSON.stringify(records.filter((r) => r.eventName === 'UpdateEndpoint' || r.eventName === 'ListEndpoints'));
});

after(() => rmSync(server.dataDir, { recursive: true, force: true }));

test('a refused UpdateEndpoint does not put the address into the audit trail (errorMessage)', () => {
  assert.ok(!trail.includes(PHONE), `the phone number is in the audit trail: ${trail.slice(0, 600)}`);
});

test('ListEndpoints does not put the attribute value it filtered on into the audit trail (requestParameters)', () => {
  assert.ok(!trail.includes(EMAIL), `the e-mail address is in the audit trail: ${trail.slice(0, 600)}`);
});
