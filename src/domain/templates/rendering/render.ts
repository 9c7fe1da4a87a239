/**
 * Compile checks and rendering of one message part (subject, HTML body, text body, SMS body,
 * push title/body, voice body…).
 *
 * Escaping. Pinpoint's documentation says templates use "the Handlebars template system" and is
 * silent on escaping. Handlebars HTML-escapes `{{x}}` (& < > " ' ` =) and leaves `{{{x}}}` raw;
 * that is right for an email HTML part, where the escaping is what keeps recipient data from
 * becoming markup. For every other part — email subject and text part, SMS, push, voice — HTML
 * entities would be visible garbage ("Tom &amp; Jerry" in a text message), so those are rendered
 * with escaping off and `{{x}}` and `{{{x}}}` are the same. The caller says which with
 * `options.html` (true only for an email HtmlPart).
 *
 * Lists: a list value referenced directly renders as its items joined with ',' (a one-item list —
 * the usual attribute — renders as that item), which is what Handlebars.js does and matches the
 * guide describing the list "blue,red,green"; `{{#each}}`, `join` and `.[0]` see the list itself.
 * Missing values render as ''.
 */
import { Buffer } from 'node:buffer';
import Handlebars from 'handlebars';
import { compileOptions, compiledTemplate, engine, runtimeOptions } from './engine.ts';
import { maxOutputBytes, newSession, runInSession } from './render-session.ts';
import type { MessageVariables } from './message-variables.ts';

export interface RenderOptions {
  /** True for an email HTML part: `{{x}}` is HTML-escaped. False for every other part. */
  html: boolean;
  /** The clock for `{{now}}`. */
  now: Date;
  /** The source for `{{uuid}}`. */
  randomUUID: () => string;
}

export type RenderOutcome = { ok: true; text: string } | { ok: false; reason: string };

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Turns a Handlebars parse or compile error into one line that says where and what. */
export function describeSyntaxError(error: unknown, source: string): string {
  if (isStackOverflow(error)) return 'The template nests blocks too deeply to compile';
  const message = errorMessage(error);
  const parse = /^(?:Parse|Lexical) error on line (\d+)[.:]/.exec(message);
  if (parse) {
    // Handlebars' parser keeps the location of the offending token on its shared lexer;
    // parsing is synchronous, so it still describes this source.
    const lexer = ((engine as unknown as { Parser?: unknown }).Parser as { lexer?: { yylloc?: { first_line?: number; first_column?: number } } } | undefined)?.lexer;
    const loc = lexer?.yylloc;
    const line = loc?.first_line ?? Number(parse[1]);
    const column = (loc?.first_column ?? 0) + 1;
    const lines = message.split('\n');
    const detail = lines.length >= 4 ? lines.slice(3).join(' ') : 'unrecognized text';
    const near = (source.split('\n')[line - 1] ?? '').slice(Math.max(0, column - 21), column + 19);
    const hint = /got 'EOF'/.test(detail) ? ' (the template ends inside an unfinished tag or block)' : '';
    return `Syntax error at line ${line}, column ${column}, near "${near}": ${detail.replace(/^Expecting/, 'expecting')}${hint}`;
  }
  const withLocation = error as { lineNumber?: unknown; column?: unknown };
  if (typeof withLocation.lineNumber === 'number') {
    const column = typeof withLocation.column === 'number' ? withLocation.column + 1 : 1;
    const what = message.replace(/ - \d+:\d+$/, '');
    return `Syntax error at line ${withLocation.lineNumber}, column ${column}: ${what}`;
  }
  return `Syntax error: ${message}`;
}

/** Compile check at template write time: undefined when fine, else what is wrong and where. */
export function templateSyntaxProblem(source: string): string | undefined {
  if (typeof source !== 'string') return 'Syntax error: the template part is not text';
  try {
    // Precompiling parses and compiles to JavaScript source without running anything.
    engine.precompile(source, compileOptions(true));
    return undefined;
  } catch (error) {
    return describeSyntaxError(error, source);
  }
}

function isSyntaxError(error: unknown): boolean {
  if (error instanceof Handlebars.Exception && typeof (error as { lineNumber?: unknown }).lineNumber === 'number') {
    return true;
  }
  return /^(?:Parse|Lexical) error on line \d+/.test(errorMessage(error));
}

/** Renders one message part; never throws: a syntax or helper error becomes `{ ok: false }`. */
export function renderMessagePart(source: string, variables: MessageVariables, options: RenderOptions): RenderOutcome {
  try {
    if (typeof source !== 'string') return { ok: false, reason: 'The template part is not text' };
    const template = compiledTemplate(source, options.html);
    const session = newSession(options.now, options.randomUUID);
    // Handlebars compiles lazily, on this first call: syntax errors surface here too.
    const text = runInSession(session, () => template(variables ?? {}, runtimeOptions));
    if (typeof text !== 'string') return { ok: false, reason: 'The template did not produce text' };
    if (text.length > maxOutputBytes || Buffer.byteLength(text, 'utf8') > maxOutputBytes) {
      return { ok: false, reason: 'The rendered message is larger than 10 MB' };
    }
    return { ok: true, text };
  } catch (error) {
    if (isSyntaxError(error)) return { ok: false, reason: describeSyntaxError(error, source) };
    if (isStackOverflow(error)) return { ok: false, reason: 'The template nests too deeply to render' };
    return { ok: false, reason: `Rendering failed: ${errorMessage(error)}` };
  }
}
