import { outcomes } from '../delivery-outcome.ts';
import type { HttpClient } from './https-client.ts';
import { PushFailure, unreachable } from './push-failure.ts';
import { retryAfterMs } from '../retry.ts';
import type { ExpiringToken } from './token-cache.ts';

/** An access token is replaced this long before the expiry its endpoint gave. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Asks an OAuth 2.0 token endpoint for an access token (form-encoded POST; RFC 6749 §4.4 and
 * RFC 7523). A refusal (4xx) is permanent: the channel's credentials are wrong, and the
 * endpoint's error code (invalid_grant, invalid_client …) is all that is said of it. Throttling
 * and 5xx are temporary. The token, the request and the answer's other fields are never repeated.
 */
export async function requestAccessToken(http: HttpClient, url: string, form: Readonly<Record<string, string>>, service: string, now: () => number): Promise<ExpiringToken> {
  const asked = now();
  let answer;
  try {
    answer = await http.post(url, { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' }, new URLSearchParams(form).toString());
  } catch (error) {
    throw new PushFailure(unreachable(`The ${service} token endpoint`, error));
  }
  let json: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(answer.body) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    // not JSON: judged by the status alone
  }
  if (answer.status === 200 && typeof json.access_token === 'string' && json.access_token !== '') {
    const lifetimeMs = (typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 3600) * 1000;
    const refreshAt = asked + (lifetimeMs > 2 * REFRESH_MARGIN_MS ? lifetimeMs - REFRESH_MARGIN_MS : lifetimeMs / 2);
    return { value: json.access_token, refreshAt };
  }
  const code = typeof json.error === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(json.error) ? ` (${json.error})` : '';
  const wait = retryAfterMs(answer.headers['retry-after']);
  if (answer.status === 429) throw new PushFailure(outcomes.throttled(`The ${service} token endpoint is throttling token requests${code}`), wait);
  if (answer.status >= 500) throw new PushFailure(outcomes.temporary(`The ${service} token endpoint failed with ${answer.status}${code}`, answer.status), wait);
  if (answer.status === 200) throw new PushFailure(outcomes.temporary(`The ${service} token endpoint answered without an access token`, 502));
  throw new PushFailure(outcomes.permanent(`The ${service} token endpoint refused the channel's credentials: ${answer.status}${code}`, 403));
}
