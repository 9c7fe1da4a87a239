import type { OutboundPush } from '../transport.ts';

/**
 * The data keys Pinpoint puts in Android pushes (FCM, ADM, Baidu), which the Amplify and AWS
 * Mobile SDK Android libraries read to show the notification and act on a tap:
 * pinpoint.notification.title / .body / .silentPush / .imageUrl / .imageIconUrl /
 * .imageSmallIconUrl, pinpoint.openApp, pinpoint.url, pinpoint.deeplink. The message's own Data
 * comes on top (a key it sets wins). The message's Context rides along as pinpoint.<key>.
 */
export function pinpointData(message: OutboundPush): Record<string, string> {
  const options = message.options ?? {};
  const data: Record<string, string> = {};
  // Context goes into Pinpoint's data.pinpoint object, which Android payloads carry flattened
  // (pinpoint.<key>); Pinpoint's own keys below win over a Context key of the same name.
  for (const [key, value] of Object.entries(message.context ?? {})) data[`pinpoint.${key}`] = value;
  if (message.title !== undefined) data['pinpoint.notification.title'] = message.title;
  if (message.body !== undefined) data['pinpoint.notification.body'] = message.body;
  data['pinpoint.notification.silentPush'] = message.silentPush ? '1' : '0';
  if (message.action === 'URL' && message.url !== undefined) data['pinpoint.url'] = message.url;
  else if (message.action === 'DEEP_LINK' && message.url !== undefined) data['pinpoint.deeplink'] = message.url;
  else data['pinpoint.openApp'] = 'true';
  if (options.imageUrl !== undefined) data['pinpoint.notification.imageUrl'] = options.imageUrl;
  if (options.imageIconUrl !== undefined) data['pinpoint.notification.imageIconUrl'] = options.imageIconUrl;
  if (options.smallImageIconUrl !== undefined) data['pinpoint.notification.imageSmallIconUrl'] = options.smallImageIconUrl;
  return { ...data, ...(message.data ?? {}) };
}

/** FCM's priority from Pinpoint's: high or normal; APNs values (10, 5) are taken as Pinpoint documents. */
export function androidPriority(priority: string | undefined): 'high' | 'normal' | undefined {
  const asked = priority?.toLowerCase();
  if (asked === 'high' || asked === '10') return 'high';
  if (asked === 'normal' || asked === 'default' || asked === '5') return 'normal';
  return undefined;
}

/** A JSON object from RawContent, or a problem naming the service. */
export function rawObject(rawContent: string, service: string): { object: Record<string, unknown> } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawContent);
  } catch {
    return { problem: `RawContent is not valid JSON (${service} takes a JSON object)` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: `RawContent must be a JSON object (${service} takes a JSON object)` };
  return { object: parsed as Record<string, unknown> };
}

/** FCM and ADM data values are strings: others are written as JSON. */
export function stringValues(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) out[key] = typeof item === 'string' ? item : JSON.stringify(item);
  return out;
}
