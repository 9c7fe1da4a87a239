import type { PushOptions } from '../../channels/transport.ts';

/** A message rendered for one recipient, per channel, ready for its transport. */
export interface ComposedEmail {
  readonly channel: 'EMAIL';
  readonly from?: string;
  readonly replyTo?: readonly string[];
  readonly feedbackAddress?: string;
  readonly subject?: string;
  readonly html?: string;
  readonly text?: string;
  readonly raw?: Buffer;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
}

export interface ComposedSms {
  readonly channel: 'SMS';
  readonly body: string;
  readonly messageType: string;
  readonly originationNumber?: string;
  readonly senderId?: string;
  readonly keyword?: string;
  readonly entityId?: string;
  readonly templateId?: string;
}

export interface ComposedVoice {
  readonly channel: 'VOICE';
  readonly body: string;
  readonly languageCode?: string;
  readonly voiceId?: string;
  readonly originationNumber?: string;
}

/** Push (APNs family, FCM, Baidu, ADM) and custom channels: the fields Pinpoint carries. */
export interface ComposedPush {
  readonly channel: string;
  readonly title?: string;
  readonly body?: string;
  readonly action?: string;
  readonly url?: string;
  readonly silentPush?: boolean;
  readonly data?: Record<string, string>;
  /** RawContent: the platform payload as the caller wrote it. */
  readonly rawContent?: string;
  /** Sound, badge, priority, time to live … of the platform message. */
  readonly options?: PushOptions;
}

export type ComposedMessage = ComposedEmail | ComposedSms | ComposedVoice | ComposedPush;

export type Composition = { readonly ok: true; readonly message: ComposedMessage } | { readonly ok: false; readonly reason: string; readonly rendering: boolean };
