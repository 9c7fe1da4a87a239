// A delivery receipt that arrives before its send is recorded (a fast SMSC: the receipt for the
// first message of a request comes while the others are still being sent) is answered "try
// again later" (ESME_RX_T_APPN) instead of being dropped, and is recorded when the SMSC delivers
// it again. The server sends one SMS a second (PINION_SMS_MAX_PER_SECOND=1), so a request of three
// messages stays unrecorded for about two seconds after its first submit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PinpointClient, SendMessagesCommand, UpdateSmsChannelCommand } from '@aws-sdk/client-pinpoint';
import { loggedEvents } from '../helpers/bounce-reports.ts';
import { newApp } from '../helpers/pinpoint-fixtures.ts';
import { startPinion } from '../helpers/server-process.ts';
import type { PinionProcess } from '../helpers/server-process.ts';
import { startSmppPeer } from '../helpers/smpp-peer.ts';
import type { SmppPeer } from '../helpers/smpp-peer.ts';

/** SMPP 3.4's ESME_RX_T_APPN: the ESME cannot take the PDU now; the SMSC delivers it again later. */
const TRY_AGAIN_LATER = 0x64;

let peer: SmppPeer;
let server: PinionProcess;
let pinpoint: PinpointClient;

before(async () => {
  peer = await startSmppPeer({ systemId: 'pinion', password: 'Pw9$kq2z' });
  server = await startPinion({ env: { PINION_SMPP_URL: peer.url, PINION_SMPP_SOURCE_ADDRESS: '+15550001111', PINION_SMS_MAX_PER_SECOND: '1' } });
  pinpoint = new PinpointClient({ endpoint: server.url, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  await peer.waitForBind();
});

after(async () => {
  pinpoint?.destroy();
  await server?.stop();
  await peer?.close();
});

test('a receipt sooner than its send is recorded is refused for now, then recorded once when delivered again', async () => {
  const appId = await newApp(pinpoint, 'sms-early');
  await pinpoint.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }));
  const numbers = ['+447700900601', '+447700900602', '+447700900603'];
  const sending = pinpoint.send(
    new SendMessagesCommand({
      ApplicationId: appId,
      MessageRequest: { Addresses: Object.fromEntries(numbers.map((n) => [n, { ChannelType: 'SMS' }])), MessageConfiguration: { SMSMessage: { Body: 'Your code is 1234', MessageType: 'TRANSACTIONAL' } } },
    }),
  );
  const [first] = await peer.waitForSubmits((s) => numbers.includes(`+${s.destinationAddr}`), 1);
  // Until the server has read the SMSC's answer, the receipt names no message at all (answered and
  // dropped); from then until the send is recorded it is refused for now.
  let status = await peer.sendReceipt(first!.messageId, 'DELIVRD');
  for (let i = 0; i < 50 && status === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    status = await peer.sendReceipt(first!.messageId, 'DELIVRD');
  }
  assert.equal(status, TRY_AGAIN_LATER, 'the send is not recorded yet');

  const sent = await sending;
  const messageId = sent.MessageResponse!.Result![`+${first!.destinationAddr}`]!.MessageId!;
  assert.equal(await peer.sendReceipt(first!.messageId, 'DELIVRD'), 0, 'delivered again once the send is recorded');
  assert.equal(await peer.sendReceipt(first!.messageId, 'DELIVRD'), 0, 'a repeat is answered');
  // A receipt for an id no send ever had is still answered and dropped, not refused.
  assert.equal(await peer.sendReceipt('FFFFFFF1', 'DELIVRD'), 0);

  const successes = loggedEvents(server.dataDir, appId).filter((event) => event.type === '_SMS.SUCCESS') as unknown as { record: { attributes: { message_id: string } } }[];
  assert.deepEqual(successes.map((event) => event.record.attributes.message_id), [messageId]);
});
