import type { EventStreamSample } from '../observability/metrics.ts';
import type { EventStreamsRepository, EventStreamState, OutboxBacklog } from '../storage/event-streams-repository.ts';

/** Every stream with its backlog, as `pinion streams status` prints it and /metrics shows it. */
export interface EventStreamStatus {
  readonly stream: EventStreamState;
  readonly backlog: OutboxBacklog;
}

export async function readStreamStatuses(repository: EventStreamsRepository): Promise<EventStreamStatus[]> {
  const streams = await repository.list();
  const statuses: EventStreamStatus[] = [];
  for (const stream of streams) {
    statuses.push({ stream, backlog: await repository.backlog(stream.tenant, stream.applicationId) });
  }
  return statuses;
}

/** Seconds since the oldest waiting record was enqueued; undefined when none waits. */
export function oldestAgeSeconds(backlog: OutboxBacklog, now: Date): number | undefined {
  if (backlog.oldestEnqueuedDate === undefined) return undefined;
  const enqueued = Date.parse(backlog.oldestEnqueuedDate);
  return Number.isNaN(enqueued) ? undefined : Math.max(0, (now.getTime() - enqueued) / 1000);
}

export function toSamples(statuses: readonly EventStreamStatus[], now: Date): EventStreamSample[] {
  return statuses.map(({ stream, backlog }) => ({
    appId: stream.applicationId,
    healthy: stream.health === 'HEALTHY',
    backlog: backlog.count,
    oldestAgeSeconds: oldestAgeSeconds(backlog, now),
  }));
}
