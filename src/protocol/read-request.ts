import type { MemberRef, OperationModel, Shape } from '../spec/service-model.ts';
import { shapeOf } from '../spec/service-model.ts';
import type { ApiError } from './api-error.ts';
import type { QueryParams } from './query-string.ts';
import { invalidInput, unparseableInput } from './request-errors.ts';
import { checkRequired, readShape, readStructure } from './shape-reader.ts';
import type { ShapeLookup } from './shape-reader.ts';
import { IssueList, setOwn } from './validation-issues.ts';

/**
 * Binds a request to the operation's input shape: every member location of the model (uri
 * labels, querystring, header, headers-prefix maps, a whole-payload member, or body members) is
 * read and validated. The result uses the model's member names, like an SDK's input object.
 */

export interface WireRequest {
  labels: Readonly<Record<string, string>>;
  query: QueryParams;
  /** Lowercase header names; repeated headers already joined with ','. */
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}

export type ReadResult = { ok: true; input: Record<string, unknown> } | { ok: false; error: ApiError };

/** `empty`: the body is absent or only whitespace (an SDK sends nothing for an empty payload). */
function parseJsonBody(operation: OperationModel, body: Buffer): { ok: true; value: unknown; empty: boolean } | { ok: false; error: ApiError } {
  const text = body.toString('utf8').trim();
  if (text === '') return { ok: true, value: {}, empty: true };
  try {
    return { ok: true, value: JSON.parse(text) as unknown, empty: false };
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: unparseableInput(operation.service, `Request body is not valid JSON: ${detail}`, cause) };
  }
}

function readLocated(
  lookup: ShapeLookup,
  name: string,
  ref: MemberRef,
  request: WireRequest,
  issues: IssueList,
): unknown {
  const wireName = ref.locationName ?? name;
  const target = lookup(ref.shape);
  switch (ref.location) {
    case 'uri': {
      const value = request.labels[wireName];
      return value === undefined ? undefined : readShape(lookup, ref.shape, value, name, 'text', issues);
    }
    case 'querystring': {
      if (target.type === 'map') {
        // A map bound to the query string takes every parameter (as servers do in the Smithy protocol tests).
        const out: Record<string, unknown> = {};
        for (const [k, values] of request.query) {
          setOwn(out, k, target.value && lookup(target.value.shape).type === 'list' ? values : values[0]);
        }
        return readShape(lookup, ref.shape, out, name, 'text', issues);
      }
      const values = request.query.get(wireName);
      if (values === undefined) return undefined;
      return readShape(lookup, ref.shape, target.type === 'list' ? values : values[values.length - 1], name, 'text', issues);
    }
    case 'header': {
      const value = request.headers[wireName.toLowerCase()];
      if (value === undefined) return undefined;
      const parsed = target.type === 'list' ? value.split(',').map((v) => v.trim()) : value;
      return readShape(lookup, ref.shape, parsed, name, 'text', issues);
    }
    case 'headers': {
      const prefix = wireName.toLowerCase();
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) {
        if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
      }
      return Object.keys(out).length === 0 ? undefined : readShape(lookup, ref.shape, out, name, 'text', issues);
    }
    default:
      return undefined;
  }
}

export function readRestJsonRequest(operation: OperationModel, request: WireRequest): ReadResult {
  const service = operation.service;
  const lookup: ShapeLookup = (n) => shapeOf(service, n);
  if (!operation.inputShape) return { ok: true, input: {} };
  const shape = lookup(operation.inputShape);
  const issues = new IssueList();
  const input: Record<string, unknown> = {};
  const bodyMembers: Record<string, MemberRef> = {};

  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.location) {
      const reported = issues.issues.length;
      const value = readLocated(lookup, name, ref, request, issues);
      // A value that was sent but is invalid keeps its key, so it is not also reported as missing.
      if (value !== undefined || issues.issues.length > reported) input[name] = value;
    } else if (name !== shape.payload) {
      bodyMembers[name] = ref;
    }
  }

  if (shape.payload) {
    const ref = shape.members![shape.payload]!;
    const payloadShape: Shape = lookup(ref.shape);
    if (payloadShape.type === 'blob' || payloadShape.type === 'string') {
      // Raw payloads are checked against the shape's constraints (length, enum, pattern) too.
      const raw = payloadShape.type === 'blob' ? request.body : request.body.toString('utf8');
      if (request.body.length > 0) input[shape.payload] = readShape(lookup, ref.shape, raw, shape.payload, 'text', issues);
    } else {
      const parsed = parseJsonBody(operation, request.body);
      if (!parsed.ok) return parsed;
      // An absent body and `{}` are the same to an SDK; a required payload is checked below.
      if (!parsed.empty) input[shape.payload] = readShape(lookup, ref.shape, parsed.value, shape.payload, 'json', issues);
    }
  } else if (Object.keys(bodyMembers).length > 0) {
    const parsed = parseJsonBody(operation, request.body);
    if (!parsed.ok) return parsed;
    Object.assign(input, readStructure(lookup, shape, parsed.value, '', issues, bodyMembers));
  }

  checkRequired(shape, input, '', issues, Object.fromEntries(Object.entries(shape.members ?? {}).filter(([n]) => !(n in bodyMembers))));
  if (!issues.empty) return { ok: false, error: invalidInput(service, issues) };
  return { ok: true, input };
}

/** awsJson1_0: the body is the input structure itself, members by name. */
export function readAwsJsonRequest(operation: OperationModel, body: Buffer): ReadResult {
  const service = operation.service;
  const lookup: ShapeLookup = (n) => shapeOf(service, n);
  if (!operation.inputShape) return { ok: true, input: {} };
  const parsed = parseJsonBody(operation, body);
  if (!parsed.ok) return parsed;
  const issues = new IssueList();
  const input = readStructure(lookup, lookup(operation.inputShape), parsed.value, '', issues) ?? {};
  if (!issues.empty) return { ok: false, error: invalidInput(service, issues) };
  return { ok: true, input };
}
