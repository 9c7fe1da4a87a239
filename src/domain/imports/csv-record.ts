import { quoted } from '../endpoints/endpoint-patch.ts';
import type { EndpointPatch } from '../endpoints/endpoint-patch.ts';
import type { EndpointDemographic, EndpointLocation } from '../endpoints/stored-endpoint.ts';
import { finishRow } from './import-row.ts';
import type { ImportRow, RowOrigin } from './import-row.ts';

/**
 * CSV import files as Pinpoint documents them ("Supported attributes" of "Importing segments"):
 * the first line names the columns in the dot notation of the endpoint's JSON
 * (`Location.Country`, `User.UserAttributes.FirstName`, `Attributes.Color`, `Metrics.Visits`…);
 * "for a custom field to have multiple values … replicate the header and keep one value per
 * header"; an empty value is no value. Column names are case-sensitive, as attribute names are.
 */

type TextField = 'Id' | 'ChannelType' | 'Address' | 'EffectiveDate' | 'EndpointStatus' | 'OptOut' | 'RequestId';

type Column =
  | { readonly kind: 'text'; readonly field: TextField }
  | { readonly kind: 'demographic'; readonly field: keyof EndpointDemographic }
  | { readonly kind: 'location'; readonly field: keyof EndpointLocation; readonly numeric: boolean }
  | { readonly kind: 'attribute'; readonly name: string }
  | { readonly kind: 'userAttribute'; readonly name: string }
  | { readonly kind: 'metric'; readonly name: string }
  | { readonly kind: 'userId' }
  | { readonly kind: 'unknown'; readonly name: string };

export interface CsvHeader {
  readonly columns: readonly Column[];
}

const textFields: readonly TextField[] = ['Id', 'ChannelType', 'Address', 'EffectiveDate', 'EndpointStatus', 'OptOut', 'RequestId'];
const demographicFields: readonly (keyof EndpointDemographic)[] = ['AppVersion', 'Locale', 'Make', 'Model', 'ModelVersion', 'Platform', 'PlatformVersion', 'Timezone'];
const locationFields: readonly (keyof EndpointLocation)[] = ['City', 'Country', 'Latitude', 'Longitude', 'PostalCode', 'Region'];

const fixedColumns = new Map<string, Column>([
  ...textFields.map((field) => [field, { kind: 'text', field }] as const),
  ...demographicFields.map((field) => [`Demographic.${field}`, { kind: 'demographic', field }] as const),
  ...locationFields.map((field) => [`Location.${field}`, { kind: 'location', field, numeric: field === 'Latitude' || field === 'Longitude' }] as const),
  ['User.UserId', { kind: 'userId' }],
]);
/** Lower-cased names, to say "did you mean" when a name differs only in case. */
const fixedByLowerCase = new Map([...fixedColumns.keys()].map((name) => [name.toLowerCase(), name]));

const prefixes = [
  ['Attributes.', (name: string): Column => ({ kind: 'attribute', name })],
  ['User.UserAttributes.', (name: string): Column => ({ kind: 'userAttribute', name })],
  ['Metrics.', (name: string): Column => ({ kind: 'metric', name })],
] as const;

function columnOf(name: string): Column {
  const fixed = fixedColumns.get(name);
  if (fixed) return fixed;
  for (const [prefix, make] of prefixes) {
    if (name.startsWith(prefix)) return make(name.slice(prefix.length));
  }
  return { kind: 'unknown', name };
}

function repeatable(column: Column): boolean {
  return column.kind === 'attribute' || column.kind === 'userAttribute' || column.kind === 'unknown';
}

/** The header line's columns, or what makes it unusable (the whole object is then refused). */
export function compileCsvHeader(names: readonly string[]): CsvHeader | { readonly problem: string } {
  const columns: Column[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of names.entries()) {
    // Spaces around a column name are never part of it (Excel and hand-written files add them).
    const name = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (name === '') return { problem: `column ${index + 1} of the header has no name` };
    const column = columnOf(name);
    if ((column.kind === 'attribute' || column.kind === 'userAttribute' || column.kind === 'metric') && column.name === '') {
      return { problem: `column ${index + 1} of the header ('${quoted(name)}') names no attribute after the dot` };
    }
    if (seen.has(name) && !repeatable(column)) {
      return { problem: `column '${quoted(name)}' appears more than once in the header; only Attributes.<name> and User.UserAttributes.<name> columns can repeat (one value per column)` };
    }
    seen.add(name);
    columns.push(column);
  }
  if (columns.every((column) => column.kind === 'unknown')) {
    return { problem: 'the first line is not a header: it names no endpoint field (Id, ChannelType, Address, Attributes.<name>, User.UserId, …)' };
  }
  return { columns };
}

function unknownColumnProblem(name: string): string {
  const hint = fixedByLowerCase.get(name.toLowerCase());
  const suggestion = hint ? ` (did you mean '${hint}'? column names are case-sensitive)` : '';
  return `column '${quoted(name)}' is not an endpoint field${suggestion}; the columns an import knows are ${textFields.join(', ')}, Demographic.<field>, Location.<field>, Attributes.<name>, Metrics.<name>, User.UserId and User.UserAttributes.<name>`;
}

const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number as CSV writes one, or undefined (no NaN, no hex, no "Infinity"). */
function numberOf(text: string): number | undefined {
  const trimmed = text.trim();
  if (!decimal.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Sets an own property: a column named `Attributes.__proto__` is an attribute, not a prototype. */
function addValue(map: Record<string, string[]>, name: string, value: string): void {
  if (Object.hasOwn(map, name)) map[name]!.push(value);
  else Object.defineProperty(map, name, { value: [value], enumerable: true, writable: true, configurable: true });
}

/** The row of one CSV record (its values, in header order) at `line` of the object. */
export function csvRecordRow(header: CsvHeader, values: readonly string[], origin: RowOrigin, line: number): ImportRow {
  const problems: string[] = [];
  const { columns } = header;
  if (values.length !== columns.length) {
    return { kind: 'invalid', line, problem: `the line has ${values.length} values and the header ${columns.length} columns` };
  }
  const patch: EndpointPatch = {};
  let id: string | undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value === '') continue;
    const column = columns[i]!;
    switch (column.kind) {
      case 'text':
        if (column.field === 'Id') id = value;
        else patch[column.field] = value;
        break;
      case 'demographic':
        (patch.Demographic ??= {})[column.field] = value;
        break;
      case 'location': {
        if (!column.numeric) {
          (patch.Location ??= {})[column.field as 'City'] = value;
          break;
        }
        const number = numberOf(value);
        if (number === undefined) problems.push(`Location.${column.field}: is not a number`);
        else (patch.Location ??= {})[column.field as 'Latitude'] = number;
        break;
      }
      case 'attribute':
        addValue((patch.Attributes ??= {}), column.name, value);
        break;
      case 'userAttribute':
        addValue(((patch.User ??= {}).UserAttributes ??= {}), column.name, value);
        break;
      case 'metric': {
        const number = numberOf(value);
        if (number === undefined) problems.push(`Metrics.${quoted(column.name)}: is not a number`);
        else Object.defineProperty((patch.Metrics ??= {}), column.name, { value: number, enumerable: true, writable: true, configurable: true });
        break;
      }
      case 'userId':
        (patch.User ??= {}).UserId = value;
        break;
      case 'unknown': {
        const problem = unknownColumnProblem(column.name);
        if (!problems.includes(problem)) problems.push(problem);
        break;
      }
    }
  }
  return finishRow(id, patch, origin, line, problems);
}
