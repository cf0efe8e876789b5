// First: zod must be told not to probe `new Function` before any schema is defined (see the module).
import '../../../shared/schemas/zod-jitless.ts';
import { render } from 'preact';
import { createDb } from '../../db/journey-sampler-db.ts';
import { uuidV7 } from '../../lib/uuid-v7.ts';
import { readClock } from '../../platform/clock.ts';
import { prepareSidePanelOpener } from '../../platform/side-panel.ts';
import { createRecorder } from '../../recorder/recorder.ts';
import { createPopupModel } from '../../ui/models/popup-model.ts';
import { createRecordingFollower } from '../../ui/models/recording-follower.ts';
import { timeoutScheduler } from '../../ui/models/scheduler.ts';
import { PopupScreen } from '../../ui/screens/popup-screen.tsx';
import '../../ui/styles/base.css';

const root = document.getElementById('app');
if (root) {
  const db = createDb();
  // Once the panel is open the popup has done its job; closing it hands focus to the panel.
  const model = createPopupModel(prepareSidePanelOpener, () => window.close());
  // The popup only reads: it shows the walkthrough in progress, and the panel is where it is changed.
  const recording = createRecordingFollower({
    recorder: createRecorder({ db, readClock, newId: () => uuidV7() }),
    readClock,
    schedule: timeoutScheduler,
  });
  render(<PopupScreen model={model} recording={recording} />, root);
}
