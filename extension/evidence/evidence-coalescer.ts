import type { Result } from '../../shared/domain/result.ts';
import {
  type EvidenceApplied,
  type EvidenceItem,
  MAX_EVIDENCE_BATCH,
  type RecorderError,
} from '../recorder/recorder.ts';

type Applied = Result<EvidenceApplied, RecorderError>;

/** Applies evidence messages in one transaction (recorder.applyEvidenceAll), one result per message. */
export type ApplyAll = (items: readonly EvidenceItem[]) => Promise<Applied[]>;

/**
 * The background's evidence, one recording row: a message is applied at once when no evidence transaction is
 * running; messages that arrive while one runs wait for it and are then applied together, in arrival order, in
 * ONE transaction (at most MAX_EVIDENCE_BATCH). A page load sends 3-4 messages (its visit, its timings, its
 * vitals as it is left), each of which rewrote the recording row in a transaction of its own, and a step mark
 * had to wait behind each (docs/decisions.md, "Recorder speed: one page load's evidence in one transaction").
 *
 * No timer: nothing waits longer than the transaction in flight, and each message is answered only once the
 * transaction that applied it has committed, as before. What waits here lives only in the worker's memory,
 * unanswered: a stopped worker loses it as it lost a message queued in the serial queue, and the content script
 * resends every message it has no answer for (evidence-outbox.ts).
 */
export const createEvidenceCoalescer = (applyAll: ApplyAll) => {
  type Waiting = { item: EvidenceItem; resolve: (applied: Applied) => void; reject: (error: unknown) => void };
  let waiting: Waiting[] = [];
  let running = false;

  const drain = async (): Promise<void> => {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_EVIDENCE_BATCH);
      waiting = waiting.slice(batch.length);
      try {
        const results = await applyAll(batch.map((w) => w.item));
        batch.forEach((w, i) => {
          const result = results[i];
          if (result === undefined) w.reject(new Error('applyAll gave fewer results than messages'));
          else w.resolve(result);
        });
      } catch (error) {
        // Nothing of the batch is stored (its transaction aborted): none of its messages is acknowledged.
        for (const w of batch) w.reject(error);
      }
    }
    running = false;
  };

  return (item: EvidenceItem): Promise<Applied> =>
    new Promise<Applied>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void drain();
    });
};
