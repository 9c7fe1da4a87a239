import { isTemplateType } from '../../domain/templates/template-content.ts';
import type { TemplateType } from '../../domain/templates/template-content.ts';
import type { TemplateCursor } from '../../storage/templates-repository.ts';
import { pinpointErrors } from '../pinpoint-errors.ts';

/**
 * Opaque NextToken values of the template listings: the keyset cursor, base64url JSON, tagged
 * with the listing's name (and, for versions, the template's) so a token from another listing
 * or another template is refused with 400 instead of answering a page from the wrong place.
 */

function encode(value: unknown[]): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function refused(token: string): never {
  throw pinpointErrors.badRequest(`The token '${token.slice(0, 64)}' is not a token this listing returned`);
}

export function encodeTemplatesToken(cursor: TemplateCursor): string {
  return encode(['templates', cursor.creationDate, cursor.name, cursor.type]);
}

export function decodeTemplatesToken(token: string): TemplateCursor {
  const value = decode(token);
  if (Array.isArray(value) && value.length === 4 && value[0] === 'templates' && typeof value[1] === 'string' && typeof value[2] === 'string' && typeof value[3] === 'string' && isTemplateType(value[3])) {
    return { creationDate: value[1], name: value[2], type: value[3] };
  }
  return refused(token);
}

export function encodeVersionsToken(name: string, type: TemplateType, version: number): string {
  return encode(['template-versions', name, type, version]);
}

/** The version a ListTemplateVersions token continues below; refused unless it is this template's. */
export function decodeVersionsToken(token: string, name: string, type: TemplateType): number {
  const value = decode(token);
  if (Array.isArray(value) && value.length === 4 && value[0] === 'template-versions' && value[1] === name && value[2] === type && Number.isSafeInteger(value[3]) && (value[3] as number) >= 1) {
    return value[3] as number;
  }
  return refused(token);
}
