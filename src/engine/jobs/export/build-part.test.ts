import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { StoredEndpoint } from '../../../domain/endpoints/stored-endpoint.ts';
import { toEndpointResponse } from '../../../domain/endpoints/endpoint-response.ts';
import { buildPart, documentLineFormatter, endpointLineFormatter } from './build-part.ts';
import type { EndpointDocument } from '../../../storage/segments-repository.ts';
import type { PageSource } from './build-part.ts';

const APP = 'f'.repeat(32);

function endpoint(n: number): StoredEndpoint {
  return {
    Id: `id-${String(n).padStart(4, '0')}`,
    ChannelType: 'EMAIL',
    Address: `user${n}@example.com`,
    Attributes: { Plan: ['gold'] },
    OptOut: 'NONE',
    EndpointStatus: 'ACTIVE',
    EffectiveDate: '2026-01-01T00:00:00.000Z',
    CreationDate: '2026-01-01T00:00:00.000Z',
    CohortId: '3',
  };
}

/** A keyset page source over a sorted array; records every (after, limit) it is asked for. */
function source(count: number): { pages: PageSource; calls: [string | undefined, number][] } {
  const all = Array.from({ length: count }, (_, i) => stored(endpoint(i)));
  const calls: [string | undefined, number][] = [];
  return {
    calls,
    pages: async (after, limit) => {
      calls.push([after, limit]);
      return all.filter((e) => after === undefined || e.id > after).slice(0, limit);
    },
  };
}

function lines(body: Buffer): Record<string, unknown>[] {
  return gunzipSync(body)
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const signal = new AbortController().signal;

/** An endpoint as storage answers it to exports: its JSON text and status columns. */
function stored(e: StoredEndpoint, columns: { optOut?: string; endpointStatus?: string } = {}): EndpointDocument {
  return { id: e.Id, optOut: columns.optOut ?? e.OptOut, endpointStatus: columns.endpointStatus ?? e.EndpointStatus, document: JSON.stringify(e) };
}

describe('documentLineFormatter', () => {
  test('gives the line of the parsed endpoint with its columns laid over it, from the stored text', () => {
    const line = documentLineFormatter(APP);
    const parsed = endpointLineFormatter(APP);
    const fresh = endpoint(1);
    assert.equal(line(stored(fresh)), parsed(fresh), 'the stored text as it is');
    const retired = stored(fresh, { endpointStatus: 'INACTIVE' });
    assert.equal(line(retired), parsed({ ...fresh, EndpointStatus: 'INACTIVE' }), 'a column newer than the text wins');
    const optedOut = stored(fresh, { optOut: 'ALL' });
    assert.equal(line(optedOut), parsed({ ...fresh, OptOut: 'ALL' }));
    const jsonbStyle = { ...stored(fresh), document: JSON.stringify(fresh).replaceAll('","', '", "').replaceAll('":"', '": "') };
    assert.deepEqual(JSON.parse(line(jsonbStyle)), JSON.parse(parsed(fresh)), 'PostgreSQL jsonb text is used as it is too');
    assert.ok(line(jsonbStyle).startsWith(jsonbStyle.document.slice(0, -1)));
    assert.deepEqual(JSON.parse(line({ ...jsonbStyle, endpointStatus: 'INACTIVE' })), JSON.parse(parsed({ ...fresh, EndpointStatus: 'INACTIVE' })));
    const tricky = { ...endpoint(2), Address: '"EndpointStatus":"INACTIVE"', Attributes: { EndpointStatus: ['INACTIVE'], ApplicationId: ['x'] } };
    for (const row of [stored(tricky), stored(tricky, { endpointStatus: 'INACTIVE' })]) {
      const expected = JSON.stringify(toEndpointResponse(APP, { ...tricky, EndpointStatus: row.endpointStatus }));
      assert.equal(line(row), `${expected}\n`);
    }
  });
});

describe('endpointLineFormatter', () => {
  test('gives exactly the JSON of toEndpointResponse, one line each', () => {
    const line = endpointLineFormatter('app-"quoted"\u2028');
    const odd = { ...endpoint(1), ApplicationId: 'stale' } as StoredEndpoint;
    const bare = {} as StoredEndpoint;
    for (const e of [endpoint(0), { ...endpoint(2), Address: 'a"b\\c\n}' }, odd, bare]) {
      assert.equal(line(e), `${JSON.stringify(toEndpointResponse('app-"quoted"\u2028', e))}\n`);
    }
  });
});

describe('buildPart', () => {
  test('writes one EndpointResponse per line, with ApplicationId, and says that more follow', async () => {
    const { pages, calls } = source(10);
    const part = await buildPart({ appId: APP, startAfter: undefined, partSize: 4, pageSize: 3, pages, signal });
    assert.equal(part.count, 4);
    assert.equal(part.lastId, 'id-0003');
    assert.equal(part.more, true);
    assert.deepEqual(lines(part.body), [0, 1, 2, 3].map((n) => ({ ...endpoint(n), ApplicationId: APP })));
    // The second page asks for one row past the part's end instead of a separate lookahead query.
    assert.deepEqual(calls, [[undefined, 3], ['id-0002', 2]]);
  });

  test('starts after the given id and ends with the selection', async () => {
    const { pages } = source(10);
    const part = await buildPart({ appId: APP, startAfter: 'id-0007', partSize: 4, pageSize: 3, pages, signal });
    assert.deepEqual(lines(part.body).map((line) => line.Id), ['id-0008', 'id-0009']);
    assert.equal(part.more, false);
    assert.equal(part.lastId, 'id-0009');
  });

  test('a part that fills up at a page boundary looks one row further', async () => {
    const exact = source(6);
    const full = await buildPart({ appId: APP, startAfter: undefined, partSize: 6, pageSize: 3, pages: exact.pages, signal });
    assert.equal(full.count, 6);
    assert.equal(full.more, false);
    assert.deepEqual(exact.calls.at(-1), ['id-0005', 1]);
    const longer = source(7);
    assert.equal((await buildPart({ appId: APP, startAfter: undefined, partSize: 6, pageSize: 3, pages: longer.pages, signal })).more, true);
  });

  test('an empty selection gives a valid empty gzip', async () => {
    const part = await buildPart({ appId: APP, startAfter: undefined, partSize: 5, pageSize: 2, pages: source(0).pages, signal });
    assert.equal(part.count, 0);
    assert.equal(part.lastId, undefined);
    assert.equal(part.more, false);
    assert.equal(gunzipSync(part.body).length, 0);
  });

  test('stops between pages once aborted', async () => {
    const abort = new AbortController();
    const { pages } = source(100);
    let served = 0;
    const counting: PageSource = async (after, limit) => {
      served += 1;
      if (served === 2) abort.abort();
      return pages(after, limit);
    };
    await assert.rejects(buildPart({ appId: APP, startAfter: undefined, partSize: 50, pageSize: 5, pages: counting, signal: abort.signal }), { name: 'AbortError' });
    assert.equal(served, 2);
  });

  test('asks for the next page before it formats the one it has', async () => {
    const { pages, calls } = source(10);
    const readsWhenFormatted: number[] = [];
    // The first endpoint of each page notes how many reads were asked for when it is formatted.
    const noting: PageSource = async (after, limit) => {
      const page = (await pages(after, limit)).map((row) => ({ ...row }));
      const first = page[0];
      if (first) {
        const { document } = first;
        Object.defineProperty(first, 'document', { get: () => (readsWhenFormatted.push(calls.length), document) });
      }
      return page;
    };
    const part = await buildPart({ appId: APP, startAfter: undefined, partSize: 7, pageSize: 3, pages: noting, signal });
    assert.equal(part.count, 7);
    assert.deepEqual(calls, [[undefined, 3], ['id-0002', 3], ['id-0005', 2]]);
    // Page 1 is formatted once page 2 is asked for, page 2 once page 3 is; page 3 (the last, one
    // row longer than the part needs) asks for nothing more.
    assert.deepEqual(readsWhenFormatted.slice(0, 3), [2, 3, 3]);
  });

  test('a read asked for ahead that fails after the part stopped is not an unhandled rejection', async () => {
    const abort = new AbortController();
    const { pages } = source(10);
    const unhandled: unknown[] = [];
    const note = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      let served = 0;
      const failingLater: PageSource = async (after, limit) => {
        served += 1;
        if (served === 1) return pages(after, limit);
        abort.abort();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('connection lost');
      };
      await assert.rejects(buildPart({ appId: APP, startAfter: undefined, partSize: 9, pageSize: 3, pages: failingLater, signal: abort.signal }), { name: 'AbortError' });
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(served, 2);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  test('a failing page read fails the part', async () => {
    const failing: PageSource = async () => {
      throw new Error('database is gone');
    };
    await assert.rejects(buildPart({ appId: APP, startAfter: undefined, partSize: 5, pageSize: 2, pages: failing, signal }), /database is gone/);
  });
});

describe('buildPart size bound', () => {
  test('a part ends at a page boundary once its text passes maxCharacters, and says more follow', async () => {
    const { pages } = source(50);
    const lineLength = endpointLineFormatter(APP)(endpoint(0)).length;
    const part = await buildPart({ appId: APP, startAfter: undefined, partSize: 1_000, pageSize: 10, maxCharacters: lineLength * 15, pages, signal: new AbortController().signal });
    assert.equal(part.count, 20, 'two pages: the first passes nothing, the second passes the bound');
    assert.equal(part.lastId, 'id-0019');
    assert.equal(part.more, true);
    const rest = await buildPart({ appId: APP, startAfter: part.lastId, partSize: 1_000, pageSize: 10, maxCharacters: lineLength * 1_000, pages, signal: new AbortController().signal });
    assert.equal(rest.count, 30);
    assert.equal(rest.more, false);
  });

  test('a bound reached on the last, short page ends the part without more', async () => {
    const { pages } = source(15);
    const part = await buildPart({ appId: APP, startAfter: undefined, partSize: 1_000, pageSize: 10, maxCharacters: 1, pages, signal: new AbortController().signal });
    assert.equal(part.count, 10);
    assert.equal(part.more, true);
    const last = await buildPart({ appId: APP, startAfter: part.lastId, partSize: 1_000, pageSize: 10, maxCharacters: 1, pages, signal: new AbortController().signal });
    assert.equal(last.count, 5);
    assert.equal(last.more, false);
  });
});
