import type { Notice, UndoOffer } from '../models/history-model.ts';

export type UndoToastProps = {
  offer: UndoOffer | null;
  notice: Notice | null;
  onUndo: () => void;
  onDismissUndo: () => void;
  onDismissNotice: () => void;
  /** True while focus or the pointer is on a toast: it must not vanish under the sampler's hand. */
  onHold: (held: boolean) => void;
};

/**
 * "Deleted … Undo" and short notices, in a strip of their own between the page's header and its content: in the
 * flow of the page, so a toast pushes the list down rather than covering a row. The live regions are always in
 * the page so screen readers announce what appears in them.
 */
export function UndoToast({ offer, notice, onUndo, onDismissUndo, onDismissNotice, onHold }: UndoToastProps) {
  const holding = {
    onFocusIn: () => onHold(true),
    onFocusOut: (event: FocusEvent & { currentTarget: HTMLElement }) => {
      // Moving between a toast's own buttons keeps the hold.
      if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) onHold(false);
    },
    onMouseEnter: () => onHold(true),
    onMouseLeave: () => onHold(false),
  };
  return (
    <div class="toasts">
      <div role="status" class={offer === null ? 'toast-slot' : 'toast'} {...holding}>
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
      <div
        role={notice?.kind === 'error' ? 'alert' : 'status'}
        class={notice === null ? 'toast-slot' : 'toast'}
        {...holding}
      >
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
