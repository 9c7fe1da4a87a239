import { randomUUID } from 'node:crypto';
import type { Authorizer } from '../auth/authorizer.ts';
import type { CredentialStore } from '../auth/credential-store.ts';
import { parseSigV4 } from '../auth/parse-authorization.ts';
import type { SigV4Verifier } from '../auth/sigv4-verifier.ts';
import { authorizationFor, requestTagKeys, requestTags, resolveResources } from '../iam/operation-actions/index.ts';
import type { Principal } from '../iam/principal.ts';
import type { AuditService } from '../observability/audit-event.ts';
import { isReadOnlyOperation } from '../observability/audit-event.ts';
import type { AuditTrail } from '../observability/audit-trail.ts';
import type { HandlerTable } from '../operations/handler-table.ts';
import type { OperationHandler } from '../operations/operation-context.ts';
import { ApiError, authErrors } from '../protocol/api-error.ts';
import { MalformedQueryError, parseQueryString, splitTarget } from '../protocol/query-string.ts';
import { readAwsJsonRequest, readRestJsonRequest } from '../protocol/read-request.ts';
import { unparseableInput } from '../protocol/request-errors.ts';
import { RestRouter } from '../protocol/rest-router.ts';
import { sensitiveMemberNames } from '../protocol/sensitive-members.ts';
import { internalError, notImplemented, serviceError } from '../protocol/service-errors.ts';
import { writeAwsJsonResponse, writeError, writeRestJsonResponse } from '../protocol/write-response.ts';
import type { WireResponse } from '../protocol/write-response.ts';
import type { OperationModel, QueryServiceKey, QueryServiceModel, ServiceKey, ServiceModel } from '../spec/service-model.ts';
import type { Tenant } from '../storage/tenant.ts';
import type { ContextServices, RequestFactsWithoutPrincipal } from './operation-context-factory.ts';
import { operationContext, sourceIpOf } from './operation-context-factory.ts';
import { guessQueryService, handleQueryRequest, isQueryService, renderQueryFailure } from './query-api.ts';

/**
 * The request pipeline, the one place every API request passes through, in this order:
 * route by signing service → authenticate (SigV4) → route by the model → deserialize + validate
 * → authorize (IAM policies: the operation's action on each resource it touches) → handler
 * → serialize. IAM and STS (query protocol) take the same steps in query-api.ts.
 */

export interface RawHttpRequest {
  method: string;
  url: string;
  rawHeaders: readonly string[];
  body: Buffer;
  /** The peer's address (aws:SourceIp). */
  remoteAddress?: string;
  /** Whether the request came over TLS (aws:SecureTransport). */
  secure?: boolean;
}

export interface PipelineResult extends WireResponse {
  requestId: string;
  operation: string | undefined;
}

/** What the pipeline learns about a request as it goes, for its audit record. */
export interface RequestTrace {
  service: AuditService;
  region: string;
  operation: string | undefined;
  caller?: Principal;
  accessKeyId?: string;
  input?: Record<string, unknown>;
  sensitive: ReadonlySet<string> | undefined;
  /** The failure the client was answered with, if any. */
  error?: unknown;
  /** The error code as the client saw it, when the protocol renames codes (IAM's AccessDenied). */
  errorCode?: string;
}

export interface PipelineDependencies {
  models: ReadonlyMap<ServiceKey, ServiceModel>;
  handlers: HandlerTable;
  queryModels: ReadonlyMap<QueryServiceKey, QueryServiceModel>;
  queryHandlers: Readonly<Record<QueryServiceKey, Readonly<Record<string, OperationHandler>>>>;
  verifier: SigV4Verifier;
  credentials: CredentialStore;
  authorizer: Authorizer;
  regions: ReadonlySet<string>;
  services: ContextServices;
  /** Where every call is recorded (allowed or denied); absent in tests that do not look at it. */
  audit?: AuditTrail;
}

/** Lowercase header map; repeated headers joined with ',' as SigV4 and HTTP do. */
export function headerMap(rawHeaders: readonly string[]): Record<string, string> {
  // No prototype: a header named `constructor` or `__proto__` is just a header.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
  }
  return headers;
}

export class RequestPipeline {
  private readonly routers = new Map<ServiceKey, RestRouter>();
  /** The region an audit record names when the request's own scope names none Pinion serves. */
  private readonly defaultRegion: string;

  constructor(private readonly deps: PipelineDependencies) {
    this.defaultRegion = [...deps.regions][0]!;
    for (const [key, model] of deps.models) {
      if (model.protocol === 'rest-json') this.routers.set(key, new RestRouter(model.operations.values()));
    }
  }

  private model(key: ServiceKey): ServiceModel {
    return this.deps.models.get(key)!;
  }

  /** Which API a request is for before its signature is read: decides how early errors look. */
  private guessService(headers: Record<string, string>, rawPath: string): ServiceModel {
    const v2 = this.model('sms-voice-v2');
    if (headers['x-amz-target']?.startsWith(`${v2.targetPrefix}.`)) return v2;
    if (rawPath.startsWith('/v1/sms-voice/')) return this.model('sms-voice');
    return this.model('pinpoint');
  }

  /** The API a signed request is for: the scope's service, then X-Amz-Target for sms-voice. */
  private serviceForScope(scopeService: string, headers: Record<string, string>): ServiceModel | undefined {
    if (scopeService === this.model('pinpoint').signingName) return this.model('pinpoint');
    if (scopeService === this.model('sms-voice-v2').signingName) {
      return headers['x-amz-target'] !== undefined ? this.model('sms-voice-v2') : this.model('sms-voice');
    }
    return undefined;
  }

  /** Runs one request through the pipeline and records it in the audit trail, allowed or not. */
  async handle(request: RawHttpRequest): Promise<PipelineResult> {
    const started = this.deps.services.now();
    const requestId = randomUUID();
    const headers = headerMap(request.rawHeaders);
    const trace: RequestTrace = { service: 'mobiletargeting', region: this.defaultRegion, operation: undefined, sensitive: undefined };
    const result = await this.process(request, headers, requestId, trace);
    this.deps.audit?.record({
      time: started,
      service: trace.service,
      operation: trace.operation,
      region: trace.region,
      sourceIp: sourceIpOf(request.remoteAddress),
      userAgent: headers['user-agent'],
      requestId,
      caller: trace.caller,
      accessKeyId: trace.accessKeyId,
      input: trace.input,
      ...(trace.sensitive ? { sensitiveMembers: trace.sensitive } : {}),
      errorCode: trace.error === undefined ? undefined : (trace.errorCode ?? (trace.error instanceof ApiError ? trace.error.code : 'InternalFailure')),
      errorMessage: trace.error === undefined ? undefined : trace.error instanceof ApiError ? trace.error.message : 'The request processing has failed because of an unknown error.',
    });
    return result;
  }

  /**
   * Records a request the HTTP layer refused before the pipeline saw it (body too large, broken
   * framing, an undecodable path): it is still an API call and belongs in the audit trail.
   */
  auditRefused(raw: { readonly socket: { readonly remoteAddress?: string | undefined }; readonly headers: Record<string, string | string[] | undefined> }, requestId: string, error: ApiError): void {
    const userAgent = raw.headers['user-agent'];
    this.deps.audit?.record({
      time: this.deps.services.now(),
      service: 'mobiletargeting',
      operation: undefined,
      region: this.defaultRegion,
      sourceIp: sourceIpOf(raw.socket.remoteAddress),
      userAgent: typeof userAgent === 'string' ? userAgent : undefined,
      requestId,
      caller: undefined,
      accessKeyId: undefined,
      input: undefined,
      errorCode: error.code,
      errorMessage: error.message,
    });
  }

  private async process(request: RawHttpRequest, headers: Record<string, string>, requestId: string, trace: RequestTrace): Promise<PipelineResult> {
    const { rawPath, rawQuery } = splitTarget(request.url);
    let service = this.guessService(headers, rawPath);
    let operation: OperationModel | undefined;
    const signed = { method: request.method, rawPath, rawQuery, rawHeaders: request.rawHeaders, body: request.body };
    const queryGuess = guessQueryService(headers, request.body);
    let scopeKnown = false;
    try {
      const parsed = parseSigV4(signed);
      trace.accessKeyId = parsed.accessKeyId;
      if (this.deps.regions.has(parsed.region)) trace.region = parsed.region;
      if (isQueryService(parsed.service)) {
        trace.service = parsed.service;
        return await handleQueryRequest(this.deps, { request, signed, parsed, headers, requestId, trace, facts: (region) => this.facts(request, headers, region) });
      }
      const scoped = this.serviceForScope(parsed.service, headers);
      if (!scoped) {
        throw authErrors.invalidSignature(`Credential should be scoped to correct service: '${service.signingName}'. `);
      }
      service = scoped;
      scopeKnown = true;
      trace.service = service.key === 'pinpoint' ? 'mobiletargeting' : 'sms-voice';
      const verified = await this.deps.verifier.verify(
        signed,
        parsed,
        { service: service.signingName, regions: this.deps.regions },
      );
      const principal = verified.credential.principal as Principal;
      trace.caller = principal;

      let input: Record<string, unknown>;
      if (service.protocol === 'json') {
        operation = this.routeAwsJson(service, request.method, rawPath, headers);
        trace.operation = operation.name;
        const read = readAwsJsonRequest(operation, request.body);
        if (!read.ok) throw read.error;
        input = read.input;
        trace.input = input;
        trace.sensitive = sensitiveMemberNames(operation, service.shapes);
        const facts = this.facts(request, headers, verified.region);
        await this.authorize(service, operation, input, principal, facts);
        this.deps.credentials.noteUse(verified.accessKeyId, verified.region, service.signingName);
        const handler = this.handlerFor(service, operation);
        const output = await handler(input, operationContext(this.deps.services, verified.region, requestId, principal, facts));
        if (!isReadOnlyOperation(operation.name)) this.deps.services.resourcesChanged?.();
        return { ...writeAwsJsonResponse(operation, output as Record<string, unknown>), requestId, operation: operation.name };
      }

      let query;
      try {
        query = parseQueryString(rawQuery);
      } catch (error) {
        if (error instanceof MalformedQueryError) throw unparseableInput(service, error.message, error);
        throw error;
      }
      const match = this.routers.get(service.key)!.match(request.method, rawPath, query);
      if (match.kind === 'not-found') {
        throw new ApiError('NotFoundException', 404, `No ${service.serviceId} operation has the path ${rawPath.slice(0, 256)}`);
      }
      if (match.kind === 'method-not-allowed') {
        throw new ApiError('MethodNotAllowedException', 405, `Method ${request.method} is not allowed on ${rawPath.slice(0, 256)}; allowed: ${match.allowed.join(', ')}`, {
          headers: { allow: match.allowed.join(', ') },
        });
      }
      if (match.kind === 'bad-encoding') throw unparseableInput(service, `Path segment '${match.segment.slice(0, 64)}' is not valid percent-encoding`);
      operation = match.operation;
      trace.operation = operation.name;
      // Input is validated for every operation of the models, implemented or not, so a client
      // learns about bad input before it learns that the operation is not implemented.
      const read = readRestJsonRequest(operation, { labels: match.labels, query, headers, body: request.body });
      if (!read.ok) throw read.error;
      trace.input = read.input;
      trace.sensitive = sensitiveMemberNames(operation, service.shapes);
      const facts = this.facts(request, headers, verified.region);
      await this.authorize(service, operation, read.input, principal, facts);
      this.deps.credentials.noteUse(verified.accessKeyId, verified.region, service.signingName);
      const handler = this.handlerFor(service, operation);
      const output = await handler(read.input, operationContext(this.deps.services, verified.region, requestId, principal, facts));
      // Tags may have changed (TagResource, CreateApp with tags…): authorization must not use old ones.
      if (!isReadOnlyOperation(operation.name)) this.deps.services.resourcesChanged?.();
      return { ...writeRestJsonResponse(operation, output as Record<string, unknown>), requestId, operation: operation.name };
    } catch (error) {
      trace.error = error;
      // A request refused before its signature named an API, that looks like IAM/STS, is answered in XML.
      if (!scopeKnown && queryGuess) return renderQueryFailure(this.deps, queryGuess, error, requestId);
      return { ...this.renderFailure(service, error, requestId, operation), requestId, operation: operation?.name };
    }
  }

  private facts(request: RawHttpRequest, headers: Record<string, string>, region: string): RequestFactsWithoutPrincipal {
    return {
      now: this.deps.services.now(),
      sourceIp: sourceIpOf(request.remoteAddress),
      secureTransport: request.secure ?? false,
      requestedRegion: region,
      ...(headers['user-agent'] === undefined ? {} : { userAgent: headers['user-agent'] }),
    };
  }

  /**
   * The operation's IAM action on every resource it touches (from the seeds' table), with the
   * request's condition keys. Root skips evaluation. An operation missing from the table is
   * refused to everyone else rather than allowed (the table test keeps that from happening).
   */
  private async authorize(
    service: ServiceModel,
    operation: OperationModel,
    input: Record<string, unknown>,
    principal: Principal,
    facts: RequestFactsWithoutPrincipal,
  ): Promise<void> {
    if (principal.kind === 'root') return;
    const tenant: Tenant = { accountId: this.deps.services.accountId, region: facts.requestedRegion };
    const entry = authorizationFor(service.key, operation.name);
    if (!entry) {
      throw new ApiError('AccessDeniedException', 403, `User: ${principal.arn} is not authorized to perform: ${service.signingName}:${operation.name} on resource: *`, { frontDoor: true });
    }
    const resources = resolveResources(entry, input, { partition: 'aws', region: facts.requestedRegion, accountId: tenant.accountId });
    const tags = requestTags(entry, input);
    const tagKeys = entry.requestTagKeysPath === undefined ? undefined : requestTagKeys(entry, input);
    await this.deps.authorizer.authorize(principal, {
      action: entry.action,
      ...(entry.aliases ? { actionAliases: entry.aliases } : {}),
      resources,
      tenant,
      facts: { ...facts, ...(tags ? { requestTags: tags } : {}), ...(tagKeys ? { requestTagKeys: tagKeys } : {}) },
    });
  }

  private routeAwsJson(service: ServiceModel, method: string, rawPath: string, headers: Record<string, string>): OperationModel {
    if (rawPath !== '/') throw serviceError(service, 'ValidationException', `${service.serviceId} requests are sent to /, not ${rawPath.slice(0, 256)}`, { extra: { Reason: 'UNKNOWN_OPERATION' } });
    if (method !== 'POST') {
      throw new ApiError('MethodNotAllowedException', 405, `${service.serviceId} accepts POST only, not ${method}`, { headers: { allow: 'POST' } });
    }
    const target = headers['x-amz-target'] ?? '';
    const prefix = `${service.targetPrefix}.`;
    const operation = target.startsWith(prefix) ? service.operations.get(target.slice(prefix.length)) : undefined;
    if (!operation) throw new ApiError('UnknownOperationException', 400, `Operation '${target.slice(0, 128)}' is not an operation of ${service.serviceId}`);
    return operation;
  }

  private handlerFor(service: ServiceModel, operation: OperationModel) {
    const handler = this.deps.handlers[service.key][operation.name];
    if (!handler) throw notImplemented(service, operation.name);
    return handler;
  }

  private renderFailure(service: ServiceModel, error: unknown, requestId: string, operation: OperationModel | undefined): WireResponse {
    if (error instanceof ApiError) return writeError(service, error, requestId);
    this.deps.services.logger.error({ err: error, requestId, operation: operation?.name }, 'request failed unexpectedly');
    return writeError(service, internalError(service, error), requestId);
  }
}
