import { z } from 'zod';
import { idSchema, isoDateTimeSchema, nameSchema, revSchema, shortTextSchema } from './common.ts';
import { urlPatternSchema } from './url-pattern.ts';

export const MAX_STEPS = 100;

export const journeyStepSchema = z.strictObject({
  id: idSchema,
  name: nameSchema,
  /** Reaching a URL that matches any of these marks the step automatically. */
  urlPatterns: z.array(urlPatternSchema).max(20),
});
export type JourneyStep = z.infer<typeof journeyStepSchema>;

/** A named path through a service ("reset my password via the portal") with its steps in order. */
export const journeySchema = z
  .strictObject({
    id: idSchema,
    teamId: idSchema,
    serviceId: idSchema,
    rev: revSchema,
    name: nameSchema,
    description: shortTextSchema,
    steps: z.array(journeyStepSchema).min(1).max(MAX_STEPS),
    archived: z.boolean(),
    updatedAt: isoDateTimeSchema,
  })
  .refine((j) => new Set(j.steps.map((s) => s.id)).size === j.steps.length, {
    message: 'step ids must be unique within a journey',
    path: ['steps'],
  });
export type Journey = z.infer<typeof journeySchema>;
