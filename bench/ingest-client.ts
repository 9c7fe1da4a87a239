/**
 * Ingest load generator, run as its own process. Builds and signs every request body up front
 * (each body is unique: new endpoint ids, new events), then sends them with the given concurrency
 * and prints one JSON line: { requests, errors, seconds, rps, firstError? }.
 * Usage: node --import tsx bench/ingest-client.ts <json config>
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import http from 'node:http';
import { endpointBatchBody, eventsBody } from './ingest-payloads.ts';

interface IngestConfig {
  url: string;
  appId: string;
  kind: 'endpoints' | 'events';
  run: string;
  requests: number;
  concurrency: number;
  sign: { accessKeyId: string; secretAccessKey: string; region: string };
}

const config = JSON.parse(process.argv[2] ?? '{}') as IngestConfig;
const target = new URL(config.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency });
const signer = new SignatureV4({
  credentials: { accessKeyId: config.sign.accessKeyId, secretAccessKey: config.sign.secretAccessKey },
  region: config.sign.region,
  service: 'mobiletargeting',
  sha256: Hash.bind(null, 'sha256'),
});
const method = config.kind === 'endpoints' ? 'PUT' : 'POST';
const path = `/v1/apps/${config.appId}/${config.kind}`;

const prepared: { headers: Record<string, string>; body: string }[] = [];
for (let i = 0; i < config.requests; i++) {
  const body = config.kind === 'endpoints' ? endpointBatchBody(config.run, i) : eventsBody(config.run, i);
  const signed = await signer.sign(
    new HttpRequest({ method, protocol: 'http:', hostname: target.hostname, port: Number(target.port), path, headers: { host: target.host, 'content-type': 'application/json' }, body }),
  );
  prepared.push({ headers: signed.headers as Record<string, string>, body });
}

let firstError: string | undefined;
function send(request: { headers: Record<string, string>; body: string }): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({ agent, host: target.hostname, port: target.port, path, method, headers: request.headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        // PutEvents answers 202 overall; a refused endpoint or event shows only in the body.
        if (status === 202 && config.kind === 'events' && text.includes('"StatusCode":400')) {
          firstError ??= text.slice(0, 300);
          resolve(400);
        } else {
          if (status !== 202) firstError ??= `${status} ${text.slice(0, 300)}`;
          resolve(status);
        }
      });
    });
    req.on('error', (error) => {
      firstError ??= error.message;
      resolve(0);
    });
    req.end(request.body);
  });
}

let next = 0;
let errors = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: config.concurrency }, async () => {
    while (next < prepared.length) {
      const status = await send(prepared[next++]!);
      if (status !== 202) errors++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ requests: prepared.length, errors, seconds, rps: prepared.length / seconds, ...(firstError ? { firstError } : {}) }));
agent.destroy();
