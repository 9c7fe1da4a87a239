/**
 * The isolated Handlebars instance that renders Pinpoint message templates.
 *
 * - `Handlebars.create()`: nothing registered here leaks into (or from) the global instance.
 * - Pinpoint's helper set is registered (condition, string, format, date, math helpers); inline
 *   partials (`{{#*inline "name"}}…{{/inline}}` then `{{> name}}`) are Handlebars built-ins.
 *   No other partials exist, so `{{> x}}` can only reach inline partials of the same template.
 * - `each` iterates at most 15 items: Pinpoint's guide says "The maximum list size is 15 items."
 *   We read that as a cap (the first 15 items render), not as an error. Mustache-style sections
 *   over a list (`{{#Attributes.X}}…{{/Attributes.X}}`) go through the same capped `each`.
 * - The built-in `log` helper is replaced by one that renders nothing: the original writes to the
 *   console, and `domain/` does no I/O.
 * - Prototype access stays disabled, and we pass the "disallow" runtime options explicitly so
 *   Handlebars denies `{{constructor}}`, `{{__proto__}}` and friends silently instead of logging.
 *   No helper evaluates code, compiles template text taken from data, or reads the environment.
 * - Loops and partials are charged against the render limits (render-session.ts), partial
 *   nesting is bounded, and sources too deeply nested or with too many tags are refused before
 *   compiling (template-shape.ts), so pathological templates fail cleanly instead of hanging.
 */
import Handlebars from 'handlebars';
import { charge, withinPartial } from './render-session.ts';
import { registerConditionHelpers } from './condition-helpers.ts';
import { registerStringHelpers } from './string-helpers.ts';
import { registerFormatHelpers } from './format-helpers.ts';
import { registerDateHelpers } from './date-helpers.ts';
import { registerMathHelpers } from './math-helpers.ts';
import { shapeProblem } from './template-shape.ts';
import { TemplateSyntaxError, describeSyntaxError, isSyntaxError } from './syntax-errors.ts';

export const maxEachItems = 15;

/** The first 15 items of a list (or the first 15 keys of an object); other values unchanged. */
export function capForEach(context: unknown): { value: unknown; items: number } {
  if (Array.isArray(context)) {
    const value = context.slice(0, maxEachItems);
    return { value, items: value.length };
  }
  if (context !== null && typeof context === 'object' && !(context instanceof Date)) {
    const entries = Object.keys(context).slice(0, maxEachItems)
      .map((key) => [key, (context as Record<string, unknown>)[key]] as const);
    const value: Record<string, unknown> = {};
    for (const [key, item] of entries) Object.defineProperty(value, key, { value: item, enumerable: true });
    return { value, items: entries.length };
  }
  return { value: context, items: 1 };
}

type InvokePartial = (this: unknown, ...args: unknown[]) => unknown;

function createEngine(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('log', () => '');

  const builtinEach = hb.helpers.each as (this: unknown, context: unknown, options: unknown) => string;
  hb.registerHelper('each', function cappedEach(this: unknown, context: unknown, options: unknown): string {
    const capped = capForEach(context);
    charge(capped.items);
    const out = builtinEach.call(this, capped.value, options);
    charge(0, out.length);
    return out;
  });

  registerConditionHelpers(hb);
  registerStringHelpers(hb);
  registerFormatHelpers(hb);
  registerDateHelpers(hb);
  registerMathHelpers(hb);

  // Templates call partials through `env.VM.invokePartial`; give this instance its own VM object
  // (a copy, so the shared runtime module stays untouched) whose invokePartial is metered.
  const vm = hb.VM as unknown as Record<string, unknown>;
  const invokePartial = vm.invokePartial as InvokePartial;
  const meteredVm = {
    ...vm,
    invokePartial(this: unknown, ...args: unknown[]): unknown {
      return withinPartial(() => {
        charge(1);
        const out = invokePartial.apply(this, args);
        if (typeof out === 'string') charge(0, out.length);
        return out;
      });
    },
  };
  (hb as unknown as { VM: unknown }).VM = meteredVm;
  return hb;
}

export const engine = createEngine();

/** `trackIds` lets helpers see bare words such as `tz=America/Los_Angeles` (helper-kit.ts). */
export function compileOptions(html: boolean): Parameters<typeof Handlebars.compile>[1] {
  // `trackIds` is a real compiler option that the bundled typings do not list.
  const options = { noEscape: !html, trackIds: true, strict: false, knownHelpersOnly: false };
  return options;
}

export const runtimeOptions: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
  allowCallsToHelperMissing: false,
};

const cacheLimit = 256;
const cache = new Map<string, Handlebars.TemplateDelegate>();

/** The compiled template for `source`, from a small cache (campaigns render one source many times). */
export function compiledTemplate(source: string, html: boolean): Handlebars.TemplateDelegate {
  const key = `${html ? 'h' : 't'}${source}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const problem = shapeProblem(source);
  if (problem !== undefined) throw new TemplateSyntaxError(problem);
  // Handlebars compiles lazily, on the first call. A source that fails to compile is remembered
  // as failed (with its description, taken while the parser still holds the error location) so
  // later renders do not parse it again.
  const lazy = engine.compile(source, compileOptions(html));
  let failure: TemplateSyntaxError | undefined;
  const template: Handlebars.TemplateDelegate = (context, options) => {
    if (failure) throw failure;
    try {
      return lazy(context, options);
    } catch (error) {
      if (!isSyntaxError(error)) throw error;
      failure = new TemplateSyntaxError(describeSyntaxError(error, source));
      throw failure;
    }
  };
  cache.set(key, template);
  if (cache.size > cacheLimit) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return template;
}
