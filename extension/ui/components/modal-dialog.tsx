import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export type ModalDialogProps = {
  title: string;
  /** Escape, or the dialog's own cancel: the choice that changes nothing. */
  onCancel: () => void;
  children: ComponentChildren;
  /** "alertdialog" for a question that interrupts (are you sure?), "dialog" otherwise. */
  role?: 'dialog' | 'alertdialog';
};

/**
 * A modal dialog on the native <dialog> element: the browser makes the rest of the page inert and keeps focus
 * inside. Mounted means open. Focus goes to the first element marked `data-initial-focus` (or the first
 * button) on open, and back to where it was on close, when that element is still in the page.
 */
export function ModalDialog({ title, onCancel, children, role = 'dialog' }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const cancel = useRef(onCancel);
  cancel.current = onCancel;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    const initial = dialog.querySelector<HTMLElement>('[data-initial-focus]') ?? dialog.querySelector('button');
    initial?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      class="modal"
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // The browser would close the dialog itself; the owner decides, and unmounting closes it.
        event.preventDefault();
        cancel.current();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
