/**
 * The text of an OTP message, by Language. Pinpoint's developer guide ("Generate one-time
 * passwords with Amazon Pinpoint") documents one template, in English:
 *
 *     This is your One Time Password: {{otp}} from {{brand}}
 *
 * and documents neither the other languages' wording nor the list of languages. The list here is
 * the one AWS publishes for OTP messages (the SNS `LanguageCodeString` enum, "Supported language
 * code for sending OTP message": de-DE, en-GB, en-US, es-419, es-ES, fr-CA, fr-FR, it-IT, ja-JP,
 * kr-KR, pt-BR, zh-CN, zh-TW), plus `ko-KR`, the correct tag for Korean, as an alias of AWS's
 * `kr-KR`. Every text but English is Pinion's own translation of the documented template.
 *
 * Texts are message templates: `{{otp}}` and `{{brand}}` are filled by the send path from the
 * message's Substitutions, so a BrandName is shown as it is and never read as template syntax.
 */
export const OTP_DEFAULT_LANGUAGE = 'en-US';

const TEXTS: Readonly<Record<string, string>> = {
  'en-US': 'This is your One Time Password: {{otp}} from {{brand}}',
  'en-GB': 'This is your One Time Password: {{otp}} from {{brand}}',
  'de-DE': 'Dies ist Ihr Einmalpasswort: {{otp}} von {{brand}}',
  'es-ES': 'Esta es su contraseña de un solo uso: {{otp}} de {{brand}}',
  'es-419': 'Esta es tu contraseña de un solo uso: {{otp}} de {{brand}}',
  'fr-FR': 'Voici votre mot de passe à usage unique : {{otp}} de {{brand}}',
  'fr-CA': 'Voici votre mot de passe à usage unique : {{otp}} de {{brand}}',
  'it-IT': 'Questa è la tua password monouso: {{otp}} da {{brand}}',
  'ja-JP': '{{brand}} のワンタイムパスワード: {{otp}}',
  'kr-KR': '{{brand}} 일회용 비밀번호: {{otp}}',
  'pt-BR': 'Esta é a sua senha de uso único: {{otp}} de {{brand}}',
  'zh-CN': '这是您来自 {{brand}} 的一次性密码: {{otp}}',
  'zh-TW': '這是您來自 {{brand}} 的一次性密碼: {{otp}}',
};

const ALIASES: Readonly<Record<string, string>> = { 'ko-kr': 'kr-KR' };

/** The accepted Language values, as AWS writes them. */
export const OTP_LANGUAGES: readonly string[] = [...Object.keys(TEXTS), 'ko-KR'].sort();

const BY_LOWER = new Map<string, string>([...Object.keys(TEXTS).map((tag): [string, string] => [tag.toLowerCase(), tag]), ...Object.entries(ALIASES)]);

/**
 * The canonical tag for a Language value (language tags compare without regard to case, RFC 5646
 * §2.1.1), or undefined when Pinion has no text for it.
 */
export function otpLanguage(value: string): string | undefined {
  return BY_LOWER.get(value.toLowerCase());
}

/** The message template of a canonical tag (from otpLanguage), with `{{otp}}` and `{{brand}}`. */
export function otpMessageTemplate(language: string): string {
  const text = TEXTS[language];
  if (text === undefined) throw new RangeError(`no OTP message text for language ${language}`);
  return text;
}

/** The Substitutions that fill a template: each variable a one-item list, as Pinpoint's are. */
export function otpSubstitutions(brandName: string, code: string): Record<string, string[]> {
  return { otp: [code], brand: [brandName] };
}
