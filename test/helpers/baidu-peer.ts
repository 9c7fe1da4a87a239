// A real HTTPS server on loopback that speaks Baidu Cloud Push's REST API 3.0 for
// POST /rest/3.0/push/single_device: form-encoded common parameters (apikey, timestamp, sign …),
// the request signature checked as Baidu's SDK guide defines it (MD5 of the URL-encoded
// METHOD + URL + sorted key=value pairs + secret key), answers {request_id, response_params:
// {msg_id, send_time}} or {request_id, error_code, error_msg}.
import { createHash } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCa } from './test-ca.ts';

export interface BaiduPush {
  readonly params: Readonly<Record<string, string>>;
  readonly msg: unknown;
}

/** What the peer answers a push to a channel: success, or one of Baidu's errors (code in the comment). */
export type BaiduAnswer =
  | 'ok'
  | 'server-error' // 30600
  | 'invalid-params' // 30602
  | 'quota-spent' // 30604
  | 'stale-timestamp' // 30606
  | 'channel-token-expired' // 30607
  | 'unbound-channel'; // 30608

export interface BaiduPeer {
  /** The endpoint to configure: …/rest/3.0 */
  readonly url: string;
  readonly received: BaiduPush[];
  readonly answered: { readonly channelId: string; readonly status: number }[];
  answerNext(channelId: string, ...answers: BaiduAnswer[]): void;
  close(): Promise<void>;
}

/** PHP's urlencode, written out byte by byte (independently of the transport's version). */
function urlencode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export async function startBaiduPeer(options: { tls: TestCa; apiKey: string; secretKey: string }): Promise<BaiduPeer> {
  const received: BaiduPush[] = [];
  const answered: BaiduPeer['answered'] = [];
  const queued = new Map<string, BaiduAnswer[]>();
  let url = '';
  let requestId = 1000;
  const server = https.createServer({ key: options.tls.serverKey, cert: options.tls.serverCert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requestId += 1;
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const channelId = params.channel_id ?? '';
      const reply = (status: number, body: unknown) => {
        answered.push({ channelId, status });
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      const fail = (status: number, code: number, message: string) => reply(status, { request_id: requestId, error_code: code, error_msg: message });
      if (request.method !== 'POST' || request.url !== '/rest/3.0/push/single_device') return fail(404, 30601, 'Method Not Allowed');
      if (params.apikey !== options.apiKey) return fail(401, 30603, 'Authentication failed');
      const { sign, ...signed } = params;
      const gathered = `POST${url}/push/single_device${Object.keys(signed).sort().map((key) => `${key}=${signed[key]}`).join('')}${options.secretKey}`;
      if (sign !== createHash('md5').update(urlencode(gathered)).digest('hex')) return fail(401, 30603, 'Authentication failed');
      if (Math.abs(Number(params.timestamp) - Date.now() / 1000) > 600) return fail(400, 30606, 'Request Time Expires Timeout');
      if (!channelId || !['0', '1'].includes(params.msg_type ?? '0') || params.msg === undefined) return fail(400, 30602, 'Request Params Not Valid');
      const next = queued.get(channelId)?.shift() ?? 'ok';
      if (next === 'server-error') return fail(500, 30600, 'Internal Server Error');
      if (next === 'invalid-params') return fail(400, 30602, 'Request Params Not Valid');
      if (next === 'quota-spent') return fail(403, 30604, 'Quota Use Up Payment Required');
      if (next === 'stale-timestamp') return fail(400, 30606, 'Request Time Expires Timeout');
      if (next === 'channel-token-expired') return fail(400, 30607, 'Channel Token Timeout');
      if (next === 'unbound-channel') return fail(404, 30608, 'Bind Relation Not Found');
      let msg: unknown = params.msg;
      try {
        msg = JSON.parse(params.msg);
      } catch {
        // a pass-through message may be any text
      }
      received.push({ params, msg });
      reply(200, { request_id: requestId, response_params: { msg_id: `${requestId}0001`, send_time: Math.floor(Date.now() / 1000) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/rest/3.0`;
  return {
    url,
    received,
    answered,
    answerNext: (channelId, ...answers) => queued.set(channelId, [...(queued.get(channelId) ?? []), ...answers]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
