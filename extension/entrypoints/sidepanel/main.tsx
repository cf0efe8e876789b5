// The Chrome side panel and the Firefox sidebar (WXT maps this one entrypoint to both).
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createDb } from '../../db/journey-sampler-db.ts';
import { createSidePanelModel } from '../../ui/models/side-panel-model.ts';
import { SidePanelScreen } from '../../ui/screens/side-panel-screen.tsx';
import '../../ui/styles/base.css';

const root = document.getElementById('app');
if (root) {
  const model = createSidePanelModel(createDb());
  render(<SidePanelScreen model={model} onOpenSettings={() => void browser.runtime.openOptionsPage()} />, root);
}
