import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { ErrorCode } from '../../shared/protocol/error.ts';
import { createJsonLogger, type Logger } from '../logger.ts';
import { type ErrorIssue, errorResponse } from './error-response.ts';
import type { RequestIdVariables } from './request-id.ts';

type Env = { Variables: RequestIdVariables };

const CODE_BY_STATUS: Readonly<Partial<Record<number, ErrorCode>>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

const DEFAULT_MESSAGE: Readonly<Record<ErrorCode, string>> = {
  bad_request: 'bad request',
  validation_failed: 'request validation failed',
  unauthorized: 'authentication required',
  forbidden: 'not allowed',
  not_found: 'not found',
  method_not_allowed: 'method not allowed',
  conflict: 'conflict',
  payload_too_large: 'request body too large',
  unsupported_media_type: 'unsupported media type',
  unsupported_protocol: 'unsupported protocol version',
  rate_limited: 'too many requests',
  internal: 'internal server error',
  unavailable: 'service unavailable',
};

const codeForStatus = (status: number): ErrorCode =>
  CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'bad_request');

export const zodIssues = (error: z.ZodError): ErrorIssue[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));

/** Headers a thrown HTTPException's own response carried (e.g. WWW-Authenticate), minus the body's. */
function copyExceptionHeaders(error: HTTPException, response: Response): Response {
  if (error.res === undefined) return response;
  for (const [name, value] of error.res.headers) {
    if (name !== 'content-type' && name !== 'content-length') response.headers.set(name, value);
  }
  return response;
}

export type HandleErrorsOptions = { readonly logger?: Logger };

/**
 * The app's single `onError`: turns anything thrown into the error envelope. HTTPExceptions keep their status;
 * a ZodError (request input failed a schema) is `validation_failed` with field issues; anything else is a bug:
 * a 500 `internal` with a generic message. Only 5xx are logged, with the stack, under the request id the client
 * sees; 4xx are the caller's business and never logged with a stack. No stack ever reaches a response.
 *
 * @example
 * ```ts
 * app.onError(handleErrors({ logger }));
 * ```
 */
export function handleErrors<E extends Env = Env>({
  logger = createJsonLogger(),
}: HandleErrorsOptions = {}): ErrorHandler<E> {
  return function errorHandler(error, c) {
    const logFailure = (status: number) =>
      logger.error('request failed', {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status,
        error: error.message,
        stack: error.stack,
      });

    if (error instanceof HTTPException) {
      const status: ContentfulStatusCode = error.status;
      const code = codeForStatus(status);
      if (status >= 500) logFailure(status);
      return copyExceptionHeaders(error, errorResponse(c, status, code, error.message || DEFAULT_MESSAGE[code]));
    }
    if (error instanceof z.ZodError) {
      return errorResponse(c, 400, 'validation_failed', DEFAULT_MESSAGE.validation_failed, zodIssues(error));
    }
    logFailure(500);
    return errorResponse(c, 500, 'internal', DEFAULT_MESSAGE.internal);
  };
}

/**
 * The app's `notFound`: no route matched this method and path.
 *
 * @example
 * ```ts
 * app.notFound(handleNotFound());
 * ```
 */
export function handleNotFound<E extends Env = Env>(): NotFoundHandler<E> {
  return function notFoundHandler(c) {
    return errorResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`);
  };
}
