import type { Notice, UndoOffer } from '../models/history-model.ts';

export type UndoToastProps = {
  offer: UndoOffer | null;
  notice: Notice | null;
  onUndo: () => void;
  onDismissUndo: () => void;
  onDismissNotice: () => void;
  /** True while focus or the pointer is on the offer: it must not vanish under the sampler's hand. */
  onHold: (held: boolean) => void;
};

/**
 * "Deleted … Undo" and short notices, at the bottom of the page. The live regions are always in the page so
 * screen readers announce what appears in them.
 */
export function UndoToast({ offer, notice, onUndo, onDismissUndo, onDismissNotice, onHold }: UndoToastProps) {
  return (
    <div class="toasts">
      <div
        role="status"
        class={offer === null ? 'toast-slot' : 'toast'}
        onFocusIn={() => onHold(true)}
        onFocusOut={() => onHold(false)}
        onMouseEnter={() => onHold(true)}
        onMouseLeave={() => onHold(false)}
      >
        {offer !== null && (
          <>
            <span>{offer.label}</span>
            <button type="button" onClick={onUndo}>
              Undo
            </button>
            <button type="button" class="link-button" aria-label="Dismiss the undo offer" onClick={onDismissUndo}>
              ×
            </button>
          </>
        )}
      </div>
      <div role={notice?.kind === 'error' ? 'alert' : 'status'} class={notice === null ? 'toast-slot' : 'toast'}>
        {notice !== null && (
          <>
            <span>{notice.text}</span>
            <button type="button" class="link-button" aria-label="Dismiss the message" onClick={onDismissNotice}>
              ×
            </button>
          </>
        )}
      </div>
    </div>
  );
}
