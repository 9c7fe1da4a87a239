/**
 * Rewrites an HTML part for engagement tracking, as Pinpoint (through SES) does: every http(s)
 * link becomes a click link through Pinion, and a 1×1 image at the end of the body records
 * opens. Links marked `ses:no-track` (SES's own opt-out attribute) and non-web links (mailto:,
 * tel:, anchors) are left alone.
 */
export interface TrackingLinks {
  /** The click link for a target URL. */
  readonly click: (url: string) => string;
  /** The open pixel's URL. */
  readonly open: string;
}

// An <a …> start tag: its attributes up to '>' (quoted values may hold '>').
const anchorTag = /<a\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const hrefAttribute = /(\bhref\s*=\s*)("([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

export function trackHtml(html: string, links: TrackingLinks): string {
  const rewritten = html.replace(anchorTag, (tag: string, attributes: string) => {
    if (/\bses:no-track\b/i.test(attributes)) return tag;
    const match = hrefAttribute.exec(attributes);
    if (!match) return tag;
    const raw = match[3] ?? match[4] ?? match[5] ?? '';
    const target = decodeEntities(raw.trim());
    if (!/^https?:\/\//i.test(target)) return tag;
    const replaced = attributes.replace(hrefAttribute, `$1"${escapeAttribute(links.click(target))}"`);
    return `<a${replaced}>`;
  });
  const pixel = `<img src="${escapeAttribute(links.open)}" width="1" height="1" alt="" style="display:none;border:0">`;
  const bodyEnd = rewritten.search(/<\/body\s*>/i);
  return bodyEnd >= 0 ? `${rewritten.slice(0, bodyEnd)}${pixel}${rewritten.slice(bodyEnd)}` : `${rewritten}${pixel}`;
}

/** The few entities that appear in URLs inside href values. */
function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&#38;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
