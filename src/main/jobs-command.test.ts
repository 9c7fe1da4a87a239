// `pinion jobs watch` run as a child process against a small HTTP server in the test that answers
// GetImportJob / GetExportJob with a scripted sequence, so the states a real job passes through
// quickly (several polls, a busy server, a failure at the end) are seen in order. The real API is
// exercised in test/acceptance/jobs-watch-cli.test.ts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

const APP = 'a'.repeat(32);
const JOB = 'b'.repeat(32);
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

interface Answer {
  status: number;
  body: unknown;
  errorType?: string;
}

const job = (status: string, pieces: [number, number, number], processed: number, extra: object = {}) => ({
  Id: JOB,
  ApplicationId: APP,
  Type: 'EXPORT',
  JobStatus: status,
  TotalPieces: pieces[0],
  CompletedPieces: pieces[1],
  FailedPieces: pieces[2],
  TotalProcessed: processed,
  TotalFailures: 0,
  CreationDate: '2026-11-23T10:00:00.000Z',
  Definition: { RoleArn: 'arn:aws:iam::123456789012:role/r', S3UrlPrefix: 's3://bucket/Exports/' },
  ...extra,
});

const notFound: Answer = { status: 404, errorType: 'NotFoundException', body: { Message: 'Job not found', RequestID: 'r' } };

let server: Server;
let url: string;
let script: Record<string, Answer[]> = {};
let seen: IncomingMessage[] = [];

before(async () => {
  server = createServer((request, response) => {
    seen.push(request);
    const queue = script[request.url ?? ''] ?? [];
    // The last answer repeats once the script runs out.
    const answer = queue.length > 1 ? queue.shift()! : (queue[0] ?? notFound);
    response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.errorType ? { 'x-amzn-ErrorType': answer.errorType } : {}) });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function watch(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: 'AKIDWATCHTEST000001', AWS_SECRET_ACCESS_KEY: 'secret-for-the-watch-test', AWS_ENDPOINT_URL: url };
    execFile(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', 'jobs', 'watch', APP, JOB, '--interval', '50', ...args], { cwd: projectRoot, env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const importPath = `/v1/apps/${APP}/jobs/import/${JOB}`;
const exportPath = `/v1/apps/${APP}/jobs/export/${JOB}`;

describe('pinion jobs watch (scripted server)', () => {
  test('shows each change of a running export job, rides out a busy server, and exits 1 when it fails', async () => {
    seen = [];
    script = {
      [importPath]: [notFound],
      [exportPath]: [
        { status: 200, body: job('CREATED', [0, 0, 0], 0) },
        { status: 200, body: job('PROCESSING', [1, 0, 0], 0) },
        { status: 200, body: job('PROCESSING', [1, 0, 0], 0) },
        { status: 503, errorType: 'InternalServerErrorException', body: { Message: 'busy' } },
        { status: 200, body: job('PROCESSING', [2, 1, 0], 5000) },
        { status: 200, body: job('FAILED', [2, 1, 0], 5000, { CompletionDate: '2026-11-23T10:01:00.000Z', Failures: ['Pinion could not use role r: \u001b[2Jdenied'] }) },
      ],
    };
    const result = await watch(['--region', 'eu-west-1']);
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stderr.trim().split('\n').map((line) => line.replace(/^\S+ /, ''));
    assert.deepEqual(lines, [
      `export job ${JOB}: CREATED, 0/0 pieces, 0 endpoints processed, 0 failed`,
      `export job ${JOB}: PROCESSING, 0/1 pieces, 0 endpoints processed, 0 failed`,
      `export job ${JOB}: PROCESSING, 1/2 pieces, 5000 endpoints processed, 0 failed`,
      `export job ${JOB}: FAILED, 1/2 pieces, 5000 endpoints processed, 0 failed`,
    ]);
    assert.equal(
      result.stdout,
      [
        `Export job ${JOB}`,
        '  Status:      FAILED',
        `  Application: ${APP}`,
        '  Pieces:      2 total, 1 completed, 0 failed',
        '  Processed:   5000 endpoints',
        '  Failed:      0 endpoints',
        '  Destination: s3://bucket/Exports/',
        '  Created:     2026-11-23T10:00:00.000Z',
        '  Completed:   2026-11-23T10:01:00.000Z',
        'Failures (1):',
        // The escape sequence from the server does not reach the terminal.
        '  - Pinion could not use role r:  [2Jdenied',
        '',
      ].join('\n'),
    );
    assert.deepEqual(seen.map((request) => request.url), [importPath, ...Array<string>(6).fill(exportPath)]);
    for (const request of seen) {
      assert.match(String(request.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDWATCHTEST000001\/\d{8}\/eu-west-1\/mobiletargeting\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
    }
  });

  test('--type export asks for the export job only; a denial while watching exits 2', async () => {
    seen = [];
    script = {
      [exportPath]: [
        { status: 200, body: job('PROCESSING', [1, 0, 0], 0) },
        { status: 403, errorType: 'AccessDeniedException', body: { Message: 'User: x is not authorized to perform: mobiletargeting:GetExportJob', message: 'x' } },
      ],
    };
    const result = await watch(['--type', 'export']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`\\npinion: lost export job ${JOB}: 403 AccessDeniedException: User: x is not authorized to perform: mobiletargeting:GetExportJob\\n$`));
    assert.deepEqual(seen.map((request) => request.url), [exportPath, exportPath]);
  });

  test('a server that stays busy is given up after five tries in a row', async () => {
    seen = [];
    script = { [exportPath]: [{ status: 200, body: job('PROCESSING', [1, 0, 0], 0) }, { status: 429, errorType: 'TooManyRequestsException', body: { Message: 'slow down' } }] };
    const result = await watch(['--type', 'export']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /pinion: lost export job \w+: 429 TooManyRequestsException: slow down\n$/);
    assert.equal(seen.length, 6);
  });
});
