import { validator } from 'hono/validator';
import { idSchema } from '../../shared/schemas/common.ts';
import { errorResponse } from '../middleware/error-response.ts';

/**
 * Route middleware for `:id`: an id that is not a (lowercase) UUIDv7 cannot name any record, so it is answered
 * 404 `not_found` like an unknown or another team's id, not 400: the three must look alike from outside. The
 * handler reads `c.req.valid('param').id`.
 */
export const idParam = (what: string) =>
  validator('param', (value: Record<string, string>, c): { readonly id: string } | Response => {
    const parsed = idSchema.safeParse(value.id);
    return parsed.success ? { id: parsed.data } : errorResponse(c, 404, 'not_found', `${what} not found`);
  });
