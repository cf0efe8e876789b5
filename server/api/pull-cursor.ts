import { idSchema } from '../../shared/schemas/common.ts';

/** Where a pull stands: everything of `teamId` up to change sequence `seq` has been handed out. */
export type PullPosition = { readonly teamId: string; readonly seq: number };

const VERSION = 'jsc1';
const DECODED = /^jsc1:([0-9a-f-]{36}):(0|[1-9][0-9]{0,15})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The opaque pull cursor: base64url of `jsc1:<teamId>:<change_seq>`. Opaque so clients hand back exactly what
 * they got and the format can change (the `jsc1` tag says which one this is); the team is in it so a cursor
 * can never be applied to another team's changes (a user moved between teams, a copied extension profile).
 */
export const encodePullCursor = ({ teamId, seq }: PullPosition): string =>
  Buffer.from(`${VERSION}:${teamId}:${seq}`, 'utf8').toString('base64url');

/**
 * The position a cursor names, or null when it is not one this server made: bad base64url, another format, a
 * sequence that is not a safe integer, or a non-canonical spelling of a valid cursor. Strict on purpose: a
 * cursor is only ever echoed back, so anything else is a client bug worth a 400, not a guess.
 */
export function decodePullCursor(cursor: string): PullPosition | null {
  if (!BASE64URL.test(cursor)) return null;
  const match = DECODED.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const teamId = match?.[1];
  const seq = Number(match?.[2]);
  if (teamId === undefined || !idSchema.safeParse(teamId).success || !Number.isSafeInteger(seq)) return null;
  const position = { teamId, seq };
  return encodePullCursor(position) === cursor ? position : null;
}
