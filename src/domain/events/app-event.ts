import { boundedProblems, isIsoDateTime, quoted } from '../endpoints/endpoint-patch.ts';
import { characterCount, isStorableText } from '../storable-text.ts';

/** One event of PutEvents, as the model reads it. */
export interface AppEvent {
  EventType?: string;
  Timestamp?: string;
  AppPackageName?: string;
  AppTitle?: string;
  AppVersionCode?: string;
  ClientSdkVersion?: string;
  SdkName?: string;
  Attributes?: Record<string, string>;
  Metrics?: Record<string, number>;
  Session?: { Id?: string; StartTimestamp?: string; StopTimestamp?: string; Duration?: number };
}

/** Pinpoint's event quotas ("Events ingestion quotas"). */
export const eventLimits = {
  eventsPerRequest: 100,
  requestBytes: 4 * 1024 * 1024,
  eventTypeLength: 50,
  attributesPerEvent: 40,
  metricsPerEvent: 40,
  nameLength: 50,
  attributeValueLength: 1000,
  /**
   * AppPackageName, AppTitle, AppVersionCode, ClientSdkVersion, SdkName and Session.Id: Pinpoint
   * documents no limit; Pinion's bound keeps every record far below Kinesis's 1 MiB and
   * Firehose's 1,000 KiB per record (a record the destination refuses could never be delivered).
   */
  metadataLength: 256,
} as const;

/** Events whose meaning Pinion knows (sessions drive session KPIs, purchases revenue ones). */
const sessionEvents = new Set(['_session.start', '_session.stop', '_session.pause', '_session.resume']);

export function isSessionEvent(eventType: string): boolean {
  return sessionEvents.has(eventType);
}

function stringProblems(fields: Record<string, string | undefined>, problems: string[]): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && !isStorableText(value)) problems.push(`${name}: must not contain NUL characters or unpaired surrogates`);
  }
}

/** What is wrong with one event, as messages without a path (the response is keyed by event id). */
export function appEventProblems(event: AppEvent): string[] {
  const problems: string[] = [];
  const type = event.EventType ?? '';
  if (type.trim() === '') problems.push('EventType: must not be empty');
  else if (characterCount(type) > eventLimits.eventTypeLength) problems.push(`EventType: can be at most ${eventLimits.eventTypeLength} characters`);
  if (event.Timestamp === undefined || !isIsoDateTime(event.Timestamp)) problems.push(`Timestamp: '${quoted(event.Timestamp ?? '')}' is not an ISO-8601 date-time`);
  const metadata = { AppPackageName: event.AppPackageName, AppTitle: event.AppTitle, AppVersionCode: event.AppVersionCode, ClientSdkVersion: event.ClientSdkVersion, SdkName: event.SdkName, 'Session.Id': event.Session?.Id };
  for (const [name, value] of Object.entries(metadata)) {
    if (value !== undefined && characterCount(value) > eventLimits.metadataLength) problems.push(`${name}: can be at most ${eventLimits.metadataLength} characters`);
  }
  const attributes = Object.entries(event.Attributes ?? {});
  if (attributes.length > eventLimits.attributesPerEvent) problems.push(`Attributes: an event can have at most ${eventLimits.attributesPerEvent} attributes, got ${attributes.length}`);
  for (const [name, value] of attributes) {
    if (name === '' || characterCount(name) > eventLimits.nameLength) problems.push(`Attributes: attribute names must be 1 to ${eventLimits.nameLength} characters ('${quoted(name)}')`);
    if (characterCount(value) > eventLimits.attributeValueLength) problems.push(`Attributes.${quoted(name)}: values can be at most ${eventLimits.attributeValueLength} characters`);
    stringProblems({ [`Attributes.${quoted(name)}`]: value, 'Attributes (name)': name }, problems);
  }
  const metrics = Object.entries(event.Metrics ?? {});
  if (metrics.length > eventLimits.metricsPerEvent) problems.push(`Metrics: an event can have at most ${eventLimits.metricsPerEvent} metrics, got ${metrics.length}`);
  for (const [name, value] of metrics) {
    if (name === '' || characterCount(name) > eventLimits.nameLength) problems.push(`Metrics: metric names must be 1 to ${eventLimits.nameLength} characters ('${quoted(name)}')`);
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`Metrics.${quoted(name)}: must be a number`);
    stringProblems({ 'Metrics (name)': name }, problems);
  }
  const session = event.Session;
  if (session) {
    if (session.StartTimestamp === undefined || !isIsoDateTime(session.StartTimestamp)) problems.push(`Session.StartTimestamp: '${quoted(session.StartTimestamp ?? '')}' is not an ISO-8601 date-time`);
    if (session.StopTimestamp !== undefined && !isIsoDateTime(session.StopTimestamp)) problems.push(`Session.StopTimestamp: '${quoted(session.StopTimestamp)}' is not an ISO-8601 date-time`);
    if (session.Duration !== undefined && session.Duration < 0) problems.push('Session.Duration: must not be negative');
  } else if (isSessionEvent(type)) {
    problems.push(`Session: is required for ${type} events (session KPIs are computed from it)`);
  }
  if (type === '_monetization.purchase') {
    const currency = event.Attributes?._currency;
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) problems.push(`Attributes._currency: must be an ISO 4217 currency code such as USD, got '${quoted(currency)}'`);
    const quantity = event.Metrics?._quantity;
    if (quantity !== undefined && (!Number.isInteger(quantity) || quantity < 0)) problems.push('Metrics._quantity: must be a whole number of items, 0 or more');
  }
  stringProblems(
    { EventType: event.EventType, AppPackageName: event.AppPackageName, AppTitle: event.AppTitle, AppVersionCode: event.AppVersionCode, ClientSdkVersion: event.ClientSdkVersion, SdkName: event.SdkName, 'Session.Id': session?.Id },
    problems,
  );
  return boundedProblems(problems);
}
