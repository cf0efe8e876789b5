import { render } from 'preact';
import { createDb } from '../../db/journey-sampler-db.ts';
import { readEnvironment } from '../../platform/environment.ts';
import { requestServerAccess } from '../../platform/host-permissions.ts';
import { checkConnection } from '../../sync/check-connection.ts';
import { pairingTokenLabel, redeemPairingCode } from '../../sync/pairing-redeem.ts';
import { verifyToken } from '../../sync/verify-token.ts';
import { createOptionsModel } from '../../ui/models/options-model.ts';
import { OptionsScreen } from '../../ui/screens/options-screen.tsx';
import '../../ui/styles/base.css';

const root = document.getElementById('app');
if (root) {
  const model = createOptionsModel(createDb(), {
    checkConnection: (url) => checkConnection(url),
    requestServerAccess,
    verifyToken: (url, token) => verifyToken(url, token),
    redeemPairingCode: (url, code) => redeemPairingCode(url, code, pairingTokenLabel(readEnvironment())),
  });
  render(<OptionsScreen model={model} />, root);
}
