import type { Shape } from '../spec/service-model.ts';
import { setOwn } from './validation-issues.ts';

/**
 * Writes a handler's output (model member names, Date, Buffer) in the JSON wire form of the
 * model: wire names (locationName), timestamps in the shape's format, blobs in base64. Members
 * the model does not know are dropped, so a handler cannot leak internal fields.
 */

export type ShapeLookup = (name: string) => Shape;

function writeTimestamp(shape: Shape, value: unknown): unknown {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) return value;
  if (shape.timestampFormat === 'iso8601') return date.toISOString();
  if (shape.timestampFormat === 'rfc822') return date.toUTCString();
  return date.getTime() / 1000;
}

export function writeShape(lookup: ShapeLookup, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = lookup(shapeName);
  switch (shape.type) {
    case 'structure': {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (ref.location) continue;
        const written = writeShape(lookup, ref.shape, source[name]);
        if (written !== undefined) out[ref.locationName ?? name] = written;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => writeShape(lookup, shape.member!.shape, item) ?? null);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const written = writeShape(lookup, shape.value!.shape, v);
        if (written !== undefined) setOwn(out, k, written);
      }
      return out;
    }
    case 'timestamp':
      return writeTimestamp(shape, value);
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('base64') : value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    default:
      return value;
  }
}

/** Text form of a scalar for headers. */
export function writeHeaderValue(shape: Shape, value: unknown): string {
  if (shape.type === 'timestamp') {
    const date = value instanceof Date ? value : new Date(String(value));
    return shape.timestampFormat === 'iso8601' ? date.toISOString() : date.toUTCString();
  }
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}
