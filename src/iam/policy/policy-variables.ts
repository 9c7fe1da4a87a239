/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) and the escapes
 * `${*}`, `${?}`, `${$}`, as the IAM User Guide describes them for Version 2012-10-17.
 *
 * A policy string is split once, at parse time, into pieces (text, wildcards, variables); the
 * evaluator only resolves the variable pieces against the request's condition keys. Rules kept:
 * - Only Version 2012-10-17 recognises variables and escapes; older/missing Version treats `${...}`
 *   as literal text (AWS: "treated as literal strings in the policy").
 * - Key names are case-insensitive (stored lowercased); defaults are case-sensitive; whitespace
 *   around the key, the comma and the quoted default is ignored; `''` inside a default is one `'`.
 * - A key that is missing, or multi-valued (AWS: multivalued keys cannot be policy variables),
 *   resolves to the default when there is one, else the variable is unresolved and the element
 *   holding it matches nothing.
 * - Substitution is one pass: a value containing `${...}`, `*` or `?` is taken literally.
 * - Malformed `${...` (no closing brace, empty or quoted key) stays literal text, like 2008-10-17.
 */
import type { ContextKeys, PolicyPiece } from './policy-types.ts';

export interface PieceOptions {
  /** `*` and `?` are wildcards (Resource, *Like and Arn* operators); otherwise they are text. */
  readonly wildcards: boolean;
  /** Version 2012-10-17: recognise `${...}` variables and escapes. */
  readonly variables: boolean;
}

const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };
// key, then optional `, 'default'` ('' escapes a quote); the key may not hold quotes or braces.
const VARIABLE_BODY = /^\s*([^,'{}$]*[^,'{}$\s])\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

/** Splits a policy string into pieces. Adjacent text is merged so static strings are one piece. */
export function parsePieces(raw: string, options: PieceOptions): PolicyPiece[] {
  const pieces: PolicyPiece[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') pieces.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (options.variables && c === '$' && raw[i + 1] === '{') {
      const escaped = raw[i + 3] === '}' ? ESCAPES[raw[i + 2]!] : undefined;
      if (escaped !== undefined) {
        text += escaped;
        i += 4;
        continue;
      }
      const close = findClose(raw, i + 2);
      if (close >= 0) {
        const body = raw.slice(i + 2, close);
        const m = VARIABLE_BODY.exec(body);
        if (m) {
          flush();
          const fallback = m[2] === undefined ? undefined : m[2].replaceAll("''", "'");
          pieces.push({ kind: 'var', key: m[1]!.toLowerCase(), fallback });
          i = close + 1;
          continue;
        }
      }
      text += c;
      i += 1;
      continue;
    }
    if (options.wildcards && (c === '*' || c === '?')) {
      flush();
      pieces.push(c === '*' ? { kind: 'star' } : { kind: 'one' });
    } else {
      text += c;
    }
    i += 1;
  }
  flush();
  return pieces;
}

/** Index of the `}` closing a variable body starting at `from`, skipping quoted defaults; -1 if none. */
function findClose(raw: string, from: number): number {
  let inQuote = false;
  for (let j = from; j < raw.length; j++) {
    const ch = raw[j];
    if (inQuote) {
      if (ch === "'") {
        if (raw[j + 1] === "'") j += 1;
        else inQuote = false;
      }
    } else if (ch === "'") {
      inQuote = true;
    } else if (ch === '}') {
      return j;
    } else if (ch === '{' || ch === '$') {
      // A nested `${` means this one was never closed; leave it literal.
      return -1;
    }
  }
  return -1;
}

/** The value of one variable piece in this request, or undefined when it cannot be resolved. */
export function resolveVariable(piece: { readonly key: string; readonly fallback: string | undefined }, keys: ContextKeys): string | undefined {
  const value = keys.get(piece.key);
  return typeof value === 'string' ? value : piece.fallback;
}

export function hasVariables(pieces: readonly PolicyPiece[]): boolean {
  return pieces.some((p) => p.kind === 'var');
}

export function hasWildcards(pieces: readonly PolicyPiece[]): boolean {
  return pieces.some((p) => p.kind === 'star' || p.kind === 'one');
}

/**
 * The literal string a wildcard-free piece list stands for in this request; undefined when a
 * variable is unresolved. (Wildcard pieces, if any, render as their characters.)
 */
export function renderLiteral(pieces: readonly PolicyPiece[], keys: ContextKeys): string | undefined {
  let out = '';
  for (const piece of pieces) {
    switch (piece.kind) {
      case 'text':
        out += piece.text;
        break;
      case 'star':
        out += '*';
        break;
      case 'one':
        out += '?';
        break;
      case 'var': {
        const value = resolveVariable(piece, keys);
        if (value === undefined) return undefined;
        out += value;
      }
    }
  }
  return out;
}

/** Lowercased keys of the variables in a piece list. */
export function variableKeys(pieces: readonly PolicyPiece[]): string[] {
  const keys: string[] = [];
  for (const piece of pieces) if (piece.kind === 'var') keys.push(piece.key);
  return keys;
}
