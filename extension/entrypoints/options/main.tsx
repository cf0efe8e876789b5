// First: zod must be told not to probe `new Function` before any schema is defined (see the module).
import '../../../shared/schemas/zod-jitless.ts';
import { render } from 'preact';
import { createDb } from '../../db/journey-sampler-db.ts';
import { checkConnection } from '../../pairing/check-connection.ts';
import { pairingTokenLabel, redeemPairingCode } from '../../pairing/pairing-redeem.ts';
import { verifyToken } from '../../pairing/verify-token.ts';
import { readEnvironment } from '../../platform/environment.ts';
import { requestServerAccess } from '../../platform/host-permissions.ts';
import { announcePaired } from '../../platform/paired-message.ts';
import { createOptionsModel } from '../../ui/models/options-model.ts';
import { OptionsScreen } from '../../ui/screens/options-screen.tsx';
import '../../ui/styles/base.css';

const root = document.getElementById('app');
if (root) {
  const db = createDb();
  // Pairing pulls the team's catalog at once: the background runs that sync (a closed page cannot cut it short
  // and leave its lease held), and answers with what it did.
  const model = createOptionsModel(db, {
    checkConnection: (url) => checkConnection(url),
    requestServerAccess,
    verifyToken: (url, token) => verifyToken(url, token),
    redeemPairingCode: (url, code) => redeemPairingCode(url, code, pairingTokenLabel(readEnvironment())),
    syncAfterPairing: announcePaired,
  });
  render(<OptionsScreen model={model} />, root);
}
