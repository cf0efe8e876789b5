import type { Recorder } from '../recorder/recorder.ts';
import { sendToBackground } from './runtime-messages.ts';

/**
 * After a mark or an undo in the side panel: the background (which may be stopped; the message wakes it)
 * updates the toolbar badge's step number. Only the steps changed: it neither syncs nor touches evidence.
 */
const announceStepsChanged = (): void => {
  void sendToBackground({ type: 'recording-changed', steps: true });
};

/**
 * The side panel's recorder, which tells the background after each mark or undo it stored. The message is sent
 * after the mark has been written and is not awaited: the mark's own speed is untouched.
 */
export const announcingSteps = <R extends Pick<Recorder, 'markNextStep' | 'undoStep'>>(recorder: R): R => ({
  ...recorder,
  markNextStep: async () => {
    const marked = await recorder.markNextStep();
    if (marked.ok) announceStepsChanged();
    return marked;
  },
  undoStep: async () => {
    const undone = await recorder.undoStep();
    if (undone.ok) announceStepsChanged();
    return undone;
  },
});
