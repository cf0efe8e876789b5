import { useId } from 'preact/hooks';
export type PairingLinkFormProps = {
  link: string;
  onLinkInput: (text: string) => void;
  /** Must run inside the click: it asks for the server's host permission. */
  onPair: () => void;
};

/**
 * "Pair with a link": the quickest way to pair. The link from the server's /pair page names the server and
 * carries a one-time code, so one paste replaces typing the address and a token.
 */
export function PairingLinkForm(props: PairingLinkFormProps) {
  const fieldId = useId();
  const hintId = useId();
  return (
    <section class="pairing-link">
      <label for={fieldId}>Pair with a link</label>
      <p id={hintId} class="hint">
        Paste the pairing link from your server (it looks like https://journeys.example.com/pair#code=…). It works once,
        for 10 minutes.
      </p>
      <input
        id={fieldId}
        name="pairingLink"
        type="text"
        autoComplete="off"
        spellcheck={false}
        value={props.link}
        aria-describedby={hintId}
        onInput={(event) => props.onLinkInput(event.currentTarget.value)}
      />
      <div class="actions">
        {/* Not a submit: Pair must call the permission request synchronously in this click. */}
        <button type="button" class="primary" onClick={props.onPair}>
          Pair
        </button>
      </div>
      <p class="hint">Or enter the server address and your access token below.</p>
    </section>
  );
}
