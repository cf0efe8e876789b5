import { useEffect } from 'preact/hooks';
import { SidePanelView } from '../components/side-panel-view.tsx';
import type { SidePanelModel } from '../models/side-panel-model.ts';

export type SidePanelScreenProps = { model: SidePanelModel; onOpenSettings: () => void };

/** Binds the side panel model to its view: reading `.value` here re-renders on every change. */
export function SidePanelScreen({ model, onOpenSettings }: SidePanelScreenProps) {
  useEffect(() => model.start(), [model]);
  return <SidePanelView state={model.state.value} onOpenSettings={onOpenSettings} />;
}
