import { useEffect } from 'preact/hooks';
import { StartWalkthrough } from '../components/start-walkthrough.tsx';
import type { PopupModel } from '../models/popup-model.ts';

export type PopupScreenProps = { model: PopupModel };

export function PopupScreen({ model }: PopupScreenProps) {
  useEffect(() => {
    void model.prepare();
  }, [model]);
  return <StartWalkthrough state={model.state.value} onStart={() => void model.startWalkthrough()} />;
}
