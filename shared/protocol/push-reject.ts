import { z } from 'zod';

/**
 * Why the server refused a pushed record. A push result's `reason` is `<code>: <explanation for people>`, so a
 * client can act on the code (and show the rest) while older clients that only display the text keep working.
 * - invalid_record: the record does not match its schema (or is of a type this server does not know);
 * - sampler_mismatch: the walkthrough names another sampler than the token's user;
 * - not_owner: the id is already another sampler's walkthrough;
 * - id_in_use: the id is already another team's record;
 * - unknown_journey: the journey it names is not in the caller's team.
 * None is fixed by sending the record again unchanged: it stays in the outbox as needing attention.
 */
export const PUSH_REJECT_CODES = [
  'invalid_record',
  'sampler_mismatch',
  'not_owner',
  'id_in_use',
  'unknown_journey',
  'unknown_service',
  'team_mismatch',
] as const;
export const pushRejectCodeSchema = z.enum(PUSH_REJECT_CODES);
export type PushRejectCode = z.infer<typeof pushRejectCodeSchema>;

/** The code at the start of a rejection reason, or null when the reason does not start with a known one. */
export function pushRejectCode(reason: string): PushRejectCode | null {
  const parsed = pushRejectCodeSchema.safeParse(reason.split(':', 1)[0]);
  return parsed.success ? parsed.data : null;
}
