/**
 * Segment evaluation: a segment of three dimensions (an attribute, a channel, a recency window)
 * counted by the segments repository (the compiled predicate, segment-sql.ts) and by the same
 * filter written by hand in SQL for the dialect, alternately on the same database, median of 3
 * after one warm-up each; then end to end through a real `pinion serve` process: CreateSegment
 * and signed GetSegmentSize requests (SigV4, IAM, buildSelection, countByChannel).
 */
import { CreateSegmentCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import type { SegmentDimensions } from '@aws-sdk/client-pinpoint';
import type { SegmentSelection } from '../src/domain/segments/segment-selection.ts';
import { startPinion } from '../test/helpers/server-process.ts';
import { signedFetch } from '../test/helpers/signed-fetch.ts';
import { DAY_MS, TENANT } from './segments-fill.ts';
import type { SegmentWorld } from './segments-fill.ts';
import { withLoopWatch } from './loop-watch.ts';

export const DIMENSIONS: SegmentDimensions = {
  Attributes: { plan: { AttributeType: 'INCLUSIVE', Values: ['gold'] } },
  Demographic: { Channel: { DimensionType: 'INCLUSIVE', Values: ['SMS'] } },
  Behavior: { Recency: { Duration: 'DAY_7', RecencyType: 'ACTIVE' } },
};
const SELECTION: SegmentSelection = { kind: 'dimensions', dimensions: DIMENSIONS };
const RUNS = 3;

/**
 * The same filter as a DBA would write it for this data: the channel column, the EffectiveDate
 * column compared as text (every stored date here is toISOString()'s UTC form, so text order is
 * instant order), and the attribute list read with the dialect's JSON functions.
 */
function handWritten(world: SegmentWorld, appId: string, now: Date): { text: string; params: unknown[] } {
  const since = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  if (world.kind === 'sqlite') {
    return {
      text: `select count(*) as n from endpoints where account_id = ? and region = ? and app_id = ? and channel_type = 'SMS' and effective_date >= ?
             and exists (select 1 from json_each(document, '$.Attributes.plan') where value in ('gold'))`,
      params: [TENANT.accountId, TENANT.region, appId, since],
    };
  }
  return {
    text: `select count(*) as n from endpoints where account_id = $1 and region = $2 and app_id = $3 and channel_type = 'SMS' and effective_date >= $4
           and document -> 'Attributes' -> 'plan' ? 'gold'`,
    params: [TENANT.accountId, TENANT.region, appId, since],
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export interface EvaluationFigures {
  selected: number;
  compiledMs: number;
  handWrittenMs: number;
  /** compiled ÷ hand-written (target ≤ 1.5). */
  ratio: number;
  compiledRunsMs: number[];
  handWrittenRunsMs: number[];
  /**
   * The longest the event loop went without running a 1 ms timer during the compiled counts: the
   * time every other request would have waited.
   */
  eventLoopLongestGapMs: number;
}

export async function measureEvaluation(world: SegmentWorld, appId: string): Promise<EvaluationFigures> {
  const now = new Date();
  const segments = world.storage.repositories.segments;
  const query = handWritten(world, appId, now);
  const compiled = () => segments.countEndpoints(TENANT, appId, SELECTION, now);
  const byHand = async () => Number((await world.raw.all(query.text, query.params))[0]!.n);
  const compiledRuns: number[] = [];
  const handRuns: number[] = [];
  let selected: number | undefined;
  let longestGapMs = 0;
  for (let run = -1; run < RUNS; run++) {
    // Alternating, so neither side alone profits from a warmer cache; run -1 warms both up.
    const watched = await withLoopWatch(() => timed(compiled));
    const a = watched.value;
    if (run >= 0) longestGapMs = Math.max(longestGapMs, watched.longestGapMs);
    const b = await timed(byHand);
    if (a.value !== b.value) throw new Error(`${world.kind}: the compiled segment counts ${a.value} endpoints, the hand-written query ${b.value}`);
    selected = a.value;
    if (run >= 0) {
      compiledRuns.push(a.ms);
      handRuns.push(b.ms);
    }
  }
  const compiledMs = median(compiledRuns);
  const handWrittenMs = median(handRuns);
  return {
    selected: selected!,
    compiledMs: +compiledMs.toFixed(1),
    handWrittenMs: +handWrittenMs.toFixed(1),
    ratio: +(compiledMs / handWrittenMs).toFixed(3),
    compiledRunsMs: compiledRuns.map((ms) => +ms.toFixed(1)),
    handWrittenRunsMs: handRuns.map((ms) => +ms.toFixed(1)),
    eventLoopLongestGapMs: +longestGapMs.toFixed(1),
  };
}

export interface ApiFigures {
  getSegmentSizeMs: number;
  getSegmentSizeRunsMs: number[];
  size: number;
  channelCounts: Record<string, number>;
}

/**
 * Starts `pinion serve` on the world's database (the in-process storage stays open but idle),
 * creates the segment through the API and times signed GetSegmentSize requests.
 */
export async function measureApi(world: SegmentWorld, appId: string, expected: number): Promise<ApiFigures> {
  const server = await startPinion(world.kind === 'sqlite' ? { dataDir: world.dataDir! } : { env: { PINION_DATABASE_URL: world.databaseUrl! } });
  try {
    const client = new PinpointClient({ endpoint: server.url, region: server.region, credentials: server.credentials });
    const created = await client.send(new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'gold-sms-active-7d', Dimensions: DIMENSIONS } }));
    client.destroy();
    const segmentId = created.SegmentResponse!.Id!;
    const path = `/v1/apps/${appId}/segments/${segmentId}/size`;
    const size = () => signedFetch({ baseUrl: server.url, method: 'GET', path, credentials: server.credentials, region: server.region });
    const runs: number[] = [];
    let last: Record<string, unknown> | undefined;
    for (let run = -1; run < RUNS; run++) {
      const { ms, value } = await timed(size);
      if (value.status !== 200) throw new Error(`GetSegmentSize on ${world.kind} answered ${value.status}: ${value.text.slice(0, 300)}`);
      // SegmentSize is the response's payload: the body is the structure itself.
      last = value.json!;
      if (last.Size !== expected) throw new Error(`GetSegmentSize on ${world.kind} says ${String(last.Size)} endpoints, the repository counted ${expected}`);
      if (run >= 0) runs.push(ms);
    }
    return {
      getSegmentSizeMs: +median(runs).toFixed(1),
      getSegmentSizeRunsMs: runs.map((ms) => +ms.toFixed(1)),
      size: last!.Size as number,
      channelCounts: last!.ChannelCounts as Record<string, number>,
    };
  } finally {
    await server.stop();
  }
}
