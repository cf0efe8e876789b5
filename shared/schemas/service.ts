import { z } from 'zod';
import { idSchema, isoDateTimeSchema, nameSchema, revSchema, shortTextSchema } from './common.ts';

/** An IT service as the customer sees it ("Self-service portal"). Archived, never deleted: walkthroughs point here. */
export const serviceSchema = z.strictObject({
  id: idSchema,
  teamId: idSchema,
  rev: revSchema,
  name: nameSchema,
  description: shortTextSchema,
  archived: z.boolean(),
  updatedAt: isoDateTimeSchema,
});
export type Service = z.infer<typeof serviceSchema>;
