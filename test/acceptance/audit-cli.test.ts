import assert from 'node:assert/strict';
import { testRoleSession, testUser } from '../helpers/principals.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { rootPrincipal } from '../../src/iam/principal.ts';
import type { AuditCall, AuditRecord } from '../../src/observability/audit-event.ts';
import { AuditTrail } from '../../src/observability/audit-trail.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { StorageOptions } from '../../src/storage/open-storage.ts';
import { projectRoot } from '../helpers/server-process.ts';
import { storageTargets } from '../helpers/storage-targets.ts';

/**
 * `pinion audit` run as a user runs it (node + tsx on src/main/cli.ts, a clean environment), on
 * records written through the real storage and audit trail into a temporary data directory (and,
 * once, into a PostgreSQL database with --database-url; test/helpers/storage-targets.ts).
 */

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const account = '123456789012';
const minute = 60_000;
const now = Date.now();
/** Whole seconds, as the records keep them, so --since/--until can hit them exactly. */
const at = (msAgo: number) => new Date(Math.floor((now - msAgo) / 1000) * 1000);

const alice = testUser(account, 'alice');

const deployer = testRoleSession(account, 'Deployer', 'ci-7', new Date(now - 10 * minute));

function call(requestId: string, time: Date, overrides: Partial<AuditCall> = {}): AuditCall {
  return {
    time,
    service: 'mobiletargeting',
    operation: 'GetApps',
    region: 'us-east-1',
    sourceIp: '192.0.2.10',
    userAgent: 'aws-cli/2',
    requestId,
    caller: alice,
    accessKeyId: 'AKIAALICE00000000001',
    input: {},
    errorCode: undefined,
    errorMessage: undefined,
    ...overrides,
  };
}

/** Oldest first; the CLI prints them newest first. */
const calls: AuditCall[] = [
  call('req-old', at(3 * 24 * 60 * minute), { operation: 'CreateApp', input: { CreateApplicationRequest: { Name: 'old' } } }),
  call('req-denied', at(3 * 60 * minute), {
    operation: 'DeleteApp',
    caller: deployer,
    accessKeyId: 'ASIADEPLOYER00000001',
    input: { ApplicationId: 'abc' },
    errorCode: 'AccessDeniedException',
    errorMessage: `User: ${deployer.arn} is not authorized to perform: mobiletargeting:DeleteApp`,
  }),
  call('req-key', at(30 * minute), {
    service: 'iam',
    operation: 'CreateAccessKey',
    input: { UserName: 'alice', Echo: { SecretAccessKey: 'wJalrXUtnFEMIK7MDENGbPxRfiCY' } },
  }),
  call('req-anon', at(5 * minute), {
    operation: undefined,
    caller: undefined,
    accessKeyId: 'AKIANOSUCHKEY0000001',
    input: undefined,
    errorCode: 'UnrecognizedClientException',
    errorMessage: 'The security token included in the request is invalid.',
  }),
  call('req-root', at(1 * minute), { caller: rootPrincipal(account), accessKeyId: 'AKIAROOT000000000001' }),
];
const newestFirst = [...calls].reverse().map((c) => c.requestId);

const { sqlite, postgres } = storageTargets('audit-cli');
/** The directory of the SQLite file the records are written to, as `--data-dir` takes it. */
let dataDir: string;

async function writeRecords(options: StorageOptions): Promise<void> {
  const storage = await openStorage(options);
  try {
    const trail = new AuditTrail(storage.repositories.audit, {
      accountId: account,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      retentionDays: 90,
    });
    for (const c of calls) trail.record(c);
    await trail.flush();
    await trail.close();
  } finally {
    await storage.close();
  }
}

function pinion(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', ...args],
      { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', HOME: dataDir, ...env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** `pinion audit --data-dir <temp> <args>`; must succeed. Returns the printed lines. */
async function audit(args: string[]): Promise<string[]> {
  const result = await pinion(['audit', '--data-dir', dataDir, ...args]);
  assert.equal(result.code, 0, `pinion audit ${args.join(' ')} failed:\n${result.stderr}`);
  assert.equal(result.stderr, '');
  return result.stdout === '' ? [] : result.stdout.replace(/\n$/, '').split('\n');
}

/** Request ids of the --json output, in order. */
async function auditIds(args: string[]): Promise<string[]> {
  return (await audit([...args, '--json'])).map((line) => (JSON.parse(line) as AuditRecord).requestID);
}

before(async () => {
  const options = await sqlite.fresh();
  dataDir = dirname(options.file);
  await writeRecords(options);
});

after(async () => {
  await sqlite.cleanup();
  await postgres.cleanup();
});

describe('pinion audit', () => {
  test('default output: one aligned line per call, newest first: time, operation, user, source IP, outcome, request id', async () => {
    const lines = await audit([]);
    assert.equal(lines.length, calls.length);
    const fields = lines.map((line) => line.split(/ {2,}/).map((f) => f.trim()));
    assert.deepEqual(
      fields.map((f) => f.slice(1)),
      [
        ['GetApps', 'root', '192.0.2.10', 'OK', 'req-root'],
        ['Unknown', 'unauthenticated:AKIANOSUCHKEY0000001', '192.0.2.10', 'UnrecognizedClientException', 'req-anon'],
        ['CreateAccessKey', 'alice', '192.0.2.10', 'OK', 'req-key'],
        ['DeleteApp', 'Deployer/ci-7', '192.0.2.10', 'AccessDeniedException', 'req-denied'],
        ['CreateApp', 'alice', '192.0.2.10', 'OK', 'req-old'],
      ],
    );
    fields.forEach((f, i) => assert.equal(f[0], `${calls[calls.length - 1 - i]!.time.toISOString().slice(0, 19)}Z`));
    const requestIdColumn = lines.map((line) => line.indexOf('req-'));
    assert.equal(new Set(requestIdColumn).size, 1, 'columns are aligned');
  });

  test('--json prints one CloudTrail record per line, secrets hidden', async () => {
    const lines = await audit(['--json']);
    const records = lines.map((line) => JSON.parse(line) as AuditRecord);
    assert.deepEqual(
      records.map((r) => r.requestID),
      newestFirst,
    );
    const key = records.find((r) => r.requestID === 'req-key')!;
    assert.equal(key.eventVersion, '1.08');
    assert.equal(key.eventSource, 'iam.amazonaws.com');
    assert.equal(key.recipientAccountId, account);
    assert.deepEqual(key.requestParameters, { userName: 'alice', echo: { SecretAccessKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' } });
    assert.equal(lines.join('\n').includes('wJalrXUtnFEMI'), false);
    const denied = records.find((r) => r.requestID === 'req-denied')!;
    assert.equal(denied.userIdentity.type, 'AssumedRole');
    assert.equal(denied.userIdentity.sessionContext?.sessionIssuer?.arn, deployer.roleArn);
  });

  test('--since takes a span before now or an ISO time; --until an ISO time', async () => {
    assert.deepEqual(await auditIds(['--since', '1h']), ['req-root', 'req-anon', 'req-key']);
    assert.deepEqual(await auditIds(['--since', '2d']), ['req-root', 'req-anon', 'req-key', 'req-denied']);
    const keyTime = calls[2]!.time.toISOString();
    assert.deepEqual(await auditIds(['--since', keyTime]), ['req-root', 'req-anon', 'req-key'], 'since is inclusive');
    assert.deepEqual(await auditIds(['--until', keyTime]), ['req-key', 'req-denied', 'req-old'], 'until is inclusive');
    assert.deepEqual(await auditIds(['--since', '4h', '--until', keyTime]), ['req-key', 'req-denied']);
  });

  test('--user by user name, role name, ARN or root; --event-name; --errors; --error-code; --limit', async () => {
    assert.deepEqual(await auditIds(['--user', 'alice']), ['req-key', 'req-old']);
    assert.deepEqual(await auditIds(['--user', 'Deployer']), ['req-denied']);
    assert.deepEqual(await auditIds(['--user', deployer.arn]), ['req-denied']);
    assert.deepEqual(await auditIds(['--user', 'root']), ['req-root']);
    assert.deepEqual(await auditIds(['--event-name', 'GetApps']), ['req-root']);
    assert.deepEqual(await auditIds(['--errors']), ['req-anon', 'req-denied']);
    assert.deepEqual(await auditIds(['--error-code', 'AccessDeniedException']), ['req-denied']);
    assert.deepEqual(await auditIds(['--errors', '--user', 'alice']), []);
    assert.deepEqual(await auditIds(['--limit', '2']), ['req-root', 'req-anon']);
    assert.deepEqual(await audit(['--event-name', 'NoSuchOperation']), [], 'nothing matching prints nothing');
  });

  test('bad flags exit 2 with a message naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--limit', '0'], /--limit/],
      [['--limit', '10001'], /--limit/],
      [['--limit', 'ten'], /--limit/],
      [['--since', 'yesterday'], /--since/],
      [['--until', '2026-13-45T00:00:00Z'], /--until/],
      [['--event-name', 'Get Apps'], /--event-name/],
      [['--error-code', ''], /--error-code/],
      [['--user', ''], /--user/],
      [['--since', '1h', '--until', '2000-01-01T00:00:00Z'], /--since .* later than --until/],
      [['--bogus'], /--bogus/],
      [['--limit'], /--limit/],
    ];
    const results = await Promise.all(cases.map(([args]) => pinion(['audit', '--data-dir', dataDir, ...args])));
    results.forEach((result, i) => {
      const [args, pattern] = cases[i]!;
      assert.equal(result.code, 2, `${args.join(' ')}: exit ${result.code}\n${result.stderr}`);
      assert.match(result.stderr, pattern, args.join(' '));
      assert.equal(result.stdout, '');
    });
  });

  test('a data directory without a database exits 2 and creates nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pinion-audit-empty-'));
    try {
      const result = await pinion(['audit', '--data-dir', join(empty, 'missing')]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /no Pinion database at .*missing.*pinion\.sqlite/);
      const badEnv = await pinion(['audit', '--data-dir', dataDir], { PINION_AUDIT_RETENTION_DAYS: '0' });
      assert.equal(badEnv.code, 2);
      assert.match(badEnv.stderr, /PINION_AUDIT_RETENTION_DAYS/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('--database-url reads the trail from PostgreSQL', async () => {
    const options = await postgres.fresh();
    await writeRecords(options);
    const result = await pinion(['audit', '--database-url', options.url, '--json', '--errors']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as AuditRecord).requestID),
      ['req-anon', 'req-denied'],
    );
  });
});
