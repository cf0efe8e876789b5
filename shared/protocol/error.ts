import { z } from 'zod';

export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unsupported_protocol',
  'rate_limited',
  'internal',
  'unavailable',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Every error the server sends has this shape, whatever failed. `requestId` ties it to the server log. */
export const errorEnvelopeSchema = z.strictObject({
  code: errorCodeSchema,
  message: z.string().max(2000),
  requestId: z.string().max(200),
  /** Field-level problems for `validation_failed`, so a client can point at the bad input. */
  issues: z
    .array(z.strictObject({ path: z.string().max(500), message: z.string().max(500) }))
    .max(100)
    .optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
