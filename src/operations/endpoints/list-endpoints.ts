import type { EndpointResponse } from '@aws-sdk/client-pinpoint';
import { appArn } from '../../domain/arn.ts';
import { decodeListingToken, encodeListingToken, parsePageSize } from '../apps/page-token.ts';
import type { OperationHandler } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { requireApp } from '../apps/app-response.ts';
import { toEndpointResponse } from './endpoint-response.ts';

/** ListEndpoints (spec/pinion-extensions-pinpoint.json): not in the SDK, so its types are ours. */
interface ListEndpointsInput {
  ApplicationId: string;
  UserId?: string;
  ChannelType?: string;
  OptOut?: string;
  EndpointStatus?: string;
  AttributeName?: string;
  AttributeValue?: string;
  PageSize?: string;
  Token?: string;
}

interface ListEndpointsOutput {
  EndpointsPage: { Item: EndpointResponse[]; NextToken?: string };
}

/**
 * Pinion extension: the endpoints of a project in id order, filtered, a page at a time. The token
 * carries the last id returned (a listing token naming the endpoint listing), so a listing
 * resumes where it stopped even while endpoints are added. With an attribute filter a page may be
 * short (even empty) and still carry a NextToken: each call examines a bounded number of endpoints.
 */
export const listEndpoints: OperationHandler<ListEndpointsInput, ListEndpointsOutput> = async (input, context) => {
  const appId = input.ApplicationId;
  const limit = parsePageSize(input.PageSize);
  const after = input.Token === undefined || input.Token === '' ? undefined : decodeListingToken('endpoints', input.Token).id;
  if (input.OptOut !== undefined && !['ALL', 'NONE'].includes(input.OptOut)) throw pinpointErrors.badRequest(`opt-out must be ALL or NONE, got '${input.OptOut}'`);
  if (input.EndpointStatus !== undefined && !['ACTIVE', 'INACTIVE'].includes(input.EndpointStatus)) {
    throw pinpointErrors.badRequest(`endpoint-status must be ACTIVE or INACTIVE, got '${input.EndpointStatus}'`);
  }
  if ((input.AttributeName === undefined) !== (input.AttributeValue === undefined)) {
    throw pinpointErrors.badRequest('attribute-name and attribute-value go together: give both or neither');
  }
  await requireApp(context, appId);
  const { endpoints: rows, scannedThrough } = await context.repositories.endpoints.list(
    context.tenant,
    appId,
    {
      ...(input.UserId !== undefined ? { userId: input.UserId } : {}),
      ...(input.ChannelType !== undefined ? { channelType: input.ChannelType } : {}),
      ...(input.OptOut !== undefined ? { optOut: input.OptOut } : {}),
      ...(input.EndpointStatus !== undefined ? { endpointStatus: input.EndpointStatus } : {}),
      ...(input.AttributeName !== undefined ? { attribute: { name: input.AttributeName, values: [input.AttributeValue!] } } : {}),
    },
    { limit: limit + 1, ...(after !== undefined ? { after } : {}) },
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  // The call is authorized on apps/<id>/endpoints/*; an endpoint GetEndpoint is denied on (an
  // explicit Deny on apps/<id>/endpoints/vip-*, say) is left out of the page, as if filtered.
  const arnPrefix = `${appArn(context.tenant, appId)}/endpoints/`;
  const visible: typeof page = [];
  for (const endpoint of page) {
    if (await context.isAllowed('mobiletargeting:GetEndpoint', arnPrefix + endpoint.Id)) visible.push(endpoint);
  }
  return {
    EndpointsPage: {
      Item: visible.map((endpoint) => toEndpointResponse(appId, endpoint)),
      // More rows than the page, or an attribute scan that stopped at its bound: resume after the last id seen.
      ...(rows.length > limit && last
        ? { NextToken: encodeListingToken('endpoints', { creationDate: '', id: last.Id }) }
        : scannedThrough !== undefined
          ? { NextToken: encodeListingToken('endpoints', { creationDate: '', id: scannedThrough }) }
          : {}),
    },
  };
};
