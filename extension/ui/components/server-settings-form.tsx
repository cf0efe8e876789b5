import { useEffect, useId, useRef } from 'preact/hooks';
import type { CheckState, SavedServerState } from '../models/options-model.ts';

export type ServerSettingsFormProps = {
  address: string;
  addressError: string | null;
  saved: SavedServerState;
  check: CheckState;
  onAddressInput: (text: string) => void;
  onCheck: () => void;
  onForget: () => void;
};

function CheckResult({ check }: { check: CheckState }) {
  switch (check.status) {
    case 'idle':
      return null;
    case 'checking':
      return <>Checking {check.url}…</>;
    case 'reachable':
      return <>Reachable — store: {check.store}</>;
    case 'failed':
      return null;
  }
}

/** The sync server's address and a "Check connection" button; everything else about syncing comes later. */
export function ServerSettingsForm(props: ServerSettingsFormProps) {
  const { address, addressError, saved, check } = props;
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
      {/* Always in the page so screen readers announce changes to it. */}
      <p role="status" class="check-result">
        <CheckResult check={check} />
      </p>
      {check.status === 'failed' && <p role="alert">{check.message}</p>}
      {saved.status === 'unreadable' && (
        <p role="alert">The saved server address could not be read ({saved.message}). Enter it again.</p>
      )}
      {saved.status === 'failed' && <p role="alert">{saved.message}</p>}
    </form>
  );
}
