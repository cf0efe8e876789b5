import type { z } from 'zod';
import { idSchema, pageVisitSchema } from '../../shared/schemas/index.ts';

/**
 * One page visit of the recording in progress, as stored in the Dexie table `recordingPages` (keyed by
 * `[recordingId+id]`, listed by `[recordingId+atMs]`). Kept out of the recording row so that an action costs
 * the same after 2,000 visits as after none; `complete()` gathers them into the walkthrough's `pages`. Read and
 * written by recorder/recording-pages.ts.
 */
export const recordingPageSchema = pageVisitSchema.extend({ recordingId: idSchema });
export type RecordingPage = z.infer<typeof recordingPageSchema>;
