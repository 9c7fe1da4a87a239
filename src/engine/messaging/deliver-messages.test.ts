import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DirectMessageConfiguration } from '@aws-sdk/client-pinpoint';
import { outcomes } from '../../channels/delivery-outcome.ts';
import { buildTransports } from '../../channels/transports.ts';
import type { Transports } from '../../channels/transports.ts';
import type { EmailTransport } from '../../channels/transport.ts';
import { recipientsOf } from '../../domain/messages/recipients.ts';
import { deliverMessages, MAX_RENDER_STEPS_PER_SEND, MAX_RENDERED_CHARS_PER_SEND } from './deliver-messages.ts';
import type { SendServices } from './deliver-messages.ts';
import { planDeliveries } from './plan-deliveries.ts';

const EMAIL_CHANNEL = new Map([['EMAIL', { enabled: true, settings: { FromAddress: 'sender@example.com' }, credentials: () => undefined }]]);

function send(addresses: readonly string[], configuration: DirectMessageConfiguration, services: Partial<SendServices> = {}) {
  const recipients = recipientsOf({ Addresses: Object.fromEntries(addresses.map((address) => [address, { ChannelType: 'EMAIL' }])) });
  let id = 0;
  return deliverMessages(
    { tenant: { accountId: '123456789012', region: 'us-east-1' }, appId: 'a'.repeat(32), requestId: 'r', configuration, templates: {}, channels: EMAIL_CHANNEL, deliveries: planDeliveries(recipients, new Map()) },
    { transports: buildTransports({ emailPerSecond: 1000 }), now: () => new Date('2026-11-23T00:00:00Z'), newMessageId: () => `m${(id += 1)}`, randomUUID: () => 'u', ...services },
  );
}

test('a request renders at most MAX_RENDERED_CHARS_PER_SEND characters: recipients past it are refused, not sent', async () => {
  // Ten bytes of template render ten million characters; eight recipients would hold 80 M.
  const addresses = Array.from({ length: 8 }, (_, i) => `success+${i}@simulator.amazonses.com`);
  const output = await send(addresses, { EmailMessage: { SimpleEmail: { TextPart: { Data: '{{ljust "a" 10000000}}' } } } });
  const sent = output.results.filter((result) => result.outcome.status === 'SUCCESSFUL').length;
  assert.equal(sent, Math.floor(MAX_RENDERED_CHARS_PER_SEND / 10_000_000));
  const refused = output.results.filter((result) => result.outcome.status === 'PERMANENT_FAILURE');
  assert.equal(refused.length, addresses.length - sent);
  assert.match(refused[0]!.outcome.statusMessage, /render to more than \d+ characters in all; this one was not sent/);
  assert.equal(output.messages.length, sent, 'refused recipients leave nothing in the message log');
  const kept = output.messages.reduce((total, message) => total + String(message.content?.text ?? '').length, 0);
  assert.ok(kept <= MAX_RENDERED_CHARS_PER_SEND);
  assert.equal(output.events.filter((event) => event.eventType === '_email.rendering_failure').length, refused.length);
});

test('a request\'s renders share MAX_RENDER_STEPS_PER_SEND steps: recipients past it get a rendering failure, not a send', async () => {
  // Four nested loops over 15 items (each stops at 15): about 54,000 steps a render, under the
  // per-render limit, so each recipient alone renders; fifty of them would need about 2.7 M steps.
  const addresses = Array.from({ length: 50 }, (_, i) => `success+${i}@simulator.amazonses.com`);
  const loops = `${'{{#each @root.list}}'.repeat(4)}x${'{{/each}}'.repeat(4)}`;
  const output = await send(addresses, {
    EmailMessage: { Substitutions: { list: Array.from({ length: 15 }, (_, i) => String(i)) }, SimpleEmail: { Subject: { Data: 'Hi' }, TextPart: { Data: loops } } },
  });
  const statuses = output.results.map((result) => result.outcome.status);
  const sent = statuses.filter((status) => status === 'SUCCESSFUL').length;
  assert.ok(sent >= 10 && sent < addresses.length, `${sent} of ${addresses.length} sent`);
  assert.ok(sent <= MAX_RENDER_STEPS_PER_SEND / 15 ** 4, 'no more renders than the budget pays for');
  const refused = output.results.filter((result) => result.outcome.status !== 'SUCCESSFUL');
  assert.equal(refused.length, addresses.length - sent);
  for (const result of refused) {
    assert.equal(result.outcome.status, 'PERMANENT_FAILURE');
    assert.match(result.outcome.statusMessage, /do too much template work in all/);
  }
  assert.equal(output.messages.length, sent, 'recipients not rendered leave nothing in the message log');
  assert.equal(output.events.filter((event) => event.eventType === '_email.rendering_failure').length, refused.length);
});

test('a transport that throws fails its own message only: every message of the request is still recorded', async () => {
  const transports = buildTransports({ emailPerSecond: 1000 });
  const throwing: EmailTransport = {
    name: 'smtp',
    send: (message) => (message.to === 'boom@example.net' ? Promise.reject(new Error('socket exploded')) : Promise.resolve(outcomes.accepted('250 ok'))),
    close: () => Promise.resolve(),
  };
  const failures: string[] = [];
  const output = await send(['one@example.net', 'boom@example.net', 'two@example.net'], { EmailMessage: { SimpleEmail: { Subject: { Data: 'Hi' }, TextPart: { Data: 'Hello' } } } }, {
    transports: { ...transports, email: throwing } satisfies Transports,
    transportFailed: (_error, channel) => failures.push(channel),
  });
  assert.deepEqual(output.results.map((result) => result.outcome.status), ['SUCCESSFUL', 'UNKNOWN_FAILURE', 'SUCCESSFUL']);
  assert.deepEqual(output.messages.map((message) => [message.address, message.deliveryStatus]).sort(), [
    ['boom@example.net', 'UNKNOWN_FAILURE'],
    ['one@example.net', 'SUCCESSFUL'],
    ['two@example.net', 'SUCCESSFUL'],
  ]);
  assert.deepEqual(failures, ['EMAIL']);
  assert.doesNotMatch(output.results[1]!.outcome.statusMessage, /socket exploded/);
});
