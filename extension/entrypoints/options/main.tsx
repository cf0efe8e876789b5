import { render } from 'preact';
import { createDb } from '../../db/journey-sampler-db.ts';
import { requestServerAccess } from '../../platform/host-permissions.ts';
import { checkConnection } from '../../sync/check-connection.ts';
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
  });
  render(<OptionsScreen model={model} />, root);
}
