import type { MemberRef, Shape } from '../spec/service-model.ts';
import type { IssueList } from './validation-issues.ts';
import { joinPath, setOwn } from './validation-issues.ts';

/**
 * Reads a value that arrived on the wire into the typed form handlers see (the member names of the
 * model, numbers, booleans, Date for timestamps, Buffer for blobs), checking every constraint the
 * model states: types, required members, enums, length and value ranges, patterns. Problems are
 * collected in `issues`; the caller decides which modelled error to raise.
 */

export type ShapeLookup = (name: string) => Shape;

/** Where the text came from decides how scalars are spelled (JSON numbers vs strings in a URI). */
export type WireSource = 'json' | 'text';

const patternCache = new Map<string, RegExp | null>();

function compiledPattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      // AWS validates the whole value against the pattern.
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      try {
        re = new RegExp(`^(?:${pattern})$`);
      } catch {
        re = null; // a pattern JavaScript cannot express is not enforced rather than rejecting everything
      }
    }
    patternCache.set(pattern, re);
  }
  return re;
}

/** A length (of a string, list or map) against the shape's min/max, in AWS's wording. */
export function checkLength(shape: Shape, length: number, path: string, value: unknown, issues: IssueList): void {
  if (shape.min !== undefined && length < shape.min) {
    issues.constraint(path, value, `Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && length > shape.max) {
    issues.constraint(path, value, `Member must have length less than or equal to ${shape.max}`);
  }
}

function checkRange(shape: Shape, n: number, path: string, issues: IssueList): void {
  if (shape.min !== undefined && n < shape.min) {
    issues.constraint(path, n, `Member must have value greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && n > shape.max) {
    issues.constraint(path, n, `Member must have value less than or equal to ${shape.max}`);
  }
}

const httpDate = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function readTimestamp(shape: Shape, raw: unknown, source: WireSource, path: string, issues: IssueList): Date | undefined {
  let date: Date | undefined;
  if (typeof raw === 'number') {
    date = new Date(raw * 1000);
  } else if (typeof raw === 'string') {
    if (source === 'text' && shape.timestampFormat === 'unixTimestamp' && /^-?\d+(\.\d+)?$/.test(raw)) {
      date = new Date(Number(raw) * 1000);
    } else if (
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw) ||
      shape.timestampFormat === 'rfc822' ||
      // Headers default to HTTP-date (IMF-fixdate) when the shape names no format.
      (source === 'text' && httpDate.test(raw))
    ) {
      date = new Date(raw);
    }
  }
  if (!date || Number.isNaN(date.getTime())) {
    issues.constraint(path, raw, 'Member must be a timestamp');
    return undefined;
  }
  return date;
}

/**
 * A structure's members as read from the wire, computed once per members object: building them
 * (Object.entries, the wire name, the member's shape looked up by name) for every item of a
 * 100-item batch was most of the cost of validating it. The member's shape is resolved on first
 * use, so a model that names a shape it lacks fails only when such a member is actually sent.
 */
interface MemberPlan {
  readonly name: string;
  readonly wireName: string;
  readonly shapeName: string;
  shape: Shape | undefined;
}

const memberPlans = new WeakMap<Record<string, MemberRef>, MemberPlan[]>();

function membersPlan(members: Record<string, MemberRef>): MemberPlan[] {
  let plan = memberPlans.get(members);
  if (!plan) {
    plan = Object.entries(members).map(([name, ref]) => ({ name, wireName: ref.locationName ?? name, shapeName: ref.shape, shape: undefined }));
    memberPlans.set(members, plan);
  }
  return plan;
}

/** The shape a list's members, a map's keys or a map's values have, resolved once per container shape. */
interface ContainerPlan {
  member?: Shape;
  key?: Shape;
  value?: Shape;
}

const containerPlans = new WeakMap<Shape, ContainerPlan>();

function containerPlan(shape: Shape): ContainerPlan {
  let plan = containerPlans.get(shape);
  if (!plan) {
    plan = {};
    containerPlans.set(shape, plan);
  }
  return plan;
}

/** Code points, as `[...text].length` counts them (a lone surrogate counts as one), without building the array. */
function codePointLength(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}

/**
 * A string's length in code points against min/max. The UTF-16 length bounds the code point count
 * (between half of it and all of it), so the count is only taken when those bounds cannot decide.
 */
function checkStringLength(shape: Shape, text: string, path: string, issues: IssueList): void {
  const { min, max } = shape;
  if (min === undefined && max === undefined) return;
  const undecided = (max !== undefined && text.length > max) || (min !== undefined && text.length / 2 < min);
  if (undecided) checkLength(shape, codePointLength(text), path, text, issues);
}

/** A map key's shape is checked only when it states something to check: a JSON key is always a string. */
function keyNeedsChecking(shape: Shape): boolean {
  return shape.type !== 'string' || shape.enum !== undefined || shape.min !== undefined || shape.max !== undefined || shape.pattern !== undefined;
}

export function readShape(
  lookup: ShapeLookup,
  shapeName: string,
  raw: unknown,
  path: string,
  source: WireSource,
  issues: IssueList,
): unknown {
  return readValue(lookup, lookup(shapeName), raw, path, source, issues);
}

function readValue(lookup: ShapeLookup, shape: Shape, raw: unknown, path: string, source: WireSource, issues: IssueList): unknown {
  switch (shape.type) {
    case 'structure':
      return readStructure(lookup, shape, raw, path, issues);
    case 'list': {
      if (!Array.isArray(raw)) return issues.constraint(path, raw, 'Member must be a list');
      checkLength(shape, raw.length, path, raw, issues);
      const plan = containerPlan(shape);
      const memberShape = (plan.member ??= lookup(shape.member!.shape));
      // None of the models' lists is sparse: a null member is bad input, not a value to pass on.
      const out: unknown[] = new Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const item: unknown = raw[i];
        out[i] = item === null ? issues.constraint(`${path}[${i}]`, item, 'Member must not be null') : readValue(lookup, memberShape, item, `${path}[${i}]`, source, issues);
      }
      return out;
    }
    case 'map': {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return issues.constraint(path, raw, 'Member must be a map');
      }
      const keys = Object.keys(raw);
      checkLength(shape, keys.length, path, raw, issues);
      const plan = containerPlan(shape);
      const keyShape = (plan.key ??= lookup(shape.key!.shape));
      const valueShape = (plan.value ??= lookup(shape.value!.shape));
      const checkKeys = keyNeedsChecking(keyShape);
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (checkKeys) readValue(lookup, keyShape, k, `${path}.${k}(key)`, 'json', issues);
        const v = (raw as Record<string, unknown>)[k];
        if (v !== null) setOwn(out, k, readValue(lookup, valueShape, v, joinPath(path, k), source, issues));
      }
      return out;
    }
    case 'string': {
      if (typeof raw !== 'string') return issues.constraint(path, raw, 'Member must be a string');
      if (shape.enum && !shape.enum.includes(raw)) {
        issues.constraint(path, raw, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      }
      checkStringLength(shape, raw, path, issues);
      if (shape.pattern) {
        const re = compiledPattern(shape.pattern);
        if (re && !re.test(raw)) issues.constraint(path, raw, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return raw;
    }
    case 'integer':
    case 'long': {
      const n = source === 'text' && typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) return issues.constraint(path, raw, 'Member must be an integer');
      if (shape.type === 'integer' && (n > 2147483647 || n < -2147483648)) {
        return issues.constraint(path, raw, 'Member must be a 32-bit integer');
      }
      checkRange(shape, n, path, issues);
      return n;
    }
    case 'double':
    case 'float': {
      const n = source === 'text' && typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || Number.isNaN(n)) return issues.constraint(path, raw, 'Member must be a number');
      checkRange(shape, n, path, issues);
      return n;
    }
    case 'boolean': {
      const b = source === 'text' && (raw === 'true' || raw === 'false') ? raw === 'true' : raw;
      if (typeof b !== 'boolean') return issues.constraint(path, raw, 'Member must be a boolean');
      return b;
    }
    case 'timestamp':
      return readTimestamp(shape, raw, source, path, issues);
    case 'blob': {
      if (Buffer.isBuffer(raw)) {
        checkLength(shape, raw.length, path, '(binary)', issues);
        return raw;
      }
      if (typeof raw !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) {
        return issues.constraint(path, '(binary)', 'Member must be base64-encoded binary');
      }
      const bytes = Buffer.from(raw, 'base64');
      checkLength(shape, bytes.length, path, '(binary)', issues);
      return bytes;
    }
  }
}

/** Reads a JSON object into a structure; members are found by their wire name (locationName). */
export function readStructure(
  lookup: ShapeLookup,
  shape: Shape,
  raw: unknown,
  path: string,
  issues: IssueList,
  members: Record<string, MemberRef> = shape.members ?? {},
): Record<string, unknown> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.constraint(path === '' ? 'body' : path, raw, 'Member must be a structure (JSON object)');
    return undefined;
  }
  const source = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const member of membersPlan(members)) {
    const value = source[member.wireName];
    if (value === undefined || value === null) continue;
    const memberShape = (member.shape ??= lookup(member.shapeName));
    out[member.name] = readValue(lookup, memberShape, value, joinPath(path, member.name), 'json', issues);
  }
  checkRequired(shape, out, path, issues, members);
  return out;
}

/**
 * Required members that are absent. Only members in `considered` are checked (location split).
 * A member that was sent but failed its own checks is present (its key is set, to undefined) and
 * has already been reported, so it is not reported again as null.
 */
export function checkRequired(
  shape: Shape,
  value: Record<string, unknown>,
  path: string,
  issues: IssueList,
  considered: Record<string, MemberRef> = shape.members ?? {},
): void {
  for (const name of shape.required ?? []) {
    if (name in considered && !(name in value)) {
      issues.constraint(joinPath(path, name), undefined, 'Member must not be null');
    }
  }
}
