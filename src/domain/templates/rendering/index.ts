/**
 * Pinpoint-compatible message template rendering: a pure module (no I/O).
 *
 * - `templateSyntaxProblem` checks a template part when it is written;
 * - `messageVariables` builds what one recipient's message sees, in Pinpoint's precedence;
 * - `renderMessagePart` renders one part with Pinpoint's Handlebars helpers and never throws.
 *
 * See engine.ts (helpers, `each` cap, safety), render.ts (escaping, lists, missing values),
 * message-variables.ts (precedence, defaults) and render-session.ts (limits).
 */
export { renderMessagePart, templateSyntaxProblem } from './render.ts';
export type { RenderOptions, RenderOutcome } from './render.ts';
export type { RenderBudget } from './render-session.ts';
export { messageVariables } from './message-variables.ts';
export type { MessageVariables } from './message-variables.ts';
