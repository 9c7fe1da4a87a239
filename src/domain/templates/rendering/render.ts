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
import { compileOptions, compiledTemplate, engine, runtimeOptions } from './engine.ts';
import { maxOutputBytes, newSession, runInSession } from './render-session.ts';
import type { RenderBudget } from './render-session.ts';
import type { MessageVariables } from './message-variables.ts';
import { shapeProblem } from './template-shape.ts';
import { TemplateSyntaxError, describeSyntaxError, isStackOverflow } from './syntax-errors.ts';

export interface RenderOptions {
  /** True for an email HTML part: `{{x}}` is HTML-escaped. False for every other part. */
  html: boolean;
  /** The clock for `{{now}}`. */
  now: Date;
  /** The source for `{{uuid}}`. */
  randomUUID: () => string;
  /** Steps shared with the other renders of the same request (see RenderBudget). */
  budget?: RenderBudget;
}

export type RenderOutcome = { ok: true; text: string } | { ok: false; reason: string };

/** Compile check at template write time: undefined when fine, else what is wrong and where. */
export function templateSyntaxProblem(source: string): string | undefined {
  if (typeof source !== 'string') return 'Syntax error: the template part is not text';
  const shape = shapeProblem(source);
  if (shape !== undefined) return shape;
  try {
    // Precompiling parses and compiles to JavaScript source without running anything.
    engine.precompile(source, compileOptions(true));
    return undefined;
  } catch (error) {
    return describeSyntaxError(error, source);
  }
}

/** Renders one message part; never throws: a syntax or helper error becomes `{ ok: false }`. */
export function renderMessagePart(source: string, variables: MessageVariables, options: RenderOptions): RenderOutcome {
  try {
    if (typeof source !== 'string') return { ok: false, reason: 'The template part is not text' };
    // Text without a mustache renders to itself (Handlebars has nothing to do), and static parts
    // (most subjects) are common enough in large sends to skip the runtime for them.
    if (!source.includes('{{') && Buffer.byteLength(source, 'utf8') <= maxOutputBytes) return { ok: true, text: source };
    const template = compiledTemplate(source, options.html);
    const session = newSession(options.now, options.randomUUID, options.budget);
    const text = runInSession(session, () => template(variables ?? {}, runtimeOptions));
    if (typeof text !== 'string') return { ok: false, reason: 'The template did not produce text' };
    if (text.length > maxOutputBytes || Buffer.byteLength(text, 'utf8') > maxOutputBytes) {
      return { ok: false, reason: 'The rendered message is larger than 10 MB' };
    }
    return { ok: true, text };
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return { ok: false, reason: error.message };
    if (isStackOverflow(error)) return { ok: false, reason: 'Rendering failed: the template nests too deeply' };
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
    return { ok: false, reason: `Rendering failed: ${message}` };
  }
}
