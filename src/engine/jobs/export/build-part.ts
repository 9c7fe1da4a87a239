import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import type { StoredEndpoint } from '../../../domain/endpoints/stored-endpoint.ts';
import { toEndpointResponse } from '../../../domain/endpoints/endpoint-response.ts';
import type { EndpointDocument } from '../../../storage/segments-repository.ts';

/** One keyset page of the exported selection: at most `limit` endpoints with an id above `after`, in id order, as stored. */
export type PageSource = (after: string | undefined, limit: number) => Promise<readonly EndpointDocument[]>;

export interface PartRequest {
  readonly appId: string;
  /** The part holds endpoints with ids above this one (undefined: from the first). */
  readonly startAfter: string | undefined;
  /** At most this many endpoints. */
  readonly partSize: number;
  readonly pageSize: number;
  /** Uncompressed characters after which the part ends early (default MAX_PART_CHARACTERS). */
  readonly maxCharacters?: number;
  readonly pages: PageSource;
  readonly signal: AbortSignal;
}

export interface BuiltPart {
  /** The gzipped newline-delimited JSON, one EndpointResponse per line. */
  readonly body: Buffer;
  readonly count: number;
  /** The id of the part's last endpoint; undefined for an empty part. */
  readonly lastId: string | undefined;
  /** Whether an endpoint follows the part (seen by reading one row past it). */
  readonly more: boolean;
}

// Fastest deflate level: the output is written once and read once, and at this level zlib
// compresses a page in a fraction of the time the database takes to read it.
const GZIP_LEVEL = constants.Z_BEST_SPEED;
// Bigger output chunks than zlib's 16 KiB default: fewer Buffers to gather for a part of megabytes.
const GZIP_CHUNK_BYTES = 256 * 1024;

/**
 * Uncompressed characters after which a part ends even short of partSize: the compressed part is
 * held in memory until it is written, so a part of 100,000 large endpoints (up to 15 KB each)
 * must not get that big. Typical endpoints compress about tenfold, so a part stays near 20 MB.
 */
export const MAX_PART_CHARACTERS = 200 * 1024 * 1024;

/**
 * The formatter of a project's lines: each is exactly JSON.stringify(toEndpointResponse(appId, e))
 * plus a newline. toEndpointResponse adds ApplicationId as the last member; splicing that member
 * into the endpoint's own JSON gives the same text without copying every endpoint, in half the
 * time or less. An endpoint with an ApplicationId member of its own (none should
 * have one) takes the general path, where the spread replaces it in place.
 */
export function endpointLineFormatter(appId: string): (endpoint: StoredEndpoint) => string {
  const member = `"ApplicationId":${JSON.stringify(appId)}`;
  return (endpoint) => {
    if (Object.hasOwn(endpoint, 'ApplicationId')) return `${JSON.stringify(toEndpointResponse(appId, endpoint))}\n`;
    const json = JSON.stringify(endpoint);
    return json === '{}' ? `{${member}}\n` : `${json.slice(0, -1)},${member}}\n`;
  };
}

/**
 * The line of a stored endpoint, from its stored JSON text: the same text as
 * endpointLineFormatter gives for the parsed endpoint with its status columns laid over it. When
 * the stored text already carries the columns' EndpointStatus and OptOut (as it does unless
 * another endpoint took the address or a user's device was retired since it was written), the
 * text is used as it is, without parsing and serializing it again: the export's main cost.
 * (On PostgreSQL that text is jsonb's rendering: members in jsonb's order, a space after each
 * colon and comma; the same JSON.)
 * `"EndpointStatus":"…"` with a string value can only be the top-level member (a string's inner
 * quotes are escaped; attributes are lists; Demographic and Location have other names).
 */
export function documentLineFormatter(appId: string): (row: EndpointDocument) => string {
  const id = JSON.stringify(appId);
  const parsed = endpointLineFormatter(appId);
  // SQLite keeps the text JSON.stringify wrote; PostgreSQL renders jsonb as `{"a": "b", …}`.
  const styles = [
    { separator: ':', member: `,"ApplicationId":${id}}` },
    { separator: ': ', member: `, "ApplicationId": ${id}}` },
  ];
  return (row) => {
    const text = row.document;
    if (text.length > 2 && text.endsWith('}') && !text.includes('"ApplicationId"')) {
      const status = JSON.stringify(row.endpointStatus);
      const optOut = JSON.stringify(row.optOut);
      for (const { separator, member } of styles) {
        if (text.includes(`"EndpointStatus"${separator}${status}`) && text.includes(`"OptOut"${separator}${optOut}`)) return `${text.slice(0, -1)}${member}\n`;
      }
    }
    return parsed({ ...(JSON.parse(text) as StoredEndpoint), EndpointStatus: row.endpointStatus, OptOut: row.optOut });
  };
}

/**
 * Builds one part in memory, streaming pages from the database into gzip. The pages are read by
 * an async generator that pipeline() drains ahead of the compressor (up to 2 pages buffered), one
 * page read ahead of the one being formatted, so that the database reads, this thread formats and
 * zlib compresses (in its thread pool) at the same time. Each page becomes one string (one
 * write), never one await per endpoint.
 */
export async function buildPart(request: PartRequest): Promise<BuiltPart> {
  const { appId, partSize, pageSize, pages, signal } = request;
  const maxCharacters = request.maxCharacters ?? MAX_PART_CHARACTERS;
  let count = 0;
  let characters = 0;
  let lastId: string | undefined;
  let more = false;
  const line = documentLineFormatter(appId);
  // A read asked for ahead is not awaited if the part stops early (aborted, or the compressor
  // failed): its failure must not become an unhandled rejection. Awaiting it still throws.
  const readPage = (after: string | undefined, limit: number): Promise<readonly EndpointDocument[]> => {
    const page = pages(after, limit);
    page.catch(() => undefined);
    return page;
  };

  async function* lines(): AsyncGenerator<string> {
    // The page being read. The next one is asked for as soon as a page arrives, before that page
    // is formatted, so the database (PostgreSQL's process, SQLite's reader thread) reads it while
    // this thread formats and zlib compresses.
    let reading = readPage(request.startAfter, Math.min(pageSize, partSize + 1));
    for (;;) {
      signal.throwIfAborted();
      const remaining = partSize - count;
      // What `reading` asked for: one row past the part's end tells whether another part is
      // needed, without a query of its own.
      const limit = Math.min(pageSize, remaining + 1);
      const page = await reading;
      const take = Math.min(page.length, remaining);
      // A full page that the part takes whole: more may follow. What to read next is known now:
      // the next page, or (the part being full) one row to tell whether another part is needed.
      const continues = take > 0 && page.length === limit && page.length <= remaining;
      if (continues) {
        const left = remaining - take;
        reading = readPage(page[take - 1]!.id, left > 0 ? Math.min(pageSize, left + 1) : 1);
      }
      if (take > 0) {
        let text = '';
        for (let i = 0; i < take; i++) text += line(page[i]!);
        count += take;
        characters += text.length;
        lastId = page[take - 1]!.id;
        yield text;
      }
      if (page.length > remaining) more = true;
      if (!continues) return;
      // The part is full, or it is large enough in characters (it is built in memory before it is
      // written): it ends here, and the read under way tells whether another part follows.
      if (count >= partSize || characters >= maxCharacters) {
        signal.throwIfAborted();
        more = (await reading).length > 0;
        return;
      }
    }
  }

  const chunks: Buffer[] = [];
  await pipeline(
    // At most two pages wait for the compressor (a page is up to pageSize × 15 KB of text).
    Readable.from(lines(), { highWaterMark: 2 }),
    createGzip({ level: GZIP_LEVEL, chunkSize: GZIP_CHUNK_BYTES }),
    async (compressed: AsyncIterable<Buffer>) => {
      for await (const chunk of compressed) chunks.push(chunk);
    },
    { signal },
  );
  return { body: Buffer.concat(chunks), count, lastId, more };
}
