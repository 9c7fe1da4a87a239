import type { MemberRef, QueryOperationModel, QueryServiceKey, QueryServiceModel, Shape } from '../../spec/service-model.ts';
import { shapeOf } from '../../spec/service-model.ts';
import type { ApiError } from '../api-error.ts';
import { checkLength, readShape } from '../shape-reader.ts';
import type { ShapeLookup } from '../shape-reader.ts';
import { IssueList, joinPath, setOwn } from '../validation-issues.ts';
import { FormParams } from './form-params.ts';
import { invalidAction, queryValidationError } from './query-errors.ts';

/**
 * Binds the flat parameters of a query request to the operation's input shape, the way botocore
 * and the AWS SDKs serialize them:
 *   structure member   Prefix.Member            (the member's locationName if it has one)
 *   list               Prefix.member.N          (1-based; the list member's locationName replaces
 *                                                `member`; flattened lists: Prefix.N)
 *   empty list         Prefix=                  (both SDKs send this for [])
 *   map                Prefix.entry.N.key / .value   (flattened: Prefix.N.key)
 * Every model constraint is checked. Problems are reported as IAM reports them: the path uses
 * member names with a lowercase first letter and list positions before the word member
 * (`tags.1.member.key`), e.g.
 *   Value 'x!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+
 * Parameters the model does not name are ignored, as AWS ignores them.
 */

export type QueryReadResult =
  | { ok: true; operation: QueryOperationModel; input: Record<string, unknown> }
  | { ok: false; error: ApiError };

const ABSENT = Symbol('absent');
type Read = unknown; // a value, or ABSENT when nothing was sent for the member

interface Context {
  lookup: ShapeLookup;
  params: FormParams;
  issues: IssueList;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}


/**
 * The wire prefix of a structure member. A flattened list whose member has a locationName is
 * named after that (botocore: `_serialize_type_list` replaces the last segment), otherwise the
 * member's own locationName or its name.
 */
function memberKey(ctx: Context, prefix: string, name: string, ref: MemberRef): string {
  const target = ctx.lookup(ref.shape);
  if (target.type === 'list' && (ref.flattened || target.flattened) && target.member?.locationName) {
    return joinPath(prefix, target.member.locationName);
  }
  return joinPath(prefix, ref.locationName ?? name);
}

function readStructure(ctx: Context, shape: Shape, key: string, path: string): Read {
  // A structure is present when anything was sent under it (or, at the top level, always).
  if (key !== '' && !ctx.params.has(key)) return ABSENT;
  const out: Record<string, unknown> = {};
  const present = new Set<string>();
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const value = readValue(ctx, ref, memberKey(ctx, key, name, ref), joinPath(path, lowerFirst(name)));
    if (value === ABSENT) continue;
    present.add(name);
    if (value !== undefined) setOwn(out, name, value);
  }
  for (const name of shape.required ?? []) {
    // A member that was sent but failed its own checks has been reported already.
    if (!present.has(name)) ctx.issues.constraint(joinPath(path, lowerFirst(name)), undefined, 'Member must not be null');
  }
  return out;
}

function readList(ctx: Context, ref: MemberRef, shape: Shape, key: string, path: string): Read {
  const itemRef = shape.member!;
  const flattened = ref.flattened || shape.flattened;
  const itemName = itemRef.locationName ?? 'member';
  const itemsKey = flattened ? key : `${key}.${itemName}`;
  const indexes = ctx.params.indexes(itemsKey);
  if (indexes.length === 0) {
    // `Name=` (nothing else under Name) is how both SDKs send an empty list.
    return ctx.params.get(key) === '' ? checkedList(ctx, shape, [], path) : ABSENT;
  }
  const items: unknown[] = [];
  for (const index of indexes) {
    const itemPath = flattened ? `${path}.${index}` : `${path}.${index}.${lowerFirst(itemName)}`;
    const value = readValue(ctx, itemRef, `${itemsKey}.${index}`, itemPath);
    if (value !== ABSENT) items.push(value);
  }
  return checkedList(ctx, shape, items, path);
}

function checkedList(ctx: Context, shape: Shape, items: unknown[], path: string): unknown[] {
  checkLength(shape, items.length, path, items, ctx.issues);
  return items;
}

function readMap(ctx: Context, ref: MemberRef, shape: Shape, key: string, path: string): Read {
  const flattened = ref.flattened || shape.flattened;
  const entriesKey = flattened ? key : `${key}.entry`;
  const keyName = shape.key!.locationName ?? 'key';
  const valueName = shape.value!.locationName ?? 'value';
  const indexes = ctx.params.indexes(entriesKey);
  if (indexes.length === 0) return ctx.params.get(key) === '' ? {} : ABSENT;
  const out: Record<string, unknown> = {};
  for (const index of indexes) {
    const entryKey = `${entriesKey}.${index}`;
    const entryPath = `${path}.${flattened ? '' : 'entry.'}${index}`;
    const k = readValue(ctx, shape.key!, `${entryKey}.${keyName}`, `${entryPath}.${keyName}`);
    if (k === ABSENT) ctx.issues.constraint(`${entryPath}.${keyName}`, undefined, 'Member must not be null');
    const v = readValue(ctx, shape.value!, `${entryKey}.${valueName}`, `${entryPath}.${valueName}`);
    if (typeof k === 'string' && v !== ABSENT) setOwn(out, k, v);
  }
  checkLength(shape, Object.keys(out).length, path, out, ctx.issues);
  return out;
}

function readValue(ctx: Context, ref: MemberRef, key: string, path: string): Read {
  const shape = ctx.lookup(ref.shape);
  switch (shape.type) {
    case 'structure':
      return readStructure(ctx, shape, key, path);
    case 'list':
      return readList(ctx, ref, shape, key, path);
    case 'map':
      return readMap(ctx, ref, shape, key, path);
    default: {
      const raw = ctx.params.get(key);
      if (raw === undefined) return ABSENT;
      // Scalars arrive as text: numbers, booleans and timestamps are parsed from it by the shared reader.
      return readShape(ctx.lookup, ref.shape, raw, path, 'text', ctx.issues);
    }
  }
}

/** Reads the operation's input members from already-decoded parameters. */
export function readQueryInput(operation: QueryOperationModel, params: FormParams): { input: Record<string, unknown>; issues: IssueList } {
  const service = operation.service;
  const ctx: Context = { lookup: (name) => shapeOf(service, name), params, issues: new IssueList() };
  if (!operation.inputShape) return { input: {}, issues: ctx.issues };
  const input = readStructure(ctx, ctx.lookup(operation.inputShape), '', '') as Record<string, unknown>;
  return { input, issues: ctx.issues };
}

/**
 * Finds the operation named by `Action` in the API the request was signed for and reads its input.
 * `params` are decoded pairs (see parseFormBody); a GET's query string and a POST's body are read
 * the same way. Version is checked before Action, as STS does.
 */
export function readQueryRequest(
  models: ReadonlyMap<QueryServiceKey, QueryServiceModel>,
  service: QueryServiceKey,
  params: ReadonlyMap<string, string> | Iterable<readonly [string, string]>,
): QueryReadResult {
  const model = models.get(service);
  if (!model) throw new Error(`No query model loaded for ${service}`);
  const form = new FormParams(params);
  const action = form.get('Action') ?? '';
  const version = form.get('Version');
  const operation = version === model.apiVersion ? model.operations.get(action) : undefined;
  if (!operation) return { ok: false, error: invalidAction(action, version) };
  const { input, issues } = readQueryInput(operation, form);
  if (!issues.empty) return { ok: false, error: queryValidationError(issues) };
  return { ok: true, operation, input };
}
