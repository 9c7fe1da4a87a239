import { wholeNumber } from './config.ts';
import type { GatewaySettings } from './gateway-settings.ts';
import { gatewaySettings } from './gateway-settings.ts';

/**
 * The voice transport: the operator's voice provider behind an HTTP endpoint
 * (PINION_VOICE_HTTP_URL, PINION_VOICE_HTTP_AUTH_HEADER); unset, voice messages go to the simulator.
 */
export interface VoiceConfig {
  readonly http: GatewaySettings | undefined;
  /** PINION_VOICE_MAX_PER_SECOND (1 to 1000, default 20): calls started per second. */
  readonly perSecond: number;
}

export function voiceConfig(env: NodeJS.ProcessEnv): VoiceConfig {
  return Object.freeze({
    http: gatewaySettings(env, 'PINION_VOICE_HTTP_URL', 'PINION_VOICE_HTTP_AUTH_HEADER'),
    perSecond: wholeNumber(env, 'PINION_VOICE_MAX_PER_SECOND', 20, 1, 1000, 'calls per second'),
  });
}
