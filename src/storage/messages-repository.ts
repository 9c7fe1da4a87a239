import type { EventLogEntry } from './endpoints-repository.ts';
import type { Tenant } from './tenant.ts';

/** One message as the message log keeps it. */
export interface MessageRecord {
  id: string;
  /** Pinpoint's ChannelType: EMAIL, SMS, VOICE, APNS, GCM, CUSTOM … */
  channel: string;
  /** Which transport took it: simulator, smtp, … */
  transport: string;
  address: string;
  /** The transport's own id for the message, when it gave one (receipts name it). */
  providerMessageId?: string;
  endpointId?: string;
  deliveryStatus: string;
  statusCode: number;
  statusMessage: string;
  traceId?: string;
  /** ISO-8601 UTC with milliseconds. */
  createdDate: string;
  /** The rendered message; kept for the simulator outbox only (real transports keep no content). */
  content?: Record<string, unknown>;
}

/** Keyset position in a message listing, newest first: (createdDate, id) of the last one answered. */
export interface MessageCursor {
  createdDate: string;
  id: string;
}

export interface MessagesRepository {
  /**
   * Records the messages of one send and appends their events (and the event stream's outbox
   * rows) in one transaction. Throws ProjectMissingError when the project is gone.
   */
  record(tenant: Tenant, appId: string, messages: readonly MessageRecord[], events: readonly EventLogEntry[]): Promise<void>;
  /** Appends events alone (delivery receipts, opens, clicks) in one transaction. */
  appendEvents(tenant: Tenant, appId: string, events: readonly EventLogEntry[]): Promise<void>;
  get(tenant: Tenant, appId: string, id: string): Promise<MessageRecord | undefined>;
  /** The message a transport's receipt names (by the transport's own id), with its tenant and project. */
  findByProviderId(transport: string, providerMessageId: string): Promise<{ tenant: Tenant; appId: string; message: MessageRecord } | undefined>;
  /**
   * Appends the event of a report about a message (a bounce, a complaint) unless `limit` reports
   * of this kind were recorded for it already; the count is kept with the message, in the same
   * transaction as the event, so it holds across restarts and concurrent reports. Answers whether
   * the event was appended (false: the cap was reached, or the message is gone). Throws
   * ProjectMissingError when the project is gone.
   */
  appendReportEvent(tenant: Tenant, appId: string, messageId: string, report: { kind: string; limit: number }, event: EventLogEntry): Promise<boolean>;
  /** Sets the delivery status a receipt reports (the message log keeps the latest word). */
  updateStatus(tenant: Tenant, appId: string, id: string, status: { deliveryStatus: string; statusCode: number; statusMessage: string }): Promise<void>;
  /** Deletes messages created before `olderThan` from every project, in small chunks; returns how many. */
  prune(olderThan: Date): Promise<number>;
  /** Newest first, at most `limit` after `after`; `transport` narrows to one transport (the outbox: simulator). */
  list(tenant: Tenant, appId: string, page: { limit: number; after?: MessageCursor; transport?: string }): Promise<MessageRecord[]>;
}
