/**
 * What a transport says about one message, in Pinpoint's terms (MessageResult / EndpointMessageResult):
 * the DeliveryStatus, an HTTP-like StatusCode and a StatusMessage.
 */
export type DeliveryStatus = 'SUCCESSFUL' | 'THROTTLED' | 'TEMPORARY_FAILURE' | 'PERMANENT_FAILURE' | 'UNKNOWN_FAILURE' | 'OPT_OUT' | 'DUPLICATE';

/**
 * What became of an accepted message afterwards, when the transport knows at once (the simulator's
 * fixed outcomes). Real transports report these later, by receipts.
 */
export type FollowUp =
  | { kind: 'delivered' }
  | { kind: 'hardbounce'; reason: string }
  | { kind: 'softbounce'; reason: string }
  | { kind: 'complaint' }
  | { kind: 'failed'; reason: string }
  | { kind: 'optout' };

export interface DeliveryOutcome {
  readonly status: DeliveryStatus;
  readonly statusCode: number;
  readonly statusMessage: string;
  /** The transport's own id for the message (SMTP queue id, SMPP message id), when it gave one. */
  readonly providerMessageId?: string;
  readonly followUps?: readonly FollowUp[];
}

export const outcomes = {
  accepted: (statusMessage = '', providerMessageId?: string, followUps?: readonly FollowUp[]): DeliveryOutcome => ({
    status: 'SUCCESSFUL',
    statusCode: 200,
    statusMessage,
    ...(providerMessageId !== undefined ? { providerMessageId } : {}),
    ...(followUps !== undefined ? { followUps } : {}),
  }),
  permanent: (statusMessage: string, statusCode = 400): DeliveryOutcome => ({ status: 'PERMANENT_FAILURE', statusCode, statusMessage }),
  temporary: (statusMessage: string, statusCode = 503): DeliveryOutcome => ({ status: 'TEMPORARY_FAILURE', statusCode, statusMessage }),
  throttled: (statusMessage: string): DeliveryOutcome => ({ status: 'THROTTLED', statusCode: 429, statusMessage }),
  unknown: (statusMessage: string): DeliveryOutcome => ({ status: 'UNKNOWN_FAILURE', statusCode: 500, statusMessage }),
  optOut: (statusMessage: string): DeliveryOutcome => ({ status: 'OPT_OUT', statusCode: 400, statusMessage }),
  duplicate: (statusMessage: string): DeliveryOutcome => ({ status: 'DUPLICATE', statusCode: 400, statusMessage }),
} as const;
