import { useEffect, useId, useState } from 'preact/hooks';

export type StepNameFormProps = {
  /** The step's name now ("Step 2" until named). */
  current: string;
  busy: boolean;
  /** Resolves true when the name was saved. */
  onSave: (name: string) => Promise<boolean>;
  onCancel: () => void;
};

const MAX_NAME = 200;

/** Names the current step of an ad-hoc walkthrough while recording ("Step 2" becomes "Log in"). */
export function StepNameForm({ current, busy, onSave, onCancel }: StepNameFormProps) {
  const prefix = useId();
  const inputId = `${prefix}-name`;
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.getElementById(inputId)?.focus();
  }, []);

  return (
    <form
      class="action-form"
      aria-label="Name this step"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        if (name.trim() === '') {
          setError('Type a name for this step.');
          document.getElementById(inputId)?.focus();
          return;
        }
        void onSave(name.trim());
      }}
    >
      <div class="field">
        <label for={inputId}>Step name</label>
        <input
          id={inputId}
          value={name}
          placeholder={current}
          maxLength={MAX_NAME}
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={error === null ? undefined : `${inputId}-error`}
          onInput={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
        />
        {error !== null && (
          <p id={`${inputId}-error`} class="field-error">
            {error}
          </p>
        )}
      </div>
      <div class="actions">
        <button type="submit" class="primary">
          Save name
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
