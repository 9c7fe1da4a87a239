import type { OutboundPush } from '../../transport.ts';
import { pinpointData, rawObject, stringValues } from '../pinpoint-data.ts';

/**
 * The ADM message body (Amazon's "Send a Message"): `{data, consolidationKey, expiresAfter,
 * md5}`, the data being Pinpoint's keys (pinpoint.notification.title …, which Amplify's
 * Android library shows) and the message's Data. RawContent replaces it: an ADM message (with
 * its own `data`), or, as Pinpoint's ADM examples write it, the data map itself.
 */
export function admBody(message: OutboundPush): string | { problem: string } {
  if (message.rawContent !== undefined) {
    const parsed = rawObject(message.rawContent, 'ADM');
    if ('problem' in parsed) return parsed;
    const raw = parsed.object;
    const data = stringValues(raw.data);
    return JSON.stringify(data !== undefined ? { ...raw, data } : { data: stringValues(raw) });
  }
  const options = message.options ?? {};
  return JSON.stringify({
    data: pinpointData(message),
    ...(options.collapseKey !== undefined ? { consolidationKey: options.collapseKey } : {}),
    ...(options.timeToLive !== undefined ? { expiresAfter: Math.max(1, Math.floor(options.timeToLive)) } : {}),
    ...(options.md5 !== undefined ? { md5: options.md5 } : {}),
  });
}
