import type { DeliveryOutcome } from './delivery-outcome.ts';

/** One email to one recipient, composed and rendered. */
export interface OutboundEmail {
  /** Pinion's id of the message (32 hex digits): what a bounce's return path names. */
  readonly id: string;
  /** The Message-ID header, `<id@domain>`. */
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly replyTo?: readonly string[];
  /** RawEmail: the whole MIME message as the caller built it (From/To taken from it as given). */
  readonly raw?: Buffer;
  readonly subject?: string;
  readonly html?: string;
  readonly text?: string;
  /** Extra headers (SimpleEmail.Headers, List-Unsubscribe …), in order. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** Where bounces go (EmailMessage.FeedbackForwardingAddress): the envelope sender. */
  readonly feedbackAddress?: string;
}

/** One SMS to one number. */
export interface OutboundSms {
  readonly messageId: string;
  readonly destination: string;
  readonly body: string;
  readonly originationNumber?: string;
  readonly senderId?: string;
  /** TRANSACTIONAL | PROMOTIONAL */
  readonly messageType: string;
  readonly keyword?: string;
  readonly entityId?: string;
  readonly templateId?: string;
}

export interface EmailTransport {
  /** Recorded with each message: smtp, simulator … */
  readonly name: string;
  send(message: OutboundEmail): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

export interface SmsTransport {
  readonly name: string;
  send(message: OutboundSms): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

/** One voice message to one number: the text (or SSML) a provider speaks. */
export interface OutboundVoice {
  readonly messageId: string;
  readonly destination: string;
  readonly body: string;
  /** Whether `body` is SSML (it starts with <speak>) rather than plain text. */
  readonly ssml: boolean;
  readonly originationNumber?: string;
  readonly languageCode?: string;
  readonly voiceId?: string;
}

/** One push notification to one device token, with the project's channel credentials. */
export interface OutboundPush {
  readonly messageId: string;
  /** APNS, APNS_SANDBOX, APNS_VOIP, APNS_VOIP_SANDBOX, GCM, BAIDU or ADM. */
  readonly channel: string;
  readonly token: string;
  readonly title?: string;
  readonly body?: string;
  readonly action?: string;
  readonly url?: string;
  readonly silentPush?: boolean;
  readonly data?: Readonly<Record<string, string>>;
  /** RawContent: the platform payload as the caller wrote it (it replaces the built one). */
  readonly rawContent?: string;
  /** The request's and recipient's Context: Pinpoint adds it to the payload's data.pinpoint object. */
  readonly context?: Readonly<Record<string, string>>;
  /** The project's channel: its non-secret settings (BundleId, TeamId, …) and its opened credentials. */
  readonly channelSettings: Readonly<Record<string, unknown>>;
  readonly credentials: Readonly<Record<string, string>>;
  /** The platform message's delivery options (APNSMessage, GCMMessage, ADMMessage, BaiduMessage), when set. */
  readonly options?: PushOptions;
}

/** Delivery options of a push, from the platform message of the request (each service uses its own). */
export interface PushOptions {
  readonly sound?: string;
  readonly badge?: number;
  /** APNs 10/5, FCM high/normal (each service maps the other's values). */
  readonly priority?: string;
  /** Seconds the service keeps an undelivered message (APNs, FCM, Baidu TimeToLive; ADM ExpiresAfter). */
  readonly timeToLive?: number;
  /** APNs CollapseId, FCM CollapseKey, ADM ConsolidationKey. */
  readonly collapseKey?: string;
  readonly threadId?: string;
  readonly category?: string;
  /** APNSPushType: alert, background, voip … */
  readonly pushType?: string;
  readonly mediaUrl?: string;
  readonly imageUrl?: string;
  readonly imageIconUrl?: string;
  readonly smallImageIconUrl?: string;
  readonly iconReference?: string;
  readonly restrictedPackageName?: string;
  /** ADM MD5: the checksum of the data, which ADM verifies. */
  readonly md5?: string;
  /** APNs CERTIFICATE or TOKEN, FCM KEY or TOKEN: overrides the channel's DefaultAuthenticationMethod. */
  readonly preferredAuthenticationMethod?: string;
}

/** What a push service answered: the outcome, plus a replacement token when the service gave one. */
export interface PushOutcome {
  readonly outcome: DeliveryOutcome;
  readonly updatedToken?: string;
  /** The token is no longer valid (APNs 410, FCM UNREGISTERED): the endpoint goes INACTIVE. */
  readonly tokenInvalid?: boolean;
}

export interface VoiceTransport {
  readonly name: string;
  send(message: OutboundVoice): Promise<DeliveryOutcome>;
  close(): Promise<void>;
}

export interface PushTransport {
  readonly name: string;
  send(message: OutboundPush): Promise<PushOutcome>;
  close(): Promise<void>;
}
