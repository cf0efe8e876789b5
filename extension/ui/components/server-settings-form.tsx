import { useEffect, useId, useRef } from 'preact/hooks';
import type { SavedServerState } from '../models/options-model.ts';

export type ServerSettingsFormProps = {
  address: string;
  addressError: string | null;
  saved: SavedServerState;
  onAddressInput: (text: string) => void;
  onCheck: () => void;
  onForget: () => void;
};

/**
 * The sync server's address and a "Check connection" button. What the check found is said on the page's one
 * status line (OptionsScreen), not here, so an old answer never stays beside a new one.
 */
export function ServerSettingsForm(props: ServerSettingsFormProps) {
  const { address, addressError, saved } = props;
  const fieldId = useId();
  const hintId = useId();
  const errorId = useId();
  const fieldRef = useRef<HTMLInputElement>(null);

  // Back to the field when its text is refused, so the message (tied by aria-describedby) is read out.
  useEffect(() => {
    if (addressError !== null) fieldRef.current?.focus();
  }, [addressError]);

  return (
    <form
      class="server-settings"
      // The zod message is clearer than the browser's own bubble, and consistent across browsers.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        props.onCheck();
      }}
    >
      <label for={fieldId}>Server address</label>
      <p id={hintId} class="hint">
        The address of your team's Journey Sampler server, for example https://journeys.example.com
      </p>
      <input
        ref={fieldRef}
        id={fieldId}
        name="serverUrl"
        type="url"
        inputMode="url"
        autoComplete="url"
        spellcheck={false}
        value={address}
        aria-invalid={addressError !== null}
        aria-describedby={addressError === null ? hintId : `${hintId} ${errorId}`}
        onInput={(event) => props.onAddressInput(event.currentTarget.value)}
      />
      {addressError !== null && (
        <p id={errorId} class="field-error">
          {addressError}
        </p>
      )}
      <div class="actions">
        {/* Never disabled while checking: disabling the focused button would drop keyboard focus to the
            page, and a second press is harmless (only the newest check's answer is shown). */}
        <button type="submit">Check connection</button>
        {saved.status === 'set' && (
          <button type="button" onClick={props.onForget}>
            Forget this server
          </button>
        )}
      </div>
    </form>
  );
}
