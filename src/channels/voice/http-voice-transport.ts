import type { DeliveryOutcome } from '../delivery-outcome.ts';
import { JsonGateway } from '../http/json-gateway.ts';
import type { JsonGatewayOptions, JsonGatewaySettings } from '../http/json-gateway.ts';
import type { OutboundVoice, VoiceTransport } from '../transport.ts';

export const HTTP_VOICE_TRANSPORT = 'http-voice';

/**
 * Voice messages through the operator's voice provider (or an adapter in front of it), over
 * http/json-gateway.ts: one POST per call with `{ messageId, to, from, text | ssml, languageCode,
 * voiceId }`; the provider places the call and speaks the text.
 */
export class HttpVoiceTransport implements VoiceTransport {
  readonly name = HTTP_VOICE_TRANSPORT;
  readonly #gateway: JsonGateway;

  constructor(settings: JsonGatewaySettings, options: JsonGatewayOptions) {
    this.#gateway = new JsonGateway(settings, 'voice provider', options);
  }

  send(message: OutboundVoice): Promise<DeliveryOutcome> {
    return this.#gateway.send(message.messageId, {
      messageId: message.messageId,
      to: message.destination,
      from: message.originationNumber,
      ...(message.ssml ? { ssml: message.body } : { text: message.body }),
      languageCode: message.languageCode,
      voiceId: message.voiceId,
    });
  }

  close(): Promise<void> {
    this.#gateway.close();
    return Promise.resolve();
  }
}
