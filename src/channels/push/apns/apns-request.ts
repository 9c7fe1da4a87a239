import type { OutboundPush } from '../../transport.ts';
import { uuidForm } from '../uuid-form.ts';

/** One APNs request, apart from its authorization: the HTTP/2 headers and the JSON payload. */
export interface ApnsRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: string;
  readonly apnsId: string;
}

const PUSH_TYPES = new Set(['alert', 'background', 'voip', 'complication', 'fileprovider', 'mdm', 'location', 'liveactivity', 'pushtotalk']);

/**
 * Builds the APNs request for one push (Apple's "Sending notification requests to APNs"):
 * path /3/device/<token>; apns-topic = BundleId (+ ".voip" on the VoIP channels; left out when
 * the channel has no BundleId, so a certificate's own topic applies); apns-push-type alert,
 * background (silent) or voip; apns-priority 10, or 5 for background; apns-id from the message
 * id; apns-expiration from TimeToLive; apns-collapse-id from CollapseId. Answers a reason
 * instead when the push cannot be sent as it stands.
 */
export function buildApnsRequest(message: OutboundPush, nowMs: number): ApnsRequest | { problem: string } {
  const options = message.options ?? {};
  const voip = message.channel.startsWith('APNS_VOIP');
  const bundleId = typeof message.channelSettings.BundleId === 'string' ? message.channelSettings.BundleId : undefined;
  const payload = apnsPayload(message);
  if (typeof payload !== 'string') return payload;
  const requested = options.pushType?.toLowerCase();
  const pushType = voip ? 'voip' : requested !== undefined && PUSH_TYPES.has(requested) ? requested : message.silentPush ? 'background' : 'alert';
  const apnsId = uuidForm(message.messageId);
  const headers: Record<string, string> = {
    ':method': 'POST',
    ':path': `/3/device/${encodeURIComponent(message.token)}`,
    'content-type': 'application/json',
    'apns-push-type': pushType,
    'apns-priority': priorityOf(pushType, options.priority),
    'apns-id': apnsId,
  };
  if (bundleId !== undefined) headers['apns-topic'] = voip ? `${bundleId}.voip` : bundleId;
  if (options.timeToLive !== undefined) headers['apns-expiration'] = options.timeToLive <= 0 ? '0' : String(Math.floor(nowMs / 1000) + Math.floor(options.timeToLive));
  if (options.collapseKey !== undefined && options.collapseKey !== '') {
    if (Buffer.byteLength(options.collapseKey) > 64) return { problem: 'CollapseId must be at most 64 bytes (APNs apns-collapse-id)' };
    headers['apns-collapse-id'] = options.collapseKey;
  }
  return { headers, payload, apnsId };
}

/** Background pushes must go at priority 5; otherwise 10 unless the message asked for 5 (or "normal"). */
function priorityOf(pushType: string, priority: string | undefined): string {
  if (pushType === 'background') return '5';
  if (pushType === 'voip') return '10';
  const asked = priority?.toLowerCase();
  return asked === '5' || asked === 'normal' ? '5' : '10';
}

/**
 * The payload: RawContent as the caller wrote it (a JSON object), else
 * `{aps: {alert: {title, body}, sound, badge, …}, ...data}`; a silent push carries only
 * `content-available: 1` in aps. A URL or deep link goes where Amplify's iOS library reads it,
 * `data.pinpoint.deeplink`, and a MediaUrl to `data.media-url` (for a notification service extension).
 */
export function apnsPayload(message: OutboundPush): string | { problem: string } {
  if (message.rawContent !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.rawContent);
    } catch {
      return { problem: 'RawContent is not valid JSON (APNs takes a JSON object with an aps dictionary)' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: 'RawContent must be a JSON object (APNs takes a JSON object with an aps dictionary)' };
    return JSON.stringify(parsed);
  }
  const options = message.options ?? {};
  const aps: Record<string, unknown> = {};
  if (message.silentPush) {
    aps['content-available'] = 1;
  } else {
    const alert: Record<string, string> = {};
    if (message.title !== undefined) alert.title = message.title;
    if (message.body !== undefined) alert.body = message.body;
    if (Object.keys(alert).length > 0) aps.alert = alert;
    if (options.sound !== undefined) aps.sound = options.sound;
    if (options.badge !== undefined) aps.badge = options.badge;
    if (options.category !== undefined) aps.category = options.category;
    if (options.threadId !== undefined) aps['thread-id'] = options.threadId;
    if (options.mediaUrl !== undefined) aps['mutable-content'] = 1;
  }
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message.data ?? {})) if (key !== 'aps') payload[key] = value;
  const link = message.url !== undefined && (message.action === 'URL' || message.action === 'DEEP_LINK') ? message.url : undefined;
  const context = message.context ?? {};
  const hasContext = Object.keys(context).length > 0;
  if ((link !== undefined || options.mediaUrl !== undefined || hasContext) && payload.data === undefined) {
    const pinpoint = { ...context, ...(link !== undefined ? { deeplink: link } : {}) };
    payload.data = { ...(Object.keys(pinpoint).length > 0 ? { pinpoint } : {}), ...(options.mediaUrl !== undefined ? { 'media-url': options.mediaUrl } : {}) };
  }
  payload.aps = aps;
  return JSON.stringify(payload);
}
