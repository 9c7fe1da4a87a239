/**
 * Load generator, run as its own process so it does not share an event loop with the server.
 * Usage: node --import tsx bench/load-client.ts <json config>
 * Config: { url, path, seconds, concurrency, maxRequests?, sign?: { accessKeyId, secretAccessKey, region, service } }
 * (maxRequests: stop after that many requests, even before `seconds` are up).
 * Prints one JSON line: { requests, errors, seconds, rps, p50Ms, p99Ms }.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import http from 'node:http';

interface LoadConfig {
  url: string;
  path: string;
  seconds: number;
  concurrency: number;
  maxRequests?: number;
  sign?: { accessKeyId: string; secretAccessKey: string; region: string; service: string };
}

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const target = new URL(config.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency });

/**
 * Signed requests are signed up front (a pool reused round-robin, valid for the ±15 minute
 * window) so the client's own signing cost does not eat the CPU the server is measured on.
 */
async function headerPool(): Promise<Record<string, string>[]> {
  const host = target.host;
  if (!config.sign) return [{ host }];
  const signer = new SignatureV4({
    credentials: { accessKeyId: config.sign.accessKeyId, secretAccessKey: config.sign.secretAccessKey },
    region: config.sign.region,
    service: config.sign.service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const pool: Record<string, string>[] = [];
  for (let i = 0; i < 256; i++) {
    const signed = await signer.sign(
      new HttpRequest({ method: 'GET', protocol: 'http:', hostname: target.hostname, port: Number(target.port), path: config.path, headers: { host } }),
      { signingDate: new Date(Date.now() - i * 1000) },
    );
    pool.push(signed.headers as Record<string, string>);
  }
  return pool;
}

function once(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: target.hostname, port: target.port, path: config.path, method: 'GET', headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end();
  });
}

const pool = await headerPool();
const latencies: number[] = [];
let errors = 0;
let next = 0;
const deadline = performance.now() + config.seconds * 1000;
const maxRequests = config.maxRequests ?? Number.POSITIVE_INFINITY;
const started = performance.now();
await Promise.all(
  Array.from({ length: config.concurrency }, async () => {
    while (performance.now() < deadline && next < maxRequests) {
      const headers = pool[next++ % pool.length]!;
      const t0 = performance.now();
      const status = await once(headers);
      latencies.push(performance.now() - t0);
      if (status !== 200) errors++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, errors, seconds: elapsed, rps: latencies.length / elapsed, p50Ms: pct(0.5), p99Ms: pct(0.99) }));
agent.destroy();
