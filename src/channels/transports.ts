import { SmtpEmailTransport } from './email/smtp-transport.ts';
import type { SmtpSettings } from './email/smtp-transport.ts';
import { RateLimiter } from './rate-limiter.ts';
import { SimulatorEmailTransport, SimulatorPushTransport, SimulatorSmsTransport, SimulatorVoiceTransport } from './simulator/simulator-transports.ts';
import type { EmailTransport, PushTransport, SmsTransport, VoiceTransport } from './transport.ts';

/** Push services by family: APNS serves APNS, APNS_SANDBOX, APNS_VOIP and APNS_VOIP_SANDBOX. */
export type PushFamily = 'APNS' | 'GCM' | 'BAIDU' | 'ADM';

export function pushFamilyOf(channel: string): PushFamily | undefined {
  if (channel.startsWith('APNS')) return 'APNS';
  return channel === 'GCM' || channel === 'BAIDU' || channel === 'ADM' ? channel : undefined;
}

/** The operator's transports, built once at startup from the configuration. */
export interface Transports {
  readonly email: EmailTransport;
  readonly sms: SmsTransport;
  readonly voice: VoiceTransport;
  readonly push: Readonly<Record<PushFamily, PushTransport>>;
  /** Always there: simulator destinations never leave Pinion, whatever else is configured. */
  readonly simulatorEmail: EmailTransport;
  readonly simulatorSms: SmsTransport;
  readonly simulatorVoice: VoiceTransport;
  readonly simulatorPush: PushTransport;
  close(): Promise<void>;
}

export interface TransportSettings {
  /** Absent: email goes to the simulator outbox. */
  readonly smtp?: SmtpSettings;
  /** Messages per second through the email relay. */
  readonly emailPerSecond: number;
  /** Built elsewhere (SMPP or HTTP gateway); absent: the simulator. */
  readonly sms?: SmsTransport;
  /** Built elsewhere (HTTP voice provider); absent: the simulator. */
  readonly voice?: VoiceTransport;
  /** Built elsewhere (APNs, FCM, Baidu, ADM); a family left out goes to the simulator. */
  readonly push?: Partial<Record<PushFamily, PushTransport>>;
}

export function buildTransports(settings: TransportSettings): Transports {
  const simulatorEmail = new SimulatorEmailTransport();
  const simulatorSms = new SimulatorSmsTransport();
  const simulatorPush = new SimulatorPushTransport();
  const email = settings.smtp ? new SmtpEmailTransport(settings.smtp, new RateLimiter(settings.emailPerSecond)) : simulatorEmail;
  const sms = settings.sms ?? simulatorSms;
  const simulatorVoice = new SimulatorVoiceTransport();
  const voice = settings.voice ?? simulatorVoice;
  const push: Record<PushFamily, PushTransport> = {
    APNS: settings.push?.APNS ?? simulatorPush,
    GCM: settings.push?.GCM ?? simulatorPush,
    BAIDU: settings.push?.BAIDU ?? simulatorPush,
    ADM: settings.push?.ADM ?? simulatorPush,
  };
  return {
    email,
    sms,
    voice,
    push,
    simulatorEmail,
    simulatorSms,
    simulatorVoice,
    simulatorPush,
    async close() {
      const all = new Set([email, sms, voice, ...Object.values(push)]);
      await Promise.all([...all].map((transport) => transport.close()));
    },
  };
}
