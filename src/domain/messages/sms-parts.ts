/**
 * How many parts an SMS body travels in: GSM 03.38 text takes 160 septets in one part or 153 per
 * part when concatenated (the extension table's characters count twice); anything outside it
 * goes as UCS-2, 70 code units in one part or 67 per part.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';
const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export function smsEncoding(body: string): 'GSM' | 'UCS2' {
  for (const character of body) if (!basic.has(character) && !extension.has(character)) return 'UCS2';
  return 'GSM';
}

export function smsPartCount(body: string): number {
  if (body.length === 0) return 1;
  if (smsEncoding(body) === 'GSM') {
    let septets = 0;
    for (const character of body) septets += extension.has(character) ? 2 : 1;
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  // UCS-2 counts UTF-16 code units: a character outside the BMP takes two.
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}
