import type { OutboundPush } from '../../transport.ts';
import { androidPriority, pinpointData, rawObject, stringValues } from '../pinpoint-data.ts';

/** Message fields that address someone else than the endpoint's token: never taken from RawContent. */
const OTHER_TARGETS = ['token', 'topic', 'condition', 'to', 'registration_ids', 'registration_id'];

/**
 * The FCM HTTP v1 request body (`projects.messages.send`): `{message: {token, notification:
 * {title, body, image}, data, android: {priority, ttl, collapse_key, restricted_package_name,
 * notification: {sound, icon}}}}`; a silent push is a data message. RawContent replaces the
 * message: an FCM v1 message (bare, as `{message}` or as SNS's `{fcmV1Message: {message}}`), or
 * a legacy payload whose notification, data, priority, time_to_live and collapse_key are carried
 * over. The token is always the endpoint's.
 */
export function fcmV1Body(message: OutboundPush): string | { problem: string } {
  if (message.rawContent !== undefined) {
    const parsed = rawObject(message.rawContent, 'FCM');
    if ('problem' in parsed) return parsed;
    const raw = parsed.object;
    const wrapped = objectAt(objectAt(raw, 'fcmV1Message'), 'message') ?? objectAt(raw, 'message');
    const v1 = wrapped ?? fromLegacy(raw);
    for (const key of OTHER_TARGETS) delete v1[key];
    if (v1.data !== undefined) v1.data = stringValues(v1.data) ?? {};
    return JSON.stringify({ message: { token: message.token, ...v1 } });
  }
  const options = message.options ?? {};
  const notification = !message.silentPush && (message.title !== undefined || message.body !== undefined) ? definedOnly({ title: message.title, body: message.body, image: options.imageUrl }) : undefined;
  const androidNotification = notification ? definedOnly({ sound: options.sound, icon: options.iconReference }) : undefined;
  const android = definedOnly({
    priority: androidPriority(options.priority),
    ttl: options.timeToLive !== undefined ? `${Math.max(0, Math.floor(options.timeToLive))}s` : undefined,
    collapse_key: options.collapseKey,
    restricted_package_name: options.restrictedPackageName,
    notification: androidNotification && Object.keys(androidNotification).length > 0 ? androidNotification : undefined,
  });
  return JSON.stringify({
    message: {
      token: message.token,
      ...(notification ? { notification } : {}),
      data: pinpointData(message),
      ...(Object.keys(android).length > 0 ? { android } : {}),
    },
  });
}

/**
 * The legacy HTTP API body (`POST /fcm/send`, server key): `{to, notification, data, priority,
 * time_to_live, collapse_key, restricted_package_name, content_available}`. RawContent replaces
 * it, addressed to the endpoint's token.
 */
export function fcmLegacyBody(message: OutboundPush): string | { problem: string } {
  if (message.rawContent !== undefined) {
    const parsed = rawObject(message.rawContent, 'FCM');
    if ('problem' in parsed) return parsed;
    const raw = parsed.object;
    for (const key of OTHER_TARGETS) delete raw[key];
    return JSON.stringify({ ...raw, to: message.token });
  }
  const options = message.options ?? {};
  const notification =
    !message.silentPush && (message.title !== undefined || message.body !== undefined)
      ? definedOnly({ title: message.title, body: message.body, sound: options.sound, icon: options.iconReference, image: options.imageUrl })
      : undefined;
  return JSON.stringify({
    to: message.token,
    ...(notification ? { notification } : {}),
    data: pinpointData(message),
    ...definedOnly({
      priority: androidPriority(options.priority),
      time_to_live: options.timeToLive !== undefined ? Math.max(0, Math.min(2_419_200, Math.floor(options.timeToLive))) : undefined,
      collapse_key: options.collapseKey,
      restricted_package_name: options.restrictedPackageName,
      content_available: message.silentPush ? true : undefined,
    }),
  });
}

/** A legacy payload's fields in their v1 places; v1 fields pass as they are. */
function fromLegacy(raw: Record<string, unknown>): Record<string, unknown> {
  const { priority, time_to_live: ttl, collapse_key: collapseKey, restricted_package_name: packageName, content_available: _contentAvailable, notification, ...rest } = raw;
  const v1: Record<string, unknown> = { ...rest };
  const android: Record<string, unknown> = { ...(objectAt(raw, 'android') ?? {}) };
  const legacyNotification = objectAt({ notification }, 'notification');
  if (legacyNotification) {
    const { title, body, image, ...platform } = legacyNotification;
    v1.notification = definedOnly({ title, body, image });
    if (Object.keys(platform).length > 0) android.notification = { ...platform, ...(objectAt(android, 'notification') ?? {}) };
  }
  const mappedPriority = typeof priority === 'string' ? androidPriority(priority) : undefined;
  if (mappedPriority !== undefined) android.priority ??= mappedPriority;
  if (typeof ttl === 'number') android.ttl ??= `${Math.max(0, Math.floor(ttl))}s`;
  if (typeof collapseKey === 'string') android.collapse_key ??= collapseKey;
  if (typeof packageName === 'string') android.restricted_package_name ??= packageName;
  if (Object.keys(android).length > 0) v1.android = android;
  return v1;
}

function objectAt(value: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const found = value?.[key];
  return typeof found === 'object' && found !== null && !Array.isArray(found) ? { ...(found as Record<string, unknown>) } : undefined;
}

function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
