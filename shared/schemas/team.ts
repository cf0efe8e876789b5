import { z } from 'zod';
import { idSchema, isoDateTimeSchema, nameSchema } from './common.ts';

export const teamSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  createdAt: isoDateTimeSchema,
});
export type Team = z.infer<typeof teamSchema>;
