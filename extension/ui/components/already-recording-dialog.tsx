import { useState } from 'preact/hooks';
import type { RecordingStatus } from '../../db/recording.ts';
import { formatElapsed } from '../format/format-elapsed.ts';
import { ModalDialog } from './modal-dialog.tsx';

export type AlreadyRecordingDialogProps = {
  journeyName: string;
  status: RecordingStatus;
  elapsedMs: number;
  busy: boolean;
  /** Keep the existing walkthrough and go back to it; also what Escape does (nothing changes). */
  onResume: () => void;
  /** Save the existing one to History as abandoned (unrated), then start the new one. */
  onAbandon: () => void;
  /** Delete the existing one for good, then start the new one. Asked twice. */
  onDiscard: () => void;
};

/**
 * Start was pressed while another walkthrough exists. Nothing happens to it until the sampler picks one of
 * three explicit choices; discarding, the only one that loses data, asks again.
 */
export function AlreadyRecordingDialog(props: AlreadyRecordingDialogProps) {
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const finished = props.status === 'finished';
  const time = formatElapsed(props.elapsedMs);
  const guard = (action: () => void) => () => {
    if (!props.busy) action();
  };

  if (confirmingDiscard) {
    return (
      <ModalDialog key="discard" title="Discard it?" role="alertdialog" onCancel={() => setConfirmingDiscard(false)}>
        <p>
          The walkthrough of {props.journeyName} ({time}), with its steps, notes and screenshots, is deleted for good.
        </p>
        <div class="actions">
          <button type="button" data-initial-focus onClick={() => setConfirmingDiscard(false)}>
            Keep it
          </button>
          <button type="button" class="danger" onClick={guard(props.onDiscard)}>
            Discard for good
          </button>
        </div>
      </ModalDialog>
    );
  }
  return (
    <ModalDialog key="choose" title="A walkthrough is already in progress" onCancel={guard(props.onResume)}>
      <p>
        {finished
          ? `A walkthrough of ${props.journeyName} is finished (${time}) and waiting for its rating.`
          : `A walkthrough of ${props.journeyName} is in progress (${time}).`}{' '}
        What should happen to it?
      </p>
      <div class="actions stacked">
        <button type="button" class="primary" data-initial-focus onClick={guard(props.onResume)}>
          {finished ? 'Rate it' : 'Resume it'}
        </button>
        <button type="button" onClick={guard(props.onAbandon)}>
          {finished ? 'Save it without rating' : 'Finish it as abandoned'}
        </button>
        <button type="button" onClick={() => setConfirmingDiscard(true)}>
          Discard it
        </button>
      </div>
    </ModalDialog>
  );
}
