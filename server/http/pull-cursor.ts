import { z } from 'zod';
import { idSchema } from '../../shared/schemas/common.ts';
import { opaqueCursor } from './opaque-cursor.ts';

/** Where a pull stands: everything of `teamId` up to change sequence `seq` has been handed out. */
export type PullPosition = { readonly teamId: string; readonly seq: number };

/**
 * The opaque pull cursor: base64url of `jsc1:<teamId>:<change_seq>`. The team is in it so a cursor can never be
 * applied to another team's changes (a user moved between teams, a copied extension profile). A sequence with
 * a leading zero or beyond a safe integer is refused.
 */
const pullCursor = opaqueCursor<PullPosition>({
  tag: 'jsc1',
  write: ({ teamId, seq }) => `${teamId}:${seq}`,
  pattern: /^([0-9a-f-]{36}):(0|[1-9][0-9]{0,15})$/,
  read: ([teamId, seq]) => ({ teamId, seq: Number(seq) }),
  schema: z.strictObject({ teamId: idSchema, seq: z.int().min(0) }),
});

export const encodePullCursor = pullCursor.encode;
export const decodePullCursor = pullCursor.decode;
