import { render } from 'preact';
import { prepareSidePanelOpener } from '../../platform/side-panel.ts';
import { createPopupModel } from '../../ui/models/popup-model.ts';
import { PopupScreen } from '../../ui/screens/popup-screen.tsx';
import '../../ui/styles/base.css';

const root = document.getElementById('app');
if (root) {
  // Once the panel is open the popup has done its job; closing it hands focus to the panel.
  const model = createPopupModel(prepareSidePanelOpener, () => window.close());
  render(<PopupScreen model={model} />, root);
}
