import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FormParams, parseFormBody } from './form-params.ts';

describe('parseFormBody', () => {
  test('decodes form encoding: + is a space, %2B a plus, percent-escapes are UTF-8', () => {
    assert.deepEqual(parseFormBody('Action=CreateUser&UserName=a+b%2Bc&Path=%2Fteam%2F&Note=%C3%BC%E2%82%AC'), [
      ['Action', 'CreateUser'],
      ['UserName', 'a b+c'],
      ['Path', '/team/'],
      ['Note', 'ü€'],
    ]);
  });

  test('accepts a Buffer and decodes keys too', () => {
    assert.deepEqual(parseFormBody(Buffer.from('Tags.member.1.Key=k%26v&Tags%2Emember%2E2%2EKey=x')), [
      ['Tags.member.1.Key', 'k&v'],
      ['Tags.member.2.Key', 'x'],
    ]);
  });

  test('an empty body has no parameters; a key without = has an empty value', () => {
    assert.deepEqual(parseFormBody(''), []);
    assert.deepEqual(parseFormBody(Buffer.alloc(0)), []);
    assert.deepEqual(parseFormBody('Tags&&Action=X'), [
      ['Tags', ''],
      ['Action', 'X'],
    ]);
  });

  test('a stray % stays as it is and invalid UTF-8 becomes U+FFFD instead of failing', () => {
    assert.deepEqual(parseFormBody('A=100%&B=%zz&C=%FF'), [
      ['A', '100%'],
      ['B', '%zz'],
      ['C', '\uFFFD'],
    ]);
  });

  test('a URL-encoded policy document is decoded exactly once', () => {
    const document = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"a b+c"}]}';
    const once = encodeURIComponent(document);
    assert.deepEqual(parseFormBody(`PolicyDocument=${encodeURIComponent(document)}`), [['PolicyDocument', document]]);
    // A client that URL-encodes the document itself sends it encoded twice; one layer remains.
    assert.deepEqual(parseFormBody(`PolicyDocument=${encodeURIComponent(once)}`), [['PolicyDocument', once]]);
  });
});

describe('FormParams', () => {
  test('the first occurrence of a repeated key wins', () => {
    const params = new FormParams([
      ['Action', 'GetCallerIdentity'],
      ['Action', 'NoSuchAction'],
    ]);
    assert.equal(params.get('Action'), 'GetCallerIdentity');
  });

  test('accepts a Map', () => {
    const params = new FormParams(new Map([['UserName', 'bob']]));
    assert.equal(params.get('UserName'), 'bob');
    assert.equal(params.get('Other'), undefined);
  });

  test('has() is true for a key and for any prefix of a dotted key', () => {
    const params = new FormParams([['Tags.member.1.Key', 'k']]);
    assert.equal(params.has('Tags'), true);
    assert.equal(params.has('Tags.member'), true);
    assert.equal(params.has('Tags.member.1.Key'), true);
    assert.equal(params.has('Tag'), false);
    assert.equal(params.has('Tags.member.1.Key.x'), false);
    assert.equal(params.get('Tags'), undefined);
  });

  test('children() lists the next segments', () => {
    const params = new FormParams([
      ['Tags.member.1.Key', 'k'],
      ['Tags.member.1.Value', 'v'],
      ['Tags.member.2.Key', 'k2'],
    ]);
    assert.deepEqual([...params.children('Tags.member')], ['1', '2']);
    assert.deepEqual([...params.children('Tags.member.1')], ['Key', 'Value']);
    assert.deepEqual([...params.children('')], ['Tags']);
    assert.deepEqual([...params.children('Nope')], []);
  });

  test('indexes() are positive integers in numeric order; other segments are not list items', () => {
    const params = new FormParams(
      ['10', '2', '1', '0', '01', 'x', '-1', '1e3', '9999999999'].map((i): [string, string] => [`L.member.${i}`, i]),
    );
    assert.deepEqual(params.indexes('L.member'), [1, 2, 10]);
    assert.deepEqual(params.indexes('Missing'), []);
  });
});
