import { CreateAppCommand, GetAppCommand, GetAppsCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PinionProcess } from '../helpers/server-process.ts';
import { projectRoot, startPinion, testCredentials } from '../helpers/server-process.ts';
import { rejectsWith } from '../helpers/sdk-errors.ts';

/**
 * Identity bootstrap as a user meets it: the first start on an empty data directory generates the
 * account id and root credentials, prints them once and writes `<dataDir>/credentials`; later
 * starts reuse them; the PINION_ROOT_* variables override them.
 */

const noConfiguredIdentity = { PINION_ROOT_ACCESS_KEY_ID: '', PINION_ROOT_SECRET_ACCESS_KEY: '', PINION_ACCOUNT_ID: '' };

let scratch: string;
let dataDir: string;
const running: PinionProcess[] = [];

async function start(options: Parameters<typeof startPinion>[0]): Promise<PinionProcess> {
  const server = await startPinion(options);
  running.push(server);
  return server;
}

async function stop(server: PinionProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  running.splice(running.indexOf(server), 1);
  return server.stop(signal);
}

/** A client that reads its credentials the way a user's tools do: shared-credentials file, profile pinion. */
function profileClient(server: PinionProcess): PinpointClient {
  return new PinpointClient({ endpoint: server.url, region: 'us-east-1', profile: 'pinion', maxAttempts: 1 });
}

function keyClient(server: PinionProcess, credentials: { accessKeyId: string; secretAccessKey: string }): PinpointClient {
  return new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

function parseCredentialsFile(text: string): Record<string, Record<string, string>> {
  const profiles: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      current = profiles[header[1]!.trim()] = {};
      continue;
    }
    const kv = /^\s*([A-Za-z_]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (kv && current) current[kv[1]!] = kv[2]!;
  }
  return profiles;
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'pinion-identity-'));
  dataDir = join(scratch, 'data');
  // The SDK reads the shared-credentials file named here; the config file is empty so nothing leaks in.
  const emptyConfig = join(scratch, 'empty-config');
  writeFileSync(emptyConfig, '');
  process.env.AWS_CONFIG_FILE = emptyConfig;
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dataDir, 'credentials');
});

after(async () => {
  for (const server of [...running]) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('first start on an empty data directory', () => {
  let first: PinionProcess;
  let generated: { accessKeyId: string; secretAccessKey: string };
  let appId: string;

  test('prints the generated root credentials once on stdout', async () => {
    first = await start({ env: noConfiguredIdentity, dataDir });
    const stdout = first.output();
    const keyLine = /aws_access_key_id\s*=\s*(\S+)/.exec(stdout);
    const secretLine = /aws_secret_access_key\s*=\s*(\S+)/.exec(stdout);
    assert.ok(keyLine && secretLine, `no credentials on stdout:\n${stdout}`);
    generated = { accessKeyId: keyLine[1]!, secretAccessKey: secretLine[1]! };
    assert.match(generated.accessKeyId, /^[A-Z0-9]{16,128}$/);
    assert.notEqual(generated.accessKeyId, testCredentials.accessKeyId);
    assert.ok(generated.secretAccessKey.length >= 16);
    assert.equal(occurrences(stdout, generated.secretAccessKey), 1, 'the secret is printed exactly once');
  });

  test('writes <dataDir>/credentials, mode 0600, with a [pinion] profile holding the printed keys', () => {
    const path = join(dataDir, 'credentials');
    assert.ok(existsSync(path), `${path} is missing`);
    assert.equal((statSync(path).mode & 0o777).toString(8), '600');
    const profiles = parseCredentialsFile(readFileSync(path, 'utf8'));
    assert.deepEqual(profiles.pinion, { aws_access_key_id: generated.accessKeyId, aws_secret_access_key: generated.secretAccessKey });
  });

  test('the account id is 12 digits and is used in ARNs', async () => {
    assert.match(first.accountId, /^\d{12}$/);
    const client = profileClient(first);
    try {
      const { ApplicationResponse: app } = await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'before-restart' } }));
      assert.equal(app!.Arn, `arn:aws:mobiletargeting:us-east-1:${first.accountId}:apps/${app!.Id}`);
      appId = app!.Id!;
    } finally {
      client.destroy();
    }
  });

  test('the [pinion] profile signs a GetApps that succeeds', async () => {
    const client = profileClient(first);
    try {
      const out = await client.send(new GetAppsCommand({}));
      assert.equal(out.$metadata.httpStatusCode, 200);
      assert.deepEqual(out.ApplicationsResponse!.Item!.map((a) => a.Id), [appId]);
    } finally {
      client.destroy();
    }
  });

  test('a key that is neither the generated nor a configured one: UnrecognizedClientException', async () => {
    for (const credentials of [testCredentials, { accessKeyId: 'AKIANOSUCHKEY0000001', secretAccessKey: generated.secretAccessKey }]) {
      const client = keyClient(first, credentials);
      try {
        await rejectsWith(client.send(new GetAppsCommand({})), 'UnrecognizedClientException', 403, /security token included in the request is invalid/);
      } finally {
        client.destroy();
      }
    }
  });

  test('the generated key with a wrong secret: InvalidSignatureException', async () => {
    const client = keyClient(first, { accessKeyId: generated.accessKeyId, secretAccessKey: `${generated.secretAccessKey}x` });
    try {
      await rejectsWith(client.send(new GetAppsCommand({})), 'InvalidSignatureException', 403);
    } finally {
      client.destroy();
    }
  });

  test('GET /health answers 200 with the version and the database status', async () => {
    const response = await fetch(`${first.url}/health`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { version?: unknown; database?: { kind?: unknown; ready?: unknown } };
    const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(body.version, version);
    assert.deepEqual(body.database, { kind: 'sqlite', ready: true });
  });

  test('SIGTERM stops the server with exit code 0', async () => {
    assert.equal(await stop(first), 0);
    await assert.rejects(fetch(`${first.url}/health`), 'nothing listens after the stop');
  });

  describe('restart on the same data directory', () => {
    let second: PinionProcess;

    test('does not print the credentials again', async () => {
      second = await start({ env: noConfiguredIdentity, dataDir });
      const stdout = second.output();
      assert.equal(occurrences(stdout, generated.secretAccessKey), 0, `the secret was printed again:\n${stdout}`);
      assert.doesNotMatch(stdout, /aws_secret_access_key/);
    });

    test('keeps the credentials file as it was', () => {
      const profiles = parseCredentialsFile(readFileSync(join(dataDir, 'credentials'), 'utf8'));
      assert.deepEqual(profiles.pinion, { aws_access_key_id: generated.accessKeyId, aws_secret_access_key: generated.secretAccessKey });
      assert.equal((statSync(join(dataDir, 'credentials')).mode & 0o777).toString(8), '600');
    });

    test('keeps the account id', () => {
      assert.equal(second.accountId, first.accountId);
    });

    test('the same key works and the app created before the restart is still there', async () => {
      const client = keyClient(second, generated);
      try {
        const { ApplicationResponse: app } = await client.send(new GetAppCommand({ ApplicationId: appId }));
        assert.equal(app!.Name, 'before-restart');
        assert.equal(app!.Arn, `arn:aws:mobiletargeting:us-east-1:${first.accountId}:apps/${appId}`);
      } finally {
        client.destroy();
      }
    });

    test('SIGTERM stops it with exit code 0', async () => {
      assert.equal(await stop(second), 0);
    });
  });

  describe('PINION_ROOT_* set on the bootstrapped data directory', () => {
    let overridden: PinionProcess;

    test('the configured key works', async () => {
      overridden = await start({ env: { PINION_ACCOUNT_ID: '' }, dataDir });
      assert.doesNotMatch(overridden.output(), /aws_secret_access_key/);
      assert.equal(overridden.accountId, first.accountId, 'the account id kept in the database is used');
      const client = keyClient(overridden, testCredentials);
      try {
        const out = await client.send(new GetAppsCommand({}));
        assert.deepEqual(out.ApplicationsResponse!.Item!.map((a) => a.Id), [appId]);
      } finally {
        client.destroy();
      }
    });

    test('the file key is no longer accepted: UnrecognizedClientException', async () => {
      const client = keyClient(overridden, generated);
      try {
        await rejectsWith(client.send(new GetAppsCommand({})), 'UnrecognizedClientException', 403);
      } finally {
        client.destroy();
      }
    });

    test('the credentials file is left untouched', async () => {
      const profiles = parseCredentialsFile(readFileSync(join(dataDir, 'credentials'), 'utf8'));
      assert.deepEqual(profiles.pinion, { aws_access_key_id: generated.accessKeyId, aws_secret_access_key: generated.secretAccessKey });
      assert.equal(await stop(overridden), 0);
    });
  });
});

describe('PINION_ROOT_* set on a fresh data directory', () => {
  test('no credentials file is created and nothing secret is printed; the configured key works', async () => {
    const freshDir = join(scratch, 'env-data');
    const server = await start({ dataDir: freshDir });
    try {
      assert.ok(existsSync(join(freshDir, 'pinion.sqlite')), 'the data directory is in use');
      assert.ok(!existsSync(join(freshDir, 'credentials')), 'a credentials file was written although PINION_ROOT_* are set');
      assert.equal(occurrences(server.output(), testCredentials.secretAccessKey), 0, 'the configured secret was printed');
      assert.equal(server.accountId, '123456789012');
      const client = keyClient(server, testCredentials);
      try {
        assert.equal((await client.send(new GetAppsCommand({}))).$metadata.httpStatusCode, 200);
      } finally {
        client.destroy();
      }
    } finally {
      assert.equal(await stop(server), 0);
    }
  });

  test('SIGINT also stops the server with exit code 0', async () => {
    const server = await start({});
    assert.equal(await stop(server, 'SIGINT'), 0);
  });
});
