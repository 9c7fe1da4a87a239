/**
 * The condition keys each statement of a policy reads, spelled as the policy spells them.
 *
 * The compiled policy keeps keys lowercased (condition keys compare case-insensitively), but
 * GetContextKeysFor*Policy and MissingContextValues answer with the names as written
 * (`aws:ResourceTag/Owner`, not `aws:resourcetag/owner`), so the document's JSON is read again
 * here. The rules mirror the parser's (src/iam/policy/): every key under Condition counts; policy
 * variables count only under Version 2012-10-17, only in Resource/NotResource and in the values
 * of String* and Arn* operators (the only places the engine substitutes them), and escapes such
 * as `${*}` are not variables.
 */
import { parseOperatorName } from '../../../iam/policy/condition-operators.ts';

export interface StatementKeys {
  /** Condition keys and policy variables, first spelling kept, deduplicated case-insensitively. */
  readonly keys: readonly string[];
  /** Lowercased variables of Resource/NotResource: while one is unresolved the resource cannot match. */
  readonly resourceVariables: readonly string[];
}

// The parser's variable body: a key (no quotes, braces or `$`), optionally `, 'default'`.
const VARIABLE_BODY = /^\s*([^,'{}$]*[^,'{}$\s])\s*(?:,\s*'(?:[^']|'')*'\s*)?$/;
const STRING_FAMILIES = new Set(['String', 'StringIgnoreCase', 'StringLike', 'Arn']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/** Index of the `}` closing a variable body that starts at `from` (quoted defaults skipped); -1 if none. */
function closingBrace(raw: string, from: number): number {
  let quoted = false;
  for (let j = from; j < raw.length; j++) {
    const ch = raw[j];
    if (quoted) {
      if (ch === "'") {
        if (raw[j + 1] === "'") j += 1;
        else quoted = false;
      }
    } else if (ch === "'") quoted = true;
    else if (ch === '}') return j;
    else if (ch === '{' || ch === '$') return -1;
  }
  return -1;
}

/** The policy variables of one string, as written (`${aws:PrincipalTag/Team, 'none'}` → aws:PrincipalTag/Team). */
export function variableNames(raw: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < raw.length) {
    if (raw[i] !== '$' || raw[i + 1] !== '{') {
      i += 1;
      continue;
    }
    if (raw[i + 3] === '}' && '*?$'.includes(raw[i + 2] ?? '')) {
      i += 4; // ${*}, ${?}, ${$}: escapes, not variables
      continue;
    }
    const close = closingBrace(raw, i + 2);
    const match = close >= 0 ? VARIABLE_BODY.exec(raw.slice(i + 2, close)) : null;
    if (match) {
      out.push(match[1]!);
      i = close + 1;
    } else {
      i += 1;
    }
  }
  return out;
}

/** Keeps the first spelling of each key, comparing case-insensitively, in order of appearance. */
export function uniqueKeys(lists: Iterable<readonly string[]>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const key of list) {
      const lower = key.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      out.push(key);
    }
  }
  return out;
}

function keysOfStatement(statement: Record<string, unknown>, variables: boolean): StatementKeys {
  const resourceVariables: string[] = [];
  if (variables) {
    for (const field of ['Resource', 'NotResource']) {
      for (const value of strings(statement[field])) resourceVariables.push(...variableNames(value));
    }
  }
  const conditionKeys: string[] = [];
  const condition = statement['Condition'];
  if (isObject(condition)) {
    for (const [operator, entries] of Object.entries(condition)) {
      if (!isObject(entries)) continue;
      const family = parseOperatorName(operator)?.spec.family;
      const substitutes = variables && family !== undefined && STRING_FAMILIES.has(family);
      for (const [key, values] of Object.entries(entries)) {
        conditionKeys.push(key);
        if (substitutes) for (const value of strings(values)) conditionKeys.push(...variableNames(value));
      }
    }
  }
  return {
    keys: uniqueKeys([resourceVariables, conditionKeys]),
    resourceVariables: resourceVariables.map((key) => key.toLowerCase()),
  };
}

/**
 * The keys of every statement, by statement index (a lone statement object is index 0). Meant for
 * documents the parser accepted; anything else yields an empty list.
 */
export function statementKeys(text: string): StatementKeys[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObject(doc)) return [];
  const raw = doc['Statement'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const variables = doc['Version'] === '2012-10-17';
  return list.map((statement) => (isObject(statement) ? keysOfStatement(statement, variables) : { keys: [], resourceVariables: [] }));
}
