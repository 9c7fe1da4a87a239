import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * The text of an S3 object as it streams: gunzipped when its key ends in .gz or its bytes start
 * with gzip's magic number (Pinpoint cannot import compressed files; Pinion can, and a tool that
 * gzips without renaming is common), then decoded as UTF-8, which Pinpoint requires of import
 * files. Any failure is an ObjectReadError whose reason says which of the three went wrong.
 */

export class ObjectReadError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'ObjectReadError';
  }
}

function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function* bytes(body: Readable, gzipByName: boolean): AsyncGenerator<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  const first = await chunks.next();
  if (first.done) return;
  const head = first.value;
  async function* all(): AsyncGenerator<Uint8Array> {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  if (!gzipByName && !isGzip(head)) {
    yield* all();
    return;
  }
  const gunzip = createGunzip();
  // Errors of the source (S3) and of gunzip both end the iteration of `gunzip` below.
  pipeline(Readable.from(all(), { objectMode: false }), gunzip, () => undefined);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    gunzip.destroy();
  }
}

function readError(error: unknown): ObjectReadError {
  if (error instanceof ObjectReadError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) return new ObjectReadError(`is not valid gzip data (${messageOf(error)})`, { cause: error });
  if (code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return new ObjectReadError('is not UTF-8 text (import files must be UTF-8)', { cause: error });
  return new ObjectReadError(`could not be read from S3: ${messageOf(error)}`, { cause: error });
}

/** The object's text, a chunk at a time; the body is destroyed when the caller stops early. */
export async function* objectText(body: Readable, gzipByName: boolean): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of bytes(body, gzipByName)) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch (error) {
        throw readError(error);
      }
      if (text !== '') yield text;
    }
    const tail = decoder.decode();
    if (tail !== '') yield tail;
  } catch (error) {
    throw readError(error);
  } finally {
    body.destroy();
  }
}
