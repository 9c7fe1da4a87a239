import { Command, InvalidArgumentError } from 'commander';
import type { AuditRecord } from '../observability/audit-event.ts';
import { MAX_AUDIT_QUERY_LIMIT } from '../storage/audit-repository.ts';
import type { AuditFilter } from '../storage/audit-repository.ts';
import { openStorage } from '../storage/open-storage.ts';
import { existingStorageOptions, failCli } from './existing-storage.ts';
import { StorageError } from '../storage/storage-error.ts';

/**
 * `pinion audit`: reads the audit trail from the same database `pinion serve` uses and prints it
 * newest first, one line per call or (with --json) one CloudTrail record per line. Bad flags exit
 * with status 2 and a message naming the flag; a database that cannot be opened exits with 1.
 */

const UNITS_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An instant given as ISO-8601 (a date, or a date and time; UTC unless an offset is given) or as
 * a span before `now`: a whole number followed by s, m, h, d or w (15m, 2h, 7d).
 */
export function parseAuditTime(text: string, now: Date): Date | undefined {
  const trimmed = text.trim();
  const relative = /^(\d{1,9})([smhdw])$/.exec(trimmed);
  if (relative) {
    const ms = Number(relative[1]) * UNITS_MS[relative[2] as keyof typeof UNITS_MS];
    return new Date(now.getTime() - ms);
  }
  if (!ISO_DATE.test(trimmed)) return undefined;
  // A date-time without an offset is taken as UTC (Date.parse would take local time).
  const withZone = /T/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? `${trimmed}Z` : trimmed;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function timeFlag(flag: string): (text: string) => Date {
  return (text) => {
    const date = parseAuditTime(text, new Date());
    if (date === undefined) {
      throw new InvalidArgumentError(`${flag} takes an ISO-8601 time (2026-11-23T14:00:00Z) or a span before now (15m, 2h, 7d).`);
    }
    return date;
  };
}

function nameFlag(flag: string, pattern: RegExp, what: string): (text: string) => string {
  return (text) => {
    const value = text.trim();
    if (!pattern.test(value)) throw new InvalidArgumentError(`${flag} takes ${what}.`);
    return value;
  };
}

function limitFlag(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > MAX_AUDIT_QUERY_LIMIT) {
    throw new InvalidArgumentError(`--limit takes a whole number from 1 to ${MAX_AUDIT_QUERY_LIMIT}.`);
  }
  return value;
}

/** Who made the call, in one word. */
export function auditUserLabel(record: AuditRecord): string {
  const identity = record.userIdentity;
  switch (identity.type) {
    case 'IAMUser':
      return identity.userName ?? identity.arn ?? 'unknown-user';
    case 'AssumedRole': {
      const arn = identity.arn ?? '';
      const marker = ':assumed-role/';
      const at = arn.indexOf(marker);
      return at >= 0 ? arn.slice(at + marker.length) : (identity.sessionContext?.sessionIssuer?.userName ?? arn);
    }
    case 'Root':
      return 'root';
    default:
      return identity.accessKeyId === undefined ? 'unauthenticated' : `unauthenticated:${identity.accessKeyId}`;
  }
}

/** A table cell: no whitespace or control characters (they would break the columns or the terminal). */
function cell(value: string | undefined): string {
  if (value === undefined || value === '') return '-';
  return value.replace(/[\s\p{Cc}]/gu, '?');
}

/** The default output: one line per record, columns aligned. */
export function formatAuditLines(records: readonly AuditRecord[]): string {
  const rows = records.map((record) => [
    cell(record.eventTime),
    cell(record.eventName),
    cell(auditUserLabel(record)),
    cell(record.sourceIPAddress),
    cell(record.errorCode ?? 'OK'),
    cell(record.requestID),
  ]);
  const widths = [0, 0, 0, 0, 0];
  for (const row of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, row[i]!.length);
  return rows.map((row) => row.map((text, i) => (i < widths.length ? text.padEnd(widths[i]!) : text)).join('  ') + '\n').join('');
}

interface AuditFlags {
  since?: Date;
  until?: Date;
  user?: string;
  eventName?: string;
  errors?: boolean;
  errorCode?: string;
  limit: number;
  json?: boolean;
  dataDir?: string;
  databaseUrl?: string;
}

async function runAudit(flags: AuditFlags): Promise<void> {
  if (flags.since !== undefined && flags.until !== undefined && flags.since > flags.until) {
    failCli(`--since (${flags.since.toISOString()}) is later than --until (${flags.until.toISOString()})`, 2);
  }
  const options = existingStorageOptions(flags);

  const filter: AuditFilter = { limit: flags.limit };
  if (flags.since !== undefined) filter.since = flags.since;
  if (flags.until !== undefined) filter.until = flags.until;
  if (flags.user !== undefined) filter.user = flags.user;
  if (flags.eventName !== undefined) filter.eventName = flags.eventName;
  if (flags.errors === true) filter.errorsOnly = true;
  if (flags.errorCode !== undefined) filter.errorCode = flags.errorCode;

  let records: AuditRecord[];
  try {
    const storage = await openStorage(options);
    try {
      records = await storage.repositories.audit.query(filter);
    } finally {
      await storage.close();
    }
  } catch (error) {
    if (error instanceof StorageError) failCli(error.message, 1);
    throw error;
  }
  const text = flags.json === true ? records.map((record) => `${JSON.stringify(record)}\n`).join('') : formatAuditLines(records);
  if (text !== '') process.stdout.write(text);
}

export function auditCommand(): Command {
  return new Command('audit')
    .description('Print the audit trail (every API call, allowed or denied), newest first')
    .option('--since <time>', 'calls at or after this time: ISO-8601, or a span before now such as 15m, 2h, 7d', timeFlag('--since'))
    .option('--until <time>', 'calls at or before this time (same forms as --since)', timeFlag('--until'))
    .option('--user <name-or-arn>', 'calls by this IAM user or role name (root for the root user), or this ARN', nameFlag('--user', /^\S{1,2048}$/, 'a user name, role name or ARN'))
    .option('--event-name <name>', 'calls of this operation (e.g. CreateApp)', nameFlag('--event-name', /^[A-Za-z][A-Za-z0-9]{0,127}$/, 'an operation name such as CreateApp'))
    .option('--errors', 'only calls that failed')
    .option('--error-code <code>', 'only calls that failed with this error (e.g. AccessDeniedException)', nameFlag('--error-code', /^[A-Za-z][\w.:-]{0,127}$/, 'an error code such as AccessDeniedException'))
    .option('--limit <n>', `at most this many calls (1 to ${MAX_AUDIT_QUERY_LIMIT})`, limitFlag, 50)
    .option('--json', 'print one CloudTrail JSON record per line')
    .option('--data-dir <dir>', 'data directory of the server (env PINION_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL of the server (env PINION_DATABASE_URL)')
    .exitOverride((error) => {
      // Usage errors (unknown or malformed flags) exit 2, like every other configuration mistake.
      process.exit(error.exitCode === 0 ? 0 : 2);
    })
    .action(runAudit);
}
