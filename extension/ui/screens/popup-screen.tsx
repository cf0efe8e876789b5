import { useEffect } from 'preact/hooks';
import { StartWalkthrough } from '../components/start-walkthrough.tsx';
import type { PopupModel } from '../models/popup-model.ts';
import type { RecordingFollower } from '../models/recording-follower.ts';

export type PopupScreenProps = { model: PopupModel; recording: RecordingFollower };

export function PopupScreen({ model, recording }: PopupScreenProps) {
  useEffect(() => {
    void model.prepare();
  }, [model]);
  useEffect(() => recording.follow(), [recording]);
  const current = recording.state.value;
  return (
    <StartWalkthrough
      state={model.state.value}
      recording={
        current.status === 'active'
          ? {
              journeyName: current.recording.journeyName,
              status: current.recording.status,
              elapsedMs: recording.elapsedMs.value,
            }
          : null
      }
      onStart={() => void model.startWalkthrough()}
    />
  );
}
