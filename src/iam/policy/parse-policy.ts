/**
 * Parses and validates a policy document the way IAM does at write time, and compiles it for the
 * evaluator. A failure carries the MalformedPolicyDocument message: AWS's own wording where it is
 * known ("Syntax errors in policy.", "Missing required field Effect", "Policy statement must
 * contain actions.", "Resource x must be in ARN format or \"*\".", "Has prohibited field
 * Resource", "Statement IDs (SID) in a single policy must be unique.", "Invalid principal in
 * policy: ..."), otherwise a sentence naming the offending field and value.
 *
 * Element names are case-sensitive, as in AWS's grammar. Statement may be one object or an array.
 * A missing Version is allowed and means 2008-10-17 rules (no policy variables).
 */
import { compileConditionEntry } from './condition-operators.ts';
import type { Compiled, CompiledCondition, CompiledPolicy, ContextKeys, CompiledStatement, Effect, ParseResult, PolicyKind, PolicyVersion, StringTest } from './policy-types.ts';
import { compiled, malformed } from './policy-types.ts';
import { parsePieces, variableKeys } from './policy-variables.ts';
import { compilePrincipal } from './principal-matcher.ts';
import { compileActionPattern, compilePattern } from './wildcard.ts';

const VERSIONS: ReadonlySet<string> = new Set(['2012-10-17', '2008-10-17']);
const POLICY_FIELDS: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
// IAM (not S3 and friends) limits Sids to letters and digits.
const IAM_SID = /^[0-9A-Za-z]*$/;
const VENDOR = /^[A-Za-z0-9-]+$/;
// arn:partition:service:region:account:resource — at least the five separating colons.
const ARN_SHAPE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:/;

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parsePolicyDocument(text: string, kind: PolicyKind): ParseResult {
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Syntax errors in policy.' };
  }
  if (!isObject(doc)) return { ok: false, message: 'Syntax errors in policy.' };
  const result = compilePolicy(doc, kind);
  return result.ok ? { ok: true, policy: result.value } : { ok: false, message: result.message };
}

function compilePolicy(doc: Record<string, Json>, kind: PolicyKind): Compiled<CompiledPolicy> {
  for (const field of Object.keys(doc)) {
    if (!POLICY_FIELDS.has(field)) return malformed(`Unknown field ${field} in policy document.`);
  }
  const version = doc['Version'];
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.has(version))) {
    return malformed(`Policy document must be version 2012-10-17 or 2008-10-17, found ${JSON.stringify(version)}.`);
  }
  const id = doc['Id'];
  if (id !== undefined && typeof id !== 'string') return malformed('Policy Id must be a string.');
  const rawStatements = doc['Statement'];
  if (rawStatements === undefined) return malformed('Missing required field Statement');
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const variables = version === '2012-10-17';
  const statements: CompiledStatement[] = [];
  const referenced = new Set<string>();
  const sids = new Set<string>();
  for (const [index, raw] of list.entries()) {
    if (!isObject(raw)) return malformed('Each Statement must be a JSON object.');
    const sid = raw['Sid'];
    if (sid !== undefined) {
      if (typeof sid !== 'string') return malformed('Statement Sid must be a string.');
      if (kind !== 'resource' && !IAM_SID.test(sid)) {
        return malformed('Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*');
      }
      if (sid !== '') {
        if (sids.has(sid)) return malformed('Statement IDs (SID) in a single policy must be unique.');
        sids.add(sid);
      }
    }
    const statement = compileStatement(raw, index, kind, variables, referenced);
    if (!statement.ok) return statement;
    statements.push(statement.value);
  }
  return compiled({
    kind,
    version: version as PolicyVersion | undefined,
    id: id as string | undefined,
    statements,
    referencedKeys: withPrefixes(referenced),
  });
}

function compileStatement(
  raw: Record<string, Json>,
  index: number,
  kind: PolicyKind,
  variables: boolean,
  referenced: Set<string>,
): Compiled<CompiledStatement> {
  for (const field of Object.keys(raw)) {
    if (!STATEMENT_FIELDS.has(field)) return malformed(`Unknown field ${field} in policy statement.`);
  }
  const effect = raw['Effect'];
  if (effect === undefined) return malformed('Missing required field Effect');
  if (effect !== 'Allow' && effect !== 'Deny') {
    return malformed(`Invalid effect: ${typeof effect === 'string' ? effect : JSON.stringify(effect)}`);
  }

  const action = compileActions(raw);
  if (!action.ok) return action;
  const resource = compileResources(raw, kind, variables, referenced);
  if (!resource.ok) return resource;

  const hasPrincipal = raw['Principal'] !== undefined;
  const hasNotPrincipal = raw['NotPrincipal'] !== undefined;
  let principal: CompiledStatement['principal'];
  if (kind === 'identity') {
    if (hasPrincipal || hasNotPrincipal) return malformed('Policy document should not specify a principal.');
  } else {
    if (hasPrincipal && hasNotPrincipal) return malformed('Policy statement cannot contain both Principal and NotPrincipal.');
    if (!hasPrincipal && !hasNotPrincipal) return malformed('Missing required field Principal');
    const p = compilePrincipal(hasPrincipal ? raw['Principal'] : raw['NotPrincipal'], hasNotPrincipal);
    if (!p.ok) return p;
    principal = p.value;
  }

  const conditions = compileConditions(raw['Condition'], variables, referenced);
  if (!conditions.ok) return conditions;
  const sid = raw['Sid'];
  return compiled({
    index,
    sid: typeof sid === 'string' && sid !== '' ? sid : undefined,
    effect: effect satisfies Effect,
    action: action.value,
    resource: resource.value,
    principal,
    conditions: conditions.value,
  });
}

/** A string or a non-empty array of strings; `undefined` when the field is absent. */
function stringList(raw: Record<string, Json>, field: string): Compiled<string[] | undefined> {
  const value = raw[field];
  if (value === undefined) return compiled(undefined);
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (list === undefined || !list.every((v): v is string => typeof v === 'string')) {
    return malformed(`${field} must be a string or an array of strings.`);
  }
  return compiled(list);
}

function compileActions(raw: Record<string, Json>): Compiled<CompiledStatement['action']> {
  const action = stringList(raw, 'Action');
  if (!action.ok) return action;
  const notAction = stringList(raw, 'NotAction');
  if (!notAction.ok) return notAction;
  if (action.value !== undefined && notAction.value !== undefined) {
    return malformed('Policy statement cannot contain both Action and NotAction.');
  }
  const patterns = action.value ?? notAction.value;
  if (patterns === undefined || patterns.length === 0) return malformed('Policy statement must contain actions.');
  const exact = new Set<string>();
  const wild: ((lowerAction: string) => boolean)[] = [];
  let all = false;
  for (const pattern of patterns) {
    if (pattern === '*') {
      all = true;
      continue;
    }
    const colon = pattern.indexOf(':');
    if (colon < 0) return malformed(`Action ${pattern} must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.`);
    const vendor = pattern.slice(0, colon);
    if (!VENDOR.test(vendor)) return malformed(`Vendor ${vendor} is not valid`);
    if (pattern.length === colon + 1 || /\s/.test(pattern)) return malformed(`Action ${pattern} is not valid.`);
    if (pattern.includes('*') || pattern.includes('?')) wild.push(compileActionPattern(pattern));
    else exact.add(pattern.toLowerCase());
  }
  const covers = (names: readonly string[]): boolean => {
    if (all) return true;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (exact.has(name)) return true;
      for (let j = 0; j < wild.length; j++) if (wild[j]!(name)) return true;
    }
    return false;
  };
  return compiled(notAction.value !== undefined ? (names) => !covers(names) : covers);
}

function compileResources(
  raw: Record<string, Json>,
  kind: PolicyKind,
  variables: boolean,
  referenced: Set<string>,
): Compiled<StringTest | undefined> {
  const resource = stringList(raw, 'Resource');
  if (!resource.ok) return resource;
  const notResource = stringList(raw, 'NotResource');
  if (!notResource.ok) return notResource;
  if (kind === 'trust') {
    if (resource.value !== undefined) return malformed('Has prohibited field Resource');
    if (notResource.value !== undefined) return malformed('Has prohibited field NotResource');
    return compiled(undefined);
  }
  if (resource.value !== undefined && notResource.value !== undefined) {
    return malformed('Policy statement cannot contain both Resource and NotResource.');
  }
  const patterns = resource.value ?? notResource.value;
  if (patterns === undefined || patterns.length === 0) return malformed('Policy statement must contain resources.');
  const tests: StringTest[] = [];
  const exact = new Set<string>();
  let all = false;
  for (const pattern of patterns) {
    if (pattern === '*') {
      all = true;
      continue;
    }
    if (!ARN_SHAPE.test(pattern)) return malformed(`Resource ${pattern} must be in ARN format or "*".`);
    const pieces = parsePieces(pattern, { wildcards: true, variables });
    for (const key of variableKeys(pieces)) referenced.add(key);
    if (pieces.length === 1 && pieces[0]!.kind === 'text') exact.add(pieces[0]!.text);
    else tests.push(compilePattern(pieces, 'arn'));
  }
  const covers: StringTest = all
    ? () => true
    : tests.length === 0
      ? (input) => exact.has(input)
      : (input, keys) => exact.has(input) || anyTest(tests, input, keys);
  return compiled(notResource.value !== undefined ? (input, keys) => !covers(input, keys) : covers);
}

/** Plain loop rather than Array#some: this runs for every statement of every evaluation. */
function anyTest(tests: readonly StringTest[], input: string, keys: ContextKeys): boolean {
  for (let i = 0; i < tests.length; i++) if (tests[i]!(input, keys)) return true;
  return false;
}

function compileConditions(block: Json, variables: boolean, referenced: Set<string>): Compiled<CompiledCondition[]> {
  if (block === undefined) return compiled([]);
  if (!isObject(block)) return malformed('Condition must be a JSON object of condition operators.');
  const conditions: CompiledCondition[] = [];
  for (const [operator, entries] of Object.entries(block)) {
    if (!isObject(entries)) return malformed(`Condition operator ${operator} must map condition keys to values.`);
    for (const [key, rawValues] of Object.entries(entries)) {
      const colon = key.indexOf(':');
      if (colon <= 0 || colon === key.length - 1) {
        return malformed(`Condition key ${key} must be prefaced by a vendor, e.g., aws, iam, sts, etc.`);
      }
      const values = conditionValues(rawValues);
      if (values === undefined) {
        return malformed(`Condition values for ${key} under ${operator} must be strings, numbers or booleans.`);
      }
      const entry = compileConditionEntry(operator, key, values, variables);
      if (!entry.ok) return entry;
      for (const k of entry.value.referencedKeys) referenced.add(k);
      conditions.push(entry.value.condition);
    }
  }
  return compiled(conditions);
}

/** JSON strings, numbers and booleans (one or an array of them) as strings; undefined otherwise. */
function conditionValues(raw: Json): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const value of list) {
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
    else return undefined;
  }
  return out;
}

/** Adds `prefix/` for every `prefix/suffix` key, so callers can ask "is any aws:ResourceTag/ read?". */
function withPrefixes(keys: ReadonlySet<string>): ReadonlySet<string> {
  const out = new Set(keys);
  for (const key of keys) {
    const slash = key.indexOf('/');
    if (slash > 0) out.add(key.slice(0, slash + 1));
  }
  return out;
}

/** Lowercased condition keys (and `prefix/` forms) that a policy's conditions and variables read. */
export function referencedConditionKeys(policy: CompiledPolicy): ReadonlySet<string> {
  return policy.referencedKeys;
}
