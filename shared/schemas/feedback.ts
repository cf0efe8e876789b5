import { z } from 'zod';
import { idSchema, isoDateTimeSchema, longTextSchema } from './common.ts';

/**
 * The page a customer rated. Query string and fragment are stripped before sending because they often carry
 * personal data (tokens, e-mail addresses); the server refuses a URL that still has them.
 */
export const feedbackPageUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((u) => !u.includes('?') && !u.includes('#'), {
    message: 'page URL must not carry a query string or fragment',
  });

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
    pageUrl: feedbackPageUrlSchema,
    createdAt: isoDateTimeSchema,
  })
  // A step only means something within its journey.
  .refine((f) => f.stepId === undefined || f.journeyId !== undefined, {
    message: 'stepId needs journeyId',
    path: ['journeyId'],
  });
export type Feedback = z.infer<typeof feedbackSchema>;
