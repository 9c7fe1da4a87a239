/**
 * What a message sent back to an email's return path says about it, read from the standard
 * reports only: a delivery status notification (RFC 3464, `multipart/report;
 * report-type=delivery-status`, or RFC 6533's `global-delivery-status`) or a complaint in the
 * Abuse Reporting Format (RFC 5965, `report-type=feedback-report`). Anything else (an autoreply,
 * a bounce in free text) says nothing Pinion can rely on and yields undefined.
 *
 *   Action: failed with a 5.x.x status (or none)  → hardbounce
 *   Action: failed with 4.x.x, or Action: delayed  → softbounce
 *   Action: delivered / relayed / expanded         → nothing
 *   a feedback report                              → complaint
 */
export interface EmailFeedback {
  readonly kind: 'hardbounce' | 'softbounce' | 'complaint';
  /** The report's own words, for the event (Action, Status, Diagnostic-Code; or Feedback-Type). */
  readonly detail: string;
}

const MAX_DETAIL = 500;
/**
 * Only the start of a message is read: the report part comes before any copy of the original
 * message and is a few hundred bytes. This keeps the work per message small and fixed whatever
 * a sender makes of the rest (the listener takes up to 1 MB).
 */
const MAX_READ_CHARS = 32 * 1024;
const MAX_PARTS = 10;
const MAX_RECIPIENT_BLOCKS = 50;

/** Header fields (names lower-cased, folded lines joined); a repeated field keeps its first value. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(colon + 1).trim());
  }
  return out;
}

/** Headers and body of an entity (the body starts after the first empty line). */
function entity(text: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { headers: fields(text), body: '' };
  return { headers: fields(text.slice(0, match.index)), body: text.slice(match.index + match[0].length) };
}

function parameter(value: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

function mediaType(value: string | undefined): string {
  return (value ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
}

/** The parts of a multipart body (at most MAX_PARTS), split on its boundary lines. */
function parts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const found: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) found.push(current.join('\n'));
      if (trimmed !== delimiter || found.length >= MAX_PARTS) break;
      current = [];
      continue;
    }
    current?.push(line);
  }
  return found;
}

/** Quoted-printable (RFC 2045): soft line breaks removed, =XX decoded as UTF-8 bytes. */
function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.charAt(i) === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined.charAt(i), 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decoded(part: { headers: Map<string, string>; body: string }): string {
  const encoding = part.headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8').slice(0, MAX_READ_CHARS);
  return encoding === 'quoted-printable' ? quotedPrintable(part.body) : part.body;
}

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/** An Action field's verb (`failed (permanent)` is failed). */
function action(block: Map<string, string>): string {
  return (block.get('action') ?? '').split(/[\s(;]/)[0]!.toLowerCase();
}

function deliveryStatus(report: string): EmailFeedback | undefined {
  // Blocks are separated by empty lines: the per-message fields, then one block per recipient.
  // Only recipient blocks have an Action (a report that omits the empty line still has one block).
  const recipients = report
    .split(/\r?\n[ \t]*\r?\n/, MAX_RECIPIENT_BLOCKS + 1)
    .map(fields)
    .filter((block) => block.has('action'));
  const described = (block: Map<string, string>) =>
    clip([block.get('action'), block.get('status'), block.get('diagnostic-code')].filter((part) => part !== undefined && part !== '').join(' '));
  const failed = recipients.find((block) => action(block) === 'failed');
  if (failed) return { kind: /^4\./.test(failed.get('status') ?? '') ? 'softbounce' : 'hardbounce', detail: described(failed) };
  const delayed = recipients.find((block) => action(block) === 'delayed');
  return delayed ? { kind: 'softbounce', detail: described(delayed) } : undefined;
}

const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);

export function readEmailFeedback(raw: string): EmailFeedback | undefined {
  const message = entity(raw.slice(0, MAX_READ_CHARS));
  const contentType = message.headers.get('content-type') ?? '';
  const boundary = parameter(contentType, 'boundary');
  if (mediaType(contentType) !== 'multipart/report' || boundary === undefined) return undefined;
  const reportType = parameter(contentType, 'report-type')?.toLowerCase();
  for (const text of parts(message.body, boundary)) {
    const part = entity(text);
    const type = mediaType(part.headers.get('content-type'));
    // RFC 6533's internationalised reports (UTF-8 fields) read the same.
    if (reportType === 'delivery-status' && DELIVERY_STATUS_TYPES.has(type)) return deliveryStatus(decoded(part));
    if (reportType === 'global-delivery-status' && DELIVERY_STATUS_TYPES.has(type)) return deliveryStatus(decoded(part));
    if (reportType === 'feedback-report' && type === 'message/feedback-report') {
      const feedbackType = fields(decoded(part)).get('feedback-type') ?? 'abuse';
      return { kind: 'complaint', detail: clip(`Feedback-Type: ${feedbackType}`) };
    }
  }
  return undefined;
}
