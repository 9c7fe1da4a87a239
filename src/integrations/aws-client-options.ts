import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * What every AWS client of the event stream is built with. Credentials come from the standard AWS
 * chain (environment, shared config, container/instance roles): Pinion does not assume the
 * customer's role in AWS; the role check is Pinion's own evaluation of the role's policies.
 */
export interface AwsClientSettings {
  /** Overrides the service endpoint (PINION_AWS_ENDPOINT_URL_KINESIS / _FIREHOSE); else the SDK's own resolution. */
  readonly endpoint?: string | undefined;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

export function awsClientOptions(region: string, settings: AwsClientSettings) {
  return {
    region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    // The worker retries itself (full jitter, only the records that failed): one attempt per call.
    maxAttempts: 1,
    // HTTP/1.1 everywhere: Kinesis's client defaults to HTTP/2, which plain-HTTP endpoints
    // (emulators, proxies) do not speak; PutRecords works the same on both.
    requestHandler: new NodeHttpHandler({
      connectionTimeout: settings.connectionTimeoutMs ?? 5_000,
      requestTimeout: settings.requestTimeoutMs ?? 30_000,
    }),
  };
}
