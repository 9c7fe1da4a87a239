import { trackHtml } from '../../domain/messages/email-tracking.ts';
import { signTrackingToken } from '../../domain/messages/tracking-token.ts';
import type { TrackingClaim } from '../../domain/messages/tracking-token.ts';
import type { ComposedEmail } from './composed-message.ts';

/** Where tracking links point (PINION_PUBLIC_URL) and the key that signs them. */
export interface EmailTrackingSettings {
  readonly publicUrl: string;
  readonly key: Buffer;
}

/**
 * Adds open and click tracking to the HTML part, and List-Unsubscribe with RFC 8058 one-click
 * (List-Unsubscribe-Post) to the headers, unless the caller set List-Unsubscribe itself. Raw
 * MIME is the caller's own and is left as it is.
 */
export function trackEmail(email: ComposedEmail, settings: EmailTrackingSettings, about: Omit<TrackingClaim, 'kind' | 'url'>): ComposedEmail {
  if (email.raw) return email;
  const link = (kind: TrackingClaim['kind'], url?: string): string =>
    `${settings.publicUrl}/t/${kind}/${signTrackingToken(settings.key, { ...about, kind, ...(url !== undefined ? { url } : {}) })}`;
  const hasUnsubscribe = email.headers.some((header) => header.name.toLowerCase() === 'list-unsubscribe');
  return {
    ...email,
    ...(email.html !== undefined ? { html: trackHtml(email.html, { click: (url) => link('c', url), open: link('o') }) } : {}),
    headers: hasUnsubscribe
      ? email.headers
      : [...email.headers, { name: 'List-Unsubscribe', value: `<${link('u')}>` }, { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' }],
  };
}
