import { useId } from 'preact/hooks';
import { describePairing } from '../../pairing/pairing-summary.ts';
import type { PairingState } from '../models/options-model.ts';

export type PairingFormProps = {
  token: string;
  pairing: PairingState;
  onTokenInput: (text: string) => void;
  /** Must run inside the click: it asks for the server's host permission. */
  onConnect: () => void;
  onDisconnect: () => void;
};

/**
 * The personal access token beside the server address: "Connect" verifies it with the server on the spot. How
 * it went is said on the page's one status line (OptionsScreen).
 */
export function PairingForm(props: PairingFormProps) {
  const { pairing } = props;
  const fieldId = useId();
  const hintId = useId();
  return (
    <section class="pairing" aria-label="Pairing">
      {pairing.status === 'paired' ? (
        <>
          <p>
            {describePairing(pairing.pairing)} — {pairing.pairing.serverUrl}
          </p>
          <div class="actions">
            <button type="button" onClick={props.onDisconnect}>
              Disconnect
            </button>
          </div>
        </>
      ) : (
        <>
          <label for={fieldId}>Access token</label>
          <p id={hintId} class="hint">
            Your personal access token (it starts with jsp_), from your team lead or the server's dashboard.
          </p>
          <input
            id={fieldId}
            name="accessToken"
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={props.token}
            aria-describedby={hintId}
            onInput={(event) => props.onTokenInput(event.currentTarget.value)}
          />
          <div class="actions">
            {/* Not a submit: Connect must call the permission request synchronously in this click. */}
            <button type="button" class="primary" onClick={props.onConnect}>
              Connect
            </button>
          </div>
        </>
      )}
    </section>
  );
}
