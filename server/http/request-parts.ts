import { validator } from 'hono/validator';
import type { z } from 'zod';

/**
 * Route middleware parsing the query string with a strict zod schema; the handler reads `c.req.valid('query')`.
 * An unknown or repeated parameter fails the schema: 400 validation_failed through the app's error handler.
 */
export const queryOf = <S extends z.ZodType>(schema: S) =>
  validator('query', (value): z.output<S> => schema.parse(value));

/** Route middleware parsing path parameters (`:id`) with a zod schema; the handler reads `c.req.valid('param')`. */
export const paramsOf = <S extends z.ZodType>(schema: S) =>
  validator('param', (value): z.output<S> => schema.parse(value));
