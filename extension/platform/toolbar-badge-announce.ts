import { sendToBackground } from './runtime-messages.ts';

/**
 * After a mark or an undo in the side panel: the background (which may be stopped; the message wakes it)
 * updates the toolbar badge's step number. Only the steps changed: it neither syncs nor touches evidence.
 */
export const announceStepsChanged = (): void => {
  void sendToBackground({ type: 'recording-changed', steps: true });
};
