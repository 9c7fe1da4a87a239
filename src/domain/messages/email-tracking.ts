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

// An <a …> start tag: its attributes up to '>' (quoted values may hold '>'). A '<' ends the
// search, inside quotes too, so each `<a` looks no further than the next '<' and the whole scan is
// linear: without that, a body of "<a <a <a …" sent every start to the end of the text (quadratic:
// a few hundred KB held the event loop for minutes). A tag with a raw '<' in a quoted value is
// left untracked.
const anchorTag = /<a\b((?:[^<>"']|"[^<"]*"|'[^<']*')*)>/gi;
/**
 * Links tracked per message; later ones are left as they are. Each tracked link costs an HMAC and
 * a few hundred characters, so without a cap a 10 MB part of bare links grew fourteenfold and took
 * seconds per recipient. (SendGrid, for comparison, tracks up to 1000 links per email.)
 */
export const MAX_TRACKED_LINKS = 1000;
const hrefAttribute = /(\bhref\s*=\s*)("([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

export function trackHtml(html: string, links: TrackingLinks): string {
  let tracked = 0;
  const rewritten = html.replace(anchorTag, (tag: string, attributes: string) => {
    if (tracked >= MAX_TRACKED_LINKS || /\bses:no-track\b/i.test(attributes)) return tag;
    const match = hrefAttribute.exec(attributes);
    if (!match) return tag;
    const raw = match[3] ?? match[4] ?? match[5] ?? '';
    const target = decodeEntities(raw.trim());
    if (!/^https?:\/\//i.test(target)) return tag;
    tracked += 1;
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
