/**
 * One-time password codes: decimal digits, each drawn uniformly (the caller passes
 * `crypto.randomInt`; tests pass a fixed sequence). Pinpoint's developer guide ("Generate
 * one-time passwords", CodeLength): "The OTP code can contain between 5 and 8 digits". The
 * default of 6 is Pinion's choice (Pinpoint documents none).
 */
export const OTP_CODE_LENGTH = { min: 5, max: 8, default: 6 } as const;

/** Uniform integer in [0, max): `crypto.randomInt` has this signature. */
export type RandomInt = (max: number) => number;

export function generateOtpCode(length: number, randomInt: RandomInt): string {
  if (!Number.isInteger(length) || length < OTP_CODE_LENGTH.min || length > OTP_CODE_LENGTH.max) {
    throw new RangeError(`an OTP code has ${OTP_CODE_LENGTH.min} to ${OTP_CODE_LENGTH.max} digits, not ${length}`);
  }
  let code = '';
  for (let i = 0; i < length; i++) {
    const digit = randomInt(10);
    if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`randomInt(10) answered ${digit}`);
    code += String(digit);
  }
  return code;
}
