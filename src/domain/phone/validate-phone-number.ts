import type { NumberValidateResponse } from '@aws-sdk/client-pinpoint';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/max/metadata';

/**
 * PhoneNumberValidate from libphonenumber's numbering-plan data ("max" metadata): which country a
 * number belongs to, its cleansed forms and its line type. Pinpoint answers from carrier data
 * Pinion does not have, so Carrier, City, County, ZipCode and Timezone are never filled (the
 * metadata holds none of them) and PREPAID is never answered.
 *
 * The shapes follow the examples in the Pinpoint developer guide, "Use the Amazon Pinpoint phone
 * number validation service" (validate-phone-numbers): CountryCodeNumeric is the calling code
 * ("1", "44"), CleansedPhoneNumberNational is the national significant number as bare digits
 * ("2065550142"; "163296076" for +44 0163296076), and an invalid number still answers with the
 * cleansed forms and country it can be read as.
 */

/** Pinpoint's PhoneTypeCode for each PhoneType (NumberValidateResponse's model documentation). */
export const phoneTypeCodes = { MOBILE: 0, LANDLINE: 1, VOIP: 2, INVALID: 3, OTHER: 4, PREPAID: 5 } as const;
export type PhoneType = keyof typeof phoneTypeCodes;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Whether `code` (any case) is a region the numbering-plan data knows, so numbers can be read in it. */
export function isPhoneRegion(code: string): boolean {
  return isSupportedCountry(code.toUpperCase());
}

export function validatePhoneNumber(phoneNumber: string, isoCountryCode?: string): NumberValidateResponse {
  const original: NumberValidateResponse = {
    OriginalPhoneNumber: phoneNumber,
    ...(isoCountryCode !== undefined ? { OriginalCountryCodeIso2: isoCountryCode } : {}),
  };
  const upper = isoCountryCode?.toUpperCase();
  const region = upper !== undefined && isSupportedCountry(upper) ? upper : undefined;
  const parsed = parse(phoneNumber, region);
  // A number too short or too long for any number of its calling code has no cleansed form to offer.
  if (!parsed || !parsed.isPossible()) {
    return { ...original, ...typed('INVALID') };
  }
  const country = countryOf(parsed, region);
  const countryName = country ? regionNames.of(country) : undefined;
  return {
    ...original,
    CleansedPhoneNumberE164: `+${parsed.countryCallingCode}${parsed.nationalNumber}`,
    CleansedPhoneNumberNational: parsed.nationalNumber,
    ...(country ? { CountryCodeIso2: country } : {}),
    ...(countryName ? { Country: countryName } : {}),
    CountryCodeNumeric: parsed.countryCallingCode,
    ...typed(phoneTypeOf(parsed)),
  };
}

function typed(type: PhoneType): Pick<NumberValidateResponse, 'PhoneType' | 'PhoneTypeCode'> {
  return { PhoneType: type, PhoneTypeCode: phoneTypeCodes[type] };
}

function parse(text: string, region: CountryCode | undefined): PhoneNumber | undefined {
  // Without a region to read national numbers in, the number must carry its calling code, which
  // the model says it should ("should include a valid numeric country code"), '+' or not. Like
  // Pinpoint, a number sent without one may then be read as another country's.
  const international = region !== undefined || text.includes('+') ? text : `+${text}`;
  return parsePhoneNumberFromString(international, region ? { defaultCountry: region } : undefined);
}

/**
 * The region of a valid number is the one its number range belongs to. An invalid number has
 * none: it is reported in the request's region when that shares its calling code, else in the
 * calling code's main region (US for +1, GB for +44), as Pinpoint's own invalid example
 * (+44 0163296076, answered as GB) does. Non-geographic codes (+800, +882 …) have no region.
 */
function countryOf(parsed: PhoneNumber, region: CountryCode | undefined): string | undefined {
  if (parsed.country) return parsed.country;
  if (parsed.isNonGeographic()) return undefined;
  const regions = metadata.country_calling_codes[parsed.countryCallingCode] ?? [];
  if (region && regions.includes(region)) return region;
  const main = regions[0];
  return main && /^[A-Z]{2}$/.test(main) ? main : undefined;
}

/**
 * libphonenumber's number types in Pinpoint's terms. FIXED_LINE_OR_MOBILE is what the data says
 * wherever fixed and mobile numbers share ranges (all of North America, among others); it is
 * answered MOBILE, as Pinpoint answers ordinary US numbers in its examples, since a caller who
 * asks usually wants to know whether to send SMS, and LANDLINE would rule out every such number.
 */
function phoneTypeOf(parsed: PhoneNumber): PhoneType {
  if (isNanpReserved(parsed)) return 'OTHER';
  if (!parsed.isValid()) return 'INVALID';
  switch (parsed.getType()) {
    case 'MOBILE':
    case 'FIXED_LINE_OR_MOBILE':
      return 'MOBILE';
    case 'FIXED_LINE':
      return 'LANDLINE';
    case 'VOIP':
      return 'VOIP';
    default:
      // TOLL_FREE, PREMIUM_RATE, SHARED_COST, PERSONAL_NUMBER, PAGER, UAN, VOICEMAIL.
      return 'OTHER';
  }
}

/**
 * North American numbers Pinpoint documents as OTHER rather than INVALID: well-formed
 * (NPA and exchange both [2-9]XX) but fictitious (555-0100 to 555-0199, which NANPA keeps for
 * films and TV; Pinpoint's example is +14255550199) or in an area code not in service (its
 * example is 999), which is what libphonenumber's data calls invalid for a well-formed number.
 */
function isNanpReserved(parsed: PhoneNumber): boolean {
  if (parsed.countryCallingCode !== '1' || !/^[2-9]\d{2}[2-9]\d{6}$/.test(parsed.nationalNumber)) return false;
  return /^\d{3}55501\d{2}$/.test(parsed.nationalNumber) || !parsed.isValid();
}
