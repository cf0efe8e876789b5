import { useEffect } from 'preact/hooks';
import { PairingForm } from '../components/pairing-form.tsx';
import { PairingLinkForm } from '../components/pairing-link-form.tsx';
import { ServerSettingsForm } from '../components/server-settings-form.tsx';
import type { OptionsModel, StatusLine } from '../models/options-model.ts';

export type OptionsScreenProps = { model: OptionsModel };

/**
 * The page's one status line, always in the page so screen readers announce each change: where the device
 * stands (paired, or "Not paired: walkthroughs are kept on this device."), then what the last action did.
 */
function StatusLineView({ line }: { line: StatusLine }) {
  return (
    <p role="status" class={`status-line status-line-${line.tone}`}>
      {line.tone === 'error' && <span class="visually-hidden">Problem: </span>}
      {line.text}
    </p>
  );
}

export function OptionsScreen({ model }: OptionsScreenProps) {
  useEffect(() => {
    void model.load();
  }, [model]);
  return (
    <main class="page">
      <h1>Journey Sampler settings</h1>
      <StatusLineView line={model.status.value} />
      {/* Pairing by link is offered until this device is paired; it fills in the address and the token. */}
      {(model.pairing.value.status === 'unpaired' || model.pairing.value.status === 'unreadable') && (
        <PairingLinkForm
          link={model.link.value}
          onLinkInput={model.editLink}
          onPair={() => void model.pairWithLink()}
        />
      )}
      <ServerSettingsForm
        address={model.address.value}
        addressError={model.addressError.value}
        saved={model.saved.value}
        onAddressInput={model.editAddress}
        onCheck={() => void model.saveAndCheck()}
        onForget={() => void model.forget()}
      />
      <PairingForm
        token={model.token.value}
        pairing={model.pairing.value}
        onTokenInput={model.editToken}
        onConnect={() => void model.connect()}
        onDisconnect={() => void model.disconnect()}
      />
    </main>
  );
}
