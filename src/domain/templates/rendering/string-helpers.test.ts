import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessagePart, type RenderOutcome } from './index.ts';

const options = { html: false, now: new Date('2020-09-19T17:30:05.123Z'), randomUUID: () => 'fixed-uuid' };

function render(source: string, variables: Record<string, unknown> = {}, html = false): RenderOutcome {
  return renderMessagePart(source, variables, { ...options, html });
}

function ok(text: string): RenderOutcome {
  return { ok: true, text };
}

function failed(reason: string): RenderOutcome {
  return { ok: false, reason: `Rendering failed: ${reason}` };
}

const vars = {
  Location: { City: 'Los Angeles' },
  Attributes: { description: ['my first post'], favorite_colors: ['blue', 'red', 'green'], interests: ['<h1>Art</h1>'] },
  User: { UserAttributes: { LastName: ['Alejandro'], Surname: ['Roe'], UserAge: ['22'] } },
};

describe('abbreviate', () => {
  test('truncates to the width, the ellipsis included', () => {
    assert.deepEqual(render('{{abbreviate User.UserAttributes.LastName.[0] 6}}', vars), ok('Ale...'));
    assert.deepEqual(render('{{abbreviate "Bob" 6}}|{{abbreviate "Robert" 6}}|{{abbreviate "Roberta" 6}}'), ok('Bob|Robert|Rob...'));
  });
  test('a width below 4 or a negative width is refused', () => {
    assert.deepEqual(render('{{abbreviate "Alejandro" 3}}'), failed('abbreviate: the width must be at least 4, got 3'));
    assert.deepEqual(render('{{abbreviate "Alejandro" -1}}'), failed('abbreviate: the width must not be negative, got -1'));
  });
});

describe('capitalize and capitalizeFirst', () => {
  test('capitalize upper-cases each word; fully=true lower-cases the rest first', () => {
    assert.deepEqual(render('{{capitalize Attributes.description.[0]}}', vars), ok('My First Post'));
    assert.deepEqual(render('{{capitalize "mY fIRST  post"}}|{{capitalize "mY fIRST  post" fully=true}}'), ok('MY FIRST  Post|My First  Post'));
  });
  test('capitalizeFirst upper-cases only the first character; helpers nest', () => {
    assert.deepEqual(render('{{capitalizeFirst Attributes.description.[0]}}', vars), ok('My first post'));
    assert.deepEqual(render('{{capitalizeFirst (lower "JANE")}}|{{capitalizeFirst ""}}|{{capitalizeFirst "élan"}}'), ok('Jane||Élan'));
  });
});

describe('center, ljust, rjust', () => {
  test('center pads both sides, the left one getting the smaller half', () => {
    assert.deepEqual(render('[{{center Location.City size=19}}]', vars), ok('[    Los Angeles    ]'));
    assert.deepEqual(render('[{{center "ab" size=7 pad="*"}}]|[{{center "ab" 5}}]|[{{center "abcdef" size=3}}]'), ok('[**ab***]|[ ab  ]|[abcdef]'));
  });
  test('ljust and rjust pad to the width, with a space or the given pad', () => {
    assert.deepEqual(render('[{{ljust Location.City 15}}]|[{{rjust Location.City 15}}]', vars), ok('[Los Angeles    ]|[    Los Angeles]'));
    assert.deepEqual(render('{{ljust "ab" 5 pad="*"}}|{{rjust "ab" 5 pad="-="}}|{{rjust "abcdef" 3}}'), ok('ab***|-=-ab|abcdef'));
  });
  test('negative and absurd widths are refused', () => {
    assert.deepEqual(render('{{ljust "a" -2}}'), failed('ljust: the width must not be negative, got -2'));
    assert.deepEqual(render('{{rjust "a" 20000000}}'), failed('rjust: the width must be at most 10485760, got 20000000'));
    assert.deepEqual(render('{{center "a"}}'), failed('center: size must be a number, got nothing'));
  });
});

describe('cut, replace, lower, upper', () => {
  test('cut removes every occurrence; a space by default', () => {
    assert.deepEqual(render('{{cut Location.City "e"}}|{{cut Location.City}}', vars), ok('Los Angls|LosAngeles'));
  });
  test('replace is literal, not a pattern', () => {
    assert.deepEqual(render('{{replace Location.City " " "_"}}', vars), ok('Los_Angeles'));
    assert.deepEqual(render('{{replace "a.b.c" "." "$&"}}|{{replace "abc" "" "x"}}'), ok('a$&b$&c|abc'));
  });
  test('lower and upper', () => {
    assert.deepEqual(render('{{lower "Santos"}}|{{upper User.UserAttributes.Surname.[0]}}|{{upper User.UserAttributes.Surname}}', vars), ok('santos|ROE|ROE'));
  });
});

describe('slugify, stripTags, substring', () => {
  test('slugify', () => {
    assert.deepEqual(render('{{slugify Location.City}}|{{slugify "  Café Crème! 2020  "}}|{{slugify "a -- b__c"}}', vars), ok('los-angeles|cafe-creme-2020|a-b__c'));
  });
  test('stripTags removes tags and comments but not lone angle brackets', () => {
    assert.deepEqual(render('{{stripTags Attributes.interests.[0]}}', vars), ok('Art'));
    assert.deepEqual(render('{{{stripTags x}}}', { x: '<p class="a">Hi <b>there</b></p><!-- note --><br/>' }), ok('Hi there'));
    assert.deepEqual(render('{{stripTags "a < b and c > d"}}'), ok('a < b and c > d'));
  });
  test('substring takes start and optional end offsets, clamped to the text', () => {
    assert.deepEqual(render('{{substring Location.City 4 9}}|{{substring Location.City 4}}|{{substring Location.City 4 100}}|[{{substring Location.City 9 4}}]', vars), ok('Angel|Angeles|Angeles|[]'));
    assert.deepEqual(render('{{substring "abc" -1}}'), failed('substring: the start offset must not be negative, got -1'));
    assert.deepEqual(render('{{substring "abc" "x"}}'), failed('substring: the start offset must be a number, got "x"'));
  });
});

describe('yesno', () => {
  test('true, false and missing become yes, no and maybe, or the given words', () => {
    const source = '{{yesno a}}|{{yesno b}}|{{yesno c}}|{{yesno d}}|{{yesno nothing}}';
    assert.deepEqual(render(source, { a: ['true'], b: 'false', c: true, d: false }), ok('yes|no|yes|no|maybe'));
    assert.deepEqual(render('{{yesno a yes="Subscribed" no="Not subscribed" maybe="Unknown"}}|{{yesno b maybe="Unknown"}}', { a: 'TRUE' }), ok('Subscribed|Unknown'));
  });
});

describe('inflect, ordinalize, join', () => {
  test('inflect picks the singular for 1, the plural otherwise; words may be unquoted as in the guide', () => {
    assert.deepEqual(render('{{inflect 3 apple apples includeCount=false}}|{{inflect 3 apple apples includeCount=true}}|{{inflect 1 "apple" "apples" includeCount=true}}|{{inflect 0 "box" "boxes"}}'), ok('apples|3 apples|1 apple|boxes'));
    assert.deepEqual(render('{{inflect n "item" "items" includeCount=true}}', { n: ['2'] }), ok('2 items'));
    assert.deepEqual(render('{{inflect "many" "a" "b"}}'), failed('inflect: the count must be a number, got "many"'));
  });
  test('ordinalize', () => {
    const source = ['1', '2', '3', '4', '11', '12', '13', '21', '22', '23', '101', '111', '112', '0'].map((n) => `{{ordinalize ${n}}}`).join(' ');
    assert.deepEqual(render(source), ok('1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 101st 111th 112th 0th'));
    assert.deepEqual(render('Congratulations on your {{ordinalize User.UserAttributes.UserAge.[0]}} birthday!', vars), ok('Congratulations on your 22nd birthday!'));
    assert.deepEqual(render('[{{ordinalize nothing}}]'), ok('[]'));
    assert.deepEqual(render('{{ordinalize "abc"}}'), failed('ordinalize: the value must be a number, got "abc"'));
    assert.deepEqual(render('{{ordinalize 2.5}}'), failed('ordinalize: the value must be a whole number, got 2.5'));
  });
  test('join joins a list with the separator, with optional prefix and suffix', () => {
    assert.deepEqual(render('{{join Attributes.favorite_colors ", "}}', vars), ok('blue, red, green'));
    assert.deepEqual(render('{{join Attributes.favorite_colors " // " prefix="[" suffix="]"}}', vars), ok('[blue // red // green]'));
    assert.deepEqual(render('{{join "a" "b" 3 "-"}}|[{{join nothing ", " prefix="<"}}]'), ok('a-b-3|[]'));
    assert.deepEqual(render('{{join Attributes.favorite_colors}}', vars), failed('join: expects at least 2 arguments, got 1'));
  });
});

describe('string helper output and escaping', () => {
  test('in an HTML part a helper’s result is escaped by {{ }} and left alone by {{{ }}}', () => {
    const variables = { x: ['<b>Tom & Jerry</b>'] };
    assert.deepEqual(render('{{upper x}}|{{{upper x}}}', variables, true), ok('&lt;B&gt;TOM &amp; JERRY&lt;/B&gt;|<B>TOM & JERRY</B>'));
    assert.deepEqual(render('{{upper x}}', variables, false), ok('<B>TOM & JERRY</B>'));
  });
  test('missing values give empty text', () => {
    assert.deepEqual(render('[{{upper nothing}}{{lower a.b.c}}{{capitalize nothing}}{{slugify nothing}}{{substring nothing 1}}]'), ok('[]'));
  });
});
