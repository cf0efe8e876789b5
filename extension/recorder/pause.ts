import { ok } from '../../shared/domain/result.ts';
import { MAX_PAUSES, PAUSE_REASONS, shortTextSchema } from '../../shared/schemas/index.ts';
import type { ClockReading } from '../db/clock-reading.ts';
import type { OpenPause, PauseReason, Recording } from '../db/recording.ts';
import { nowMs, tick } from './tick.ts';
import { refuse, refuseIfFinished, type Transition } from './transition-error.ts';

/**
 * Starts a wait the sampler cannot control (an e-mail, an approval, a call…). The clock keeps running: the
 * pause is taken out of active time when the walkthrough is scored, not out of elapsed time.
 */
export const pause = (
  recording: Recording,
  reading: ClockReading,
  reason: PauseReason,
  detail?: string,
): Transition => {
  const finished = refuseIfFinished(recording, 'pause');
  if (finished) return finished;
  if (recording.status === 'paused') return refuse('not-running', 'the walkthrough is already paused');
  if (!(PAUSE_REASONS as readonly string[]).includes(reason)) {
    return refuse('invalid', `a pause reason is one of ${PAUSE_REASONS.join(', ')}`);
  }
  if (recording.pauses.length >= MAX_PAUSES)
    return refuse('invalid', `a walkthrough holds at most ${MAX_PAUSES} pauses`);
  const parsedDetail = detail === undefined ? undefined : shortTextSchema.safeParse(detail);
  if (parsedDetail !== undefined && !parsedDetail.success) {
    return refuse('invalid', `pause detail: ${parsedDetail.error.issues[0]?.message ?? 'invalid'}`);
  }
  const ticked = tick(recording, reading);
  const openPause: OpenPause = {
    startMs: nowMs(ticked),
    reason,
    ...(parsedDetail?.data ? { detail: parsedDetail.data } : {}),
  };
  return ok({ ...ticked, status: 'paused', openPause });
};
