/**
 * Condition operators: compiling one `"Operator": { "key": values }` entry into a test.
 *
 * Semantics (IAM User Guide, "Condition operators", "Multiple context keys or values",
 * "Single-valued vs. multivalued context keys"):
 * - Several policy values for one key are ORed: the request value must match one of them. A
 *   negated operator (StringNotEquals, NotIpAddress, Arn/StringNotLike, Numeric/DateNotEquals,
 *   ArnNotEquals) is the negation of that OR: "matches none of them".
 * - Several keys under one operator, and several operators, are ANDed (the caller ANDs the tests).
 * - Missing key (absent, or an empty set): positive operators are false, negated operators true;
 *   `...IfExists` is true; `ForAllValues:` is true; `ForAnyValue:` is false (true with IfExists).
 * - Multi-valued request key: `ForAllValues:` needs every request value to satisfy the operator,
 *   `ForAnyValue:` at least one. Without a set operator (which AWS says not to do) a positive
 *   operator holds if any request value matches and a negated one if none does.
 * - Key names are case-insensitive (lowercased here); values are case-sensitive except for the
 *   IgnoreCase operators and Bool.
 * - Operator names are matched case-insensitively: the User Guide never states that they are
 *   case-sensitive, and refusing a policy AWS accepts is worse than accepting an odd spelling.
 * - Policy values that cannot be read for the operator (a non-number for Numeric*, an
 *   unparsable date, a bad CIDR, a non-boolean for Bool/Null, non-base64 for BinaryEquals) are
 *   refused at write time as MalformedPolicyDocument, the choice the brief asks for where AWS's
 *   write-time behaviour is not documented. A request value that cannot be read simply matches no
 *   policy value (so a positive operator is false and a negated one true).
 * - Policy variables are substituted only in String* and Arn* values (the User Guide: "string
 *   comparisons" and ARNs), and only under Version 2012-10-17.
 * - `Null` takes no IfExists; a set operator in front of Null is accepted and ignored.
 */
import { canonicalBase64, parseBool, parseDate, parseNumber } from './condition-values.ts';
import { cidrContains, parseCidr, parseIp } from './ip-cidr.ts';
import type { CidrBlock, IpAddress } from './ip-cidr.ts';
import type { Compiled, CompiledCondition, ContextKeys, PolicyPiece } from './policy-types.ts';
import { compiled, malformed } from './policy-types.ts';
import { hasVariables, parsePieces, renderLiteral, variableKeys } from './policy-variables.ts';
import { compilePattern } from './wildcard.ts';

type Family = 'String' | 'StringIgnoreCase' | 'StringLike' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';
type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

interface OperatorSpec {
  readonly name: string;
  readonly family: Family;
  readonly negated: boolean;
  readonly cmp: Comparison;
}

const SPECS: readonly OperatorSpec[] = [
  ['StringEquals', 'String', false],
  ['StringNotEquals', 'String', true],
  ['StringEqualsIgnoreCase', 'StringIgnoreCase', false],
  ['StringNotEqualsIgnoreCase', 'StringIgnoreCase', true],
  ['StringLike', 'StringLike', false],
  ['StringNotLike', 'StringLike', true],
  ['NumericEquals', 'Numeric', false],
  ['NumericNotEquals', 'Numeric', true],
  ['NumericLessThan', 'Numeric', false, 'lt'],
  ['NumericLessThanEquals', 'Numeric', false, 'le'],
  ['NumericGreaterThan', 'Numeric', false, 'gt'],
  ['NumericGreaterThanEquals', 'Numeric', false, 'ge'],
  ['DateEquals', 'Date', false],
  ['DateNotEquals', 'Date', true],
  ['DateLessThan', 'Date', false, 'lt'],
  ['DateLessThanEquals', 'Date', false, 'le'],
  ['DateGreaterThan', 'Date', false, 'gt'],
  ['DateGreaterThanEquals', 'Date', false, 'ge'],
  ['Bool', 'Bool', false],
  ['BinaryEquals', 'Binary', false],
  ['IpAddress', 'Ip', false],
  ['NotIpAddress', 'Ip', true],
  ['ArnEquals', 'Arn', false],
  ['ArnLike', 'Arn', false],
  ['ArnNotEquals', 'Arn', true],
  ['ArnNotLike', 'Arn', true],
  ['Null', 'Null', false],
].map(([name, family, negated, cmp]) => ({ name, family, negated, cmp: cmp ?? 'eq' }) as OperatorSpec);

const BY_NAME = new Map(SPECS.map((spec) => [spec.name.toLowerCase(), spec]));

export type SetModifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  readonly spec: OperatorSpec;
  readonly setModifier: SetModifier | undefined;
  readonly ifExists: boolean;
}

/** Reads `[ForAllValues:|ForAnyValue:]Name[IfExists]`; undefined for an unknown operator. */
export function parseOperatorName(written: string): ParsedOperator | undefined {
  let rest = written;
  let setModifier: SetModifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') setModifier = 'ForAllValues';
    else if (prefix === 'foranyvalue') setModifier = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let spec = BY_NAME.get(rest.toLowerCase());
  let ifExists = false;
  if (spec === undefined && rest.toLowerCase().endsWith('ifexists')) {
    spec = BY_NAME.get(rest.slice(0, -'ifexists'.length).toLowerCase());
    ifExists = true;
    if (spec?.family === 'Null') return undefined;
  }
  return spec === undefined ? undefined : { spec, setModifier, ifExists };
}

/** True when the request value matches at least one policy value (the operator's positive sense). */
type AnyMatcher = (requestValue: string, keys: ContextKeys) => boolean;

export interface CompiledEntry {
  readonly condition: CompiledCondition;
  /** Lowercased keys this entry reads: the condition key and any variables in its values. */
  readonly referencedKeys: readonly string[];
}

/** Compiles one key under one operator. `values` are already normalised to strings. */
export function compileConditionEntry(
  operator: string,
  key: string,
  values: readonly string[],
  variables: boolean,
): Compiled<CompiledEntry> {
  const parsed = parseOperatorName(operator);
  if (parsed === undefined) return malformed(`Unknown condition operator: ${operator}`);
  const lowerKey = key.toLowerCase();
  const { spec } = parsed;
  if (spec.family === 'Null') {
    const wanted = new Set<string>();
    for (const value of values) {
      const b = parseBool(value);
      if (b === undefined) return malformed(`Condition value ${value} for Null (key ${key}) must be true or false.`);
      wanted.add(b);
    }
    const test = (keys: ContextKeys): boolean => (isAbsent(keys.get(lowerKey)) ? wanted.has('true') : wanted.has('false'));
    return compiled({ condition: { operator, key: lowerKey, test }, referencedKeys: [lowerKey] });
  }
  const matcher = compileValues(spec, values, variables, key);
  if (!matcher.ok) return matcher;
  const test = keyTest(lowerKey, parsed, matcher.value.match);
  return compiled({ condition: { operator, key: lowerKey, test }, referencedKeys: [lowerKey, ...matcher.value.variableKeys] });
}

function isAbsent(value: string | readonly string[] | undefined): boolean {
  return value === undefined || (typeof value !== 'string' && value.length === 0);
}

function keyTest(key: string, parsed: ParsedOperator, match: AnyMatcher): (keys: ContextKeys) => boolean {
  const { negated } = parsed.spec;
  const { setModifier, ifExists } = parsed;
  const onMissing = setModifier === 'ForAllValues' || ifExists ? true : setModifier === 'ForAnyValue' ? false : negated;
  return (keys) => {
    const value = keys.get(key);
    if (value === undefined) return onMissing;
    if (typeof value === 'string') return match(value, keys) !== negated;
    if (value.length === 0) return onMissing;
    if (setModifier === 'ForAllValues') {
      for (let i = 0; i < value.length; i++) if (match(value[i]!, keys) === negated) return false;
      return true;
    }
    if (setModifier === 'ForAnyValue') {
      for (let i = 0; i < value.length; i++) if (match(value[i]!, keys) !== negated) return true;
      return false;
    }
    for (let i = 0; i < value.length; i++) if (match(value[i]!, keys)) return !negated;
    return negated;
  };
}

interface ValueMatcher {
  readonly match: AnyMatcher;
  readonly variableKeys: readonly string[];
}

function compileValues(spec: OperatorSpec, values: readonly string[], variables: boolean, key: string): Compiled<ValueMatcher> {
  const bad = (value: string, what: string): Compiled<ValueMatcher> =>
    malformed(`Condition value ${value} for ${spec.name} (key ${key}) ${what}.`);
  switch (spec.family) {
    case 'String':
    case 'StringIgnoreCase':
    case 'StringLike':
    case 'Arn':
      return compiled(compileStringValues(spec.family, values, variables));
    case 'Numeric':
    case 'Date': {
      const read = spec.family === 'Numeric' ? parseNumber : readDate;
      const numbers: number[] = [];
      for (const value of values) {
        const n = read(value);
        if (n === undefined) return bad(value, spec.family === 'Numeric' ? 'is not a number' : 'is not an ISO 8601 date or epoch time');
        numbers.push(n);
      }
      const cmp = COMPARE[spec.cmp];
      return compiled({
        match: (requestValue) => {
          const n = read(requestValue);
          if (n === undefined) return false;
          for (let i = 0; i < numbers.length; i++) if (cmp(n, numbers[i]!)) return true;
          return false;
        },
        variableKeys: [],
      });
    }
    case 'Bool': {
      const wanted = new Set<string>();
      for (const value of values) {
        const b = parseBool(value);
        if (b === undefined) return bad(value, 'must be true or false');
        wanted.add(b);
      }
      return compiled({ match: (requestValue) => wanted.has(requestValue.toLowerCase()), variableKeys: [] });
    }
    case 'Binary': {
      const wanted = new Set<string>();
      for (const value of values) {
        const b = canonicalBase64(value);
        if (b === undefined) return bad(value, 'is not base64');
        wanted.add(b);
      }
      return compiled({
        match: (requestValue) => {
          const b = canonicalBase64(requestValue);
          return b !== undefined && wanted.has(b);
        },
        variableKeys: [],
      });
    }
    case 'Ip': {
      const blocks: CidrBlock[] = [];
      for (const value of values) {
        const block = parseCidr(value);
        if (block === undefined) return bad(value, 'is not an IP address or CIDR block');
        blocks.push(block);
      }
      return compiled({
        match: (requestValue) => {
          const ip = readIp(requestValue);
          if (ip === undefined) return false;
          for (let i = 0; i < blocks.length; i++) if (cidrContains(blocks[i]!, ip)) return true;
          return false;
        },
        variableKeys: [],
      });
    }
    case 'Null':
      throw new Error('Null is compiled by compileConditionEntry');
  }
}

const COMPARE: Readonly<Record<Comparison, (request: number, policy: number) => boolean>> = {
  eq: (a, b) => a === b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

// aws:CurrentTime is the same string for every date condition of one request: remember the last parse.
let lastDateText = '';
let lastDate: number | undefined;
function readDate(text: string): number | undefined {
  if (text !== lastDateText) {
    lastDate = parseDate(text);
    lastDateText = text;
  }
  return lastDate;
}

// aws:SourceIp is the same string for every IP condition of one request: remember the last parse.
let lastIpText = '';
let lastIp: IpAddress | undefined;
function readIp(text: string): IpAddress | undefined {
  if (text !== lastIpText) {
    lastIp = parseIp(text);
    lastIpText = text;
  }
  return lastIp;
}

/**
 * String-like families. Static values that need no wildcard matching go into one Set (a single
 * lookup however many values); the rest become compiled patterns or variable templates.
 */
function compileStringValues(family: 'String' | 'StringIgnoreCase' | 'StringLike' | 'Arn', values: readonly string[], variables: boolean): ValueMatcher {
  const wildcards = family === 'StringLike' || family === 'Arn';
  const fold = family === 'StringIgnoreCase';
  const exact = new Set<string>();
  const others: ((requestValue: string, keys: ContextKeys) => boolean)[] = [];
  const varKeys: string[] = [];
  for (const value of values) {
    const pieces: PolicyPiece[] = parsePieces(value, { wildcards, variables });
    varKeys.push(...variableKeys(pieces));
    const isStatic = !hasVariables(pieces) && pieces.every((p) => p.kind === 'text');
    if (isStatic) {
      const text = pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
      exact.add(fold ? text.toLowerCase() : text);
    } else if (wildcards) {
      others.push(compilePattern(pieces, family === 'Arn' ? 'arn' : 'plain'));
    } else {
      others.push((requestValue, keys) => {
        const literal = renderLiteral(pieces, keys);
        return literal !== undefined && (fold ? literal.toLowerCase() === requestValue : literal === requestValue);
      });
    }
  }
  const match: AnyMatcher =
    others.length === 0
      ? (requestValue) => exact.has(requestValue)
      : (requestValue, keys) => {
          if (exact.has(requestValue)) return true;
          for (let i = 0; i < others.length; i++) if (others[i]!(requestValue, keys)) return true;
          return false;
        };
  return { match: fold ? (requestValue, keys) => match(requestValue.toLowerCase(), keys) : match, variableKeys: varKeys };
}
