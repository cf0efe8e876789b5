import { z } from 'zod';
import { journeySchema } from '../schemas/journey.ts';
import { journeyTargetsSchema } from '../schemas/journey-targets.ts';
import { serviceSchema } from '../schemas/service.ts';
import { walkthroughSchema } from '../schemas/walkthrough.ts';

export const MAX_PULL_LIMIT = 500;

/** The cursor is opaque to the client: it hands back exactly what the server gave it last time. */
export const pullCursorSchema = z.string().min(1).max(500);

export const pullRequestSchema = z.strictObject({
  protocolVersion: z.int().min(1),
  cursor: pullCursorSchema.nullable(),
  limit: z.int().min(1).max(MAX_PULL_LIMIT).optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

/** Catalog changes plus the caller's own walkthroughs recorded on other devices, since `cursor`. */
export const pullResponseSchema = z.strictObject({
  protocolVersion: z.int().min(1),
  cursor: pullCursorSchema,
  /** More changes wait beyond this page: pull again with the new cursor. */
  hasMore: z.boolean(),
  services: z.array(serviceSchema).max(MAX_PULL_LIMIT),
  journeys: z.array(journeySchema).max(MAX_PULL_LIMIT),
  targets: z.array(journeyTargetsSchema).max(MAX_PULL_LIMIT),
  walkthroughs: z.array(walkthroughSchema).max(MAX_PULL_LIMIT),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
