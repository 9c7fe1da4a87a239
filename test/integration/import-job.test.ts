// Import jobs end to end below the API: the real JobRunner runs the real import work on real
// storage (a SQLite file and a PostgreSQL database), checks the job's role with the real
// ServiceRoles against roles stored through the IamRepository, and reads a real S3 server
// (s3rver). Nothing of the project is mocked. Resumption is in import-job-resume.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { importedEndpointId } from '../../src/domain/imports/import-row.ts';
import { importJobWork, runImportJob } from '../../src/engine/jobs/import/run-import-job.ts';
import { endpoint, newProject, storeAs } from '../helpers/endpoint-storage.ts';
import { BUCKET, ROLES, TENANT, allEndpoints, importJob, importSegment, openWorld, runToEnd, s3Access, segmentMembers } from '../helpers/import-job-world.ts';
import type { ImportWorld } from '../helpers/import-job-world.ts';
import { S3Peer } from '../helpers/s3-peer.ts';
import { storageTargets } from '../helpers/storage-targets.ts';

const targets = storageTargets('import-job');
let peer: S3Peer;
const E164 = 'Address: is not a phone number in E.164 format (+ then 2 to 15 digits, e.g. +12065550100) for channel SMS';

before(async () => {
  peer = await S3Peer.startInProcess([BUCKET]);
});

after(async () => {
  await peer.close();
  await targets.sqlite.cleanup();
  await targets.postgres.cleanup();
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`import jobs on ${kind}`, () => {
    let world: ImportWorld;
    const folder = (name: string) => `${kind}/${name}/`;

    before(async () => {
      world = await openWorld(await targets[kind].fresh(), peer);
    });

    after(async () => {
      await world.storage.close();
    });

    test('a CSV file: good rows imported into the segment, bad rows reported by line, repeated columns give several values', async () => {
      const appId = await newProject(world.storage, TENANT);
      const segmentId = await importSegment(world, appId);
      const key = `${folder('csv')}endpoints.csv`;
      await peer.put(BUCKET, key, [
        'Id,ChannelType,Address,Attributes.Interest,Attributes.Interest,User.UserId,Metrics.Score,Location.Country',
        'csv-1,SMS,+12065550100,cats,dogs,user-1,3,US',
        'csv-2,SMS,12,,,user-2,,',
        'csv-3,EMAIL,c@example.com,"birds, fish",,user-3,lots,FR',
        ',EMAIL,d@example.com,"say ""hi""",,,,',
        'csv-4,EMAIL,e@example.com,a,b,c',
        'csv-5,FAX,f@example.com,,,,,',
        '',
      ].join('\r\n'));
      const job = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${key}`, Format: 'CSV', DefineSegment: true, SegmentId: segmentId, SegmentVersion: 1 }, segmentId), runImportJob);
      const at = (line: number) => `s3://${BUCKET}/${key} line ${line}: `;
      assert.deepEqual(job.failures, [
        `${at(3)}${E164}`,
        `${at(4)}Metrics.Score: is not a number`,
        `${at(6)}the line has 6 values and the header 8 columns`,
        `${at(7)}ChannelType: must be one of PUSH, GCM, APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, ADM, SMS, VOICE, EMAIL, BAIDU, CUSTOM, IN_APP`,
      ]);
      assert.deepEqual([job.jobStatus, job.totalPieces, job.completedPieces, job.failedPieces, job.totalProcessed, job.totalFailures], ['COMPLETED', 1, 1, 0, 6, 4]);
      const generated = importedEndpointId({ jobId: job.id, key }, 5);
      const endpoints = await allEndpoints(world, appId);
      assert.deepEqual(endpoints.map((e) => e.Id), ['csv-1', generated].sort());
      const first = endpoints.find((e) => e.Id === 'csv-1')!;
      assert.deepEqual([first.ChannelType, first.Address, first.Attributes, first.User, first.Metrics, first.Location, first.EndpointStatus, first.RequestId], [
        'SMS', '+12065550100', { Interest: ['cats', 'dogs'] }, { UserId: 'user-1' }, { Score: 3 }, { Country: 'US' }, 'ACTIVE', job.id,
      ]);
      assert.deepEqual(endpoints.find((e) => e.Id === generated)!.Attributes, { Interest: ['say "hi"'] });
      assert.deepEqual(await segmentMembers(world, appId, segmentId), ['csv-1', generated].sort());
    });

    test('a JSON file: rows merge onto stored endpoints and onto earlier rows as UpdateEndpoint would', async () => {
      const appId = await newProject(world.storage, TENANT);
      await world.storage.repositories.endpoints.write(TENANT, storeAs(appId, [endpoint('pre-1', { ChannelType: 'EMAIL', Address: 'pre@example.com', Attributes: { Keep: ['me'] } })]));
      const key = `${folder('json')}endpoints.json`;
      await peer.put(BUCKET, key, [
        '{"Id":"json-1","ChannelType":"EMAIL","Address":"a@example.com","Attributes":{"Ride":["Bus"]}}',
        '{"Id":"json-1","Attributes":{"Seat":["window"]},"Demographic":{"Platform":"ios"}}',
        '{"Id":"json-9",',
        '{"ChannelType":"SMS","Address":"+12065550123","User":{"UserId":"u-json"}}',
        '{"Id":"json-2","ChannelType":"SMS","Address":"12"}',
        '{"Id":"missing-1","Attributes":{"x":["y"]}}',
        '{"Id":"pre-1","Metrics":{"score":5},"Colour":"red"}',
        '{"Id":"pre-1","Metrics":{"score":5}}',
      ].join('\n'));
      const job = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${key}`, Format: 'JSON', RegisterEndpoints: true }), runImportJob);
      const at = (line: number) => `s3://${BUCKET}/${key} line ${line}: `;
      assert.equal(job.failures.length, 4);
      assert.match(job.failures[0]!, new RegExp(`^${at(3)}is not valid JSON`));
      assert.deepEqual(job.failures.slice(1), [
        `${at(5)}${E164}`,
        `${at(6)}no endpoint has this Id yet, and a new endpoint needs ChannelType and Address`,
        `${at(7)}Colour: is not a member of EndpointRequest (with Id)`,
      ]);
      assert.deepEqual([job.jobStatus, job.totalProcessed, job.totalFailures], ['COMPLETED', 8, 4]);
      const byId = new Map((await allEndpoints(world, appId)).map((e) => [e.Id, e]));
      assert.deepEqual([...byId.keys()].sort(), ['json-1', 'pre-1', importedEndpointId({ jobId: job.id, key }, 4)].sort());
      assert.deepEqual(byId.get('json-1')!.Attributes, { Ride: ['Bus'], Seat: ['window'] });
      assert.deepEqual(byId.get('json-1')!.Demographic, { Platform: 'ios' });
      const pre = byId.get('pre-1')!;
      assert.deepEqual([pre.Address, pre.Attributes, pre.Metrics], ['pre@example.com', { Keep: ['me'] }, { score: 5 }]);
    });

    test('30 objects under a prefix, gzipped ones included, are 30 pieces; objects of the other format and folders are skipped', async () => {
      const appId = await newProject(world.storage, TENANT);
      const prefix = folder('many');
      const csv = (n: number) => `ChannelType,Address\n${[0, 1, 2].map((i) => `EMAIL,p${n}-${i}@example.com`).join('\n')}\n`;
      for (let n = 0; n < 30; n++) {
        const name = `part-${String(n).padStart(2, '0')}`;
        // Part 07 is gzipped with a .gz name, part 08 gzipped without one (found by its magic number).
        if (n === 7) await peer.put(BUCKET, `${prefix}${name}.csv.gz`, gzipSync(csv(n)));
        else if (n === 8) await peer.put(BUCKET, `${prefix}${name}.csv`, gzipSync(csv(n)));
        else await peer.put(BUCKET, `${prefix}${name}.csv`, csv(n));
      }
      await peer.put(BUCKET, `${prefix}other-format.json`, '{"Id":"nope","ChannelType":"EMAIL","Address":"x@example.com"}\n');
      await peer.put(BUCKET, `${prefix}folder/`, '');
      const job = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${prefix}`, Format: 'CSV' }), runImportJob);
      assert.deepEqual([job.jobStatus, job.failures, job.totalPieces, job.completedPieces, job.failedPieces, job.totalProcessed, job.totalFailures], ['COMPLETED', [], 30, 30, 0, 90, 0]);
      const endpoints = await allEndpoints(world, appId);
      assert.deepEqual(endpoints.map((e) => e.Address).sort(), Array.from({ length: 30 }, (_, n) => [0, 1, 2].map((i) => `p${n}-${i}@example.com`)).flat().sort());
      const pieces = await world.storage.repositories.jobs.pieces(TENANT, appId, job.id);
      assert.ok(pieces.every((p) => p.state === 'COMPLETED' && p.processed === 3 && !p.s3Key.endsWith('.json') && !p.s3Key.endsWith('/')));
    });

    test('the per-user limit fails only the rows past it: the write falls back to one row at a time', async () => {
      const appId = await newProject(world.storage, TENANT);
      const key = `${folder('user-limit')}users.csv`;
      const rows = Array.from({ length: 20 }, (_, i) => `u-${i},SMS,+1206555${String(1000 + i)},${i < 17 ? 'crowded' : `solo-${i}`}`);
      await peer.put(BUCKET, key, ['Id,ChannelType,Address,User.UserId', ...rows].join('\n'));
      const job = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${key}`, Format: 'CSV' }), runImportJob);
      const refusal = (line: number) => `s3://${BUCKET}/${key} line ${line}: Exceeded maximum endpoint per user count: the user would have 16 endpoints; the limit is 15`;
      assert.deepEqual([job.jobStatus, job.totalProcessed, job.totalFailures, job.failures], ['COMPLETED', 20, 2, [refusal(17), refusal(18)]]);
      const ids = (await allEndpoints(world, appId)).map((e) => e.Id);
      assert.deepEqual(ids.sort(), Array.from({ length: 20 }, (_, i) => `u-${i}`).filter((id) => id !== 'u-15' && id !== 'u-16').sort());
    });

    test('rows of user ids only add the users\' stored endpoints to the segment', async () => {
      const appId = await newProject(world.storage, TENANT);
      const user = (id: string, userId: string) => endpoint(id, { User: { UserId: userId } });
      await world.storage.repositories.endpoints.write(TENANT, storeAs(appId, [user('a-1', 'alice'), user('a-2', 'alice'), user('b-1', 'bob'), endpoint('x-1')]));
      const segmentId = await importSegment(world, appId);
      const key = `${folder('users')}users.csv`;
      await peer.put(BUCKET, key, 'User.UserId\nalice bob\ncarol\n');
      const job = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${key}`, Format: 'CSV', SegmentId: segmentId, SegmentVersion: 1 }, segmentId), runImportJob);
      assert.deepEqual(job.failures, [`s3://${BUCKET}/${key} line 3: no endpoint belongs to the users the row names (a row of user ids only adds existing endpoints)`]);
      assert.deepEqual(await segmentMembers(world, appId, segmentId), ['a-1', 'a-2', 'b-1']);
      assert.equal((await allEndpoints(world, appId)).length, 4, 'nothing written');
    });

    test('unreadable objects fail their pieces with the reason; the others are imported, and the job fails as Pinpoint documents', async () => {
      const appId = await newProject(world.storage, TENANT);
      const prefix = folder('unreadable');
      await peer.put(BUCKET, `${prefix}a-good.csv`, 'ChannelType,Address\nEMAIL,good@example.com\n');
      await peer.put(BUCKET, `${prefix}b-latin1.csv`, Buffer.concat([Buffer.from('ChannelType,Address\nEMAIL,ok@example.com\nEMAIL,caf'), Buffer.from([0xe9]), Buffer.from('@example.com\n')]));
      await peer.put(BUCKET, `${prefix}c-fake.csv.gz`, 'ChannelType,Address\n');
      await peer.put(BUCKET, `${prefix}d-header.csv`, 'ChannelType,Address,Address\nEMAIL,x@example.com,y\n');
      const job = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${prefix}`, Format: 'CSV' }), importJobWork());
      const url = `s3://${BUCKET}/${prefix}`;
      assert.equal(job.jobStatus, 'FAILED');
      assert.deepEqual([job.totalPieces, job.completedPieces, job.failedPieces], [4, 1, 3]);
      assert.equal(job.failures.length, 4);
      assert.equal(job.failures[0], `${url}b-latin1.csv: is not UTF-8 text (import files must be UTF-8)`);
      assert.match(job.failures[1]!, new RegExp(`^${url}c-fake\\.csv\\.gz: is not valid gzip data \\(`));
      assert.equal(job.failures[2], `${url}d-header.csv: the CSV header (line 1) cannot be used: column 'Address' appears more than once in the header; only Attributes.<name> and User.UserAttributes.<name> columns can repeat (one value per column)`);
      assert.equal(job.failures[3], `3 of 4 objects under ${url} could not be imported (the reasons are listed in Failures)`);
      assert.deepEqual((await allEndpoints(world, appId)).map((e) => e.Address), ['good@example.com']);
    });

    test('a role without s3:GetObject fails every piece and the job, saying why', async () => {
      const appId = await newProject(world.storage, TENANT);
      const prefix = folder('denied');
      await peer.put(BUCKET, `${prefix}1.csv`, 'ChannelType,Address\nEMAIL,a@example.com\n');
      await peer.put(BUCKET, `${prefix}2.csv`, 'ChannelType,Address\nEMAIL,b@example.com\n');
      const job = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${prefix}`, Format: 'CSV', RoleArn: ROLES.listOnly }), runImportJob);
      assert.deepEqual([job.jobStatus, job.totalPieces, job.failedPieces, job.totalProcessed], ['FAILED', 2, 2, 0]);
      for (const [i, name] of ['1.csv', '2.csv'].entries()) {
        assert.match(job.failures[i]!, new RegExp(`^s3://${BUCKET}/${prefix}${name}: Pinion could not use role ${ROLES.listOnly}: .*s3:GetObject on arn:aws:s3:::${BUCKET}/${prefix}${name}`));
      }
      assert.equal(job.failures[2], `2 of 2 objects under s3://${BUCKET}/${prefix} could not be imported (the reasons are listed in Failures)`);
      assert.deepEqual(await allEndpoints(world, appId), []);
    });

    test('nothing to list, no right to list, a bucket outside the allowlist: the job fails with the reason and no pieces', async () => {
      const appId = await newProject(world.storage, TENANT);
      const empty = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${folder('nothing-here')}`, Format: 'JSON' }), runImportJob);
      assert.deepEqual([empty.jobStatus, empty.failures, empty.totalPieces], ['FAILED', [`no objects under s3://${BUCKET}/${folder('nothing-here')} to import as JSON`], 0]);
      const unlisted = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${folder('csv')}`, Format: 'CSV', RoleArn: ROLES.getOnly }), runImportJob);
      assert.equal(unlisted.jobStatus, 'FAILED');
      assert.match(unlisted.failures[0]!, new RegExp(`^Pinion could not use role ${ROLES.getOnly}: .*s3:ListBucket on arn:aws:s3:::${BUCKET}`));
      const s3 = s3Access(world, ['some-other-bucket']);
      const refused = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${folder('csv')}`, Format: 'CSV' }), runImportJob, s3);
      assert.deepEqual([refused.jobStatus, refused.failures], ['FAILED', [`bucket ${BUCKET} is not one this Pinion deployment may use (PINION_S3_BUCKETS)`]]);
      assert.deepEqual(await allEndpoints(world, appId), []);
    });

    test('a prefix with more objects than a job reads fails the job before any piece, naming the bound', async () => {
      const appId = await newProject(world.storage, TENANT);
      const prefix = folder('too-many');
      for (let i = 0; i < 4; i++) await peer.put(BUCKET, `${prefix}part-${i}.json`, `{"Id":"e${i}","ChannelType":"EMAIL","Address":"u${i}@example.com"}\n`);
      const job = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${prefix}`, Format: 'JSON' }), importJobWork({ maxObjects: 3 }));
      assert.deepEqual([job.jobStatus, job.totalPieces, job.failures], ['FAILED', 0, [`more than 3 objects to import under s3://${BUCKET}/${prefix}; an import job reads at most 3 (split the prefix into several jobs)`]]);
      assert.deepEqual(await allEndpoints(world, appId), []);
      const fits = await runToEnd(world, importJob(appId, { S3Url: `s3://${BUCKET}/${prefix}`, Format: 'JSON' }), importJobWork({ maxObjects: 4 }));
      assert.deepEqual([fits.jobStatus, fits.totalPieces, fits.totalProcessed], ['COMPLETED', 4, 4]);
    });
  });
}
