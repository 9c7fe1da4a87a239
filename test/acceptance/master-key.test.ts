// Secrets at rest: IAM secret keys and channel credentials are sealed under the master key (a 0600
// key file by default), never stored, logged or listed in clear, and `pinion keys rotate` / `prune`
// re-seal them under a new key while the server keeps running.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateAppCommand, GetAppsCommand, PinpointClient, UpdateGcmChannelCommand } from '@aws-sdk/client-pinpoint';
import { readKeyFile } from '../../src/main/master-keyring.ts';
import { SecretBox } from '../../src/security/secret-box.ts';
import { channelCredentialsContext } from '../../src/security/secret-contexts.ts';
import { projectRoot, startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const run = promisify(execFile);
let server: PinionProcess;
let user: { accessKeyId: string; secretAccessKey: string };
let appId: string;
const GCM_API_KEY = 'AIzaSyPINIONrotationTestKey0123456789';

function keyFile(): { keys: { id: string }[] } {
  return JSON.parse(readFileSync(join(server.dataDir, 'master-keys.json'), 'utf8')) as { keys: { id: string }[] };
}

function storedSecrets(): string[] {
  const db = new BetterSqlite3(join(server.dataDir, 'pinion.sqlite'), { readonly: true });
  try {
    return (db.prepare('select secret_sealed from iam_access_keys').all() as { secret_sealed: string }[]).map((r) => r.secret_sealed);
  } finally {
    db.close();
  }
}

function storedChannelCredentials(): string {
  const db = new BetterSqlite3(join(server.dataDir, 'pinion.sqlite'), { readonly: true });
  try {
    return (db.prepare("select credentials_sealed from channels where channel_type = 'gcm'").get() as { credentials_sealed: string }).credentials_sealed;
  } finally {
    db.close();
  }
}

/** Opens the stored GCM credentials with the keys of the key file, as the server would. */
function openChannelWithKeyFile(): Record<string, string> {
  const keys = readKeyFile(join(server.dataDir, 'master-keys.json'))!;
  const box = new SecretBox(keys[0]!, keys.slice(1));
  return JSON.parse(box.open(storedChannelCredentials(), channelCredentialsContext(server.accountId, 'us-east-1', appId, 'gcm'))) as Record<string, string>;
}

/** An update without credentials: the running server must open the stored ones to keep them. */
async function channelUpdateKeepsCredentials(): Promise<void> {
  const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  try {
    const out = await client.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { Enabled: true } }));
    assert.equal(out.GCMChannelResponse!.HasCredential, true);
    assert.equal(out.GCMChannelResponse!.DefaultAuthenticationMethod, 'KEY');
  } finally {
    client.destroy();
  }
}

async function pinion(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', ...args, '--data-dir', server.dataDir], { cwd: projectRoot });
  return stdout;
}

async function userCanCall(): Promise<void> {
  const client = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: user, maxAttempts: 1 });
  try {
    await client.send(new GetAppsCommand({}));
  } finally {
    client.destroy();
  }
}

before(async () => {
  server = await startPinion({ keepDataDir: true });
  const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  await iam.send(new CreateUserCommand({ UserName: 'keeper' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'keeper', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'mobiletargeting:GetApps', Resource: '*' }] }) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'keeper' }))).AccessKey!;
  user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  iam.destroy();
  const pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  appId = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'sealed-channel' } }))).ApplicationResponse!.Id!;
  await pinpoint.send(new UpdateGcmChannelCommand({ ApplicationId: appId, GCMChannelRequest: { ApiKey: GCM_API_KEY } }));
  pinpoint.destroy();
});

after(async () => {
  if (server) {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
});

test('the key file is created with mode 0600 and the database holds no secret in clear', async () => {
  assert.equal(statSync(join(server.dataDir, 'master-keys.json')).mode & 0o777, 0o600);
  const [sealed] = storedSecrets();
  assert.match(sealed!, new RegExp(`^pinion1\\.${keyFile().keys[0]!.id}\\.`));
  const raw = readFileSync(join(server.dataDir, 'pinion.sqlite'));
  assert.equal(raw.includes(Buffer.from(user.secretAccessKey)), false);
  assert.equal(raw.includes(Buffer.from(GCM_API_KEY)), false, 'the channel credential is not stored in clear');
  assert.match(storedChannelCredentials(), new RegExp(`^pinion1\\.${keyFile().keys[0]!.id}\\.`));
  assert.deepEqual(openChannelWithKeyFile(), { ApiKey: GCM_API_KEY });
  await userCanCall();
  assert.equal(server.output().includes(user.secretAccessKey), false, 'the secret never reaches the log');
});

test('rotate re-seals every secret under a new key while the server keeps running; prune drops the old key', async () => {
  const before = keyFile().keys[0]!.id;
  const rotated = await pinion('keys', 'rotate');
  const after = keyFile().keys.map((k) => k.id);
  assert.equal(after.length, 2);
  assert.equal(after[1], before);
  assert.match(rotated, new RegExp(`Active master key: ${after[0]!}\\. Re-sealed 3 secret\\(s\\)`));
  for (const sealed of [...storedSecrets(), storedChannelCredentials()]) assert.match(sealed, new RegExp(`^pinion1\\.${after[0]!}\\.`));
  assert.deepEqual(openChannelWithKeyFile(), { ApiKey: GCM_API_KEY });
  // The running server reads the new key from the file once its cache expires.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await userCanCall();
  await channelUpdateKeepsCredentials();

  assert.match(await pinion('keys', 'prune'), new RegExp(`Removed key\\(s\\) ${before}`));
  assert.deepEqual(keyFile().keys.map((k) => k.id), [after[0]]);
  await userCanCall();
  assert.deepEqual(openChannelWithKeyFile(), { ApiKey: GCM_API_KEY }, 'the channel credential opens with the active key alone');
  await channelUpdateKeepsCredentials();
});

test('a key file others can read stops the server, saying what to do', async () => {
  const dataDir = server.dataDir;
  await server.stop();
  chmodSync(join(dataDir, 'master-keys.json'), 0o644);
  await assert.rejects(startPinion({ dataDir }), /master-keys\.json is readable by other users \(mode 644\); run chmod 600 on it/);
  chmodSync(join(dataDir, 'master-keys.json'), 0o600);
  server = await startPinion({ dataDir });
  await userCanCall();
});
