import { z } from 'zod';
import { idSchema } from '../schemas/common.ts';
import { journeySchema } from '../schemas/journey.ts';
import { journeyTargetsSchema } from '../schemas/journey-targets.ts';
import { serviceSchema } from '../schemas/service.ts';
import { walkthroughSchema } from '../schemas/walkthrough.ts';

export const MAX_PULL_LIMIT = 500;

/** The cursor is opaque to the client: it hands back exactly what the server gave it last time. */
export const pullCursorSchema = z.string().min(1).max(500);

const pullPosition = {
  cursor: pullCursorSchema.nullable(),
  limit: z.int().min(1).max(MAX_PULL_LIMIT).optional(),
};

/**
 * Protocol 1: the pull names no device, so it returns every walkthrough of the caller's, those the pulling device
 * pushed itself too (it keeps its own copy: only a higher rev replaces it).
 * @deprecated Answered for extensions that have not updated yet; new clients send pullRequestV2Schema.
 */
export const pullRequestV1Schema = z.strictObject({ protocolVersion: z.literal(1), ...pullPosition });

/**
 * Protocol 2: `clientId` names the pulling device, the same id its pushes carry (pushRequestSchema). The
 * walkthroughs whose current rev that device pushed are left out: it has them already. The cursor still moves past
 * them, so a page may hold fewer records than `limit`, or none, and still say `hasMore`.
 */
export const pullRequestV2Schema = z.strictObject({
  protocolVersion: z.literal(2),
  clientId: idSchema,
  ...pullPosition,
});

/**
 * Protocol 3: the request of 2; the answer's duration targets carry `duration.clock` (version 2 and older get them
 * without it: their strict targets schema refuses the key).
 */
export const pullRequestV3Schema = pullRequestV2Schema.extend({ protocolVersion: z.literal(3) });
/** What this version of the client sends. */
export type PullRequestV3 = z.infer<typeof pullRequestV3Schema>;

/**
 * Which shape applies is decided by `protocolVersion` alone: each version stays strict on its own (a v1 body
 * carrying `clientId` is refused, as it always was, and a v2 body without one is refused too). A version neither
 * shape knows never gets here: the server answers `unsupported_protocol` first (server/http/sync-body.ts).
 */
export const pullRequestSchema = z.discriminatedUnion('protocolVersion', [
  pullRequestV1Schema,
  pullRequestV2Schema,
  pullRequestV3Schema,
]);
export type PullRequest = z.infer<typeof pullRequestSchema>;

/**
 * Catalog changes plus the caller's own walkthroughs, since `cursor`: in protocol 2, those stored by other devices
 * (or before the server recorded which device pushed them); in protocol 1, all of them. `protocolVersion` is the
 * request's: the server answers in the version it was asked in.
 */
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
