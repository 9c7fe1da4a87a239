import { MessageRequestError } from '../messages/message-request-error.ts';
import { OTP_CODE_LENGTH } from './otp-code.ts';
import { OTP_DEFAULT_LANGUAGE, OTP_LANGUAGES, otpLanguage } from './otp-message.ts';

/**
 * The checks SendOTPMessage and VerifyOTPMessage make on their parameters, beyond the model's
 * (which only requires BrandName, ReferenceId, Channel, DestinationIdentity, OriginationIdentity,
 * and ReferenceId, Otp, DestinationIdentity). Ranges from Pinpoint's developer guide ("Generate
 * one-time passwords with Amazon Pinpoint"): Channel SMS only; BrandName up to 20 characters;
 * CodeLength 5 to 8 digits; ValidityPeriod 5 to 60 minutes; at most 5 AllowedAttempts;
 * DestinationIdentity a phone number in E.164 format ("Validate OTP messages"). The guide gives no
 * defaults and no ReferenceId, EntityId or TemplateId limits: those below are Pinion's choices.
 *
 * Problems are MessageRequestError (a 400 naming the member). Messages never quote the
 * destination, the reference or a code: they end up in the audit trail's errorMessage.
 */

const PARAMS = 'SendOTPMessageRequestParameters';
const VERIFY = 'VerifyOTPMessageRequestParameters';

export const OTP_VALIDITY_MINUTES = { min: 5, max: 60, default: 10 } as const;
export const OTP_ALLOWED_ATTEMPTS = { min: 1, max: 5, default: 5 } as const;
export const OTP_BRAND_NAME_MAX = 20;
export const OTP_REFERENCE_ID_MAX = 128;
/** Longest EntityId / TemplateId (India's DLT identifiers are 19 digits). */
export const OTP_DLT_ID_MAX = 64;

export interface SendOtpParameters {
  AllowedAttempts?: number;
  BrandName?: string;
  Channel?: string;
  CodeLength?: number;
  DestinationIdentity?: string;
  EntityId?: string;
  Language?: string;
  OriginationIdentity?: string;
  ReferenceId?: string;
  TemplateId?: string;
  ValidityPeriod?: number;
}

/** Where an SMS comes from: a number (long code, toll-free, short code) or an alphanumeric sender ID. */
export type OtpOrigination = { readonly originationNumber: string } | { readonly senderId: string };

export interface SendOtpPlan {
  readonly channel: 'SMS';
  readonly destination: string;
  readonly origination: OtpOrigination;
  readonly brandName: string;
  readonly referenceId: string;
  readonly codeLength: number;
  readonly allowedAttempts: number;
  readonly validityMinutes: number;
  /** Canonical tag (otp-message.ts). */
  readonly language: string;
  readonly entityId?: string;
  readonly templateId?: string;
}

export interface VerifyOtpParameters {
  DestinationIdentity?: string;
  Otp?: string;
  ReferenceId?: string;
}

export interface VerifyOtpPlan {
  readonly destination: string;
  readonly referenceId: string;
  readonly otp: string;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const SHORT_CODE = /^\d{3,8}$/;
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9_-]{1,11}$/;
// Control characters (C0, DEL, C1): nothing a reference or brand shown in an SMS should hold.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function fail(member: string, message: string): never {
  throw new MessageRequestError(member, `${member} ${message}`);
}

/** Code points, so a brand in a non-Latin script counts its characters, not UTF-16 units. */
function characters(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function quoted(value: string): string {
  return `'${value.length > 24 ? `${value.slice(0, 24)}…` : value}'`;
}

function integerIn(member: string, value: number | undefined, range: { min: number; max: number; default: number }, unit: string): number {
  if (value === undefined) return range.default;
  if (!Number.isInteger(value) || value < range.min || value > range.max) fail(member, `must be ${range.min} to ${range.max} ${unit}, got ${value}`);
  return value;
}

function destinationOf(member: string, value: string | undefined): string {
  if (value === undefined || value === '') fail(member, 'is required: the phone number, in E.164 format (for example +12065550142)');
  if (!E164.test(value)) fail(member, 'must be a phone number in E.164 format: + and the country code, then up to 15 digits in all, nothing else (for example +12065550142)');
  return value;
}

function referenceOf(member: string, value: string | undefined): string {
  if (value === undefined || value === '') fail(member, 'is required and must not be empty');
  const length = characters(value);
  if (length > OTP_REFERENCE_ID_MAX) fail(member, `must be at most ${OTP_REFERENCE_ID_MAX} characters, got ${length}`);
  if (CONTROL.test(value)) fail(member, 'must not contain control characters');
  return value;
}

function originationOf(value: string | undefined): OtpOrigination {
  const member = `${PARAMS}.OriginationIdentity`;
  if (value === undefined || value === '') fail(member, 'is required: the phone number, short code or sender ID the message is sent from');
  if (E164.test(value) || SHORT_CODE.test(value)) return { originationNumber: value };
  if (SENDER_ID.test(value)) return { senderId: value };
  fail(member, `must be a phone number in E.164 format, a short code (3 to 8 digits) or a sender ID (1 to 11 letters, digits, - or _, at least one letter), got ${quoted(value)}`);
}

function dltIdOf(member: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value.length > OTP_DLT_ID_MAX || CONTROL.test(value)) fail(member, `must be 1 to ${OTP_DLT_ID_MAX} characters without control characters`);
  return value;
}

export function readSendOtpParameters(params: SendOtpParameters): SendOtpPlan {
  const channel = params.Channel;
  if (channel === undefined || channel === '') fail(`${PARAMS}.Channel`, 'is required; the supported value is SMS');
  if (channel !== 'SMS') fail(`${PARAMS}.Channel`, `must be SMS (the only channel one-time passwords are sent through), got ${quoted(channel)}`);
  const destination = destinationOf(`${PARAMS}.DestinationIdentity`, params.DestinationIdentity);
  const origination = originationOf(params.OriginationIdentity);
  const brand = params.BrandName;
  if (brand === undefined || brand.trim() === '') fail(`${PARAMS}.BrandName`, 'is required: the brand, company or product name the message names');
  const brandLength = characters(brand);
  if (brandLength > OTP_BRAND_NAME_MAX) fail(`${PARAMS}.BrandName`, `must be at most ${OTP_BRAND_NAME_MAX} characters, got ${brandLength}`);
  if (CONTROL.test(brand)) fail(`${PARAMS}.BrandName`, 'must not contain control characters');
  const referenceId = referenceOf(`${PARAMS}.ReferenceId`, params.ReferenceId);
  const codeLength = integerIn(`${PARAMS}.CodeLength`, params.CodeLength, OTP_CODE_LENGTH, 'digits');
  const allowedAttempts = integerIn(`${PARAMS}.AllowedAttempts`, params.AllowedAttempts, OTP_ALLOWED_ATTEMPTS, 'attempts');
  const validityMinutes = integerIn(`${PARAMS}.ValidityPeriod`, params.ValidityPeriod, OTP_VALIDITY_MINUTES, 'minutes');
  let language = OTP_DEFAULT_LANGUAGE;
  if (params.Language !== undefined) {
    const known = otpLanguage(params.Language);
    if (known === undefined) fail(`${PARAMS}.Language`, `must be one of ${OTP_LANGUAGES.join(', ')}, got ${quoted(params.Language)}`);
    language = known;
  }
  const entityId = dltIdOf(`${PARAMS}.EntityId`, params.EntityId);
  const templateId = dltIdOf(`${PARAMS}.TemplateId`, params.TemplateId);
  return {
    channel: 'SMS',
    destination,
    origination,
    brandName: brand,
    referenceId,
    codeLength,
    allowedAttempts,
    validityMinutes,
    language,
    ...(entityId !== undefined ? { entityId } : {}),
    ...(templateId !== undefined ? { templateId } : {}),
  };
}

/**
 * A code the user typed: digits only, at most 8 (the longest code there is). A well-formed code of
 * the wrong length is not refused: it is a wrong code (Valid false), and it takes an attempt.
 */
export function readVerifyOtpParameters(params: VerifyOtpParameters): VerifyOtpPlan {
  const destination = destinationOf(`${VERIFY}.DestinationIdentity`, params.DestinationIdentity);
  const referenceId = referenceOf(`${VERIFY}.ReferenceId`, params.ReferenceId);
  const otp = params.Otp;
  if (otp === undefined || otp === '') fail(`${VERIFY}.Otp`, 'is required: the code the user entered');
  if (!/^\d+$/.test(otp)) fail(`${VERIFY}.Otp`, 'must be the numeric code that was sent (digits only)');
  if (otp.length > OTP_CODE_LENGTH.max) fail(`${VERIFY}.Otp`, `must be at most ${OTP_CODE_LENGTH.max} digits, got ${otp.length}`);
  return { destination, referenceId, otp };
}
