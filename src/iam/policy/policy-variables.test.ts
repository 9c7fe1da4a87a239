import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePieces, renderLiteral, variableKeys } from './policy-variables.ts';

const ON = { wildcards: true, variables: true } as const;

function render(raw: string, keys: Record<string, string | string[]>): string | undefined {
  return renderLiteral(parsePieces(raw, { wildcards: false, variables: true }), new Map(Object.entries(keys)));
}

describe('parsePieces', () => {
  test('splits text, wildcards and variables; key names are lowercased', () => {
    assert.deepEqual(parsePieces('home/${aws:UserName}/*?', ON), [
      { kind: 'text', text: 'home/' },
      { kind: 'var', key: 'aws:username', fallback: undefined },
      { kind: 'text', text: '/' },
      { kind: 'star' },
      { kind: 'one' },
    ]);
  });

  test('defaults keep their case; whitespace around key and default is ignored; doubled quotes are one quote', () => {
    assert.deepEqual(parsePieces("${ aws:PrincipalTag/team , 'Company-Wide' }", ON), [
      { kind: 'var', key: 'aws:principaltag/team', fallback: 'Company-Wide' },
    ]);
    assert.deepEqual(parsePieces("${aws:username, 'it''s'}", ON), [{ kind: 'var', key: 'aws:username', fallback: "it's" }]);
    assert.deepEqual(parsePieces("${aws:username, ''}", ON), [{ kind: 'var', key: 'aws:username', fallback: '' }]);
  });

  test('escapes ${*} ${?} ${$} become literal text, merged with neighbours', () => {
    assert.deepEqual(parsePieces('a${*}b${?}c${$}d', ON), [{ kind: 'text', text: 'a*b?c$d' }]);
  });

  test('without wildcards, * and ? are text', () => {
    assert.deepEqual(parsePieces('a*b?', { wildcards: false, variables: true }), [{ kind: 'text', text: 'a*b?' }]);
  });

  test('Version 2008-10-17 (variables off): ${...} is literal text, wildcards still apply', () => {
    assert.deepEqual(parsePieces('home/${aws:username}/*', { wildcards: true, variables: false }), [
      { kind: 'text', text: 'home/${aws:username}/' },
      { kind: 'star' },
    ]);
    assert.deepEqual(parsePieces('${*}', { wildcards: true, variables: false }), [{ kind: 'text', text: '${' }, { kind: 'star' }, { kind: 'text', text: '}' }]);
  });

  test('malformed variables stay literal', () => {
    for (const raw of ['${aws:username', '${}', "${'x'}", '${a, b}', "${a, 'b}"]) {
      const pieces = parsePieces(raw, { wildcards: false, variables: true });
      assert.deepEqual(pieces, [{ kind: 'text', text: raw }], raw);
    }
  });

  test('variableKeys lists the variables read', () => {
    assert.deepEqual(variableKeys(parsePieces('${aws:username}/${aws:PrincipalTag/x, "d"}/${aws:userid}', ON)), ['aws:username', 'aws:userid']);
  });
});

describe('renderLiteral', () => {
  test('substitutes aws:username and tag keys', () => {
    assert.equal(render('home/${aws:username}/', { 'aws:username': 'alice' }), 'home/alice/');
    assert.equal(render('${aws:PrincipalTag/team}-x', { 'aws:principaltag/team': 'red' }), 'red-x');
  });

  test('any context key can be a variable', () => {
    assert.equal(render('${mobiletargeting:Attributes}', { 'mobiletargeting:attributes': 'v' }), 'v');
  });

  test('missing key without default is unresolved; with default uses it', () => {
    assert.equal(render('home/${aws:username}/', {}), undefined);
    assert.equal(render("home/${aws:username, 'guest'}/", {}), 'home/guest/');
    assert.equal(render("home/${aws:username, 'guest'}/", { 'aws:username': 'bob' }), 'home/bob/');
  });

  test('multi-valued keys cannot be variables: default or unresolved', () => {
    assert.equal(render('${aws:TagKeys}', { 'aws:tagkeys': ['a'] }), undefined);
    assert.equal(render("${aws:TagKeys, 'none'}", { 'aws:tagkeys': ['a', 'b'] }), 'none');
  });

  test('one pass only: a value that looks like a variable stays as it is', () => {
    assert.equal(render('${aws:username}', { 'aws:username': '${aws:userid}' }), '${aws:userid}');
    assert.equal(render("${aws:username, '${aws:userid}'}", { 'aws:userid': 'X' }), '${aws:userid}');
  });

  test('an empty value substitutes as empty', () => {
    assert.equal(render('a${aws:username}b', { 'aws:username': '' }), 'ab');
  });
});
