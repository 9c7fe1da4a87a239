import type { MemberRef, Shape } from '../../spec/service-model.ts';
import { escapeXmlText } from './xml-text.ts';

/**
 * Writes a handler's output (model member names, Date, Buffer) as the XML elements of the query
 * protocol, in model member order:
 *   structure  <Member>…</Member> per member, named by the member's locationName or name
 *   list       <Name><member>…</member>…</Name>  (the list member's locationName replaces `member`;
 *              flattened: the items repeat as <Name>…</Name> with no wrapper)
 *   map        <Name><entry><key>k</key><value>v</value></entry>…</Name>  (flattened: no <entry>)
 *   scalars    text; booleans true/false; timestamps ISO 8601 UTC; blobs base64
 * An empty list is written as an empty element, as IAM does (`<Users/>`); both SDKs read it as [].
 * Members the model does not know, and null/undefined members, are left out, so a handler cannot
 * leak internal fields.
 */

export type ShapeLookup = (name: string) => Shape;

function element(name: string, content: string): string {
  return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
}

function isoTimestamp(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new TypeError(`Not a timestamp: ${String(value)}`);
  // IAM writes whole seconds as 2024-01-02T03:04:05Z; STS keeps milliseconds when there are any.
  return date.toISOString().replace('.000Z', 'Z');
}

function scalarText(shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'boolean':
      return String(value) === 'true' ? 'true' : 'false';
    case 'timestamp':
      if (shape.timestampFormat === 'unixTimestamp') return String(new Date(isoTimestamp(value)).getTime() / 1000);
      if (shape.timestampFormat === 'rfc822') return new Date(isoTimestamp(value)).toUTCString();
      return isoTimestamp(value);
    case 'blob':
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return escapeXmlText(String(value));
    default:
      // Numbers print as JavaScript does (NaN, Infinity and -Infinity are the SDKs' spellings too).
      return escapeXmlText(String(value));
  }
}

/** The content of one value (without its own element). */
export function writeXmlContent(lookup: ShapeLookup, shapeName: string, value: unknown): string {
  const shape = lookup(shapeName);
  switch (shape.type) {
    case 'structure':
      return writeMembers(lookup, shape, value as Record<string, unknown>);
    case 'list': {
      const item = shape.member!;
      const itemName = item.locationName ?? 'member';
      return (value as unknown[])
        .filter((v) => v !== undefined && v !== null)
        .map((v) => element(itemName, writeXmlContent(lookup, item.shape, v)))
        .join('');
    }
    case 'map':
      return mapEntries(lookup, shape, value as Record<string, unknown>)
        .map((entry) => element('entry', entry))
        .join('');
    default:
      return scalarText(shape, value);
  }
}

function mapEntries(lookup: ShapeLookup, shape: Shape, value: Record<string, unknown>): string[] {
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    out.push(element(keyName, escapeXmlText(k)) + element(valueName, writeXmlContent(lookup, shape.value!.shape, v)));
  }
  return out;
}

/** The members of a structure, each as its element(s). */
export function writeMembers(lookup: ShapeLookup, shape: Shape, value: Record<string, unknown>): string {
  let out = '';
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    out += writeMember(lookup, name, ref, member);
  }
  return out;
}

function writeMember(lookup: ShapeLookup, name: string, ref: MemberRef, value: unknown): string {
  const target = lookup(ref.shape);
  const elementName = ref.locationName ?? name;
  if (target.type === 'list' && (ref.flattened || target.flattened)) {
    // botocore names flattened items after the list member's locationName first (_member_key_name).
    const itemName = target.member!.locationName ?? elementName;
    return (value as unknown[])
      .filter((v) => v !== undefined && v !== null)
      .map((v) => element(itemName, writeXmlContent(lookup, target.member!.shape, v)))
      .join('');
  }
  if (target.type === 'map' && (ref.flattened || target.flattened)) {
    return mapEntries(lookup, target, value as Record<string, unknown>)
      .map((entry) => element(elementName, entry))
      .join('');
  }
  return element(elementName, writeXmlContent(lookup, ref.shape, value));
}
