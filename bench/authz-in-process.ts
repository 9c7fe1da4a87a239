/**
 * The authorization step alone, in process: Authorizer.authorize() for GetApp as an IAM user with
 * 10 attached managed policies of 10 statements each (the same policies as the HTTP part of the
 * `authz` benchmark), over a real SQLite identity store, timed call by call; root's call (which
 * skips evaluation) in the same run as the baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Authorizer } from '../src/auth/authorizer.ts';
import { PolicyStore } from '../src/auth/policy-store.ts';
import { ResourceTags } from '../src/auth/resource-tags.ts';
import type { Principal } from '../src/iam/principal.ts';
import { rootPrincipal } from '../src/iam/principal.ts';
import { openStorage } from '../src/storage/open-storage.ts';

export async function authorizationInProcess(statement: (p: number, i: number, accountId: string) => Record<string, unknown>): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-authz-bench-'));
  const storage = await openStorage({ kind: 'sqlite', file: join(dir, 'pinion.sqlite') });
  try {
    const accountId = '123456789012';
    const tenant = { accountId, region: 'us-east-1' };
    const appArn = `arn:aws:mobiletargeting:us-east-1:${accountId}:apps/0123456789abcdef0123456789abcdef`;
    await storage.repositories.apps.create(tenant, { id: '0123456789abcdef0123456789abcdef', name: 'bench', arn: appArn, creationDate: new Date().toISOString() }, { team: 'bench' });
    const iam = storage.repositories.iam;
    const userArn = `arn:aws:iam::${accountId}:user/bench-user`;
    await iam.createEntity(accountId, { kind: 'user', id: 'AIDABENCHUSER00000001', name: 'bench-user', path: '/', arn: userArn, createDate: new Date(), details: {} }, {});
    for (let p = 0; p < 10; p++) {
      const document = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 10 }, (_, i) => statement(p, i, accountId)) });
      const policy = await iam.createManagedPolicy(accountId, { id: `ANPABENCHPOLICY0000${p}0`, name: `bench-${p}`, path: '/', arn: `arn:aws:iam::${accountId}:policy/bench-${p}`, description: undefined, createDate: new Date(), updateDate: new Date() }, document);
      await iam.attachPolicy(accountId, 'user', 'bench-user', policy.arn, 10);
    }
    const user: Principal = { kind: 'user', accountId, arn: userArn, userId: 'AIDABENCHUSER00000001', userName: 'bench-user', tags: { team: 'bench', role: 'analyst' } };
    const root = rootPrincipal(accountId);
    // A long cache lifetime: this measures evaluation, not the once-a-second reloads.
    const authorizer = new Authorizer(new PolicyStore(iam, pino({ level: 'silent' }), 3_600_000), new ResourceTags(storage.repositories, 3_600_000).lookup);
    const request = () => ({
      action: 'mobiletargeting:GetApp',
      resources: [appArn],
      tenant,
      facts: { now: new Date(), sourceIp: '127.0.0.1', secureTransport: false, requestedRegion: 'us-east-1', userAgent: 'bench' },
    });
    const time = async (principal: Principal, n: number) => {
      const samples: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await authorizer.authorize(principal, request());
        samples.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
      samples.sort((a, b) => a - b);
      return { p50Micros: +samples[Math.floor(n / 2)]!.toFixed(1), p99Micros: +samples[Math.floor(n * 0.99)]!.toFixed(1) };
    };
    await time(user, 5000);
    await time(root, 5000);
    const rootTimes = await time(root, 20000);
    const userTimes = await time(user, 20000);
    return { root: rootTimes, user: userTimes, addedP50Micros: +(userTimes.p50Micros - rootTimes.p50Micros).toFixed(1), target: '< 50' };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
