import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { SUPPORTED_PROTOCOL_VERSIONS } from '../../shared/protocol/version.ts';
import { errorResponse } from '../middleware/error-response.ts';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

const hasProtocolVersion = (value: unknown): value is { readonly protocolVersion: unknown } =>
  typeof value === 'object' && value !== null && 'protocolVersion' in value;

/** What to tell a sampler whose extension speaks another sync protocol: which side needs the update. */
export function unsupportedProtocolMessage(sent: number): string {
  const supported = SUPPORTED_PROTOCOL_VERSIONS.join(', ');
  const newest = Math.max(...SUPPORTED_PROTOCOL_VERSIONS);
  return sent > newest
    ? `this server speaks sync protocol ${supported}, older than your extension's ${sent}: ask your administrator to update the Journey Sampler server`
    : `your Journey Sampler extension speaks sync protocol ${sent}, which this server no longer supports (it speaks ${supported}): update the extension`;
}

/**
 * Like jsonBody (415 for a non-JSON body, 400 bad_request for malformed JSON, 400 validation_failed for a schema
 * mismatch), but the protocol version is looked at first: a newer or older client's body may not match this
 * server's schema at all, and "update the extension" helps its sampler where a list of field errors would not.
 * An integer `protocolVersion` this server does not speak is answered 400 `unsupported_protocol`, before the
 * rest of the body is judged.
 */
export const syncBody = <S extends z.ZodType>(schema: S) =>
  validator('json', (value, c): z.output<S> | Response => {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new HTTPException(415, { message: 'request body must be application/json' });
    }
    if (hasProtocolVersion(value)) {
      const sent = value.protocolVersion;
      if (typeof sent === 'number' && Number.isSafeInteger(sent) && !SUPPORTED_PROTOCOL_VERSIONS.includes(sent)) {
        return errorResponse(c, 400, 'unsupported_protocol', unsupportedProtocolMessage(sent));
      }
    }
    return schema.parse(value);
  });
