/**
 * The SMS half of the `send` benchmark: SendMessages with 100 SMS addresses per request through
 * Pinion's SMPP transport to an SMSC on loopback (test/helpers/smpp-peer.ts), against the raw
 * rate of submit_sm over one bound session with the same window, to the same SMSC, in the same run.
 */
import { connect } from 'node:net';
import { PinpointClient, SendMessagesCommand, UpdateSmsChannelCommand, CreateAppCommand } from '@aws-sdk/client-pinpoint';
import smpp from 'smpp';
import type { SmppPdu } from 'smpp';
import { SUBMIT_WINDOW } from '../src/channels/sms/smpp-link.ts';
import { startPinion } from '../test/helpers/server-process.ts';
import { startSmppPeer } from '../test/helpers/smpp-peer.ts';
import type { SmppPeer } from '../test/helpers/smpp-peer.ts';

const ADDRESSES_PER_REQUEST = 100;
const BODY = 'Your code is 123456. It expires in 10 minutes.';
const SYSTEM_ID = 'bench';
const PASSWORD = 'bench-pw';

/** UK mobile numbers reserved for drama (07700 900000–900999): never a real subscriber. */
function number(n: number): string {
  return `+447700${900000 + (n % 1000)}`;
}

async function rawSmppRate(peer: SmppPeer, messages: number): Promise<number> {
  const socket = connect(peer.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const session = new smpp.Session({ socket });
  const request = (pdu: SmppPdu) => new Promise<SmppPdu>((resolve) => session.send(pdu, resolve));
  const bound = await request(new smpp.PDU('bind_transceiver', { system_id: SYSTEM_ID, password: PASSWORD, interface_version: 0x34 }));
  if (bound.command_status !== 0) throw new Error(`raw bind refused: ${bound.command_status}`);
  session.on('pdu', (pdu: SmppPdu) => {
    if (!pdu.isResponse()) session.send(pdu.response());
  });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SUBMIT_WINDOW }, async () => {
      while (next < messages) {
        const n = next++;
        const answer = await request(
          new smpp.PDU('submit_sm', { source_addr: 'PINION', source_addr_ton: 5, destination_addr: number(n).slice(1), dest_addr_ton: 1, dest_addr_npi: 1, registered_delivery: 1, short_message: BODY }),
        );
        if (answer.command_status !== 0) throw new Error(`raw submit refused: ${answer.command_status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await request(new smpp.PDU('unbind', {}));
  session.destroy();
  return messages / seconds;
}

async function pinionSmsRate(peer: SmppPeer, requests: number, concurrency: number): Promise<{ rate: number; failures: number }> {
  const server = await startPinion({ env: { PINION_SMPP_URL: peer.url, PINION_SMS_MAX_PER_SECOND: '10000' } });
  const client = new PinpointClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
  try {
    const appId = (await client.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'send-sms-bench' } }))).ApplicationResponse!.Id!;
    await client.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true, SenderId: 'PINION' } }));
    await peer.waitForBind(1);
    let failures = 0;
    const sendOne = async (): Promise<void> => {
      const addresses = Object.fromEntries(Array.from({ length: ADDRESSES_PER_REQUEST }, (_, i) => [number(i), { ChannelType: 'SMS' as const }]));
      const out = await client.send(new SendMessagesCommand({ ApplicationId: appId, MessageRequest: { Addresses: addresses, MessageConfiguration: { SMSMessage: { Body: BODY, MessageType: 'TRANSACTIONAL' } } } }));
      for (const result of Object.values(out.MessageResponse!.Result ?? {})) if (result.DeliveryStatus !== 'SUCCESSFUL') failures += 1;
    };
    const runAll = async (count: number): Promise<number> => {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < count) await sendOne();
        }),
      );
      return (performance.now() - started) / 1000;
    };
    await runAll(Math.max(2, Math.ceil(requests / 10)));
    failures = 0;
    const seconds = await runAll(requests);
    return { rate: (requests * ADDRESSES_PER_REQUEST) / seconds, failures };
  } finally {
    client.destroy();
    await server.stop();
  }
}

export async function smsSendRates(options: { requests: number; concurrency: number }): Promise<Record<string, unknown>> {
  const peer = await startSmppPeer({ systemId: SYSTEM_ID, password: PASSWORD });
  try {
    const messages = options.requests * ADDRESSES_PER_REQUEST;
    await rawSmppRate(peer, 200);
    const raw = await rawSmppRate(peer, messages);
    const pinion = await pinionSmsRate(peer, options.requests, options.concurrency);
    if (pinion.failures > 0) throw new Error(`${pinion.failures} SMS were not SUCCESSFUL`);
    return {
      requests: options.requests,
      addressesPerRequest: ADDRESSES_PER_REQUEST,
      concurrentRequests: options.concurrency,
      submitWindow: SUBMIT_WINDOW,
      messagesPerSecond: Math.round(pinion.rate),
      rawSmppSubmitsPerSecond: Math.round(raw),
      ratio: +(pinion.rate / raw).toFixed(3),
    };
  } finally {
    await peer.close();
  }
}
