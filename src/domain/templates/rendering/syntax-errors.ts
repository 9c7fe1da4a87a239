/**
 * Turning Handlebars' parse and compile errors into one line that says where and what.
 */
import Handlebars from 'handlebars';

/** A template that cannot compile; its message is complete (where and what). */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** True for errors Handlebars raises while parsing or compiling (not while rendering). */
export function isSyntaxError(error: unknown): boolean {
  if (error instanceof TemplateSyntaxError) return true;
  if (error instanceof Handlebars.Exception && typeof (error as { lineNumber?: unknown }).lineNumber === 'number') {
    return true;
  }
  return /^(?:Parse|Lexical) error on line \d+/.test(errorMessage(error));
}

interface SharedLexer { yylloc?: { first_line?: number; first_column?: number } }

/**
 * Describes a parse or compile error of `source`. Call it right after the failure: the location
 * of a parse error is read from the parser's shared lexer, which the next parse overwrites
 * (parsing is synchronous, so nothing else can run in between).
 */
export function describeSyntaxError(error: unknown, source: string): string {
  if (error instanceof TemplateSyntaxError) return error.message;
  if (isStackOverflow(error)) return 'Syntax error: the template nests blocks too deeply to compile';
  const message = errorMessage(error);
  const parse = /^(?:Parse|Lexical) error on line (\d+)[.:]/.exec(message);
  if (parse) {
    const parser = (Handlebars as unknown as { Parser?: { lexer?: SharedLexer } }).Parser;
    const loc = parser?.lexer?.yylloc;
    const line = loc?.first_line ?? Number(parse[1]);
    const column = (loc?.first_column ?? 0) + 1;
    const lines = message.split('\n');
    const detail = lines.length >= 4 ? lines.slice(3).join(' ') : 'unrecognized text';
    const near = (source.split('\n')[line - 1] ?? '').slice(Math.max(0, column - 21), column + 19);
    const hint = /got 'EOF'/.test(detail) ? ' (the template ends inside an unfinished tag or block)' : '';
    return `Syntax error at line ${line}, column ${column}, near "${near}": ${detail.replace(/^Expecting/, 'expecting')}${hint}`;
  }
  const located = error as { lineNumber?: unknown; column?: unknown };
  if (typeof located.lineNumber === 'number') {
    const column = typeof located.column === 'number' ? located.column + 1 : 1;
    return `Syntax error at line ${located.lineNumber}, column ${column}: ${message.replace(/ - \d+:\d+$/, '')}`;
  }
  return `Syntax error: ${message}`;
}
