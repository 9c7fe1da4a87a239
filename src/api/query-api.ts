import type { ParsedSigV4 } from '../auth/parse-authorization.ts';
import type { SignedRequest } from '../auth/signed-request.ts';
import { parseQuery } from '../auth/signed-request.ts';
import type { Principal } from '../iam/principal.ts';
import { iamResources } from '../operations/iam/iam-authorization.ts';
import { ApiError } from '../protocol/api-error.ts';
import { parseFormBody } from '../protocol/query/form-params.ts';
import { queryErrorCode } from '../protocol/query/query-errors.ts';
import { readQueryRequest } from '../protocol/query/read-query-request.ts';
import { writeQueryError } from '../protocol/query/write-query-error.ts';
import { writeQueryResponse } from '../protocol/query/write-query-response.ts';
import { internalError } from '../protocol/service-errors.ts';
import type { QueryOperationModel, QueryServiceKey } from '../spec/service-model.ts';
import { operationContext } from './operation-context-factory.ts';
import type { RequestFactsWithoutPrincipal } from './operation-context-factory.ts';
import type { PipelineDependencies, PipelineResult, RawHttpRequest, RequestTrace } from './request-pipeline.ts';
import { sensitiveMemberNames } from '../protocol/sensitive-members.ts';

/**
 * IAM and STS over the query protocol (form-encoded `Action=…&Version=…`, XML answers): the same
 * steps as the Pinpoint APIs — SigV4, read and validate against the model, authorize, handler,
 * serialize — with IAM's error shapes. IAM and STS are global services: besides the regions
 * Pinion serves, requests signed for us-east-1 (where the SDKs sign IAM) are accepted.
 */

const queryServices = new Set<string>(['iam', 'sts']);

export function isQueryService(scopeService: string): scopeService is QueryServiceKey {
  return queryServices.has(scopeService);
}

/** For answering unsigned or malformed requests in the right format before the scope is known. */
export function guessQueryService(headers: Record<string, string>, body: Buffer): QueryServiceKey | undefined {
  if (!headers['content-type']?.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  const text = body.subarray(0, 4096).toString('latin1');
  if (!/(^|&)Action=/.test(text)) return undefined;
  return text.includes('Version=2011-06-15') ? 'sts' : 'iam';
}

export interface QueryRequestContext {
  request: RawHttpRequest;
  signed: SignedRequest;
  parsed: ParsedSigV4;
  headers: Record<string, string>;
  requestId: string;
  trace: RequestTrace;
  facts: (region: string) => RequestFactsWithoutPrincipal;
}

const queryRegionSets = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

/** The served regions plus us-east-1 (where SDKs sign IAM), built once per deployment. */
function queryRegions(served: ReadonlySet<string>): ReadonlySet<string> {
  let regions = queryRegionSets.get(served);
  if (!regions) {
    regions = new Set([...served, 'us-east-1']);
    queryRegionSets.set(served, regions);
  }
  return regions;
}

/** STS calls that need no permission (AssumeRole is authorized inside its handler). */
const unauthorizedStsCalls = new Set(['GetCallerIdentity', 'GetSessionToken', 'AssumeRole']);

export async function handleQueryRequest(deps: PipelineDependencies, ctx: QueryRequestContext): Promise<PipelineResult> {
  const key = ctx.parsed.service as QueryServiceKey;
  const model = deps.queryModels.get(key)!;
  let operation: QueryOperationModel | undefined;
  try {
    const verified = await deps.verifier.verify(ctx.signed, ctx.parsed, { service: key, regions: queryRegions(deps.regions) });
    const principal = verified.credential.principal as Principal;
    ctx.trace.caller = principal;
    ctx.trace.region = verified.region;
    const params = ctx.request.method === 'GET' ? parseQuery(ctx.signed.rawQuery) : parseFormBody(ctx.request.body);
    const read = readQueryRequest(deps.queryModels, key, params);
    if (!read.ok) throw read.error;
    operation = read.operation;
    ctx.trace.operation = operation.name;
    ctx.trace.input = read.input;
    ctx.trace.sensitive = sensitiveMemberNames(operation, model.shapes);
    const facts = ctx.facts(verified.region);
    const tenant = { accountId: deps.services.accountId, region: verified.region };
    // Temporary credentials from GetSessionToken carry no MFA here, and AWS refuses such
    // credentials for IAM (GetSessionToken itself refuses them in its handler): leaked
    // short-lived keys must not mint long-term ones.
    if (principal.kind === 'user' && principal.session && key === 'iam') {
      throw new ApiError('AccessDenied', 403, `Temporary credentials from GetSessionToken cannot call ${key}:${operation.name} (no MFA)`);
    }
    if (key === 'iam') {
      const resources = await iamResources(operation.name, read.input, principal, deps.services.repositories.iam);
      const extra = typeof read.input.PolicyArn === 'string' && /^(Attach|Detach)(User|Group|Role)Policy$/.test(operation.name) ? { 'iam:PolicyARN': read.input.PolicyArn } : undefined;
      await deps.authorizer.authorize(principal, { action: `iam:${operation.name}`, resources, tenant, facts: extra ? { ...facts, extra } : facts });
    } else if (!unauthorizedStsCalls.has(operation.name)) {
      await deps.authorizer.authorize(principal, { action: `sts:${operation.name}`, resources: ['*'], tenant, facts });
    }
    deps.credentials.noteUse(verified.accessKeyId, verified.region, key);
    const handler = deps.queryHandlers[key][operation.name];
    if (!handler) throw new ApiError('NotImplemented', 501, `Pinion does not implement ${model.serviceId} ${operation.name} yet`);
    const output = await handler(read.input, operationContext(deps.services, verified.region, ctx.requestId, principal, facts));
    return { ...writeQueryResponse(operation, output as Record<string, unknown> | undefined, ctx.requestId), requestId: ctx.requestId, operation: operation.name };
  } catch (error) {
    ctx.trace.error = error;
    if (error instanceof ApiError) ctx.trace.errorCode = queryErrorCode(model, error);
    return { ...renderQueryFailure(deps, key, error, ctx.requestId), operation: operation?.name };
  }
}

export function renderQueryFailure(deps: PipelineDependencies, key: QueryServiceKey, error: unknown, requestId: string): PipelineResult {
  const model = deps.queryModels.get(key);
  if (error instanceof ApiError) return { ...writeQueryError(model, error, requestId), requestId, operation: undefined };
  deps.services.logger.error({ err: error, requestId }, 'request failed unexpectedly');
  return { ...writeQueryError(model, internalError(undefined, error), requestId), requestId, operation: undefined };
}
