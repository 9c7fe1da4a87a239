import type { DirectMessageConfiguration } from '@aws-sdk/client-pinpoint';
import type { PushOptions } from '../../channels/transport.ts';
import { definedFields } from './defined-fields.ts';

/**
 * The delivery options of a push from its platform message (APNSMessage, GCMMessage,
 * ADMMessage, BaiduMessage), with the push template's platform part filling Sound and the
 * image URLs the message leaves out. Undefined when nothing is set.
 */
export function pushOptionsOf(config: DirectMessageConfiguration, channel: string, templatePart: Readonly<Record<string, unknown>> | undefined): PushOptions | undefined {
  const fromTemplate = (name: string) => (typeof templatePart?.[name] === 'string' ? (templatePart[name] as string) : undefined);
  let options: PushOptions;
  if (channel.startsWith('APNS')) {
    const m = config.APNSMessage ?? {};
    options = definedFields({
      sound: m.Sound ?? fromTemplate('Sound'),
      badge: m.Badge,
      priority: m.Priority,
      timeToLive: m.TimeToLive,
      collapseKey: m.CollapseId,
      threadId: m.ThreadId,
      category: m.Category,
      pushType: m.APNSPushType,
      mediaUrl: m.MediaUrl ?? fromTemplate('MediaUrl'),
      preferredAuthenticationMethod: m.PreferredAuthenticationMethod,
    });
  } else if (channel === 'GCM') {
    const m = config.GCMMessage ?? {};
    options = definedFields({
      sound: m.Sound ?? fromTemplate('Sound'),
      priority: m.Priority,
      timeToLive: m.TimeToLive,
      collapseKey: m.CollapseKey,
      imageUrl: m.ImageUrl ?? fromTemplate('ImageUrl'),
      imageIconUrl: m.ImageIconUrl ?? fromTemplate('ImageIconUrl'),
      smallImageIconUrl: m.SmallImageIconUrl ?? fromTemplate('SmallImageIconUrl'),
      iconReference: m.IconReference,
      restrictedPackageName: m.RestrictedPackageName,
      preferredAuthenticationMethod: m.PreferredAuthenticationMethod,
    });
  } else if (channel === 'ADM') {
    const m = config.ADMMessage ?? {};
    const expiresAfter = m.ExpiresAfter !== undefined && /^\d+$/.test(m.ExpiresAfter) ? Number(m.ExpiresAfter) : undefined;
    options = definedFields({
      sound: m.Sound ?? fromTemplate('Sound'),
      timeToLive: expiresAfter,
      collapseKey: m.ConsolidationKey,
      md5: m.MD5,
      imageUrl: m.ImageUrl ?? fromTemplate('ImageUrl'),
      imageIconUrl: m.ImageIconUrl ?? fromTemplate('ImageIconUrl'),
      smallImageIconUrl: m.SmallImageIconUrl ?? fromTemplate('SmallImageIconUrl'),
      iconReference: m.IconReference,
    });
  } else if (channel === 'BAIDU') {
    const m = config.BaiduMessage ?? {};
    options = definedFields({
      sound: m.Sound ?? fromTemplate('Sound'),
      timeToLive: m.TimeToLive,
      imageUrl: m.ImageUrl ?? fromTemplate('ImageUrl'),
      imageIconUrl: m.ImageIconUrl ?? fromTemplate('ImageIconUrl'),
      smallImageIconUrl: m.SmallImageIconUrl ?? fromTemplate('SmallImageIconUrl'),
      iconReference: m.IconReference,
    });
  } else {
    return undefined;
  }
  return Object.keys(options).length > 0 ? options : undefined;
}
