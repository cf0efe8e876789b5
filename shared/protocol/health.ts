import { z } from 'zod';

/**
 * What `GET /healthz` answers. Deliberately not strict, and `store` is any name: a newer server may add fields
 * or a store kind, and an older extension must still recognise it as a Journey Sampler server.
 */
export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  store: z.string().min(1).max(100),
  version: z.string().min(1).max(100),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
