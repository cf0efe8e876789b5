import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, ErrorEnvelope } from '../../shared/protocol/error.ts';
import type { RequestIdVariables } from './request-id.ts';

export type ErrorIssue = NonNullable<ErrorEnvelope['issues']>[number];

/** Limits from errorEnvelopeSchema: an envelope must always parse, however long the underlying message is. */
const MAX_MESSAGE = 2000;
const MAX_ISSUES = 100;
const MAX_ISSUE_TEXT = 500;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The one way the server answers with an error: `{ code, message, requestId, issues? }` (shared/protocol/error.ts).
 * Every error path (routes, middleware, onError, notFound) goes through here.
 */
export function errorResponse<E extends { Variables: RequestIdVariables }>(
  c: Context<E>,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  issues?: readonly ErrorIssue[],
): Response {
  const envelope: ErrorEnvelope = {
    code,
    message: clip(message, MAX_MESSAGE),
    // requestId() runs first, so it is set; the fallback only keeps the envelope valid if that order changes.
    requestId: c.get('requestId') ?? 'unknown',
    ...(issues === undefined
      ? {}
      : {
          issues: issues
            .slice(0, MAX_ISSUES)
            .map((i) => ({ path: clip(i.path, MAX_ISSUE_TEXT), message: clip(i.message, MAX_ISSUE_TEXT) })),
        }),
  };
  return c.json(envelope, status);
}
