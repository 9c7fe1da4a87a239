// An import job whose worker stops half-way is resumed by another worker from its recorded
// progress: every endpoint exactly once, every row counted once, on SQLite and PostgreSQL. The
// only seam is the import work's onStep hook, used to stop the first worker at an exact point.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { importJobWork } from '../../src/engine/jobs/import/run-import-job.ts';
import type { JobRunner } from '../../src/engine/jobs/job-runner.ts';
import { newProject } from '../helpers/endpoint-storage.ts';
import { BUCKET, TENANT, allEndpoints, importJob, importSegment, openWorld, runner, segmentMembers, waitFinished } from '../helpers/import-job-world.ts';
import type { ImportWorld } from '../helpers/import-job-world.ts';
import { S3Peer } from '../helpers/s3-peer.ts';
import { storageTargets } from '../helpers/storage-targets.ts';

const targets = storageTargets('import-job-resume');
let peer: S3Peer;

before(async () => {
  peer = await S3Peer.startInProcess([BUCKET]);
});

after(async () => {
  await peer.close();
  await targets.sqlite.cleanup();
  await targets.postgres.cleanup();
});

const ROWS = 2_500;
const STEP = 500;
/** Rows (0-based) whose SMS address is not E.164: they fail when written, on both sides of the stop. */
const badRow = (i: number) => i % 600 === 18;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`import job resumption on ${kind}`, () => {
    let world: ImportWorld;

    before(async () => {
      world = await openWorld(await targets[kind].fresh(), peer);
    });

    after(async () => {
      await world.storage.close();
    });

    test('a worker stopped after its first recorded step: another finishes the job, every endpoint once, every row counted once', async () => {
      const appId = await newProject(world.storage, TENANT);
      const segmentId = await importSegment(world, appId);
      const key = `${kind}/resume/big.csv`;
      // No Id column: the ids are derived from the line, so a row read twice cannot make a second endpoint.
      const lines = Array.from({ length: ROWS }, (_, i) => (i % 2 === 1 ? `EMAIL,row-${i}@example.com` : badRow(i) ? 'SMS,12' : `SMS,+1206${1_000_000 + i}`));
      await peer.put(BUCKET, key, ['ChannelType,Address', ...lines].join('\n'));
      const bad = lines.filter((_, i) => badRow(i)).length;
      const job = importJob(appId, { S3Url: `s3://${BUCKET}/${key}`, Format: 'CSV', DefineSegment: true, SegmentId: segmentId, SegmentVersion: 1 }, segmentId);
      await world.storage.repositories.jobs.create(TENANT, job);

      let stopped: Promise<void> | undefined;
      const first: JobRunner = runner(world, importJobWork({ progressRows: STEP, onStep: () => void (stopped ??= first.close()) }), { leaseMs: 1_500 });
      first.start();
      const deadline = Date.now() + 30_000;
      while (!stopped) {
        assert.ok(Date.now() < deadline, 'the first worker recorded a step');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await stopped;
      const halfway = await world.storage.repositories.jobs.get(TENANT, appId, 'IMPORT', job.id);
      assert.deepEqual([halfway?.jobStatus, halfway?.totalProcessed, halfway?.totalFailures], ['PROCESSING', STEP, lines.slice(0, STEP).filter((_, i) => badRow(i)).length]);
      const [piece] = await world.storage.repositories.jobs.pieces(TENANT, appId, job.id);
      assert.deepEqual([piece?.state, piece?.checkpoint], ['PENDING', String(STEP + 1)], 'the checkpoint is the last line of the step (the header is line 1)');

      const second = runner(world, importJobWork({ progressRows: STEP }), { leaseMs: 1_500 });
      second.start();
      let done;
      try {
        done = await waitFinished(world, appId, job.id);
      } finally {
        await second.close();
      }
      assert.deepEqual([done.jobStatus, done.totalPieces, done.completedPieces, done.totalProcessed, done.totalFailures], ['COMPLETED', 1, 1, ROWS, bad]);
      const failedLines = lines.map((_, i) => i).filter(badRow).map((i) => i + 2);
      assert.deepEqual(done.failures.map((failure) => Number(/ line (\d+): /.exec(failure)?.[1])), failedLines);

      const endpoints = await allEndpoints(world, appId);
      assert.equal(endpoints.length, ROWS - bad, 'every good row made exactly one endpoint');
      assert.deepEqual(endpoints.map((e) => e.Address).sort(), lines.filter((_, i) => !badRow(i)).map((line) => line.split(',')[1]).sort());
      // More endpoints than one write holds: none of them may be retired by the same-address rule.
      assert.deepEqual(endpoints.filter((e) => e.EndpointStatus !== 'ACTIVE').map((e) => e.Id), []);
      assert.deepEqual(await segmentMembers(world, appId, segmentId), endpoints.map((e) => e.Id).sort());
    });
  });
}
