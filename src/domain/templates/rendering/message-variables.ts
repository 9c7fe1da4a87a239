/**
 * The variables one recipient's message sees, built from four layers. Later layers win, value by
 * value (objects merge; a list or a scalar replaces what a lower layer had):
 *
 *   1. the template's DefaultSubstitutions — used only where no other layer has a value
 *      ("If an attribute value doesn't exist for a recipient, Amazon Pinpoint can replace a
 *      variable with a default value", user guide, "Adding personalized content to message
 *      templates");
 *   2. message-level Substitutions (DefaultMessage / channel message `Substitutions`:
 *      "The default message variables to use in the message. You can override these default
 *      variables with individual address variables", API reference);
 *   3. the endpoint's own fields: Address, Id, ChannelType, Attributes, Metrics, Demographic,
 *      Location, User.UserId, User.UserAttributes, EffectiveDate, OptOut, … (the recipient's real
 *      data beats anything marked "default");
 *   4. per-address / per-endpoint Substitutions (AddressConfiguration / EndpointSendConfiguration
 *      `Substitutions`: "The variables specified in this map take precedence over all other
 *      variables", API reference).
 *
 * A value "exists" unless it is undefined, null or an empty list: an endpoint attribute stored as
 * `[]` still lets the default show.
 *
 * Keys: substitution and default keys are variable paths as written in the template, so
 * `User.UserAttributes.FirstName`, `Attributes.[Favorite Color]` and `…FirstName.[0]` address the
 * same places the template reads. A key without dots is a top-level variable (`{{FirstName}}`).
 *
 * DefaultSubstitutions is the JSON text stored on the template. Text that is absent, not JSON, or
 * not a JSON object is ignored (no defaults) rather than failing every send: the template API is
 * where bad JSON should be refused. A default string becomes a one-item list, like every Pinpoint
 * attribute, so `{{X}}` and `{{X.[0]}}` both show it; a key ending in `.[n]` sets that item.
 * Numbers and booleans count as their text; objects and null are ignored.
 *
 * `address`, when given, is the recipient's Address (the destination of a SendMessages address
 * entry) and overrides the endpoint's.
 */

/** The variables a message to one recipient sees. */
export type MessageVariables = Record<string, unknown>;

export interface MessageVariablesInput {
  endpoint?: {
    Id?: string; Address?: string; ChannelType?: string; Attributes?: Record<string, string[]>;
    Metrics?: Record<string, number>; Demographic?: Record<string, unknown>; Location?: Record<string, unknown>;
    User?: { UserId?: string; UserAttributes?: Record<string, string[]> }; [key: string]: unknown;
  };
  address?: string;
  defaultSubstitutions?: string;
  messageSubstitutions?: Record<string, string[]>;
  recipientSubstitutions?: Record<string, string[]>;
}

type Tree = Record<string, unknown>;

const maxListIndex = 1000;
const maxDepth = 32;

function isPlainObject(value: unknown): value is Tree {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Own data property, even for keys such as `__proto__` (never touches a prototype). */
function put(target: Tree | unknown[], key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function own(target: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(target, key) ? (target as Tree)[key] : undefined;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** A copy holding only template-safe data: text, numbers, booleans, lists and plain objects. */
function cloneData(value: unknown, depth = 0): unknown {
  if (depth > maxDepth) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map((item) => cloneData(item, depth + 1)).filter((item) => item !== undefined);
  if (isPlainObject(value)) {
    const copy: Tree = {};
    for (const key of Object.keys(value)) {
      const item = cloneData(value[key], depth + 1);
      if (item !== undefined) put(copy, key, item);
    }
    return copy;
  }
  return undefined;
}

/** Splits `User.UserAttributes.[Last Name].[0]` into its segments. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const match of path.matchAll(/\[([^\]]*)\]|([^.[\]]+)/g)) {
    const segment = match[1] ?? match[2];
    if (segment !== undefined && segment !== '') segments.push(segment);
  }
  return segments;
}

function listIndex(segment: string): number | undefined {
  if (!/^\d+$/.test(segment)) return undefined;
  const index = Number(segment);
  return index <= maxListIndex ? index : undefined;
}

/** Sets `value` at `segments` inside `root`, creating objects and lists on the way. */
function setPath(root: Tree, segments: string[], value: unknown): void {
  if (segments.length === 0 || segments.length > maxDepth) return;
  let node: Tree | unknown[] = root;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i] as string;
    if (Array.isArray(node) && listIndex(segment) === undefined) return;
    if (i === segments.length - 1) {
      put(node, segment, value);
      return;
    }
    const next = segments[i + 1] as string;
    let child = own(node, segment);
    if (!isPlainObject(child) && !Array.isArray(child)) {
      child = listIndex(next) !== undefined ? [] : {};
      put(node, segment, child);
    }
    node = child as Tree | unknown[];
  }
}

/** Merges `layer` into `target`: objects merge, anything else replaces unless it is absent. */
function mergeInto(target: Tree, layer: Tree): void {
  for (const key of Object.keys(layer)) {
    const incoming = layer[key];
    if (absent(incoming)) continue;
    const existing = own(target, key);
    if (isPlainObject(incoming) && isPlainObject(existing)) mergeInto(existing, incoming);
    else put(target, key, cloneData(incoming));
  }
}

function substitutionLayer(substitutions: Record<string, string[]> | undefined): Tree {
  const layer: Tree = {};
  if (!isPlainObject(substitutions)) return layer;
  for (const key of Object.keys(substitutions)) {
    const raw: unknown = substitutions[key];
    const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : undefined;
    if (values) setPath(layer, pathSegments(key), values.filter((v): v is string => typeof v === 'string'));
  }
  return layer;
}

function defaultValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function defaultsLayer(json: string | undefined): Tree {
  const layer: Tree = {};
  if (typeof json !== 'string' || json.trim() === '') return layer;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return layer;
  }
  if (!isPlainObject(parsed)) return layer;
  for (const key of Object.keys(parsed)) {
    const segments = pathSegments(key);
    const raw = parsed[key];
    const last = segments[segments.length - 1];
    let value: unknown;
    if (Array.isArray(raw)) {
      value = raw.map(defaultValue).filter((v): v is string => v !== undefined);
    } else {
      const single = defaultValue(raw);
      if (single === undefined) continue;
      value = last !== undefined && listIndex(last) !== undefined ? single : [single];
    }
    setPath(layer, segments, value);
  }
  return layer;
}

function endpointLayer(input: MessageVariablesInput): Tree {
  const layer = (cloneData(input.endpoint) as Tree | undefined) ?? {};
  if (typeof input.address === 'string' && input.address !== '') put(layer, 'Address', input.address);
  return layer;
}

/**
 * Builds the variables for one recipient: template DefaultSubstitutions < message-level
 * Substitutions < the endpoint's own fields < per-address/per-endpoint Substitutions.
 */
export function messageVariables(input: MessageVariablesInput): MessageVariables {
  const variables: Tree = {};
  mergeInto(variables, defaultsLayer(input.defaultSubstitutions));
  mergeInto(variables, substitutionLayer(input.messageSubstitutions));
  mergeInto(variables, endpointLayer(input));
  mergeInto(variables, substitutionLayer(input.recipientSubstitutions));
  return variables;
}
