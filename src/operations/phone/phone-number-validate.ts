import type { PhoneNumberValidateCommandInput, PhoneNumberValidateCommandOutput } from '@aws-sdk/client-pinpoint';
import { isPhoneRegion, validatePhoneNumber } from '../../domain/phone/validate-phone-number.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/**
 * Longest PhoneNumber accepted: far above any written number (E.164 has 15 digits; formatting and
 * an extension add some), low enough that nobody pastes a document into it.
 */
export const maxPhoneNumberLength = 64;

/**
 * PhoneNumberValidate. The wire layer has already required the NumberValidateRequest payload and
 * checked member types; the model marks neither member required, so these checks are Pinion's.
 * An unreadable or invalid number is not an error: it answers 200 with PhoneType INVALID.
 */
export const phoneNumberValidate: OperationHandler<PhoneNumberValidateCommandInput, Output<PhoneNumberValidateCommandOutput>> = async (input) => {
  const { PhoneNumber: phoneNumber, IsoCountryCode: isoCountryCode } = input.NumberValidateRequest ?? {};
  if (phoneNumber === undefined || phoneNumber.trim() === '') {
    throw pinpointErrors.badRequest('PhoneNumber is required: the phone number to validate, with its country code (for example +12065550142)');
  }
  if (phoneNumber.length > maxPhoneNumberLength) {
    throw pinpointErrors.badRequest(`PhoneNumber must be at most ${maxPhoneNumberLength} characters, got ${phoneNumber.length}`);
  }
  if (isoCountryCode !== undefined) {
    const shown = isoCountryCode.slice(0, 16);
    if (!/^[A-Za-z]{2}$/.test(isoCountryCode)) {
      throw pinpointErrors.badRequest(`IsoCountryCode must be a two-letter ISO 3166-1 alpha-2 code such as US or GB, got '${shown}'`);
    }
    if (!isPhoneRegion(isoCountryCode)) {
      throw pinpointErrors.badRequest(`IsoCountryCode '${shown}' is not a country or region with a telephone numbering plan`);
    }
  }
  return { NumberValidateResponse: validatePhoneNumber(phoneNumber, isoCountryCode) };
};
