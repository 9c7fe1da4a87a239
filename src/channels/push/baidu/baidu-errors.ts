/**
 * What Pinion makes of Baidu Cloud Push's error codes (REST API 3.0, the 306xx family its SDKs
 * name). Codes not listed are permanent failures that leave the endpoint as it is.
 */
export type BaiduErrorKind =
  /** Worth another try within the request. */
  | 'temporary'
  /** The app's push quota is spent: THROTTLED, and no retry within the request (it would be spent again). */
  | 'quota'
  /** The device's channel_id no longer reaches an install: the endpoint goes INACTIVE, as for APNs's Unregistered. */
  | 'token-ended';

const KINDS: ReadonlyMap<number, BaiduErrorKind> = new Map([
  // Internal Server Error.
  [30600, 'temporary'],
  // Request Time Expires Timeout: the signed timestamp was stale on arrival; each attempt signs anew.
  [30606, 'temporary'],
  // Quota Use Up Payment Required.
  [30604, 'quota'],
  // Channel Token Timeout: the device's channel token expired.
  [30607, 'token-ended'],
  // Bind Relation Not Found: no install is bound to this channel_id (uninstalled, or never bound).
  [30608, 'token-ended'],
]);

export function baiduErrorKind(code: number): BaiduErrorKind | 'permanent' {
  return KINDS.get(code) ?? 'permanent';
}
