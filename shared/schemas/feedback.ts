import { z } from 'zod';
import { idSchema, isoDateTimeSchema, longTextSchema } from './common.ts';
import { pageUrlSchema } from './page-url.ts';

/** One customer's one-tap rating from the widget. */
export const feedbackSchema = z
  .strictObject({
    id: idSchema,
    serviceId: idSchema,
    journeyId: idSchema.optional(),
    stepId: idSchema.optional(),
    /** 1–5; CSAT counts 4 and 5. */
    rating: z.int().min(1).max(5),
    comment: longTextSchema.max(2000).optional(),
    /** The page rated, without query string or fragment. */
    pageUrl: pageUrlSchema,
    createdAt: isoDateTimeSchema,
  })
  // A step only means something within its journey.
  .refine((f) => f.stepId === undefined || f.journeyId !== undefined, {
    message: 'stepId needs journeyId',
    path: ['journeyId'],
  });
export type Feedback = z.infer<typeof feedbackSchema>;
