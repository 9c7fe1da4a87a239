// GET /metrics behind PINION_METRICS_TOKEN, on a started server: without the token configured it
// is open (the other acceptance suites scrape it); with it, only `Authorization: Bearer <token>`
// gets the Prometheus text, and the token never shows in the server's output.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';

const TOKEN = 'scrape-token-7c1f9e2a4b';

describe('GET /metrics with PINION_METRICS_TOKEN', () => {
  let server: PinionProcess;

  before(async () => {
    server = await startPinion({ env: { PINION_METRICS_TOKEN: TOKEN } });
  });
  after(async () => {
    await server?.stop();
  });

  const scrape = (authorization?: string) => fetch(`${server.url}/metrics`, authorization === undefined ? {} : { headers: { authorization } });

  test('the right bearer token gets the Prometheus text', async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    assert.equal(response.status, 200);
    assert.equal((await scrape(`bearer ${TOKEN}`)).status, 200, 'the scheme in any letter case');
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(await response.text(), /# TYPE pinion_event_stream_healthy gauge/);
  });

  test('no token, another token, a longer one or another scheme: 401 with a Bearer challenge', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0000000000', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN]) {
      const response = await scrape(authorization);
      assert.equal(response.status, 401, String(authorization));
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="pinion-metrics"');
      assert.deepEqual(await response.json(), { message: 'GET /metrics needs the bearer token set in PINION_METRICS_TOKEN' });
    }
  });

  test('the probes stay open and the token is never printed', async () => {
    assert.equal((await fetch(`${server.url}/livez`)).status, 200);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    assert.doesNotMatch(server.output(), new RegExp(TOKEN));
  });
});
