import { characterCount, isStorableText } from '../storable-text.ts';
import { endpointLimits } from './endpoint-limits.ts';
import type { EndpointDemographic, EndpointLocation } from './stored-endpoint.ts';

/**
 * What a client sends about one endpoint: EndpointRequest, EndpointBatchItem less its Id, or
 * PutEvents' PublicEndpoint. The model layer has already checked member types and enums.
 */
export interface EndpointPatch {
  ChannelType?: string;
  Address?: string;
  Attributes?: Record<string, string[]>;
  Metrics?: Record<string, number>;
  Demographic?: EndpointDemographic;
  Location?: EndpointLocation;
  User?: { UserId?: string; UserAttributes?: Record<string, string[]> };
  OptOut?: string;
  EndpointStatus?: string;
  EffectiveDate?: string;
  RequestId?: string;
}

const optOutValues = ['ALL', 'NONE'];
const statusValues = ['ACTIVE', 'INACTIVE'];
const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO-8601 date or date-time that names a real instant. */
export function isIsoDateTime(text: string): boolean {
  return isoDateTime.test(text) && Number.isFinite(Date.parse(text));
}

/** Messages quote names (the client's own data) only this far, so an error stays small. */
const MAX_QUOTED = 64;
/** Problems reported per request part; past this the message says how many more there were. */
export const MAX_PROBLEMS = 20;

/** A name as messages quote it: cut at MAX_QUOTED characters. */
export function quoted(name: string): string {
  return name.length <= MAX_QUOTED ? name : `${name.slice(0, MAX_QUOTED)}…`;
}

/** The first MAX_PROBLEMS problems, then a count of the rest: bounded whatever the input's size. */
export function boundedProblems(problems: readonly string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems];
  return [...problems.slice(0, MAX_PROBLEMS), `(and ${problems.length - MAX_PROBLEMS} more problems)`];
}

function attributeMapProblems(map: Record<string, string[]> | undefined, path: string, problems: string[]): void {
  if (map === undefined) return;
  const { attributeNameLength, attributeValueLength, valuesPerAttribute } = endpointLimits;
  for (const [name, values] of Object.entries(map)) {
    if (problems.length > MAX_PROBLEMS) return;
    const at = `${path}.${quoted(name)}`;
    if (name.trim() === '') problems.push(`${path}: attribute names must not be empty`);
    else if (characterCount(name) > attributeNameLength) problems.push(`${at}: attribute names can be at most ${attributeNameLength} characters`);
    if (!isStorableText(name)) problems.push(`${path}: attribute name must not contain NUL characters or unpaired surrogates`);
    if (values.length > valuesPerAttribute) {
      problems.push(`${at}: an attribute can have at most ${valuesPerAttribute} values, got ${values.length}`);
      continue;
    }
    values.forEach((value, index) => {
      if (characterCount(value) > attributeValueLength) problems.push(`${at}[${index}]: attribute values can be at most ${attributeValueLength} characters`);
      if (!isStorableText(value)) problems.push(`${at}[${index}]: must not contain NUL characters or unpaired surrogates`);
    });
  }
}

function textProblems(fields: Record<string, unknown> | undefined, path: string, problems: string[]): void {
  for (const [name, value] of Object.entries(fields ?? {})) {
    if (typeof value === 'string' && !isStorableText(value)) problems.push(`${path}.${name}: must not contain NUL characters or unpaired surrogates`);
  }
}

/** Everything wrong with the patch on its own (the address is checked after the merge), as "path: problem". */
export function endpointPatchProblems(patch: EndpointPatch, path: string): string[] {
  const problems: string[] = [];
  if (patch.OptOut !== undefined && !optOutValues.includes(patch.OptOut)) {
    problems.push(`${path}.OptOut: must be ALL or NONE, got '${quoted(patch.OptOut)}'`);
  }
  if (patch.EndpointStatus !== undefined && !statusValues.includes(patch.EndpointStatus)) {
    problems.push(`${path}.EndpointStatus: must be ACTIVE or INACTIVE, got '${quoted(patch.EndpointStatus)}'`);
  }
  if (patch.EffectiveDate !== undefined && !isIsoDateTime(patch.EffectiveDate)) {
    problems.push(`${path}.EffectiveDate: '${quoted(patch.EffectiveDate)}' is not an ISO-8601 date-time`);
  }
  attributeMapProblems(patch.Attributes, `${path}.Attributes`, problems);
  attributeMapProblems(patch.User?.UserAttributes, `${path}.User.UserAttributes`, problems);
  for (const [name, value] of Object.entries(patch.Metrics ?? {})) {
    if (problems.length > MAX_PROBLEMS) break;
    if (name.trim() === '') problems.push(`${path}.Metrics: metric names must not be empty`);
    else if (characterCount(name) > endpointLimits.attributeNameLength) problems.push(`${path}.Metrics.${quoted(name)}: metric names can be at most ${endpointLimits.attributeNameLength} characters`);
    if (!isStorableText(name)) problems.push(`${path}.Metrics: metric name must not contain NUL characters or unpaired surrogates`);
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${path}.Metrics.${quoted(name)}: must be a number`);
  }
  const userId = patch.User?.UserId;
  if (userId !== undefined) {
    if (characterCount(userId) > endpointLimits.userIdLength) problems.push(`${path}.User.UserId: can be at most ${endpointLimits.userIdLength} characters`);
    if (!isStorableText(userId)) problems.push(`${path}.User.UserId: must not contain NUL characters or unpaired surrogates`);
  }
  const location = patch.Location;
  if (location?.Latitude !== undefined && (location.Latitude < -90 || location.Latitude > 90)) problems.push(`${path}.Location.Latitude: must be from -90 to 90`);
  if (location?.Longitude !== undefined && (location.Longitude < -180 || location.Longitude > 180)) problems.push(`${path}.Location.Longitude: must be from -180 to 180`);
  textProblems(patch.Demographic as Record<string, unknown> | undefined, `${path}.Demographic`, problems);
  textProblems(patch.Location as Record<string, unknown> | undefined, `${path}.Location`, problems);
  textProblems({ Address: patch.Address, RequestId: patch.RequestId }, path, problems);
  return boundedProblems(problems);
}

/** What is wrong with an endpoint id (from the path, a batch item or a PutEvents key). */
export function endpointIdProblem(id: string): string | undefined {
  if (id.trim() === '') return 'must not be empty';
  if (characterCount(id) > endpointLimits.idLength) return `can be at most ${endpointLimits.idLength} characters`;
  if (!isStorableText(id)) return 'must not contain NUL characters or unpaired surrogates';
  return undefined;
}
