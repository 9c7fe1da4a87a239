// A bounce that arrives before its send is recorded (the relay and the remote server answer while
// the rest of the request is still being sent) is answered 451, so the remote server sends it
// again, and is recorded once it comes back. The server sends one email a second
// (PINION_EMAIL_MAX_PER_SECOND=1), so a request of three messages stays unrecorded for about two
// seconds after its first message reaches the relay.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PinpointClient, SendMessagesCommand, UpdateEmailChannelCommand } from '@aws-sdk/client-pinpoint';
import { bounceListenerReady, dsn, loggedEvents, sendToBounceListener } from '../helpers/bounce-reports.ts';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { startPinion, testAccountId } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startSmtpPeer } from '../helpers/smtp-peer.ts';
import type { SmtpPeer } from '../helpers/smtp-peer.ts';

const DOMAIN = 'bounces.pinion.test';

let server: PinionProcess;
let smtp: SmtpPeer;
let pinpoint: PinpointClient;
let bouncePort: number;

before(async () => {
  smtp = await startSmtpPeer();
  server = await startPinion({ env: { PINION_SMTP_URL: smtp.url, PINION_EMAIL_MAX_PER_SECOND: '1', PINION_EMAIL_BOUNCE_DOMAIN: DOMAIN, PINION_EMAIL_BOUNCE_LISTEN: '127.0.0.1:0' } });
  bouncePort = bounceListenerReady(server).port;
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await smtp?.close();
});

const report = (to: string, raw: string) => sendToBounceListener(bouncePort, to, raw);

test('a bounce sooner than its send is recorded is answered 451, then recorded once when sent again', async () => {
  const appId = await newApp(pinpoint, 'bounces-early');
  await pinpoint.send(new UpdateEmailChannelCommand({ ApplicationId: appId, EmailChannelRequest: { FromAddress: 'news@example.com', Identity: `arn:aws:ses:us-east-1:${testAccountId}:identity/example.com` } }));
  const recipients = ['ann@example.org', 'ben@example.org', 'cat@example.org'];
  const before = smtp.received.length;
  const sending = pinpoint.send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: {
        Addresses: Object.fromEntries(recipients.map((address) => [address, { ChannelType: 'EMAIL' }])),
        MessageConfiguration: { EmailMessage: { SimpleEmail: { Subject: { Data: 'News' }, TextPart: { Data: 'News' } } } },
      },
    }),
  );
  const [first] = (await smtp.waitFor(before + 1)).slice(before);
  const bounce = dsn('failed', '5.1.1', '550 5.1.1 User unknown');
  // Until the server has the relay's answer, the report names no message at all (taken and
  // ignored); from then until the send is recorded it is refused for now.
  let refused: unknown;
  for (let i = 0; i < 20 && refused === undefined; i++) {
    refused = await report(first!.envelopeFrom, bounce).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (refused === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.match(String(refused), /451/);

  const sent = await sending;
  await report(first!.envelopeFrom, bounce);
  const messageId = sent.MessageResponse!.Result![first!.envelopeTo[0]!]!.MessageId!;
  const bounces = loggedEvents(server.dataDir, appId).filter((event) => event.type === '_email.hardbounce');
  assert.deepEqual(
    bounces.map((event) => event.record.facets.email_channel.mail_event.mail.message_id),
    [messageId],
  );
});
