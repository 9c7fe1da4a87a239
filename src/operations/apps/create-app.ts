import type { CreateAppCommandInput, CreateAppCommandOutput } from '@aws-sdk/client-pinpoint';
import { appArn } from '../../domain/arn.ts';
import { tagProblems } from '../../domain/tags.ts';
import type { OperationHandler, Output } from '../operation-context.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';
import { toApplicationResponse } from './app-response.ts';

const maxNameLength = 64;

export const createApp: OperationHandler<CreateAppCommandInput, Output<CreateAppCommandOutput>> = async (input, context) => {
  const request = input.CreateApplicationRequest!;
  const name = request.Name!;
  if (name.trim() === '') throw pinpointErrors.badRequest('Name must not be empty');
  // Neither database stores these faithfully (PostgreSQL refuses NUL; lone surrogates are not text).
  if (name.includes('\u0000') || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) throw pinpointErrors.badRequest('Name must not contain NUL characters or unpaired surrogates');
  if ([...name].length > maxNameLength) throw pinpointErrors.badRequest(`Name must be at most ${maxNameLength} characters`);
  const tags = request.tags ?? {};
  const problems = tagProblems(tags);
  if (problems.length > 0) throw pinpointErrors.badRequest(problems.join('; '));

  const id = context.newId();
  const app = { id, name, arn: appArn(context.tenant, id), creationDate: context.now().toISOString() };
  await context.repositories.apps.create(context.tenant, app, tags);
  return { ApplicationResponse: toApplicationResponse(app, tags) };
};
