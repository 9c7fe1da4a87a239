import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessagePart, type RenderOutcome } from './index.ts';

function render(source: string, variables: Record<string, unknown> = {}, randomUUID = () => 'fixed-uuid'): RenderOutcome {
  return renderMessagePart(source, variables, { html: false, now: new Date('2020-09-19T17:30:05.123Z'), randomUUID });
}

function ok(text: string): RenderOutcome {
  return { ok: true, text };
}

function failed(reason: string): RenderOutcome {
  return { ok: false, reason: `Rendering failed: ${reason}` };
}

describe('arithmetic', () => {
  test('the guide’s examples', () => {
    assert.deepEqual(render('{{add 5 2.3}}|{{subtract 5 2.3}}|{{multiply 5 2.3}}|{{divide 5 2.3}}|{{modulo 7 2}}'), ok('7.3|2.7|11.5|2.17391304|1'));
    assert.deepEqual(render('{{ceiling 5.23}}|{{floor 5.23}}|You spent an average of {{round 19.21}} minutes'), ok('6|5|You spent an average of 19 minutes'));
  });

  test('numeric text and one-value lists count as numbers; results lose floating-point noise', () => {
    assert.deepEqual(render('{{add "0.1" "0.2"}}|{{multiply Metrics.items price}}|{{subtract 1 "1e3"}}', { Metrics: { items: 3 }, price: ['19.99'] }), ok('0.3|59.97|-999'));
    assert.deepEqual(render('{{round 2.5}}|{{round -2.5}}|{{round -0.2}}|{{ceiling -5.5}}|{{floor -5.5}}|{{modulo -7.5 2}}'), ok('3|-2|0|-5|-6|-1.5'));
    assert.deepEqual(render('{{add (multiply 2 3) (divide 10 4)}}'), ok('8.5'));
  });

  test('non-numbers, missing values and division by zero fail the render', () => {
    assert.deepEqual(render('{{divide 5 "x"}}'), failed('divide: the second argument must be a number, got "x"'));
    assert.deepEqual(render('{{divide 5 0}}'), failed('divide: cannot divide by zero'));
    assert.deepEqual(render('{{modulo 5 0}}'), failed('modulo: cannot divide by zero'));
    assert.deepEqual(render('{{add Metrics.none 1}}', { Metrics: {} }), failed('add: the first argument must be a number, got nothing'));
    assert.deepEqual(render('{{ceiling "12abc"}}'), failed('ceiling: the value must be a number, got "12abc"'));
    assert.deepEqual(render('{{floor list}}', { list: ['1', '2'] }), failed('floor: the value must be a number, got "1,2"'));
    assert.deepEqual(render('{{multiply "1e200" "1e200"}}'), failed('multiply: the result is not a finite number'));
    assert.deepEqual(render('{{add 1}}'), failed('add: expects 2 arguments, got 1'));
  });
});

describe('encoding and hashing', () => {
  test('Base64 both ways, as UTF-8', () => {
    assert.deepEqual(render('{{encode64 "Hello World"}}|{{decode64 "SGVsbG8gV29ybGQ="}}'), ok('SGVsbG8gV29ybGQ=|Hello World'));
    assert.deepEqual(render('{{encode64 "héllo wörld"}}|{{decode64 (encode64 "héllo wörld")}}|{{decode64 "SGk"}}'), ok('aMOpbGxvIHfDtnJsZA==|héllo wörld|Hi'));
    assert.deepEqual(render('{{decode64 "not base64!"}}'), failed('decode64: the value is not Base64 text'));
  });

  test('md5, sha256, sha512 in hex; a missing value hashes to nothing', () => {
    assert.deepEqual(render('{{md5 "Hello World"}}'), ok('b10a8db164e0754105b7a99be72e3fe5'));
    assert.deepEqual(render('{{sha256 "Hello World"}}'), ok('a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e'));
    assert.deepEqual(render('{{sha512 "Hello World"}}'),
      ok('2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671064615d645ae27acb15bfb1447f459b'));
    assert.deepEqual(render('[{{md5 nothing}}]|{{sha256 Address}}', { Address: ['a@example.com'] }),
      ok('[]|08168cd80dfd534ab0f10af10f1303fe00af2d43ab5c1432360d137f8197e17a'));
  });

  test('uuid comes from the render’s random source', () => {
    let n = 0;
    const next = () => `uuid-${++n}`;
    assert.deepEqual(render('{{uuid}} {{uuid}}', {}, next), ok('uuid-1 uuid-2'));
    assert.deepEqual(render('{{uuid}}', {}, () => '95f36680-152c-4052-99ec-cc3cdf7ca594'), ok('95f36680-152c-4052-99ec-cc3cdf7ca594'));
    assert.deepEqual(render('{{uuid 1}}'), failed('uuid: expects 0 arguments, got 1'));
  });
});
