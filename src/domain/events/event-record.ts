import { endpointJson } from '../endpoints/merge-endpoint.ts';
import type { StoredEndpoint } from '../endpoints/stored-endpoint.ts';
import type { AppEvent } from './app-event.ts';

/**
 * The Pinpoint event-stream record of an app event (the format Kinesis and Firehose consumers
 * parse): snake_case envelope, the endpoint in the API's own PascalCase, times in epoch ms.
 */
export interface EventRecord {
  event_type: string;
  event_timestamp: number;
  arrival_timestamp: number;
  event_version: string;
  application: {
    app_id: string;
    package_name?: string;
    title?: string;
    version_code?: string;
    sdk?: { name?: string; version?: string };
  };
  client: { client_id: string };
  device: {
    locale?: { code?: string; country?: string; language?: string };
    make?: string;
    model?: string;
    model_version?: string;
    platform?: { name?: string; version?: string };
  };
  session?: { session_id?: string; start_timestamp?: number; stop_timestamp?: number; duration?: number };
  attributes: Record<string, string>;
  metrics: Record<string, number>;
  endpoint: StoredEndpoint | { Id: string };
  awsAccountId: string;
}

export const EVENT_VERSION = '3.1';

function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0));
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/** "en_US" → code en_US, language en, country US. */
function localeOf(locale: string | undefined): EventRecord['device']['locale'] {
  if (!locale) return undefined;
  const [language, country] = locale.split(/[_-]/);
  return compact({ code: locale, language: language || undefined, country: country || undefined });
}

export function buildEventRecord(input: {
  accountId: string;
  appId: string;
  endpoint: StoredEndpoint | { Id: string };
  event: AppEvent;
  arrivalTimestamp: number;
}): EventRecord {
  const { event, endpoint } = input;
  const demographic = 'Demographic' in endpoint ? endpoint.Demographic : undefined;
  const session = event.Session;
  const eventTimestamp = Date.parse(event.Timestamp!);
  const stop = session?.StopTimestamp !== undefined ? Date.parse(session.StopTimestamp) : event.EventType === '_session.stop' ? eventTimestamp : undefined;
  const start = session?.StartTimestamp !== undefined ? Date.parse(session.StartTimestamp) : undefined;
  const record: EventRecord = {
    event_type: event.EventType!,
    event_timestamp: eventTimestamp,
    arrival_timestamp: input.arrivalTimestamp,
    event_version: EVENT_VERSION,
    application: {
      app_id: input.appId,
      ...compact({
        package_name: event.AppPackageName,
        title: event.AppTitle,
        version_code: event.AppVersionCode,
        sdk: compact({ name: event.SdkName, version: event.ClientSdkVersion }),
      }),
    },
    client: { client_id: endpoint.Id },
    device:
      compact({
        locale: localeOf(demographic?.Locale),
        make: demographic?.Make,
        model: demographic?.Model,
        model_version: demographic?.ModelVersion,
        platform: compact({ name: demographic?.Platform, version: demographic?.PlatformVersion }),
      }) ?? {},
    attributes: event.Attributes ?? {},
    metrics: event.Metrics ?? {},
    endpoint,
    awsAccountId: input.accountId,
  };
  if (session) {
    const duration = session.Duration ?? (start !== undefined && stop !== undefined ? stop - start : undefined);
    record.session = compact({ session_id: session.Id, start_timestamp: start, stop_timestamp: stop, duration }) ?? {};
  }
  return record;
}

/**
 * The record as JSON text. The endpoint is the same for every event of a batch item: its text is
 * made once (and is the text just stored for it) and spliced in, not serialized once per event.
 */
export function eventRecordJson(record: EventRecord): string {
  const { endpoint, awsAccountId, ...rest } = record;
  const head = JSON.stringify(rest);
  const endpointText = 'CohortId' in endpoint ? endpointJson(endpoint) : JSON.stringify(endpoint);
  return `${head.slice(0, -1)},"endpoint":${endpointText},"awsAccountId":${JSON.stringify(awsAccountId)}}`;
}
