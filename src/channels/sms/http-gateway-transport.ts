import type { DeliveryOutcome } from '../delivery-outcome.ts';
import { JsonGateway } from '../http/json-gateway.ts';
import type { JsonGatewayOptions, JsonGatewaySettings } from '../http/json-gateway.ts';
import type { OutboundSms, SmsTransport } from '../transport.ts';

export const HTTP_GATEWAY_TRANSPORT = 'http-gateway';

/** PINION_SMS_HTTP_URL and PINION_SMS_HTTP_AUTH_HEADER (a secret: never logged). */
export type HttpGatewaySettings = JsonGatewaySettings;
export type HttpGatewayOptions = JsonGatewayOptions;

/**
 * SMS through a generic HTTP gateway (http/json-gateway.ts): one POST per message with
 * `{ messageId, to, from, body, messageType, keyword, entityId, templateId }`.
 */
export class HttpGatewaySmsTransport implements SmsTransport {
  readonly name = HTTP_GATEWAY_TRANSPORT;
  readonly #gateway: JsonGateway;

  constructor(settings: HttpGatewaySettings, options: HttpGatewayOptions) {
    this.#gateway = new JsonGateway(settings, 'SMS gateway', options);
  }

  send(message: OutboundSms): Promise<DeliveryOutcome> {
    return this.#gateway.send(message.messageId, {
      messageId: message.messageId,
      to: message.destination,
      from: message.originationNumber ?? message.senderId,
      body: message.body,
      messageType: message.messageType,
      keyword: message.keyword,
      entityId: message.entityId,
      templateId: message.templateId,
    });
  }

  close(): Promise<void> {
    this.#gateway.close();
    return Promise.resolve();
  }
}
