import { SmtpEmailTransport } from './email/smtp-transport.ts';
import type { SmtpSettings } from './email/smtp-transport.ts';
import { RateLimiter } from './rate-limiter.ts';
import { SimulatorEmailTransport, SimulatorSmsTransport } from './simulator/simulator-transports.ts';
import type { EmailTransport, SmsTransport } from './transport.ts';

/** The operator's transports, built once at startup from the configuration. */
export interface Transports {
  readonly email: EmailTransport;
  readonly sms: SmsTransport;
  /** Always there: simulator destinations never leave Pinion, whatever else is configured. */
  readonly simulatorEmail: EmailTransport;
  readonly simulatorSms: SmsTransport;
  close(): Promise<void>;
}

export interface TransportSettings {
  /** Absent: email goes to the simulator outbox. */
  readonly smtp?: SmtpSettings;
  /** Messages per second through the email relay. */
  readonly emailPerSecond: number;
}

export function buildTransports(settings: TransportSettings): Transports {
  const simulatorEmail = new SimulatorEmailTransport();
  const simulatorSms = new SimulatorSmsTransport();
  const email = settings.smtp ? new SmtpEmailTransport(settings.smtp, new RateLimiter(settings.emailPerSecond)) : simulatorEmail;
  return {
    email,
    sms: simulatorSms,
    simulatorEmail,
    simulatorSms,
    async close() {
      await Promise.all([email.close(), simulatorSms.close()]);
    },
  };
}
