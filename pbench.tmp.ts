import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import pino from 'pino';
import { RequestPipeline } from './src/api/request-pipeline.ts';
import { SigV4Verifier } from './src/auth/sigv4-verifier.ts';
import { parseSigV4 } from './src/auth/parse-authorization.ts';
import { handlerTable } from './src/operations/handler-table.ts';
import { loadServiceModels } from './src/spec/load-models.ts';
import { openStorage } from './src/storage/open-storage.ts';
const creds = { accessKeyId: 'AKIAPINIONTEST000001', secretAccessKey: 'pinion-test-secret-key-0123456789abcdef' };
const storage = await openStorage({ kind: 'sqlite', file: '/tmp/pb/x.sqlite' });
const tenant = { accountId: '123456789012', region: 'us-east-1' };
await storage.repositories.apps.create(tenant, { id: 'a'.repeat(32), name: 'x', arn: 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/' + 'a'.repeat(32), creationDate: new Date().toISOString() }, { t: 'v' }).catch(() => {});
const logger = pino({ level: 'silent' });
const verifier = new SigV4Verifier({ resolveCredential: (k) => (k === creds.accessKeyId ? { ...creds, principal: {} } : undefined) });
const p = new RequestPipeline({ models: loadServiceModels(), handlers: handlerTable, verifier, regions: new Set(['us-east-1']), accountId: '123456789012', repositories: storage.repositories, logger });
const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'mobiletargeting', sha256: Hash.bind(null, 'sha256') });
const path = '/v1/apps/' + 'a'.repeat(32);
const signed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 8733, path, headers: { host: '127.0.0.1:8733', 'user-agent': 'aws-sdk-js/3.1 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/pinpoint#3.1132.0', 'amz-sdk-invocation-id': 'b1f0b6a2-5a7b-4b4e-8f0e-0c2d1e2f3a4b', 'amz-sdk-request': 'attempt=1; max=3' } }));
const rawHeaders = Object.entries(signed.headers).flat();
const req = { method: 'GET', url: path, rawHeaders, body: Buffer.alloc(0) };
const sreq = { method: 'GET', rawPath: path, rawQuery: '', rawHeaders, body: Buffer.alloc(0) };
const regions = new Set(['us-east-1']);
async function time(label: string, f: () => unknown) { for (let i = 0; i < 3000; i++) await f(); const n = 30000; const t = performance.now(); for (let i = 0; i < n; i++) await f(); console.log(label, (((performance.now() - t) * 1000) / n).toFixed(1), 'µs'); }
const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'pipe') await time('pipeline GetApp', () => p.handle(req));
if (which === 'verify') await time('verify', () => verifier.verify(sreq, parseSigV4(sreq), { service: 'mobiletargeting', regions }));
if (which === 'all') {
await time('parse', () => parseSigV4(sreq));
await time('verify', () => verifier.verify(sreq, parseSigV4(sreq), { service: 'mobiletargeting', regions }));
await time('apps.get', () => storage.repositories.apps.get(tenant, 'a'.repeat(32)));
await time('tags.list', () => storage.repositories.tags.list(tenant, 'arn:aws:mobiletargeting:us-east-1:123456789012:apps/' + 'a'.repeat(32)));
await time('handler', () => handlerTable.pinpoint.GetApp!({ ApplicationId: 'a'.repeat(32) }, { tenant, requestId: 'x', repositories: storage.repositories, logger, now: () => new Date(), newId: () => 'x' }));
}
await storage.close();
