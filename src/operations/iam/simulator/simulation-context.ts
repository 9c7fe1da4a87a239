/**
 * The request context of a simulation: what the simulator knows about the simulated caller, with
 * the caller's ContextEntries over it. Keys are lowercased, as the evaluator expects (condition
 * key names compare case-insensitively); list types become arrays so ForAllValues/ForAnyValue see
 * sets, single types stay strings.
 *
 * Values are checked against their declared ContextKeyType with the same readers the condition
 * operators use, so a value the simulation accepts is one the policy engine can read.
 */
import type { ContextEntry } from '@aws-sdk/client-iam';
import { canonicalBase64, parseBool, parseDate, parseNumber } from '../../../iam/policy/condition-values.ts';
import { parseIp } from '../../../iam/policy/ip-cidr.ts';
import type { EntityKind } from '../../../storage/iam-repository.ts';
import { iamErrors } from '../iam-errors.ts';

export type SimulationKeys = Map<string, string | readonly string[]>;

type ScalarType = 'string' | 'numeric' | 'boolean' | 'ip' | 'binary' | 'date';

const readers: Readonly<Record<ScalarType, { what: string; ok: (value: string) => boolean }>> = {
  string: { what: 'string', ok: () => true },
  numeric: { what: 'number', ok: (v) => parseNumber(v) !== undefined },
  boolean: { what: 'boolean (true or false)', ok: (v) => parseBool(v) !== undefined },
  ip: { what: 'IP address', ok: (v) => parseIp(v) !== undefined },
  binary: { what: 'base64-encoded binary value', ok: (v) => canonicalBase64(v) !== undefined },
  date: { what: 'date (ISO 8601 or epoch seconds)', ok: (v) => parseDate(v) !== undefined },
};

function scalarType(type: string): ScalarType | undefined {
  const base = type.endsWith('List') ? type.slice(0, -'List'.length) : type;
  return Object.hasOwn(readers, base) ? (base as ScalarType) : undefined;
}

/** ContextEntries as condition keys; refuses with InvalidInput what the engine could not read. */
export function contextEntryKeys(entries: readonly ContextEntry[] | undefined): SimulationKeys {
  const keys: SimulationKeys = new Map();
  for (const [index, entry] of (entries ?? []).entries()) {
    const name = entry.ContextKeyName;
    if (name === undefined) throw iamErrors.invalidInput(`ContextEntries.member.${index + 1} has no ContextKeyName.`);
    const colon = name.indexOf(':');
    if (colon <= 0 || colon === name.length - 1) {
      throw iamErrors.invalidInput(`Context key ${name} must be prefaced by a vendor, e.g., aws, iam, mobiletargeting.`);
    }
    const lower = name.toLowerCase();
    if (keys.has(lower)) throw iamErrors.invalidInput(`Context key ${name} is given more than once (context key names are case-insensitive).`);
    const type = entry.ContextKeyType;
    if (type === undefined) throw iamErrors.invalidInput(`Context key ${name} has no ContextKeyType.`);
    const scalar = scalarType(type);
    // The model's enum has been checked already; this guards the table above against drift.
    if (scalar === undefined) throw iamErrors.invalidInput(`Context key ${name} has an unknown ContextKeyType ${type}.`);
    const values = entry.ContextKeyValues ?? [];
    for (const value of values) {
      if (!readers[scalar].ok(value)) throw iamErrors.invalidInput(`The value ${value} for context key ${name} is not a valid ${readers[scalar].what}.`);
    }
    if (type.endsWith('List')) {
      keys.set(lower, [...values]);
    } else {
      if (values.length !== 1) {
        throw iamErrors.invalidInput(`Context key ${name} of type ${type} takes exactly one value, got ${values.length}; use ${type}List for several.`);
      }
      keys.set(lower, values[0]!);
    }
  }
  return keys;
}

/** What the simulator knows about the simulated caller: an entity of this account, or only its ARN. */
export interface SimulatedIdentity {
  readonly kind: EntityKind;
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  /** AIDA…/AROA…/AGPA…, when the entity exists in this account. */
  readonly id?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The global keys a real request by this identity would carry, as condition-context.ts builds them
 * for live requests. A role has no session here, so aws:userid (`<role id>:<session>`) is left
 * unset, to be supplied as a ContextEntry; a group is never a caller, so only its account is known.
 */
export function identityKeys(identity: SimulatedIdentity): SimulationKeys {
  const keys: SimulationKeys = new Map();
  keys.set('aws:principalaccount', identity.accountId);
  if (identity.kind === 'group') return keys;
  keys.set('aws:principalarn', identity.arn);
  keys.set('aws:principaltype', identity.kind === 'user' ? 'User' : 'AssumedRole');
  if (identity.kind === 'user') {
    keys.set('aws:username', identity.name);
    if (identity.id !== undefined) keys.set('aws:userid', identity.id);
  }
  for (const [key, value] of Object.entries(identity.tags ?? {})) keys.set(`aws:principaltag/${key.toLowerCase()}`, value);
  return keys;
}

/** The principal's keys with the ContextEntries over them (a ContextEntry always wins). */
export function simulationKeys(identity: SimulatedIdentity | undefined, entries: SimulationKeys): SimulationKeys {
  const keys = identity === undefined ? new Map() : identityKeys(identity);
  for (const [key, value] of entries) keys.set(key, value);
  return keys;
}
