import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { test } from 'node:test';
import { generateOtpCode, OTP_CODE_LENGTH } from './otp-code.ts';

function sequence(...digits: number[]): (max: number) => number {
  let i = 0;
  return (max) => {
    assert.equal(max, 10, 'each digit is drawn from 0..9');
    return digits[i++ % digits.length]!;
  };
}

test('a code is one drawn digit per place, leading zeros kept', () => {
  assert.equal(generateOtpCode(6, sequence(0, 0, 7, 1, 9, 3)), '007193');
  assert.equal(generateOtpCode(5, sequence(9)), '99999');
  assert.equal(generateOtpCode(8, sequence(1, 2, 3, 4, 5, 6, 7, 8)), '12345678');
});

test('lengths outside 5 to 8, or a source that answers out of range, are refused', () => {
  for (const length of [0, 4, 9, 5.5, Number.NaN]) assert.throws(() => generateOtpCode(length, sequence(1)), RangeError, String(length));
  assert.throws(() => generateOtpCode(6, sequence(10)), RangeError);
  assert.throws(() => generateOtpCode(6, sequence(-1)), RangeError);
  assert.deepEqual([OTP_CODE_LENGTH.min, OTP_CODE_LENGTH.max, OTP_CODE_LENGTH.default], [5, 8, 6]);
});

test('with crypto.randomInt every digit shows up in every place, about equally often', () => {
  const counts = Array.from({ length: 6 }, () => new Array<number>(10).fill(0));
  const rounds = 20_000;
  for (let n = 0; n < rounds; n++) {
    const code = generateOtpCode(6, (max) => randomInt(max));
    assert.match(code, /^\d{6}$/);
    [...code].forEach((digit, place) => counts[place]![Number(digit)]!++);
  }
  // Expected 2,000 per digit and place; 6 standard deviations (about 6 × 42) is far outside chance.
  for (const place of counts) for (const count of place) assert.ok(Math.abs(count - rounds / 10) < 260, `count ${count}`);
});
