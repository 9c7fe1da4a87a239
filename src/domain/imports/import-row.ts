import { createHash } from 'node:crypto';
import { endpointLimits } from '../endpoints/endpoint-limits.ts';
import { boundedProblems, endpointIdProblem, endpointPatchProblems } from '../endpoints/endpoint-patch.ts';
import type { EndpointPatch } from '../endpoints/endpoint-patch.ts';
import { characterCount, isStorableText } from '../storable-text.ts';

/**
 * One record of an import file, as the import job handles it. Pinpoint ("Importing segments"):
 * "If you're importing new endpoints, the Address and ChannelType attributes are required. If
 * you're updating existing endpoints, the Id attribute is required"; and a file whose rows hold
 * only User.UserId ("multiple user IDs … separated with a space") names users whose existing
 * endpoints join the imported segment.
 */
export type ImportRow =
  /** An endpoint to create or update (the API's merge semantics) with this id. */
  | { readonly kind: 'endpoint'; readonly line: number; readonly id: string; readonly patch: EndpointPatch }
  /** Users whose endpoints join the job's segment; nothing is written. */
  | { readonly kind: 'users'; readonly line: number; readonly userIds: readonly string[] }
  | { readonly kind: 'invalid'; readonly line: number; readonly problem: string };

/** Where a record comes from: what an endpoint without an Id gets its id from. */
export interface RowOrigin {
  readonly jobId: string;
  /** The S3 key of the object. */
  readonly key: string;
}

/** The channel types of the model's ChannelType enum (what the API accepts in EndpointRequest). */
export const CHANNEL_TYPES: ReadonlySet<string> = new Set(['PUSH', 'GCM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'ADM', 'SMS', 'VOICE', 'EMAIL', 'BAIDU', 'CUSTOM', 'IN_APP']);

/** The hashed part of the ids, made once per object (a reader keeps one origin). */
const idPrefixes = new WeakMap<RowOrigin, string>();

/**
 * The id of a new endpoint a row without Id defines: 32 hex characters, like Pinpoint's own ids.
 * Derived, not random, on purpose: a job that stops and resumes reads the object again from its
 * last checkpoint, and the rows it reads twice must update the endpoints they already created
 * instead of creating them a second time. The first 16 characters are hashed from the job and the
 * object, the last 16 are the line number, so the ids of one object ascend: new keys go to the
 * end of the endpoints' primary-key index instead of a random page of it (measured on SQLite at
 * 200,000 endpoints: 2.5 times the write rate of random ids).
 */
export function importedEndpointId(origin: RowOrigin, line: number): string {
  let prefix = idPrefixes.get(origin);
  if (prefix === undefined) {
    prefix = createHash('sha256').update(`${origin.jobId}\u0000${origin.key}`).digest('hex').slice(0, 16);
    idPrefixes.set(origin, prefix);
  }
  return `${prefix}${line.toString(16).padStart(16, '0')}`;
}


/**
 * A problem of the endpoint modules, made with an empty path (".Address: …", ": the endpoint
 * would be …"), as a row failure names it ("Address: …").
 */
export function withoutPath(problem: string): string {
  if (problem.startsWith('.')) return problem.slice(1);
  if (problem.startsWith(': ')) return problem.slice(2);
  return problem;
}

function invalid(line: number, problems: readonly string[]): ImportRow {
  return { kind: 'invalid', line, problem: boundedProblems(problems).join('; ') };
}

/** A row that gives nothing but User.UserId names users (Pinpoint's user-ID-only files). */
function onlyUserId(patch: EndpointPatch): string | undefined {
  const keys = Object.keys(patch);
  if (keys.length !== 1 || patch.User === undefined) return undefined;
  const userKeys = Object.keys(patch.User);
  return userKeys.length === 1 && patch.User.UserId !== undefined ? patch.User.UserId : undefined;
}

function usersRow(text: string, line: number): ImportRow {
  const userIds = text.split(/\s+/).filter((userId) => userId !== '');
  if (userIds.length === 0) return invalid(line, ['User.UserId: names no user']);
  for (const userId of userIds) {
    // The ids are not quoted: a user id is personal data, and failures are answered and logged.
    if (characterCount(userId) > endpointLimits.userIdLength) return invalid(line, [`User.UserId: a user id can be at most ${endpointLimits.userIdLength} characters`]);
    if (!isStorableText(userId)) return invalid(line, ['User.UserId: must not contain NUL characters or unpaired surrogates']);
  }
  return { kind: 'users', line, userIds };
}

/**
 * The row a parsed record makes: `problems` are those its format found (unknown columns, values
 * that are not numbers…); then the checks UpdateEndpoint makes of a request on its own. The checks
 * that need the stored endpoint (the address for its channel, the size, the per-user limit) are
 * made when the row is written, by the same code the API uses.
 */
export function finishRow(id: string | undefined, patch: EndpointPatch, origin: RowOrigin, line: number, problems: string[]): ImportRow {
  if (id === undefined && problems.length === 0) {
    const userIds = onlyUserId(patch);
    if (userIds !== undefined) return usersRow(userIds, line);
  }
  if (patch.ChannelType !== undefined && !CHANNEL_TYPES.has(patch.ChannelType)) {
    problems.push(`ChannelType: must be one of ${[...CHANNEL_TYPES].join(', ')}`);
  }
  for (const problem of endpointPatchProblems(patch, '')) problems.push(withoutPath(problem));
  if (id !== undefined) {
    const idProblem = endpointIdProblem(id);
    if (idProblem) problems.push(`Id: ${idProblem}`);
  } else {
    const missing = (['ChannelType', 'Address'] as const).filter((name) => patch[name] === undefined);
    if (missing.length > 0) problems.push(`a row without Id defines a new endpoint, which needs ChannelType and Address (missing: ${missing.join(', ')})`);
  }
  if (problems.length > 0) return invalid(line, problems);
  return { kind: 'endpoint', line, id: id ?? importedEndpointId(origin, line), patch };
}

/** A failure of one row, as the job's Failures list shows it. */
export function rowFailure(location: string, line: number, problem: string): string {
  return `${location} line ${line}: ${problem}`;
}
