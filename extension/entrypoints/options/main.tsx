import { render } from 'preact';
import { createDb } from '../../db/journey-sampler-db.ts';
import { checkConnection } from '../../sync/check-connection.ts';
import { createOptionsModel } from '../../ui/models/options-model.ts';
import { OptionsScreen } from '../../ui/screens/options-screen.tsx';
import '../../ui/styles/base.css';

const root = document.getElementById('app');
if (root) {
  const model = createOptionsModel(createDb(), (url) => checkConnection(url));
  render(<OptionsScreen model={model} />, root);
}
