import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessagePart, type RenderOutcome } from './index.ts';

const options = { html: false, now: new Date('2020-09-19T17:30:05.123Z'), randomUUID: () => 'fixed-uuid' };

function render(source: string, variables: Record<string, unknown> = {}): RenderOutcome {
  return renderMessagePart(source, variables, options);
}

function ok(text: string): RenderOutcome {
  return { ok: true, text };
}

const person = {
  Location: { City: 'Los Angeles', Country: 'US' },
  User: { UserAttributes: { FavoriteColors: ['red', 'blue'], UserAge: ['22'], FirstName: ['Jane'] } },
};

describe('eq and neq', () => {
  test('block form picks the true or the else part', () => {
    const source = '{{#eq User.UserAttributes.FavoriteColors.[0] "red"}}likes red{{else}}not red{{/eq}}';
    assert.deepEqual(render(source, person), ok('likes red'));
    assert.deepEqual(render(source, { User: { UserAttributes: { FavoriteColors: ['blue'] } } }), ok('not red'));
  });

  test('inline form renders true/false, or the yes/no values', () => {
    assert.deepEqual(render('{{eq 1 1}}|{{eq 1 2}}|{{eq "a" "a" yes="Y" no="N"}}|{{eq "a" "b" yes="Y" no="N"}}'), ok('true|false|Y|N'));
    assert.deepEqual(render('{{neq "a" "b"}}|{{neq "a" "a"}}|{{neq 1 2 yes="different"}}'), ok('true|false|different'));
    assert.deepEqual(render('{{#neq Location.City "Seattle"}}not Seattle{{/neq}}', person), ok('not Seattle'));
  });

  test('a one-value list equals its value; numbers compare as numbers; missing equals only missing', () => {
    assert.deepEqual(render('{{eq User.UserAttributes.FirstName "Jane"}}', person), ok('true'));
    assert.deepEqual(render('{{eq User.UserAttributes.UserAge 22}}|{{eq "22.0" 22}}', person), ok('true|true'));
    assert.deepEqual(render('{{eq nothing nothing}}|{{eq nothing ""}}|{{neq nothing "x"}}'), ok('true|false|true'));
  });
});

describe('gt, gte, lt, lte', () => {
  test('the guide’s age checks work with text attributes, compared as numbers', () => {
    assert.deepEqual(render('{{#gt User.UserAttributes.UserAge.[0] "17"}}old enough{{else}}too young{{/gt}}', person), ok('old enough'));
    assert.deepEqual(render('{{#gte User.UserAttributes.UserAge.[0] "22"}}yes{{/gte}}', person), ok('yes'));
    assert.deepEqual(render('{{#lt User.UserAttributes.UserAge.[0] "18"}}minor{{else}}adult{{/lt}}', person), ok('adult'));
    assert.deepEqual(render('{{#lte User.UserAttributes.UserAge.[0] "21"}}young{{else}}older{{/lte}}', person), ok('older'));
    // "9" > "17" as text, but not as numbers.
    assert.deepEqual(render('{{gt "9" "17"}}|{{lt "9" "17"}}'), ok('false|true'));
  });

  test('inline results, yes/no values, text comparison and missing values', () => {
    assert.deepEqual(render('{{gt 3 2}}|{{gte 2 2}}|{{lt 3 2}}|{{lte 2 2 yes="ok" no="no"}}'), ok('true|true|false|ok'));
    assert.deepEqual(render('{{gt "banana" "apple"}}|{{lt "apple" "banana"}}'), ok('true|true'));
    assert.deepEqual(render('{{gt nothing 1}}|{{lt nothing 1}}|{{gte nothing nothing}}'), ok('false|false|false'));
  });
});

describe('and, or, not', () => {
  test('the guide’s Los Angeles examples', () => {
    const and = '{{#and (eq Location.City "Los Angeles") (eq Location.Country "US")}}LA, US{{else}}elsewhere{{/and}}';
    assert.deepEqual(render(and, person), ok('LA, US'));
    assert.deepEqual(render(and, { Location: { City: 'Los Angeles', Country: 'MX' } }), ok('elsewhere'));
    const or = '{{#or (eq Location.City "Los Angeles") (eq Location.City "Seattle")}}West Coast{{else}}not West Coast{{/or}}';
    assert.deepEqual(render(or, { Location: { City: 'Seattle' } }), ok('West Coast'));
    assert.deepEqual(render(or, { Location: { City: 'Boston' } }), ok('not West Coast'));
  });

  test('truthiness: missing, empty text, 0 and empty lists are false', () => {
    assert.deepEqual(render('{{and 1 "x" a}}|{{and 1 "" a}}|{{and 1 0}}|{{and 1 empty}}', { a: ['v'], empty: [] }), ok('true|false|false|false'));
    assert.deepEqual(render('{{or "" 0 nothing}}|{{or "" 0 "x"}}|{{or a b yes="any" no="none"}}', { a: '', b: [] }), ok('false|true|none'));
  });

  test('not inverts, inline and as a block', () => {
    assert.deepEqual(render('{{not (eq User.UserAttributes.FavoriteColors.[0] "red")}}', person), ok('false'));
    assert.deepEqual(render('{{#not (eq Location.City "Seattle")}}not Seattle{{else}}Seattle{{/not}}', person), ok('not Seattle'));
    assert.deepEqual(render('{{not nothing}}|{{not "x" yes="y" no="n"}}'), ok('true|n'));
  });

  test('argument counts are checked', () => {
    assert.deepEqual(render('{{and 1}}'), { ok: false, reason: 'Rendering failed: and: expects at least 2 arguments, got 1' });
    assert.deepEqual(render('{{eq 1}}'), { ok: false, reason: 'Rendering failed: eq: expects 2 arguments, got 1' });
    assert.deepEqual(render('{{not 1 2}}'), { ok: false, reason: 'Rendering failed: not: expects 1 argument, got 2' });
  });
});
