/**
 * What authorizes one operation: the IAM action (plus older names accepted in policies) and the
 * resource ARN templates the action is evaluated against, and how a validated request's input
 * turns those templates into concrete ARNs. Pure: no I/O, no model loading.
 *
 * Template syntax. A resource template is either the literal '*' or a string with `${Name}`
 * placeholders: `${Partition}`, `${Region}` and `${Account}` come from the tenant; any other name is a
 * dotted path of input member names (exact model names), e.g. `${ApplicationId}` or
 * `${SenderIds.SenderId}`. Values are inserted verbatim (no escaping; validation has already run).
 *
 * Resolution rules (resolveResources):
 * - List members: when the first member of a path holds a list, the template yields one ARN per
 *   element, the rest of the path being read from the element (`${PoolIds}` → one ARN per pool id;
 *   `${SenderIds.SenderId}` → the SenderId of each element). One list member per template.
 * - Id-or-ARN members (idOrArnMembers, SMS Voice v2 `…OrArn` shapes): a value that already is an
 *   ARN (starts with `arn:`) is the resource itself, verbatim; otherwise the template builds it.
 * - Missing values: a required member cannot be missing (validation runs first). In `resources`,
 *   a template whose member is absent, null, '' or an empty list resolves to its nearest parent
 *   ARN: the text before the missing placeholder, cut at the last '/' (so `…:pool/${PoolIds}`
 *   without PoolIds is `…:pool`, `…:sender-id/${SenderId}/${IsoCountryCode}` without the country is
 *   `…:sender-id/<id>`); when nothing of the resource part would remain, '*'.
 *   `optionalResources` are different: they name resources a request may additionally involve
 *   (e.g. the pool given to RequestPhoneNumber) and are left out when a member they use is missing.
 * - When nothing resolves at all (every template optional and absent), the resource is '*'.
 * - Results keep template order and carry no duplicates.
 */

export interface OperationAuthorization {
  /** e.g. 'mobiletargeting:GetApp'. */
  readonly action: string;
  /** Older names that match too, e.g. ['mobiletargeting:GetUser'] (seed 003). */
  readonly aliases?: readonly string[];
  /**
   * Resource ARN templates; `${Partition}`, `${Region}`, `${Account}` come from the tenant,
   * `${Member}` placeholders from input members (exact model member names, dotted for nested
   * members). A template may also be the literal '*'.
   */
  readonly resources: readonly string[];
  /** Templates for resources the request involves only when it names them; dropped when a member they use is missing. */
  readonly optionalResources?: readonly string[];
  /** Placeholder paths whose value may be given as an ARN instead of an id or name; an ARN value is the resource itself. */
  readonly idOrArnMembers?: readonly string[];
  /**
   * SMS Voice v2: the input member naming an origination identity of any kind (phone number id,
   * pool id, sender ID, E.164 phone number, or the ARN of one); see originationIdentityArn. Left out
   * when the member is optional and absent.
   */
  readonly originationIdentity?: OriginationIdentityRef;
  /** Input member whose value is itself the target ARN (TagResource/UntagResource/ListTagsForResource take ResourceArn), when that applies. */
  readonly resourceArnMember?: string;
  /**
   * Dotted path of member names to the tags sent with the request (for aws:RequestTag/* and
   * aws:TagKeys), e.g. 'CreateApplicationRequest.tags' (a map) or 'Tags' (a list of {Key, Value}).
   */
  readonly requestTagsPath?: string;
  /** Dotted path to a list of tag keys the request names without values (UntagResource), for aws:TagKeys. */
  readonly requestTagKeysPath?: string;
}

export interface OriginationIdentityRef {
  /** e.g. 'OriginationIdentity', 'ResourceId'. */
  readonly member: string;
  /** Member holding the sender ID's country, when the operation has one. */
  readonly isoCountryCodeMember?: string;
}

export interface TenantScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export interface ResolveOptions {
  /**
   * Maps an origination identity given without an ARN (an E.164 number, a sender ID, an id) to the
   * ARN of the resource it names, when the caller knows it (e.g. from storage); undefined falls back
   * to the rules of originationIdentityArn.
   */
  readonly originationIdentityArn?: (value: string) => string | undefined;
}

/** The placeholders filled from the tenant rather than from the input. */
export const scopePlaceholders: readonly string[] = ['Partition', 'Region', 'Account'];

type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'scope'; readonly name: string }
  | { readonly kind: 'member'; readonly path: readonly string[]; readonly name: string };

const placeholderPattern = /\$\{([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)\}/g;
const parsedTemplates = new Map<string, readonly Piece[]>();

function parseTemplate(template: string): readonly Piece[] {
  const cached = parsedTemplates.get(template);
  if (cached) return cached;
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of template.matchAll(placeholderPattern)) {
    const name = match[1]!;
    if (match.index > last) pieces.push({ kind: 'text', text: template.slice(last, match.index) });
    pieces.push(scopePlaceholders.includes(name) ? { kind: 'scope', name } : { kind: 'member', path: name.split('.'), name });
    last = match.index + match[0].length;
  }
  if (last < template.length) pieces.push({ kind: 'text', text: template.slice(last) });
  parsedTemplates.set(template, pieces);
  return pieces;
}

/** The names inside `${…}` in a template, scope placeholders included, in order. */
export function templatePlaceholders(template: string): string[] {
  return parseTemplate(template).flatMap((piece) => (piece.kind === 'text' ? [] : [piece.name]));
}

function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A placeholder's text, or undefined when the value is missing or not a scalar. */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

function scopeValue(name: string, scope: TenantScope): string {
  return name === 'Partition' ? scope.partition : name === 'Region' ? scope.region : scope.accountId;
}

/** The nearest parent ARN of a template cut at a missing placeholder whose preceding text is `prefix`. */
function nearestParent(prefix: string): string {
  // The resource part starts after the fifth ':' (arn:partition:service:region:account:resource).
  let colons = 0;
  let resourceStart = -1;
  for (let i = 0; i < prefix.length; i++) {
    if (prefix[i] === ':' && ++colons === 5) {
      resourceStart = i + 1;
      break;
    }
  }
  if (resourceStart < 0) return '*';
  const slash = prefix.lastIndexOf('/');
  if (slash < resourceStart) return '*';
  const parent = prefix.slice(0, slash);
  return parent.length > resourceStart ? parent : '*';
}

/**
 * One template for one input: its ARNs (several for a list member), or [] when `optional` and a
 * member it uses is missing.
 */
function expandTemplate(
  template: string,
  input: Readonly<Record<string, unknown>>,
  scope: TenantScope,
  idOrArn: ReadonlySet<string>,
  optional: boolean,
): string[] {
  if (template === '*') return ['*'];
  const pieces = parseTemplate(template);
  let listRoot: string | undefined;
  for (const piece of pieces) {
    if (piece.kind !== 'member') continue;
    const root = piece.path[0]!;
    if (Array.isArray(walk(input, [root]))) {
      if (listRoot !== undefined && listRoot !== root) {
        throw new Error(`Resource template ${template} uses two list members (${listRoot}, ${root})`);
      }
      listRoot = root;
    }
  }
  const resolveWith = (read: (path: readonly string[]) => unknown): string | undefined => {
    let out = '';
    for (const piece of pieces) {
      if (piece.kind === 'text') {
        out += piece.text;
      } else if (piece.kind === 'scope') {
        out += scopeValue(piece.name, scope);
      } else {
        const value = scalar(read(piece.path));
        if (value === undefined) return optional ? undefined : nearestParent(out);
        if (idOrArn.has(piece.name) && value.startsWith('arn:')) return value;
        out += value;
      }
    }
    return out;
  };
  if (listRoot === undefined) {
    const one = resolveWith((path) => walk(input, path));
    return one === undefined ? [] : [one];
  }
  const elements = walk(input, [listRoot]) as readonly unknown[];
  const root = listRoot;
  if (elements.length === 0) {
    const none = resolveWith((path) => (path[0] === root ? undefined : walk(input, path)));
    return none === undefined ? [] : [none];
  }
  const out: string[] = [];
  for (const element of elements) {
    const one = resolveWith((path) => (path[0] === root ? (path.length === 1 ? element : walk(element, path.slice(1))) : walk(input, path)));
    if (one !== undefined) out.push(one);
  }
  return out;
}

/**
 * The ARN of an SMS Voice v2 origination identity given as an id, a number or an ARN:
 * an ARN is used verbatim; then `options.originationIdentityArn` is asked; otherwise `pool-…` is a
 * pool, `phone-…` a phone number id, `+<digits>` (E.164) a phone number (its ARN then carries the
 * number in place of the id, since mapping a number to its id needs storage: pass the option to get
 * the exact ARN), and anything else a sender ID: `sender-id/<id>/<country>` when the country is known,
 * else its nearest parent `sender-id/<id>`.
 */
export function originationIdentityArn(value: string, scope: TenantScope, isoCountryCode?: string, options: ResolveOptions = {}): string {
  if (value.startsWith('arn:')) return value;
  const known = options.originationIdentityArn?.(value);
  if (known !== undefined) return known;
  const base = `arn:${scope.partition}:sms-voice:${scope.region}:${scope.accountId}:`;
  if (value.startsWith('pool-')) return `${base}pool/${value}`;
  if (value.startsWith('phone-') || /^\+[0-9]+$/.test(value)) return `${base}phone-number/${value}`;
  return isoCountryCode ? `${base}sender-id/${value}/${isoCountryCode}` : `${base}sender-id/${value}`;
}

/** The concrete ARNs one request is authorized against (see the rules at the top of this file). */
export function resolveResources(
  entry: OperationAuthorization,
  input: Readonly<Record<string, unknown>>,
  scope: TenantScope,
  options: ResolveOptions = {},
): string[] {
  const idOrArn = new Set(entry.idOrArnMembers ?? []);
  const found: string[] = [];
  for (const template of entry.resources) found.push(...expandTemplate(template, input, scope, idOrArn, false));
  for (const template of entry.optionalResources ?? []) found.push(...expandTemplate(template, input, scope, idOrArn, true));
  if (entry.originationIdentity) {
    const { member, isoCountryCodeMember } = entry.originationIdentity;
    const value = scalar(walk(input, member.split('.')));
    if (value !== undefined) {
      const country = isoCountryCodeMember === undefined ? undefined : scalar(walk(input, isoCountryCodeMember.split('.')));
      found.push(originationIdentityArn(value, scope, country, options));
    }
  }
  const unique = [...new Set(found)];
  return unique.length === 0 ? ['*'] : unique;
}

/**
 * The tags a request carries (aws:RequestTag/*), from a map (Pinpoint's `tags`) or a list of
 * {Key, Value} (SMS Voice v2's `Tags`); undefined when the operation takes no tags or none were sent.
 * Entries that are not strings are skipped.
 */
export function requestTags(entry: OperationAuthorization, input: Readonly<Record<string, unknown>>): Readonly<Record<string, string>> | undefined {
  if (entry.requestTagsPath === undefined) return undefined;
  const value = walk(input, entry.requestTagsPath.split('.'));
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  const pairs: [string, string][] = [];
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const key = walk(item, ['Key']);
      const tagValue = walk(item, ['Value']);
      if (typeof key === 'string') pairs.push([key, typeof tagValue === 'string' ? tagValue : '']);
    }
  } else {
    for (const [key, tagValue] of Object.entries(value)) if (typeof tagValue === 'string') pairs.push([key, tagValue]);
  }
  // fromEntries defines own properties, so a tag named __proto__ stays a tag.
  return Object.freeze(Object.fromEntries(pairs));
}

/** The tag keys a request names (aws:TagKeys): UntagResource's key list, else the keys of requestTags. */
export function requestTagKeys(entry: OperationAuthorization, input: Readonly<Record<string, unknown>>): readonly string[] | undefined {
  if (entry.requestTagKeysPath !== undefined) {
    const value = walk(input, entry.requestTagKeysPath.split('.'));
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : undefined;
  }
  const tags = requestTags(entry, input);
  return tags === undefined ? undefined : Object.keys(tags);
}

/** The action and its aliases, as policies may name them. */
export function actionNames(entry: OperationAuthorization): readonly string[] {
  return [entry.action, ...(entry.aliases ?? [])];
}

/** An entry as written in the tables: the action defaults to `<prefix>:<operation name>`. */
export type ActionSpec = Omit<OperationAuthorization, 'action'> & { readonly action?: string };

/** Builds a frozen table from specs keyed by operation name. */
export function defineActions(prefix: string, specs: Readonly<Record<string, ActionSpec>>): Readonly<Record<string, OperationAuthorization>> {
  const table: Record<string, OperationAuthorization> = {};
  for (const [operation, spec] of Object.entries(specs)) {
    table[operation] = Object.freeze({ ...spec, action: spec.action ?? `${prefix}:${operation}` });
  }
  return Object.freeze(table);
}
