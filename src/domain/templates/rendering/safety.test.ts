import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import Handlebars from 'handlebars';
import { messageVariables, renderMessagePart, templateSyntaxProblem, type RenderOutcome } from './index.ts';

function render(source: string, variables: Record<string, unknown> = {}, html = false): RenderOutcome {
  return renderMessagePart(source, variables, { html, now: new Date('2020-09-19T17:30:05.123Z'), randomUUID: () => 'fixed-uuid' });
}

function ok(text: string): RenderOutcome {
  return { ok: true, text };
}

/** Runs `body` while counting console output. */
function consoleCalls(body: () => void): number {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  let calls = 0;
  for (const m of methods) console[m] = () => { calls += 1; };
  try {
    body();
  } finally {
    methods.forEach((m, i) => { console[m] = saved[i] as typeof console.log; });
  }
  return calls;
}

const variables = messageVariables({ endpoint: { Attributes: { FavoriteColors: ['blue'] }, Location: { City: 'Paris' } } });

describe('prototype access', () => {
  test('constructor, __proto__ and inherited methods resolve to nothing, silently', () => {
    const source = [
      '{{constructor.constructor}}', '{{__proto__}}', '{{constructor}}', '{{toString}}', '{{valueOf}}',
      '{{hasOwnProperty}}', '{{Attributes.__proto__}}', '{{Attributes.FavoriteColors.constructor.name}}',
      '{{lookup this "constructor"}}', '{{#with this.constructor}}{{name}}{{/with}}', '{{__proto__.constructor.name}}',
      '{{[__defineGetter__]}}', '{{Location.City.constructor}}',
    ].join('|');
    let outcome: RenderOutcome | undefined;
    const calls = consoleCalls(() => { outcome = render(source, variables, true); });
    assert.deepEqual(outcome, ok('||||||||||||'));
    assert.equal(calls, 0);
  });

  test('the known Handlebars code-execution payload runs nothing', () => {
    const marker = '__pinionTemplateMarker';
    const payload = `{{#with "s" as |string|}}{{#with "e"}}{{#with split as |conslist|}}{{this.pop}}{{this.push (lookup string.sub "constructor")}}{{this.pop}}{{#with string.split as |codelist|}}{{this.pop}}{{this.push "globalThis.${marker} = 1; return 1;"}}{{this.pop}}{{#each conslist}}{{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}{{/each}}{{/with}}{{/with}}{{/with}}{{/with}}`;
    // `split`, `sub` and `constructor` are inherited, so every step resolves to nothing.
    assert.deepEqual(render(payload), ok(''));
    assert.equal((globalThis as Record<string, unknown>)[marker], undefined);
  });

  test('attribute names cannot pollute prototypes', () => {
    const hostile = JSON.parse('{"__proto__": ["a"], "__proto__.polluted": ["b"], "constructor.prototype.polluted": ["c"]}') as Record<string, string[]>;
    const built = messageVariables({
      endpoint: { Attributes: hostile },
      recipientSubstitutions: hostile,
      defaultSubstitutions: '{"__proto__":{"polluted":"d"},"__proto__.polluted":"e"}',
    });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(built), Object.prototype);
    assert.equal(Object.getPrototypeOf(built.Attributes), Object.prototype);
    assert.deepEqual(render('[{{polluted}}{{Attributes.polluted}}]', built), ok('[]'));
  });

  test('the global Handlebars instance is untouched', () => {
    assert.equal(Object.prototype.hasOwnProperty.call(Handlebars.helpers, 'dateFormat'), false);
    assert.equal(Object.prototype.hasOwnProperty.call(Handlebars.helpers, 'eq'), false);
    assert.equal(Handlebars.compile('{{#each l}}{{this}}{{/each}}')({ l: Array.from({ length: 20 }, () => 'x') }), 'x'.repeat(20));
  });
});

describe('limits', () => {
  test('output up to 10 MB renders; beyond that the render fails', () => {
    const tenMegabytes = 10 * 1024 * 1024;
    const full = render('{{x}}', { x: 'y'.repeat(tenMegabytes) });
    assert.equal(full.ok && full.text.length, tenMegabytes);
    assert.deepEqual(render('{{x}}{{x}}', { x: 'y'.repeat(6 * 1024 * 1024) }), { ok: false, reason: 'The rendered message is larger than 10 MB' });
    // 5.5 M characters of 'é' are 11 MB of UTF-8.
    assert.deepEqual(render('{{x}}', { x: 'é'.repeat(5.5 * 1024 * 1024) }), { ok: false, reason: 'The rendered message is larger than 10 MB' });
    assert.deepEqual(render('{{#each l}}{{../x}}{{/each}}', { l: Array.from({ length: 11 }, () => 1), x: 'y'.repeat(1024 * 1024) }),
      { ok: false, reason: 'Rendering failed: The rendered message would be larger than 10 MB' });
  });

  test('nested loops are bounded by a work budget', () => {
    const list = Array.from({ length: 20 }, (_, i) => i);
    const nested = (depth: number) => `${'{{#each @root.list}}'.repeat(depth)}x${'{{/each}}'.repeat(depth)}`;
    const three = render(nested(3), { list });
    assert.equal(three.ok && three.text.length, 15 ** 3);
    assert.deepEqual(render(nested(6), { list }),
      { ok: false, reason: 'Rendering failed: The template does too much work: more than 200000 loop iterations, partial calls and helper calls' });
  });

  test('renders sharing a budget stop once it is spent, each within its own limit', () => {
    const list = Array.from({ length: 15 }, (_, i) => i);
    const source = '{{#each @root.list}}{{#each @root.list}}{{#each @root.list}}x{{/each}}{{/each}}{{/each}}';
    const budget = { stepsLeft: 10_000 };
    const options = { html: false, now: new Date('2020-09-19T17:30:05.123Z'), randomUUID: () => 'fixed-uuid', budget };
    const outcomes = Array.from({ length: 4 }, () => renderMessagePart(source, { list }, options));
    // One render of 15³ iterations costs a few thousand steps: the budget pays for two, not four.
    assert.deepEqual(outcomes.map((outcome) => outcome.ok), [true, true, false, false]);
    assert.deepEqual(outcomes[2], {
      ok: false,
      reason: 'Rendering failed: The messages of this request do too much template work in all (loop iterations, partial calls and helper calls); this one was not rendered',
    });
    assert.ok(budget.stepsLeft < 0);
    // Text without work still renders.
    assert.deepEqual(renderMessagePart('Hello {{@root.name}}', { name: 'Ada' }, options), ok('Hello Ada'));
  });

  test('partials that multiply their output or call themselves fail cleanly', () => {
    let source = `{{#*inline "p0"}}${'x'.repeat(1000)}{{/inline}}`;
    for (let level = 1; level <= 9; level += 1) {
      source += `{{#*inline "p${level}"}}${`{{> p${level - 1}}}`.repeat(4)}{{/inline}}`;
    }
    assert.deepEqual(render(`${source}{{> p9}}`),
      { ok: false, reason: 'Rendering failed: The template does too much work: its loops and partials produce more than 64 M characters' });
    assert.deepEqual(render('{{#*inline "again"}}a{{> again}}{{/inline}}{{> again}}'),
      { ok: false, reason: 'Rendering failed: Partials are nested more than 64 deep (does a partial call itself?)' });
  });

  test('pathological nesting is refused before compiling', () => {
    const deep = `${'{{#if a}}'.repeat(20000)}${'{{/if}}'.repeat(20000)}`;
    const problem = 'Syntax error at line 1, column 901: blocks are nested more than 100 deep';
    assert.equal(templateSyntaxProblem(deep), problem);
    assert.deepEqual(render(deep, { a: true }), { ok: false, reason: problem });
    assert.deepEqual(render(`${'{{#if a}}'.repeat(100)}ok${'{{/if}}'.repeat(100)}`, { a: true }), ok('ok'));
    assert.equal(templateSyntaxProblem(`{{#if a}}${'{{else if b}}'.repeat(150)}{{/if}}`), 'Syntax error at line 1, column 1297: blocks are nested more than 100 deep');
    assert.equal(templateSyntaxProblem(`{{x ${'('.repeat(60)}y${')'.repeat(60)}}}`), 'Syntax error at line 1, column 1: subexpressions are nested more than 50 deep');
    assert.equal(templateSyntaxProblem('{{x}}'.repeat(25_001)), 'The template has more than 25000 {{…}} tags');
  });
});
