/**
 * Import throughput: N endpoint rows as CSV (Pinpoint's dotted column names) in several S3
 * objects on s3rver, imported into a new project by the real import work (runImportJob under the
 * real JobRunner, role checked in IAM storage). The baseline, in the same run on the same
 * database: the same CSV texts parsed with csv-parse and written with hand-written multi-row
 * INSERTs into another new project — no S3, no validation, no merge, no job bookkeeping.
 */
import { parse } from 'csv-parse/sync';
import { cohortIdOf } from '../src/domain/endpoints/cohort-id.ts';
import { runImportJob } from '../src/engine/jobs/import/run-import-job.ts';
import { ENDPOINT_COLUMNS } from '../src/storage/audience/write-endpoints.ts';
import type { S3Peer } from '../test/helpers/s3-peer.ts';
import { benchEndpoint, insertEndpointRows, TENANT } from './segments-fill.ts';
import type { SegmentWorld } from './segments-fill.ts';
import { BUCKET, newJob, ROLE_ARN, runJob } from './segments-jobs.ts';

/** Ids of imported endpoints start here, clear of the filled ones. */
const FIRST_IMPORTED = 50_000_000;

const COLUMNS = [
  'Id', 'ChannelType', 'Address', 'Attributes.plan', 'Attributes.interests', 'Metrics.visits', 'Metrics.spend',
  'Demographic.Platform', 'Demographic.Make', 'Demographic.Model', 'Demographic.PlatformVersion', 'Demographic.Locale', 'Demographic.Timezone', 'Demographic.AppVersion',
  'Location.Country', 'Location.City', 'Location.PostalCode', 'Location.Region', 'Location.Latitude', 'Location.Longitude',
  'User.UserId', 'User.UserAttributes.FirstName', 'OptOut', 'EffectiveDate',
] as const;

function csvField(value: unknown): string {
  const text = String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV objects: about `rows / objects` rows each, with a header line each. */
export function importCsv(rows: number, objects: number, now: number): string[] {
  const per = Math.ceil(rows / objects);
  const texts: string[] = [];
  for (let from = 0; from < rows; from += per) {
    const lines = [COLUMNS.join(',')];
    for (let n = from; n < Math.min(rows, from + per); n++) {
      const e = benchEndpoint(FIRST_IMPORTED + n, now);
      const values = [
        e.Id, e.ChannelType, e.Address, e.Attributes!.plan![0], e.Attributes!.interests![0], e.Metrics!.visits, e.Metrics!.spend,
        e.Demographic!.Platform, e.Demographic!.Make, e.Demographic!.Model, e.Demographic!.PlatformVersion, e.Demographic!.Locale, e.Demographic!.Timezone, e.Demographic!.AppVersion,
        e.Location!.Country, e.Location!.City, e.Location!.PostalCode, e.Location!.Region, e.Location!.Latitude, e.Location!.Longitude,
        e.User!.UserId, e.User!.UserAttributes!.FirstName![0], e.OptOut, e.EffectiveDate,
      ];
      lines.push(values.map(csvField).join(','));
    }
    texts.push(`${lines.join('\n')}\n`);
  }
  return texts;
}

/** One parsed CSV record as the row a hand-written importer would store. */
function baselineRow(appId: string, record: Record<string, string>, now: string): unknown[] {
  const document: Record<string, unknown> = { Id: record.Id, ChannelType: record.ChannelType, Address: record.Address };
  for (const [column, value] of Object.entries(record)) {
    if (value === '' || !column.includes('.')) continue;
    const path = column.split('.');
    let target = document;
    for (const label of path.slice(0, -1)) target = (target[label] ??= {}) as Record<string, unknown>;
    const leaf = path[path.length - 1]!;
    target[leaf] = path[0] === 'Attributes' || path[1] === 'UserAttributes' ? [value] : path[0] === 'Metrics' || leaf === 'Latitude' || leaf === 'Longitude' ? Number(value) : value;
  }
  Object.assign(document, { OptOut: record.OptOut || 'NONE', EndpointStatus: 'ACTIVE', EffectiveDate: record.EffectiveDate || now, CreationDate: now, CohortId: cohortIdOf(record.Id!) });
  const row: Record<string, unknown> = {
    account_id: TENANT.accountId, region: TENANT.region, app_id: appId, id: record.Id, channel_type: record.ChannelType, address: record.Address,
    user_id: record['User.UserId'] || null, opt_out: document.OptOut, endpoint_status: 'ACTIVE', creation_date: now, effective_date: document.EffectiveDate,
    modified_date: now, document: JSON.stringify(document),
  };
  return ENDPOINT_COLUMNS.map((column) => row[column]);
}

async function baselineImport(world: SegmentWorld, appId: string, texts: readonly string[]): Promise<{ seconds: number; parseSeconds: number; rows: number }> {
  const started = performance.now();
  const now = new Date().toISOString();
  let rows = 0;
  let parseMs = 0;
  for (const text of texts) {
    const parsing = performance.now();
    const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    parseMs += performance.now() - parsing;
    const batch = 10_000;
    for (let i = 0; i < records.length; i += batch) {
      await insertEndpointRows(world, records.slice(i, i + batch).map((record) => baselineRow(appId, record, now)));
    }
    rows += records.length;
  }
  return { seconds: (performance.now() - started) / 1000, parseSeconds: parseMs / 1000, rows };
}

export interface ImportFigures {
  rows: number;
  objects: number;
  seconds: number;
  rowsPerSecond: number;
  baselineSeconds: number;
  /** Of baselineSeconds, the share csv-parse took (the rest: building rows and inserting them). */
  baselineParseSeconds: number;
  baselineRowsPerSecond: number;
  /** Pinion's rate ÷ the baseline's rate. */
  ratio: number;
}

export async function measureImport(world: SegmentWorld, s3: S3Peer, rows: number): Promise<ImportFigures> {
  const objects = Math.max(4, Math.ceil(rows / 100_000));
  const texts = importCsv(rows, objects, Date.now());
  const prefix = `imports/${world.kind}/`;
  for (const [i, text] of texts.entries()) await s3.put(BUCKET, `${prefix}endpoints-${String(i).padStart(3, '0')}.csv`, text);

  const appId = await world.newProject('import');
  const job = newJob(appId, 'IMPORT', { Format: 'CSV', RoleArn: ROLE_ARN, S3Url: `s3://${BUCKET}/${prefix}`, RegisterEndpoints: true });
  const { job: done, seconds } = await runJob(world.storage, s3, job, runImportJob);
  if (done.totalProcessed !== rows) throw new Error(`import on ${world.kind} processed ${done.totalProcessed} rows, expected ${rows}`);
  const countSql = world.kind === 'sqlite' ? 'select count(*) as n from endpoints where account_id = ? and region = ? and app_id = ?' : 'select count(*) as n from endpoints where account_id = $1 and region = $2 and app_id = $3';
  const [stored] = await world.raw.all(countSql, [TENANT.accountId, TENANT.region, appId]);
  if (Number(stored!.n) !== rows) throw new Error(`import on ${world.kind} stored ${String(stored!.n)} endpoints, expected ${rows}`);

  const baselineApp = await world.newProject('import-baseline');
  const baseline = await baselineImport(world, baselineApp, texts);
  if (baseline.rows !== rows) throw new Error(`the import baseline parsed ${baseline.rows} rows, expected ${rows}`);
  const rate = rows / seconds;
  const baselineRate = rows / baseline.seconds;
  return {
    rows,
    objects: texts.length,
    seconds: +seconds.toFixed(3),
    rowsPerSecond: Math.round(rate),
    baselineSeconds: +baseline.seconds.toFixed(3),
    baselineParseSeconds: +baseline.parseSeconds.toFixed(3),
    baselineRowsPerSecond: Math.round(baselineRate),
    ratio: +(rate / baselineRate).toFixed(3),
  };
}
