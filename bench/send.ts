/**
 * `send` benchmark: SendMessages with 100 email addresses per request, through the whole stack
 * (SigV4, model validation, IAM, rendering, the pooled SMTP transport, the message log and the
 * event log), to an SMTP sink on loopback; against the raw rate of nodemailer's pooled transport
 * sending the same messages straight to the same sink, measured in the same run.
 *
 * And SMS the same way through SMPP (send-sms.ts), against raw submit_sm on one bound session.
 */
import type { AddressInfo } from 'node:net';
import { CreateAppCommand, PinpointClient, SendMessagesCommand, UpdateEmailChannelCommand } from '@aws-sdk/client-pinpoint';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { startPinion } from '../test/helpers/server-process.ts';
import { smsSendRates } from './send-sms.ts';

const ADDRESSES_PER_REQUEST = 100;
const SMTP_CONNECTIONS = 5;
const SUBJECT = 'Your weekly summary';
const TEXT = 'Hello {{FirstName}},\n\nHere is what happened this week.\n';

/** An SMTP server that accepts and discards: the same sink for both measurements. */
async function startSink(): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
  let accepted = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, accepted: () => accepted, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function rawNodemailerRate(port: number, messages: number, concurrency: number): Promise<number> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, pool: true, maxConnections: SMTP_CONNECTIONS, ignoreTLS: true });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < messages) {
      const n = next++;
      await transport.sendMail({ from: 'bench@example.com', to: `raw-${n}@example.net`, subject: SUBJECT, text: TEXT.replace('{{FirstName}}', 'friend') });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return messages / seconds;
}

async function pinionRate(port: number, requests: number, concurrency: number): Promise<{ rate: number; failures: number }> {
  const server = await startPinion({ env: { PINION_SMTP_URL: `smtp://127.0.0.1:${port}`, PINION_SMTP_MAX_CONNECTIONS: String(SMTP_CONNECTIONS), PINION_EMAIL_MAX_PER_SECOND: '100000' } });
  const client = new PinpointClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
  try {
    const appId = (await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'send-bench' } }))).ApplicationResponse!.Id!;
    await client.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'bench@example.com', Identity: 'arn:aws:ses:us-east-1:123456789012:identity/example.com', Enabled: true } }));
    let failures = 0;
    const sendOne = async (run: string, n: number): Promise<void> => {
      const addresses = Object.fromEntries(Array.from({ length: ADDRESSES_PER_REQUEST }, (_, i) => [`${run}-${n}-${i}@example.net`, { ChannelType: 'EMAIL' as const }]));
      const out = await client.send(
        new SendMessagesCommand({
          ApplicationId: appId,
          MessageRequest: { Addresses: addresses, MessageConfiguration: { EmailMessage: { SimpleEmail: { Subject: { Data: SUBJECT }, TextPart: { Data: TEXT } }, Substitutions: { FirstName: ['friend'] } } } },
        }),
      );
      for (const result of Object.values(out.MessageResponse!.Result ?? {})) if (result.DeliveryStatus !== 'SUCCESSFUL') failures += 1;
    };
    const runAll = async (run: string, count: number): Promise<number> => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) await sendOne(run, next++);
        }),
      );
      return (performance.now() - started) / 1000;
    };
    await runAll('warm', Math.max(2, Math.ceil(requests / 10)));
    failures = 0;
    const seconds = await runAll('measured', requests);
    return { rate: (requests * ADDRESSES_PER_REQUEST) / seconds, failures };
  } finally {
    client.destroy();
    await server.stop();
  }
}

export async function sendBenchmark(options: { requests: number; concurrency: number }): Promise<Record<string, unknown>> {
  const sink = await startSink();
  try {
    const messages = options.requests * ADDRESSES_PER_REQUEST;
    // Warm the raw path too, then measure it with as many messages as Pinion sends.
    await rawNodemailerRate(sink.port, 200, options.concurrency * 8);
    const raw = await rawNodemailerRate(sink.port, messages, options.concurrency * 8);
    const pinion = await pinionRate(sink.port, options.requests, options.concurrency);
    if (pinion.failures > 0) throw new Error(`${pinion.failures} messages were not SUCCESSFUL`);
    return {
      benchmark: 'send',
      email: {
        requests: options.requests,
        addressesPerRequest: ADDRESSES_PER_REQUEST,
        concurrentRequests: options.concurrency,
        smtpConnections: SMTP_CONNECTIONS,
        messagesPerSecond: Math.round(pinion.rate),
        rawNodemailerMessagesPerSecond: Math.round(raw),
        ratio: +(pinion.rate / raw).toFixed(3),
      },
      sms: await smsSendRates(options),
      target: 'at least 0.80 of the raw transport rate',
    };
  } finally {
    await sink.close();
  }
}
