/**
 * Glob matching for policy strings: `*` (any run of characters) and `?` (one character).
 *
 * Two modes:
 * - 'plain': `*` and `?` match any characters (StringLike, Action).
 * - 'arn': the pattern is an ARN `arn:partition:service:region:account:resource`; a wildcard in
 *   one of the first five colon-separated segments stays inside that segment (it never matches a
 *   `:`), while in the resource part it matches anything, including `:` and `/` (the IAM User
 *   Guide's ARN matching for Resource and the Arn* operators). A lone `*` matches every ARN.
 * Segments are counted from the colons written in the policy text, not from colons a policy
 * variable substitutes in, so a variable cannot shift which segment a wildcard belongs to.
 *
 * Static patterns are compiled once: exact, prefix, suffix and contains shapes become string
 * tests and anything else a segment-aware glob matcher (no RegExp: a backtracking RegExp of
 * several `.*` takes exponential time on crafted input, and policies and simulated ARNs come from
 * users). Patterns with variables are substituted per request; the test built for a substitution
 * is remembered per pattern and in a small bounded cache shared by all patterns.
 */
import type { ContextKeys, PolicyPiece, StringTest } from './policy-types.ts';
import { parsePieces, renderLiteral, resolveVariable } from './policy-variables.ts';

export type GlobMode = 'plain' | 'arn';

/** Characters before the resource part of an ARN: five colons end the segments that wildcards may not cross. */
const ARN_FIXED_SEGMENTS = 5;

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * For each wildcard piece, in order: may it match a `:`? Always in 'plain' mode; in 'arn' mode
 * only once five colons of policy text precede it (the resource part).
 */
function wildcardCrossing(pieces: readonly PolicyPiece[], mode: GlobMode): boolean[] {
  const crossing: boolean[] = [];
  let colons = 0;
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      if (mode === 'arn') for (const ch of piece.text) if (ch === ':') colons += 1;
    } else if (piece.kind !== 'var') {
      crossing.push(mode === 'plain' || colons >= ARN_FIXED_SEGMENTS);
    }
  }
  return crossing;
}

/** Regex body of variable-free pieces; `crossing` comes from wildcardCrossing on the written pattern. */
function regexBody(pieces: readonly PolicyPiece[], crossing: readonly boolean[]): string {
  let body = '';
  let w = 0;
  for (const piece of pieces) {
    if (piece.kind === 'text') body += escapeRegex(piece.text);
    else if (piece.kind === 'star') body += crossing[w++] ? '.*' : '[^:]*';
    else if (piece.kind === 'one') body += crossing[w++] ? '.' : '[^:]';
  }
  return body;
}

type InputTest = (input: string) => boolean;
const TEST_CACHE_LIMIT = 512;
const testCache = new Map<string, InputTest>();

/** Number of cached tests built for variable patterns (for tests of the bound). */
export function regexCacheSize(): number {
  return testCache.size;
}

/** Compiles pieces (from parsePieces) into a case-sensitive test. */
export function compilePattern(pieces: readonly PolicyPiece[], mode: GlobMode): StringTest {
  if (pieces.length === 1 && pieces[0]!.kind === 'star') return () => true;
  const vars = pieces.filter((p): p is VarPiece => p.kind === 'var');
  const crossing = wildcardCrossing(pieces, mode);
  // Static tests ignore `keys`; returned unwrapped so calls stay monomorphic and cheap.
  if (vars.length === 0) return compileStatic(pieces, crossing);
  if (crossing.length === 0) {
    return (input, keys) => {
      const literal = renderLiteral(pieces, keys);
      return literal !== undefined && input === literal;
    };
  }
  // Variables and wildcards: build a static test for the substituted pattern. The last one is
  // remembered here (one user's repeated requests) and others in a bounded cache shared by all
  // patterns (many users), so a RegExp is only built the first time a substitution is seen.
  let lastValues: string | undefined;
  let lastTest: InputTest | undefined;
  return (input, keys) => {
    let values = '';
    for (let i = 0; i < vars.length; i++) {
      const value = resolveVariable(vars[i]!, keys);
      if (value === undefined) return false;
      values = i === 0 ? value : `${values}\u0000${value}`;
    }
    if (values !== lastValues || lastTest === undefined) {
      lastTest = substitutedTest(pieces, crossing, keys);
      lastValues = values;
    }
    return lastTest(input);
  };
}

type VarPiece = Extract<PolicyPiece, { kind: 'var' }>;

function substitutedTest(pieces: readonly PolicyPiece[], crossing: readonly boolean[], keys: ContextKeys): InputTest {
  const literal: PolicyPiece[] = [];
  for (const piece of pieces) {
    // Callers checked that every variable resolves.
    const text = piece.kind === 'var' ? (resolveVariable(piece, keys) ?? '') : piece.kind === 'text' ? piece.text : undefined;
    const last = literal[literal.length - 1];
    if (text === undefined) literal.push(piece);
    else if (last !== undefined && last.kind === 'text') literal[literal.length - 1] = { kind: 'text', text: last.text + text };
    else if (text !== '') literal.push({ kind: 'text', text });
  }
  const cacheKey = regexBody(literal, crossing);
  let test = testCache.get(cacheKey);
  if (test === undefined) {
    test = compileStatic(literal, crossing);
    if (testCache.size >= TEST_CACHE_LIMIT) {
      const oldest = testCache.keys().next();
      if (!oldest.done) testCache.delete(oldest.value);
    }
    testCache.set(cacheKey, test);
  }
  return test;
}

/** Variable-free pattern: string tests for exact, `x*`, `*x`, `*x*` shapes, else one RegExp. */
function compileStatic(pieces: readonly PolicyPiece[], crossing: readonly boolean[]): InputTest {
  if (crossing.length === 0) {
    const literal = pieces.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    return (input) => input === literal;
  }
  if (crossing.every(Boolean)) {
    const shape = pieces.map((p) => p.kind).join(',');
    const textOf = (i: number): string => {
      const p = pieces[i];
      return p !== undefined && p.kind === 'text' ? p.text : '';
    };
    if (shape === 'star') return () => true;
    if (shape === 'text,star') {
      const prefix = textOf(0);
      return (input) => input.startsWith(prefix);
    }
    if (shape === 'star,text') {
      const suffix = textOf(1);
      return (input) => input.endsWith(suffix);
    }
    if (shape === 'star,text,star') {
      const middle = textOf(1);
      return (input) => input.includes(middle);
    }
  }
  return segmentedGlob(pieces, crossing);
}

const STAR = -1;
const ONE = -2;

/** Pattern units: a character code, STAR or ONE. */
function codesOf(pieces: readonly PolicyPiece[]): number[] {
  const codes: number[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'text') for (let i = 0; i < piece.text.length; i++) codes.push(piece.text.charCodeAt(i));
    else if (piece.kind === 'star') codes.push(STAR);
    else if (piece.kind === 'one') codes.push(ONE);
  }
  return codes;
}

/**
 * `*`/`?` matching of input[start, end) in time proportional to pattern × input at worst, with one
 * backtracking point (the last star), never the exponential backtracking a RegExp of several
 * `.*` falls into on crafted input (`a*a*a*a*b` against a long run of `a`).
 */
function globCodes(codes: readonly number[], input: string, start: number, end: number): boolean {
  let p = 0;
  let s = start;
  let starP = -1;
  let starS = start;
  const m = codes.length;
  while (s < end) {
    const code = p < m ? codes[p]! : 0;
    if (p < m && (code === ONE || code === input.charCodeAt(s))) {
      p += 1;
      s += 1;
    } else if (p < m && code === STAR) {
      starP = p;
      p += 1;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      starS += 1;
      s = starS;
    } else {
      return false;
    }
  }
  while (p < m && codes[p] === STAR) p += 1;
  return p === m;
}

/** Splits pattern units at colons (a unit list per segment). */
function splitCodes(codes: readonly number[]): number[][] {
  const segments: number[][] = [[]];
  for (const code of codes) {
    if (code === 58) segments.push([]);
    else segments[segments.length - 1]!.push(code);
  }
  return segments;
}

/**
 * A pattern whose wildcards up to some point may not cross `:` and all later ones may (see
 * wildcardCrossing). A non-crossing wildcard never matches a colon, so every colon before the
 * first crossing wildcard lines up with the input's colons in order: those segments are matched
 * one by one, and what is left (with only crossing wildcards) in one piece.
 */
function segmentedGlob(pieces: readonly PolicyPiece[], crossing: readonly boolean[]): InputTest {
  const firstCrossing = crossing.indexOf(true);
  let w = 0;
  let split = pieces.length;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.kind === 'star' || piece.kind === 'one') {
      if (w === firstCrossing) {
        split = i;
        break;
      }
      w += 1;
    }
  }
  const headCodes = codesOf(pieces.slice(0, split));
  const tailCodes = codesOf(pieces.slice(split));
  const headSegments = splitCodes(headCodes);
  // Without crossing wildcards every colon of the pattern lines up with one of the input's.
  const exactColons = firstCrossing === -1;
  // The last head segment runs into the tail (it has no non-crossing wildcard: see wildcardCrossing).
  const lastHead = headSegments.pop()!;
  const rest = [...lastHead, ...tailCodes];
  const colonsBefore = headSegments.length;
  return (input) => {
    let start = 0;
    for (let i = 0; i < colonsBefore; i++) {
      const colon = input.indexOf(':', start);
      if (colon < 0 || !globCodes(headSegments[i]!, input, start, colon)) return false;
      start = colon + 1;
    }
    if (exactColons && input.indexOf(':', start) >= 0) return false;
    return globCodes(rest, input, start, input.length);
  };
}

/**
 * Compiles an Action/NotAction pattern. Actions match case-insensitively, so the pattern is
 * lowercased here and the returned test expects an already lowercased action name.
 */
export function compileActionPattern(pattern: string): (lowerAction: string) => boolean {
  const pieces = parsePieces(pattern.toLowerCase(), { wildcards: true, variables: false });
  return compileStatic(pieces, wildcardCrossing(pieces, 'plain'));
}

/** A static pattern compiled once, for testing many inputs against it. */
export function compileGlob(pattern: string, mode: GlobMode): (input: string) => boolean {
  const test = compilePattern(parsePieces(pattern, { wildcards: true, variables: false }), mode);
  const noVariables = new Map<string, string>();
  return (input) => test(input, noVariables);
}

/** One-off convenience for static patterns (tests, callers outside the hot path). */
export function matchesGlob(pattern: string, input: string, mode: GlobMode): boolean {
  return compilePattern(parsePieces(pattern, { wildcards: true, variables: false }), mode)(input, new Map());
}
