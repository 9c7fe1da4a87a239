import { Command } from 'commander';
import { defaultEndpointUrl } from './jobs-command.ts';
import { ApiCallError, ApiTargetError, pinpointTarget, signedGetJson } from './signed-api-call.ts';

/**
 * `pinion outbox list <application-id>` and `pinion outbox show <application-id> <message-id>`:
 * the simulator outbox (the ListOutboxMessages / GetOutboxMessage extension), read through the
 * public API with the caller's AWS credentials, so IAM decides what a person may read. Exit 0 on
 * success, 2 when the outbox cannot be read.
 */

interface OutboxFlags {
  endpointUrl?: string;
  region?: string;
  json?: boolean;
}

export interface OutboxMessage {
  MessageId?: string;
  ChannelType?: string;
  Address?: string;
  EndpointId?: string;
  DeliveryStatus?: string;
  StatusCode?: number;
  StatusMessage?: string;
  TraceId?: string;
  CreationDate?: string;
  Content?: Record<string, unknown>;
}

/** Server text on the terminal: no control characters (escape sequences could rewrite the screen). */
function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, ' ');
}

/** One line per message: when, id, channel, address, status and what it says. */
export function listing(messages: readonly OutboxMessage[]): string {
  if (messages.length === 0) return 'The outbox is empty.\n';
  return messages
    .map((m) => {
      const content = m.Content ?? {};
      const summary = String(content.Subject ?? content.Title ?? content.Body ?? content.TextPart ?? '').slice(0, 60);
      return printable(`${m.CreationDate ?? ''}  ${m.MessageId ?? ''}  ${(m.ChannelType ?? '').padEnd(7)} ${m.Address ?? ''}  ${m.DeliveryStatus ?? ''}  ${summary}`);
    })
    .join('\n')
    .concat('\n');
}

/** Everything the outbox kept of one message. */
export function details(message: OutboxMessage): string {
  const lines = [`Message ${printable(message.MessageId ?? '?')}`];
  const rows: [string, unknown][] = [
    ['Channel', message.ChannelType],
    ['Address', message.Address],
    ['Endpoint', message.EndpointId],
    ['Status', message.DeliveryStatus === undefined ? undefined : `${message.DeliveryStatus} (${message.StatusCode ?? '?'})${message.StatusMessage ? ` ${message.StatusMessage}` : ''}`],
    ['Trace', message.TraceId],
    ['Created', message.CreationDate],
  ];
  for (const [label, value] of rows) if (value !== undefined) lines.push(`  ${`${label}:`.padEnd(10)}${printable(String(value))}`);
  for (const [field, value] of Object.entries(message.Content ?? {})) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    // Multi-line parts (HTML, text) keep their lines, indented under their name.
    const body = text.includes('\n') ? `\n${text.split('\n').map((line) => `      ${printable(line)}`).join('\n')}` : printable(text);
    lines.push(`  ${`${field}:`.padEnd(10)}${body}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(action: () => Promise<string>): Promise<void> {
  let code = 0;
  try {
    process.stdout.write(await action());
  } catch (error) {
    if (error instanceof ApiTargetError) console.error(`pinion: ${error.message}`);
    else if (error instanceof ApiCallError) console.error(`pinion: ${error.status}${error.errorType ? ` ${error.errorType}` : ''}: ${printable(error.message)}`);
    else console.error(`pinion: cannot reach the Pinion API: ${error instanceof Error ? error.message : String(error)}`);
    code = 2;
  }
  process.stdout.write('', () => process.exit(code));
}

function withTarget(command: Command): Command {
  return command
    .option('--endpoint-url <url>', `the Pinion API (env AWS_ENDPOINT_URL_PINPOINT, AWS_ENDPOINT_URL, default ${defaultEndpointUrl()})`)
    .option('--region <region>', 'the region the request is signed for (env AWS_REGION, AWS_DEFAULT_REGION, default us-east-1)')
    .option('--json', "print the API's JSON instead of text");
}

export function outboxCommand(): Command {
  const exit = (error: { exitCode: number }) => process.exit(error.exitCode === 0 ? 0 : 2);
  const list = withTarget(new Command('list').description('List the newest messages the simulator took for a project (up to 100)').argument('<application-id>', 'the project (application) id'))
    .exitOverride(exit)
    .action((appId: string, flags: OutboxFlags) =>
      run(async () => {
        const body = (await signedGetJson(pinpointTarget(flags, process.env, defaultEndpointUrl()), `/v1/apps/${encodeURIComponent(appId)}/outbox`)) as { Item?: OutboxMessage[] };
        return flags.json === true ? `${JSON.stringify(body)}\n` : listing(body.Item ?? []);
      }),
    );
  const show = withTarget(new Command('show').description('Show one message of the simulator outbox, rendered as it would have been delivered').argument('<application-id>', 'the project (application) id').argument('<message-id>', 'the MessageId SendMessages answered'))
    .exitOverride(exit)
    .action((appId: string, messageId: string, flags: OutboxFlags) =>
      run(async () => {
        const body = (await signedGetJson(pinpointTarget(flags, process.env, defaultEndpointUrl()), `/v1/apps/${encodeURIComponent(appId)}/outbox/${encodeURIComponent(messageId)}`)) as OutboxMessage;
        return flags.json === true ? `${JSON.stringify(body)}\n` : details(body);
      }),
    );
  return new Command('outbox').description('The simulator outbox: messages sent while no transport is configured, or to simulator addresses').addCommand(list).addCommand(show).exitOverride(exit);
}
