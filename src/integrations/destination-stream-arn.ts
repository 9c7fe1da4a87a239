/**
 * The destinations an event stream can have: a Kinesis data stream
 * (arn:<partition>:kinesis:<region>:<account>:stream/<name>) or a Firehose delivery stream
 * (arn:<partition>:firehose:<region>:<account>:deliverystream/<name>). Pure.
 */

export type DestinationKind = 'kinesis' | 'firehose';

export interface DestinationStream {
  readonly kind: DestinationKind;
  readonly arn: string;
  readonly partition: string;
  /** The region the AWS client is made for. */
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

export type DestinationParse = { readonly ok: true; readonly stream: DestinationStream } | { readonly ok: false; readonly problem: string };

const EXPECTED =
  'expected a Kinesis data stream ARN (arn:aws:kinesis:<region>:<account id>:stream/<stream name>) or a Firehose delivery stream ARN (arn:aws:firehose:<region>:<account id>:deliverystream/<stream name>)';

const KINDS: Readonly<Record<string, { kind: DestinationKind; label: string; prefix: string; maxName: number }>> = {
  kinesis: { kind: 'kinesis', label: 'Kinesis data stream', prefix: 'stream/', maxName: 128 },
  firehose: { kind: 'firehose', label: 'Firehose delivery stream', prefix: 'deliverystream/', maxName: 64 },
};

const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
const NAME = /^[a-zA-Z0-9_.-]+$/;

/** Input echoed in a message, bounded so a huge value does not make a huge error. */
function shown(text: string): string {
  return JSON.stringify(text.length > 256 ? `${text.slice(0, 256)}…` : text);
}

/** The stream named by `arn`, or what is wrong with it, in a sentence that names DestinationStreamArn. */
export function parseDestinationStreamArn(arn: string): DestinationParse {
  const fail = (problem: string): DestinationParse => ({ ok: false, problem: `DestinationStreamArn ${shown(arn)} ${problem}` });
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn') return fail(`is not an ARN: ${EXPECTED}`);
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = parts;
  const spec = KINDS[service];
  if (!spec) return fail(`is an ARN of service ${shown(service)}, not kinesis or firehose: ${EXPECTED}`);
  if (!PARTITION.test(partition)) return fail(`has partition ${shown(partition)}; expected aws, aws-cn, aws-us-gov…`);
  if (region === '') return fail(`has no region: a ${spec.label} ARN names the region of the stream`);
  if (!REGION.test(region)) return fail(`has region ${shown(region)}, which is not a region name like us-east-1`);
  if (!ACCOUNT.test(accountId)) return fail(`has account id ${shown(accountId)}; expected 12 digits`);
  if (!resource.startsWith(spec.prefix)) {
    return fail(`names a ${service} resource that is not a ${spec.label} (${shown(resource)}); expected arn:${partition}:${service}:${region}:${accountId}:${spec.prefix}<stream name>`);
  }
  const name = resource.slice(spec.prefix.length);
  if (name.length < 1 || name.length > spec.maxName || !NAME.test(name)) {
    return fail(`has stream name ${shown(name)}; a ${spec.label} name is 1 to ${spec.maxName} letters, digits, underscores, hyphens and periods`);
  }
  return { ok: true, stream: { kind: spec.kind, arn, partition, region, accountId, name } };
}
