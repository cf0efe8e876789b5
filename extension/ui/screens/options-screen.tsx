import { useEffect } from 'preact/hooks';
import { PairingForm } from '../components/pairing-form.tsx';
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
