// The Chrome side panel and the Firefox sidebar (WXT maps this one entrypoint to both).
// First: zod must be told not to probe `new Function` before any schema is defined (see the module).
import '../../../shared/schemas/zod-jitless.ts';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createDb } from '../../db/journey-sampler-db.ts';
import { uuidV7 } from '../../lib/uuid-v7.ts';
import { readClock } from '../../platform/clock.ts';
import { commandShortcut } from '../../platform/commands.ts';
import { readEnvironment } from '../../platform/environment.ts';
import { hasSiteAccess, onSiteAccessChanged, originsFor, requestSiteAccess } from '../../platform/host-permissions.ts';
import { announceRecordingChanged } from '../../platform/runtime-messages.ts';
import { captureVisibleTab } from '../../platform/screenshot.ts';
import { onOnline } from '../../platform/sync-triggers.ts';
import { announcingSteps } from '../../platform/toolbar-badge-announce.ts';
import { createRecorder } from '../../recorder/recorder.ts';
import { createSyncContext } from '../../sync/sync-context.ts';
import { createAttentionFixModel } from '../../ui/models/attention-fix-model.ts';
import { createSidePanelModel } from '../../ui/models/side-panel-model.ts';
import { createSyncStatusModel } from '../../ui/models/sync-status-model.ts';
import { SidePanelScreen } from '../../ui/screens/side-panel-screen.tsx';
import '../../ui/styles/base.css';

const root = document.getElementById('app');
if (root) {
  const db = createDb();
  const newId = () => uuidV7();
  const model = createSidePanelModel({
    db,
    // A mark or an undo here also updates the toolbar badge (the background draws it).
    recorder: announcingSteps(createRecorder({ db, readClock, newId })),
    readClock,
    newId,
    now: () => new Date(),
    readEnvironment: () => readEnvironment(),
    requestSiteAccess,
    hasSiteAccess,
    originsFor,
    onSiteAccessChanged,
    captureVisibleTab,
    onRecordingChanged: () => void announceRecordingChanged(),
    readShortcut: () => commandShortcut('mark-step'),
    readCaptureShortcut: () => commandShortcut('capture-screenshot'),
  });
  // "Sync now" runs here, in the panel; the lease in IndexedDB keeps it from overlapping the background's runs.
  const sync = createSyncContext(db, 'sidepanel');
  onOnline(() => void sync());
  render(
    <SidePanelScreen
      sync={createSyncStatusModel({ db, sync })}
      attentionFixes={createAttentionFixModel({ db, sync, now: () => new Date() })}
      model={model}
      historyHref={browser.runtime.getURL('/walkthroughs.html')}
      onOpenSettings={() => void browser.runtime.openOptionsPage()}
    />,
    root,
  );
}
