/**
 * Text content for the XML documents IAM and STS send. Besides the five markup characters:
 * - characters XML 1.0 does not allow at all (C0 controls other than tab, LF and CR; U+FFFE,
 *   U+FFFF; unpaired surrogates) cannot be sent even as character references, so a strict
 *   parser (botocore's expat) would reject the whole response. They become U+FFFD.
 * - CR is written as a character reference: parsers normalize a literal CR (and CRLF) to LF, the
 *   reference survives, so a value that held "\r\n" reads back unchanged.
 */

const markup: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXmlText(text: string): string {
  return text.replace(notXml, '\uFFFD').replace(/[&<>"'\r]/g, (c) => markup[c] ?? c);
}
