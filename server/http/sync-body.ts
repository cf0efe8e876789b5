import { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { SUPPORTED_PROTOCOL_VERSIONS } from '../../shared/protocol/version.ts';
import { errorResponse } from '../middleware/error-response.ts';
import type { RequestIdVariables } from '../middleware/request-id.ts';

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
 * UTF-8 as the Fetch API decodes a body (a leading BOM dropped, bad bytes replaced by U+FFFD): the same text
 * either way. Buffer#toString replaces bad bytes as TextDecoder does but skips its per-call option handling,
 * which showed in the push profile; only the BOM needs dropping by hand.
 */
const decodeUtf8 = (bytes: Buffer): string => {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

/**
 * The node:http request under @hono/node-server (its `incoming` binding) when its body can be read from it
 * directly: not read yet, and framed by a Content-Length that the body-limit middleware has already checked
 * (a chunked body goes the Fetch way, through the limit's counting stream). Undefined elsewhere (app.request()).
 */
function unreadNodeBody(c: Context): IncomingMessage | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const { incoming } = env;
  return incoming instanceof IncomingMessage &&
    incoming.headers['content-length'] !== undefined &&
    !incoming.readableDidRead
    ? incoming
    : undefined;
}

/** The whole body as text; node:http ends the stream after exactly Content-Length bytes, or fails it. */
const readText = (incoming: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A small push arrives in one chunk: no copy then.
    incoming.once('end', () =>
      resolve(decodeUtf8(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks))),
    );
    incoming.once('error', reject);
    incoming.once('close', () => reject(new Error('the request ended before its body')));
  });

/**
 * The body parsed as JSON, once. On Node it is read straight from the socket's stream: going through the Fetch
 * Request that @hono/node-server builds on demand (a web stream over the node stream) cost more than everything
 * else a small push does (bench/push-requests.ts). Elsewhere, and for chunked bodies, it is hono's c.req.json().
 * Either way the parsed value is what c.req.json() returns afterwards.
 */
async function readJson(c: Context): Promise<unknown> {
  const incoming = unreadNodeBody(c);
  try {
    if (incoming === undefined) return await c.req.json();
    const value: unknown = JSON.parse(await readText(incoming));
    c.req.bodyCache.json = Promise.resolve(value);
    return value;
  } catch {
    // hono's json validator says the same: a body that cannot be read or parsed is the client's fault.
    throw new HTTPException(400, { message: 'Malformed JSON in request body' });
  }
}

/**
 * Like jsonBody (415 for a non-JSON body, 400 bad_request for malformed JSON, 400 validation_failed for a schema
 * mismatch), but the protocol version is looked at first: a newer or older client's body may not match this
 * server's schema at all, and "update the extension" helps its sampler where a list of field errors would not.
 * An integer `protocolVersion` this server does not speak is answered 400 `unsupported_protocol`, before the
 * rest of the body is judged. The body is parsed once (readJson) and validated once; the handler reads the
 * result with `c.req.valid('json')`, as after hono's validator.
 */
export const syncBody =
  <S extends z.ZodType>(
    schema: S,
  ): MiddlewareHandler<
    { Variables: RequestIdVariables },
    string,
    { in: { json: z.input<S> }; out: { json: z.output<S> } }
  > =>
  async (c, next) => {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new HTTPException(415, { message: 'request body must be application/json' });
    }
    const value = await readJson(c);
    if (hasProtocolVersion(value)) {
      const sent = value.protocolVersion;
      if (typeof sent === 'number' && Number.isSafeInteger(sent) && !SUPPORTED_PROTOCOL_VERSIONS.includes(sent)) {
        return errorResponse(c, 400, 'unsupported_protocol', unsupportedProtocolMessage(sent));
      }
    }
    const parsed = schema.parse(value);
    // Sync bodies are objects: a schema that lets null through would be a wiring bug.
    if (parsed === null || parsed === undefined) throw new Error('syncBody: the schema produced no body');
    c.req.addValidatedData('json', parsed);
    await next();
  };
