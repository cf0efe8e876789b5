import { useEffect } from 'preact/hooks';
import { PairingForm } from '../components/pairing-form.tsx';
import { PairingLinkForm } from '../components/pairing-link-form.tsx';
import { ServerSettingsForm } from '../components/server-settings-form.tsx';
import type { OptionsModel } from '../models/options-model.ts';

export type OptionsScreenProps = { model: OptionsModel };

export function OptionsScreen({ model }: OptionsScreenProps) {
  useEffect(() => {
    void model.load();
  }, [model]);
  return (
    <main class="page">
      <h1>Journey Sampler settings</h1>
      {/* Pairing by link is offered until this device is paired; it fills in the address and the token. */}
      {(model.pairing.value.status === 'unpaired' || model.pairing.value.status === 'unreadable') && (
        <PairingLinkForm
          link={model.link.value}
          linking={model.linking.value}
          onLinkInput={model.editLink}
          onPair={() => void model.pairWithLink()}
        />
      )}
      <ServerSettingsForm
        address={model.address.value}
        addressError={model.addressError.value}
        saved={model.saved.value}
        check={model.check.value}
        onAddressInput={model.editAddress}
        onCheck={() => void model.saveAndCheck()}
        onForget={() => void model.forget()}
      />
      <PairingForm
        token={model.token.value}
        pairing={model.pairing.value}
        connecting={model.connecting.value}
        onTokenInput={model.editToken}
        onConnect={() => void model.connect()}
        onDisconnect={() => void model.disconnect()}
      />
    </main>
  );
}
