import { quoted } from '../endpoints/endpoint-patch.ts';
import type { EndpointPatch } from '../endpoints/endpoint-patch.ts';
import type { EndpointDemographic, EndpointLocation } from '../endpoints/stored-endpoint.ts';
import { finishRow } from './import-row.ts';
import type { ImportRow, RowOrigin } from './import-row.ts';

/**
 * JSON import files as Pinpoint documents them: newline-delimited, "each line is a complete JSON
 * object that contains an individual endpoint definition", in the EndpointRequest shape plus Id
 * (`{"ChannelType":"SMS","Address":"+12065550100","Attributes":{"Ride":["Bus"]}}`). Members are
 * checked as the API's model checks an EndpointRequest: a member of the wrong type or one the
 * shape does not have fails the row, naming it. A member that is null is absent.
 *
 * ApplicationId, CohortId and CreationDate (members of EndpointResponse, what an export job writes)
 * are accepted and ignored, so that the files of an export can be imported into another project:
 * Pinion sets those three itself.
 */

type Json = Record<string, unknown>;

const textMembers: ReadonlySet<string> = new Set(['ChannelType', 'Address', 'EffectiveDate', 'EndpointStatus', 'OptOut', 'RequestId']);
const exportOnlyMembers = new Set(['ApplicationId', 'CohortId', 'CreationDate']);
const demographicMembers: ReadonlySet<string> = new Set<keyof EndpointDemographic>(['AppVersion', 'Locale', 'Make', 'Model', 'ModelVersion', 'Platform', 'PlatformVersion', 'Timezone']);
const locationText: ReadonlySet<string> = new Set<keyof EndpointLocation>(['City', 'Country', 'PostalCode', 'Region']);
const locationNumbers: ReadonlySet<string> = new Set<keyof EndpointLocation>(['Latitude', 'Longitude']);
const none: ReadonlySet<string> = new Set();

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownMember(path: string, name: string, known: string): string {
  return `${path}${quoted(name)}: is not a member of ${known}`;
}

/**
 * A map of string lists (Attributes, User.UserAttributes), used as parsed when it is one; else
 * undefined, so that the patch the later checks see is always well typed.
 */
function stringLists(value: unknown, path: string, problems: string[]): Record<string, string[]> | undefined {
  if (!isObject(value)) {
    problems.push(`${path}: must be an object of string lists`);
    return undefined;
  }
  const before = problems.length;
  for (const [name, list] of Object.entries(value)) {
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) problems.push(`${path}.${quoted(name)}: must be a list of strings`);
  }
  return problems.length === before ? (value as Record<string, string[]>) : undefined;
}

function numbers(value: unknown, path: string, problems: string[]): Record<string, number> | undefined {
  if (!isObject(value)) {
    problems.push(`${path}: must be an object of numbers`);
    return undefined;
  }
  const before = problems.length;
  for (const [name, number] of Object.entries(value)) {
    if (typeof number !== 'number') problems.push(`${path}.${quoted(name)}: must be a number`);
  }
  return problems.length === before ? (value as Record<string, number>) : undefined;
}

/** A structure whose members are strings, or numbers for the names in `numeric`. */
function structure(value: unknown, path: string, text: ReadonlySet<string>, numeric: ReadonlySet<string>, problems: string[]): Json | undefined {
  if (!isObject(value)) {
    problems.push(`${path}: must be an object`);
    return undefined;
  }
  const out: Json = {};
  for (const [name, member] of Object.entries(value)) {
    if (member === null) continue;
    if (text.has(name)) {
      if (typeof member === 'string') out[name] = member;
      else problems.push(`${path}.${name}: must be a string`);
    } else if (numeric.has(name)) {
      if (typeof member === 'number') out[name] = member;
      else problems.push(`${path}.${name}: must be a number`);
    } else {
      problems.push(unknownMember(`${path}.`, name, path));
    }
  }
  return out;
}

function user(value: unknown, problems: string[]): EndpointPatch['User'] {
  if (!isObject(value)) {
    problems.push('User: must be an object');
    return undefined;
  }
  const out: NonNullable<EndpointPatch['User']> = {};
  for (const [name, member] of Object.entries(value)) {
    if (member === null) continue;
    if (name === 'UserId') {
      if (typeof member === 'string') out.UserId = member;
      else problems.push('User.UserId: must be a string');
    } else if (name === 'UserAttributes') {
      const lists = stringLists(member, 'User.UserAttributes', problems);
      if (lists) out.UserAttributes = lists;
    } else {
      problems.push(unknownMember('User.', name, 'User'));
    }
  }
  return out;
}

function syntaxProblem(error: unknown): string {
  // V8's message quotes the line itself (personal data): only its position is kept.
  const position = error instanceof Error ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? 'is not valid JSON' : `is not valid JSON (error at character ${Number(position) + 1})`;
}

/** The row of one line of a JSON import file. */
export function jsonLineRow(text: string, origin: RowOrigin, line: number): ImportRow {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', line, problem: syntaxProblem(error) };
  }
  if (!isObject(parsed)) return { kind: 'invalid', line, problem: 'is not a JSON object (each line is one endpoint: {"Id": …, "ChannelType": …, "Address": …})' };
  const problems: string[] = [];
  const patch: EndpointPatch = {};
  let id: string | undefined;
  for (const [name, member] of Object.entries(parsed)) {
    if (member === null) continue;
    if (textMembers.has(name)) {
      if (typeof member === 'string') patch[name as 'Address'] = member;
      else problems.push(`${name}: must be a string`);
      continue;
    }
    switch (name) {
      case 'Id':
        if (typeof member === 'string') id = member;
        else problems.push('Id: must be a string');
        break;
      case 'Attributes': {
        const lists = stringLists(member, 'Attributes', problems);
        if (lists) patch.Attributes = lists;
        break;
      }
      case 'Metrics': {
        const metrics = numbers(member, 'Metrics', problems);
        if (metrics) patch.Metrics = metrics;
        break;
      }
      case 'Demographic': {
        const demographic = structure(member, 'Demographic', demographicMembers, none, problems);
        if (demographic) patch.Demographic = demographic as EndpointDemographic;
        break;
      }
      case 'Location': {
        const location = structure(member, 'Location', locationText, locationNumbers, problems);
        if (location) patch.Location = location as EndpointLocation;
        break;
      }
      case 'User': {
        const found = user(member, problems);
        if (found) patch.User = found;
        break;
      }
      default:
        if (!exportOnlyMembers.has(name)) problems.push(unknownMember('', name, 'EndpointRequest (with Id)'));
    }
  }
  return finishRow(id, patch, origin, line, problems);
}
