import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { messageVariables, renderMessagePart, templateSyntaxProblem, type RenderOutcome } from './index.ts';

function render(source: string, variables: Record<string, unknown> = {}, html = false): RenderOutcome {
  return renderMessagePart(source, variables, { html, now: new Date('2020-09-19T17:30:05.123Z'), randomUUID: () => 'fixed-uuid' });
}

function ok(text: string): RenderOutcome {
  return { ok: true, text };
}

const sofia = messageVariables({
  endpoint: {
    Id: 'endpoint-1',
    Address: 'sofia@example.com',
    ChannelType: 'EMAIL',
    Attributes: { FavoriteColors: ['blue', 'red', 'green'], Plan: ['Gold'], 'Favorite Food': ['tacos'] },
    Demographic: { Platform: 'ios', Timezone: 'America/Los_Angeles' },
    Location: { City: 'Los Angeles', Country: 'US', Latitude: 34.1 },
    Metrics: { Sessions: 12 },
    User: { UserId: 'user-1', UserAttributes: { FirstName: ['Sofia'], Activity: ['half marathon'], PersonalRecord: ['1:42:17'] } },
  },
});

describe('message variables in a template', () => {
  test('the guide’s fitness example', () => {
    const source = 'Hi {{User.UserAttributes.FirstName}}, congratulations on your new {{User.UserAttributes.Activity}} record of {{User.UserAttributes.PersonalRecord}}!';
    assert.deepEqual(render(source, sofia), ok('Hi Sofia, congratulations on your new half marathon record of 1:42:17!'));
  });

  test('standard attributes', () => {
    const source = '{{Id}}|{{Address}}|{{ChannelType}}|{{Demographic.Platform}}|{{Location.City}}|{{Location.Latitude}}|{{Metrics.Sessions}}|{{User.UserId}}|{{Attributes.[Favorite Food]}}';
    assert.deepEqual(render(source, sofia), ok('endpoint-1|sofia@example.com|EMAIL|ios|Los Angeles|34.1|12|user-1|tacos'));
  });

  test('a list renders as its items joined with commas; each, join and .[n] see the list', () => {
    assert.deepEqual(render('{{Attributes.FavoriteColors}}|{{Attributes.Plan}}', sofia), ok('blue,red,green|Gold'));
    assert.deepEqual(render('{{#each Attributes.FavoriteColors}}<li>{{@index}}:{{this}}</li>{{else}}none{{/each}}', sofia),
      ok('<li>0:blue</li><li>1:red</li><li>2:green</li>'));
    assert.deepEqual(render('{{join Attributes.FavoriteColors ", "}}|{{Attributes.FavoriteColors.[1]}}|{{Attributes.FavoriteColors.length}}', sofia), ok('blue, red, green|red|3'));
    assert.deepEqual(render('{{#each Attributes.Nothing}}x{{else}}You have no favorite colors.{{/each}}', sofia), ok('You have no favorite colors.'));
    assert.deepEqual(render('{{#Attributes.FavoriteColors}}[{{this}}]{{/Attributes.FavoriteColors}}', sofia), ok('[blue][red][green]'));
  });

  test('missing values render as empty text, whatever the depth', () => {
    assert.deepEqual(render('[{{Attributes.Nope}}|{{User.UserAttributes.Nope.[0]}}|{{a.b.c.d}}|{{{Nope}}}|{{Location.Nope}}]', sofia), ok('[||||]'));
    assert.deepEqual(render('Hi {{User.UserAttributes.FirstName}}, your {{User.UserAttributes.Activity}} record', messageVariables({})), ok('Hi , your  record'));
    assert.deepEqual(render('{{#if User.UserAttributes.LastName.[0]}}has{{else}}Hello,{{/if}}', sofia), ok('Hello,'));
  });

  test('a template default fills a variable the recipient lacks', () => {
    const variables = messageVariables({
      endpoint: { User: { UserAttributes: { FirstName: ['Mary'] } } },
      defaultSubstitutions: JSON.stringify({ 'User.UserAttributes.FirstName': 'friend', 'User.UserAttributes.Activity': 'running' }),
    });
    assert.deepEqual(render('Hi {{User.UserAttributes.FirstName}}, your {{User.UserAttributes.Activity}} record ({{User.UserAttributes.Activity.[0]}})', variables),
      ok('Hi Mary, your running record (running)'));
  });

  test('inline partials (the guide’s fullName example)', () => {
    const source = '{{#*inline "fullName"}}{{User.UserAttributes.FirstName.[0]}}{{#if User.UserAttributes.LastName.[0]}} {{User.UserAttributes.LastName.[0]}}{{/if}}{{/inline}}Hello {{> fullName}}!';
    assert.deepEqual(render(source, { User: { UserAttributes: { FirstName: ['Jane'], LastName: ['Doe'] } } }), ok('Hello Jane Doe!'));
    assert.deepEqual(render(source, { User: { UserAttributes: { FirstName: ['Jane'] } } }), ok('Hello Jane!'));
    assert.deepEqual(render('{{> nowhere}}'), { ok: false, reason: 'Rendering failed: The partial nowhere could not be found' });
  });

  test('each iterates at most 15 items', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `c${i}`);
    assert.deepEqual(render('{{#each list}}{{this}},{{/each}}', { list: twenty }), ok('c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13,c14,'));
    assert.deepEqual(render('{{#each list}}{{#if @last}}last={{this}}{{/if}}{{/each}}', { list: twenty }), ok('last=c14'));
    assert.deepEqual(render('{{#list}}{{this}}{{/list}}', { list: twenty }), ok('c0c1c2c3c4c5c6c7c8c9c10c11c12c13c14'));
    const keys = Object.fromEntries(twenty.map((key) => [key, 1]));
    assert.deepEqual(render('{{#each keys}}{{@key}} {{/each}}', { keys }), ok('c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 c10 c11 c12 c13 c14 '));
    assert.deepEqual(render('{{join list ","}}', { list: twenty }), ok(twenty.join(',')));
  });

  test('the log helper renders nothing and writes nothing', () => {
    assert.deepEqual(render('a{{log "debug"}}b'), ok('ab'));
  });
});

describe('escaping', () => {
  const variables = { x: `<b>"Tom" & 'Jerry'</b>`, list: ['<i>', 'a&b'] };

  test('an HTML part escapes {{x}} and leaves {{{x}}} raw', () => {
    assert.deepEqual(render('{{x}}|{{{x}}}|{{list}}|{{#each list}}{{this}};{{/each}}', variables, true),
      ok('&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;|<b>"Tom" & \'Jerry\'</b>|&lt;i&gt;,a&amp;b|&lt;i&gt;;a&amp;b;'));
  });

  test('text parts (subject, text body, SMS, push, voice) never escape', () => {
    assert.deepEqual(render('{{x}}|{{{x}}}|{{list}}|{{#each list}}{{this}};{{/each}}', variables, false),
      ok(`<b>"Tom" & 'Jerry'</b>|<b>"Tom" & 'Jerry'</b>|<i>,a&b|<i>;a&b;`));
  });

  test('template text itself is never altered', () => {
    assert.deepEqual(render('<p class="x">A & B</p>{{x}}', { x: '&' }, true), ok('<p class="x">A & B</p>&amp;'));
  });
});

describe('syntax errors', () => {
  test('templateSyntaxProblem accepts valid templates', () => {
    assert.equal(templateSyntaxProblem('Hello {{User.UserAttributes.FirstName}}{{#if x}}!{{/if}}'), undefined);
    assert.equal(templateSyntaxProblem('plain text, no tags'), undefined);
    assert.equal(templateSyntaxProblem('{{unknownHelper a b}}'), undefined);
  });

  test('an unclosed block says where the template ends', () => {
    assert.equal(templateSyntaxProblem('Hello\n{{#if x}}abc'),
      "Syntax error at line 2, column 13, near \"{{#if x}}abc\": expecting 'OPEN_INVERSE_CHAIN', 'INVERSE', 'OPEN_ENDBLOCK', got 'EOF' (the template ends inside an unfinished tag or block)");
  });

  test('a mismatched closing tag and a broken tag', () => {
    assert.equal(templateSyntaxProblem('a {{#if x}}{{/each}}'), "Syntax error at line 1, column 6: if doesn't match each");
    assert.equal(templateSyntaxProblem('Dear {{User.FirstName'),
      "Syntax error at line 1, column 13, near \"Dear {{User.FirstName\": expecting 'ID', got 'INVALID'");
    assert.equal(templateSyntaxProblem('{{{x}}'),
      "Syntax error at line 1, column 5, near \"{{{x}}\": expecting 'CLOSE_UNESCAPED', 'OPEN_SEXPR', 'ID', 'STRING', 'NUMBER', 'BOOLEAN', 'UNDEFINED', 'NULL', 'DATA', got 'CLOSE'");
  });

  test('renderMessagePart reports the same problem, every time', () => {
    const source = 'Hello\n{{#if x}}abc';
    const expected = { ok: false, reason: templateSyntaxProblem(source) };
    assert.deepEqual(render(source), expected);
    assert.deepEqual(render(source, {}, false), expected);
    assert.deepEqual(render('a {{#if x}}{{/each}}'), { ok: false, reason: "Syntax error at line 1, column 6: if doesn't match each" });
  });
});

describe('helper failures', () => {
  test('a throwing helper fails the render cleanly', () => {
    assert.deepEqual(render('Total: {{divide Metrics.total "abc"}}', { Metrics: { total: 10 } }),
      { ok: false, reason: 'Rendering failed: divide: the second argument must be a number, got "abc"' });
    assert.deepEqual(render('{{formatCurrency price}}', { price: 1 }), { ok: false, reason: 'Rendering failed: Missing helper: "formatCurrency"' });
  });

  test('a throwing random source fails the render instead of escaping', () => {
    const outcome = renderMessagePart('{{uuid}}', {}, { html: false, now: new Date(0), randomUUID: () => { throw new Error('no entropy'); } });
    assert.deepEqual(outcome, { ok: false, reason: 'Rendering failed: no entropy' });
  });
});
