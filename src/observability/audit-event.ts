import type { Principal } from '../iam/principal.ts';

/**
 * One API call as an audit record, in CloudTrail's record format (eventVersion 1.08). Pure: no
 * I/O, no clock, no randomness; the caller supplies the account and the event id.
 *
 * Secrets never reach a record: request parameters are copied with every member the model marks
 * sensitive, and every member whose name looks like a secret (at any depth, map keys included),
 * replaced by CloudTrail's own placeholder. Response elements are never recorded (null).
 */

export type AuditService = 'mobiletargeting' | 'sms-voice' | 'iam' | 'sts';

/** What the request pipeline knows about one finished request. */
export interface AuditCall {
  time: Date;
  service: AuditService;
  /** The model's operation name; undefined when the request matched no operation. */
  operation: string | undefined;
  region: string;
  sourceIp: string;
  userAgent: string | undefined;
  requestId: string;
  /** Undefined when authentication failed (or never happened). */
  caller: Principal | undefined;
  /** The access key the request was signed with, if one was named (even when it was refused). */
  accessKeyId: string | undefined;
  /** Validated input, keyed by model member names; undefined when the request never got that far. */
  input: Record<string, unknown> | undefined;
  /** Member names the model marks sensitive; redacted wherever they occur. */
  sensitiveMembers?: ReadonlySet<string>;
  errorCode: string | undefined;
  errorMessage: string | undefined;
}

export interface AuditSessionIssuer {
  type: 'Role';
  principalId: string;
  arn: string;
  accountId: string;
  userName: string;
}

export interface AuditSessionContext {
  sessionIssuer?: AuditSessionIssuer;
  /** The sts:SourceIdentity set when the role session was created. */
  sourceIdentity?: string;
  attributes: { creationDate: string; mfaAuthenticated: 'false' };
}

/**
 * CloudTrail's userIdentity. `Unknown` is CloudTrail's type for a caller that could not be
 * authenticated; it carries only the access key id the request named, if any.
 */
export interface AuditUserIdentity {
  type: 'IAMUser' | 'AssumedRole' | 'Root' | 'Unknown';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: AuditSessionContext;
}

export interface AuditRecord {
  eventVersion: '1.08';
  userIdentity: AuditUserIdentity;
  /** CloudTrail's format: ISO-8601 UTC to the second, e.g. 2026-11-23T14:17:09Z. */
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: null;
  /** Present only when the request parameters were too large to keep (they are then null). */
  additionalEventData?: { requestParametersOmitted: true; reason: string };
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management' | 'Data';
}

/** CloudTrail's placeholder for a value it will not record. */
export const REDACTED = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** The eventName of a request that matched no operation. */
export const UNKNOWN_EVENT_NAME = 'Unknown';

/**
 * Member (or map key) names that hold secrets, compared lower-cased with everything but letters
 * and digits removed (so `private_key` and `Api-Key` count too).
 */
const SECRET_NAME = /secret|password|token|privatekey|credential|certificate|otp|servicejson|apikey|verificationcode/;

/** Total characters of keys and strings kept in requestParameters before they are omitted whole. */
export const MAX_PARAMETER_CHARS = 64 * 1024;
/** A single string longer than this is cut, with a note of its length. */
const MAX_STRING_CHARS = 4096;
const MAX_DEPTH = 32;
const MAX_MESSAGE_CHARS = 2048;

/** Lower-cased copies of sensitive-member sets, kept per set (the pipeline reuses one per operation). */
const loweredSets = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

function lowered(members: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (members === undefined || members.size === 0) return undefined;
  let set = loweredSets.get(members);
  if (set === undefined) {
    set = new Set([...members].map((member) => member.toLowerCase()));
    loweredSets.set(members, set);
  }
  return set;
}

/**
 * Whether a member (or map key) must not be recorded: the model marks it sensitive (compared
 * without regard to case), or its name looks like a secret.
 */
export function isSecretName(name: string, sensitiveMembers?: ReadonlySet<string>): boolean {
  return isSecretLowered(name, lowered(sensitiveMembers));
}

/** Verdicts of SECRET_NAME by name: member names repeat on every request. Bounded (map keys are data). */
const secretNameVerdicts = new Map<string, boolean>();
const MAX_VERDICTS = 4096;

function looksSecret(name: string): boolean {
  let verdict = secretNameVerdicts.get(name);
  if (verdict === undefined) {
    verdict = SECRET_NAME.test(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
    if (secretNameVerdicts.size >= MAX_VERDICTS) secretNameVerdicts.clear();
    secretNameVerdicts.set(name, verdict);
  }
  return verdict;
}

function isSecretLowered(name: string, sensitive: ReadonlySet<string> | undefined): boolean {
  if (looksSecret(name)) return true;
  return sensitive !== undefined && sensitive.has(name.toLowerCase());
}

/** CloudTrail's readOnly: calls that only read (Get*, List*, Describe*, Simulate*, GetCallerIdentity). */
export function isReadOnlyOperation(operation: string | undefined): boolean {
  return operation !== undefined && /^(Get|List|Describe|Simulate)([A-Z0-9]|$)/.test(operation);
}

/**
 * Formats instants to the second, remembering the last second formatted (Date#toISOString costs
 * more than the rest of a record; calls arrive in the same second far more often than not).
 */
function secondFormatter(): (time: Date) => string {
  let second = Number.NaN;
  let text = '';
  return (time) => {
    const ms = time.getTime();
    const s = Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
    if (s !== second) {
      text = `${new Date(s * 1000).toISOString().slice(0, 19)}Z`;
      second = s;
    }
    return text;
  };
}

const formatEventTime = secondFormatter();
const formatSessionTime = secondFormatter();

/** CloudTrail's time format: ISO-8601 UTC without fractional seconds (an invalid Date reads as the epoch). */
export function cloudTrailTime(time: Date): string {
  return formatEventTime(time);
}

/**
 * Operations whose bodies are audience data: addresses, attributes, user ids, events, and the
 * messages sent to people (recipients, bodies, substitutions, one-time passwords). CloudTrail
 * does not log UpdateEndpoint, UpdateEndpointsBatch or GetEndpoint as management events; Pinion
 * records these calls (who, when, which project, outcome) as data events with only their scalar
 * path and query members, so personal data never lands in the audit trail (and a 100-endpoint
 * batch costs an audit row of a few hundred bytes, not of the whole body).
 */
const AUDIENCE_DATA_OPERATIONS: ReadonlySet<string> = new Set([
  'UpdateEndpoint',
  'UpdateEndpointsBatch',
  'PutEvents',
  'GetEndpoint',
  'GetUserEndpoints',
  'DeleteUserEndpoints',
  'ListEndpoints',
  'SendMessages',
  'SendUsersMessages',
  'SendOTPMessage',
  'VerifyOTPMessage',
  'ListOutboxMessages',
  'GetOutboxMessage',
  'PhoneNumberValidate',
]);

/** What these records keep of the request: which project and which endpoint, nothing about the person. */
const AUDIENCE_DATA_KEPT_MEMBERS: readonly string[] = ['ApplicationId', 'EndpointId'];

/** AUDIENCE_DATA_KEPT_MEMBERS of the input, camel-cased like the rest. */
function scalarMembers(input: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (input === undefined || input === null) return null;
  const kept: Record<string, unknown> = {};
  for (const name of AUDIENCE_DATA_KEPT_MEMBERS) {
    const value = input[name];
    if (typeof value === 'string') put(kept, camelFirst(name), truncate(value, MAX_STRING_CHARS));
  }
  return Object.keys(kept).length > 0 ? kept : null;
}

export function buildAuditRecord(call: AuditCall, accountId: string, eventId: string): AuditRecord {
  const dataEvent = call.operation !== undefined && call.service === 'mobiletargeting' && AUDIENCE_DATA_OPERATIONS.has(call.operation);
  const parameters = dataEvent ? scalarMembers(call.input) : redactParameters(call.input, call.sensitiveMembers);
  const record: AuditRecord = {
    eventVersion: '1.08',
    userIdentity: userIdentityOf(call.caller, call.accessKeyId),
    eventTime: cloudTrailTime(call.time),
    eventSource: `${call.service}.amazonaws.com`,
    eventName: call.operation ?? UNKNOWN_EVENT_NAME,
    awsRegion: call.region,
    sourceIPAddress: call.sourceIp,
    requestParameters: parameters === 'too-large' ? null : parameters,
    responseElements: null,
    requestID: call.requestId,
    eventID: eventId,
    readOnly: isReadOnlyOperation(call.operation),
    eventType: 'AwsApiCall',
    managementEvent: !dataEvent,
    recipientAccountId: accountId,
    eventCategory: dataEvent ? 'Data' : 'Management',
  };
  if (call.userAgent !== undefined) record.userAgent = call.userAgent;
  if (call.errorCode !== undefined) record.errorCode = call.errorCode;
  if (call.errorMessage !== undefined) record.errorMessage = truncate(call.errorMessage, MAX_MESSAGE_CHARS);
  if (dataEvent) {
    record.additionalEventData = { requestParametersOmitted: true, reason: 'audience and message data (personal data) is not recorded in the audit trail' };
  } else if (parameters === 'too-large') {
    record.additionalEventData = {
      requestParametersOmitted: true,
      reason: `request parameters larger than ${MAX_PARAMETER_CHARS} characters`,
    };
  }
  return record;
}

function userIdentityOf(caller: Principal | undefined, accessKeyId: string | undefined): AuditUserIdentity {
  const key = accessKeyId === undefined ? {} : { accessKeyId };
  if (caller === undefined) return { type: 'Unknown', ...key };
  switch (caller.kind) {
    case 'root':
      return { type: 'Root', principalId: caller.accountId, arn: caller.arn, accountId: caller.accountId, ...key };
    case 'user': {
      const identity: AuditUserIdentity = {
        type: 'IAMUser',
        principalId: caller.userId,
        arn: caller.arn,
        accountId: caller.accountId,
        ...key,
        userName: caller.userName,
      };
      // Temporary credentials from GetSessionToken: CloudTrail adds the session's attributes.
      if (caller.session !== undefined) {
        identity.sessionContext = { attributes: { creationDate: formatSessionTime(caller.session.issuedAt), mfaAuthenticated: 'false' } };
      }
      return identity;
    }
    case 'assumed-role': {
      const sessionContext: AuditSessionContext = {
        sessionIssuer: {
          type: 'Role',
          principalId: caller.roleId,
          arn: caller.roleArn,
          accountId: caller.accountId,
          userName: caller.roleName,
        },
        attributes: { creationDate: formatSessionTime(caller.issuedAt), mfaAuthenticated: 'false' },
      };
      if (caller.sourceIdentity !== undefined) sessionContext.sourceIdentity = caller.sourceIdentity;
      return {
        type: 'AssumedRole',
        principalId: `${caller.roleId}:${caller.sessionName}`,
        arn: caller.arn,
        accountId: caller.accountId,
        ...key,
        sessionContext,
      };
    }
  }
}

/** `UserName` → `userName`, as CloudTrail writes top-level request parameters. */
function camelFirst(name: string): string {
  const first = name.charAt(0);
  const lower = first.toLowerCase();
  return first === lower ? name : lower + name.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} characters)`;
}

/** Sets an own property even for `__proto__`, which plain assignment would turn into a prototype change. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

class TooLarge extends Error {}

/**
 * Copies the input with secrets replaced. Only top-level member names are camel-cased: deeper
 * keys may be map keys (tags, endpoint attributes), which are the caller's data and stay exact.
 */
function redactParameters(
  input: Record<string, unknown> | undefined,
  sensitive: ReadonlySet<string> | undefined,
): Record<string, unknown> | null | 'too-large' {
  if (input === undefined || input === null) return null;
  const budget = { left: MAX_PARAMETER_CHARS };
  const sensitiveLower = lowered(sensitive);
  const out: Record<string, unknown> = {};
  let any = false;
  try {
    for (const key of Object.keys(input)) {
      const value = copyValue(key, input[key], sensitiveLower, budget, 1);
      if (value === undefined) continue;
      put(out, camelFirst(key), value);
      any = true;
    }
  } catch (error) {
    if (error instanceof TooLarge) return 'too-large';
    throw error;
  }
  return any ? out : null;
}

function spend(budget: { left: number }, chars: number): void {
  budget.left -= chars;
  if (budget.left < 0) throw new TooLarge();
}

function copyValue(
  name: string,
  value: unknown,
  sensitive: ReadonlySet<string> | undefined,
  budget: { left: number },
  depth: number,
): unknown {
  spend(budget, name.length + 4);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (isSecretLowered(name, sensitive)) return REDACTED;
  return copyInner(value, sensitive, budget, depth);
}

function copyInner(value: unknown, sensitive: ReadonlySet<string> | undefined, budget: { left: number }, depth: number): unknown {
  switch (typeof value) {
    case 'string': {
      const kept = truncate(value, MAX_STRING_CHARS);
      spend(budget, kept.length);
      return kept;
    }
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) return '…(nested too deeply)';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  // Blob members: never their bytes (they may be key material under an innocent name).
  if (ArrayBuffer.isView(value)) return `(binary, ${value.byteLength} bytes)`;
  if (value instanceof ArrayBuffer) return `(binary, ${value.byteLength} bytes)`;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      spend(budget, 1);
      const copied = copyInner(item, sensitive, budget, depth + 1);
      items.push(copied === undefined ? null : copied);
    }
    return items;
  }
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) {
      const copied = copyValue(String(key), item, sensitive, budget, depth + 1);
      if (copied !== undefined) put(out, String(key), copied);
    }
    return out;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const copied = copyValue(key, source[key], sensitive, budget, depth + 1);
    if (copied !== undefined) put(out, key, copied);
  }
  return out;
}
