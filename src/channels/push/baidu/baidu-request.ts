import { createHash } from 'node:crypto';
import type { OutboundPush } from '../../transport.ts';
import { pinpointData } from '../pinpoint-data.ts';

/** Baidu keeps an undelivered message at most 7 days (msg_expires, seconds). */
const MAX_EXPIRES_SECONDS = 604_800;

/**
 * The form of Baidu Cloud Push's `POST /rest/3.0/push/single_device` (push.baidu.com,
 * "Http Rest API 3.0" and "SDK developer guide"): apikey, timestamp, device_type 3 (Android),
 * channel_id (the endpoint's token), msg_type 1 (notification) or 0 (pass-through, for a silent
 * push), msg, msg_expires, and sign. A notification's msg is `{title, description,
 * custom_content}` with Pinpoint's data keys in custom_content; RawContent is sent as msg.
 */
export function baiduForm(message: OutboundPush, apiKey: string, secretKey: string, url: string, nowSeconds: number): Record<string, string> {
  const data = pinpointData(message);
  const link = message.action === 'URL' && message.url !== undefined ? { open_type: 1, url: message.url } : {};
  const msg =
    message.rawContent !== undefined
      ? message.rawContent
      : message.silentPush
        ? JSON.stringify(data)
        : JSON.stringify({ title: message.title ?? '', description: message.body ?? '', notification_builder_id: 0, notification_basic_style: 7, ...link, custom_content: data });
  const form: Record<string, string> = {
    apikey: apiKey,
    timestamp: String(nowSeconds),
    device_type: '3',
    channel_id: message.token,
    msg_type: message.silentPush ? '0' : '1',
    msg,
  };
  const ttl = message.options?.timeToLive;
  if (ttl !== undefined) form.msg_expires = String(Math.max(0, Math.min(MAX_EXPIRES_SECONDS, Math.floor(ttl))));
  return { ...form, sign: baiduSign('POST', url, form, secretKey) };
}

/**
 * Baidu's request signature: MD5 (lower-case hex) of the URL-encoded string
 * METHOD + URL + key=value for every parameter in key order + secret key, the encoding being
 * PHP's urlencode (every byte but letters, digits and -_. as %XX, a space as +).
 */
export function baiduSign(method: string, url: string, params: Readonly<Record<string, string>>, secretKey: string): string {
  const gathered = method + url + Object.keys(params).sort().map((key) => `${key}=${params[key]}`).join('') + secretKey;
  return createHash('md5').update(phpUrlencode(gathered)).digest('hex');
}

export function phpUrlencode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}
