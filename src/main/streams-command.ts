import { Command } from 'commander';
import { oldestAgeSeconds, readStreamStatuses } from '../engine/event-stream-status.ts';
import type { EventStreamStatus } from '../engine/event-stream-status.ts';
import { openStorage } from '../storage/open-storage.ts';
import { existingStorageOptions, failCli } from './existing-storage.ts';
import { StorageError } from '../storage/storage-error.ts';

/**
 * `pinion streams status`: every project's event stream as the delivery worker left it, read from
 * the database `pinion serve` uses: destination, health and its reason, records waiting, the age
 * of the oldest, the last delivery. Exit 2 for bad flags or a missing database, 1 when the
 * database cannot be read.
 */

interface StatusFlags {
  json?: boolean;
  dataDir?: string;
  databaseUrl?: string;
}

/** 45s, 12m, 3h05m, 2d04h: a short age for a table cell. */
export function formatAge(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

/** No whitespace or control characters inside a cell (they would break the columns or the terminal). */
function cell(value: string | undefined): string {
  if (value === undefined || value === '') return '-';
  return value.replace(/[\s\p{Cc}]/gu, '?');
}

export function formatStatusTable(statuses: readonly EventStreamStatus[], now: Date): string {
  const header = ['APPLICATION', 'REGION', 'DESTINATION', 'HEALTH', 'BACKLOG', 'OLDEST', 'LAST DELIVERY', 'REASON'];
  const rows = statuses.map(({ stream, backlog }) => [
    cell(stream.applicationId),
    cell(stream.tenant.region),
    cell(stream.destinationStreamArn),
    cell(stream.health),
    String(backlog.count),
    formatAge(oldestAgeSeconds(backlog, now)),
    cell(stream.lastDeliveryDate),
    // The reason is free text: kept readable, on one line, last.
    stream.healthReason === undefined ? '-' : stream.healthReason.replace(/[\p{Cc}]/gu, ' '),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((text, i) => (i < row.length - 1 ? text.padEnd(widths[i]!) : text)).join('  ').trimEnd() + '\n';
  return [header, ...rows].map(line).join('');
}

export function statusJson(statuses: readonly EventStreamStatus[], now: Date): object[] {
  return statuses.map(({ stream, backlog }) => ({
    accountId: stream.tenant.accountId,
    region: stream.tenant.region,
    applicationId: stream.applicationId,
    destinationStreamArn: stream.destinationStreamArn,
    roleArn: stream.roleArn,
    health: stream.health,
    healthReason: stream.healthReason ?? null,
    healthSince: stream.healthSince ?? null,
    backlog: backlog.count,
    oldestEnqueuedDate: backlog.oldestEnqueuedDate ?? null,
    oldestAgeSeconds: oldestAgeSeconds(backlog, now) ?? null,
    lastDeliveryDate: stream.lastDeliveryDate ?? null,
  }));
}

async function runStatus(flags: StatusFlags): Promise<void> {
  const options = existingStorageOptions(flags);
  let statuses: EventStreamStatus[];
  try {
    const storage = await openStorage(options);
    try {
      statuses = await readStreamStatuses(storage.repositories.eventStreams);
    } finally {
      await storage.close();
    }
  } catch (error) {
    if (error instanceof StorageError) failCli(error.message, 1);
    throw error;
  }
  const now = new Date();
  if (flags.json === true) {
    process.stdout.write(statusJson(statuses, now).map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  } else if (statuses.length === 0) {
    process.stdout.write('No event streams are configured.\n');
  } else {
    process.stdout.write(formatStatusTable(statuses, now));
  }
}

export function streamsCommand(): Command {
  const exit = (error: { exitCode: number }) => process.exit(error.exitCode === 0 ? 0 : 2);
  const status = new Command('status')
    .description('Print every project\'s event stream: destination, health and reason, backlog, oldest record age, last delivery')
    .option('--json', 'print one JSON object per stream and line')
    .option('--data-dir <dir>', 'data directory of the server (env PINION_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL of the server (env PINION_DATABASE_URL)')
    .exitOverride(exit)
    .action(runStatus);
  return new Command('streams').description('Event streams to Kinesis and Firehose').addCommand(status).exitOverride(exit);
}
