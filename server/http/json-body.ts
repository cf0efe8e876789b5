import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import type { z } from 'zod';

/** The media types hono's json validator parses; anything else would silently validate `{}` instead. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Route middleware that parses the JSON body with `schema`; the handler reads the result with
 * `c.req.valid('json')` and never touches the raw body. Failures reach the app's error handler as: a non-JSON
 * Content-Type -> 415 unsupported_media_type; malformed JSON -> 400 bad_request (thrown by hono); schema
 * mismatch -> ZodError -> 400 validation_failed with issues.
 *
 * @example
 * ```ts
 * new Hono<AppEnv>().post('/feedback', jsonBody(feedbackSchema), (c) => c.json(c.req.valid('json')));
 * ```
 */
export const jsonBody = <S extends z.ZodType>(schema: S) =>
  validator('json', (value, c): z.output<S> => {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new HTTPException(415, { message: 'request body must be application/json' });
    }
    return schema.parse(value);
  });
