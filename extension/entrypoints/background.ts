// First: zod must be told not to probe `new Function` before any schema is defined (see the module).
import '../../shared/schemas/zod-jitless.ts';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDb } from '../db/journey-sampler-db.ts';
import { knownServerUrls } from '../db/known-server-urls.ts';
import { createBackgroundEvidence } from '../evidence/background-evidence.ts';
import { createReachedUrls } from '../evidence/reached-urls.ts';
import { createUsedTabs } from '../evidence/used-tabs.ts';
import { createSerialQueue } from '../lib/serial-queue.ts';
import { uuidV7 } from '../lib/uuid-v7.ts';
import { createCommandHandler } from '../messaging/commands.ts';
import { pairedReply } from '../messaging/paired-reply.ts';
import { createMessageRouter } from '../messaging/router.ts';
import { readClock } from '../platform/clock.ts';
import { onCommand } from '../platform/commands.ts';
import { capturedTabPage, createEvidenceScriptControl } from '../platform/content-script-registration.ts';
import { onSiteAccessChanged } from '../platform/host-permissions.ts';
import { extensionIdentity, listenForMessages } from '../platform/runtime-messages.ts';
import { captureVisibleTab } from '../platform/screenshot.ts';
import { sessionStore } from '../platform/session-store.ts';
import { onOnline, onSyncAlarm } from '../platform/sync-triggers.ts';
import { createToolbarBadge } from '../platform/toolbar-badge.ts';
import { createRecorder } from '../recorder/recorder.ts';
import { createSyncContext } from '../sync/sync-context.ts';

// The MV3 service worker can be stopped at any moment, so nothing may live only in its memory: the recording
// is in IndexedDB (read afresh on every event), the evidence script's registration is kept by the browser,
// and the per-tab auto-detection memory is in storage.session. Every listener is added synchronously on
// each start, so the browser can wake the worker for any of them. The toolbar popup owns the action click and
// opens the side panel itself (openPanelOnActionClick stays false, or it would fight the popup).
export default defineBackground(() => {
  const queue = createSerialQueue();
  const db = createDb();
  const recorder = createRecorder({ db, readClock, newId: uuidV7 });
  // Running / paused and the step, on the toolbar button; read from IndexedDB after each event that can change
  // them (a recording change in an extension page, a step reached by a page load, a shortcut), never after
  // evidence that cannot (clicks, timings, tab switches, the content script's keep-alives): that work would run
  // on the 2 cores beside every page the sampler loads (docs/decisions.md, "Mark step and page load").
  const badge = createToolbarBadge({ readRecording: () => recorder.current() });
  // Sync runs from here on an alarm, when the browser comes back online and after every recording change (a
  // completed walkthrough is then in the outbox). The lease in IndexedDB keeps it single-flight with "Sync
  // now" in the side panel.
  const sync = createSyncContext(db, 'background');
  const syncSoon = () => void sync();
  const evidence = createBackgroundEvidence({
    recorder,
    capture: createEvidenceScriptControl({ serverUrls: () => knownServerUrls(db) }),
    reachedUrls: createReachedUrls(sessionStore),
    usedTabs: createUsedTabs(sessionStore),
    capturedTabPage,
    queue,
    newId: uuidV7,
    stepReached: () => void badge.refresh(),
  });

  const route = createMessageRouter(extensionIdentity(), {
    ...evidence.handlers,
    'recording-changed': async (message, sender) => {
      const answer = await evidence.handlers['recording-changed'](message, sender);
      // A walkthrough started, paused, marked or ended in an extension page. (A step reached by a page load is
      // told by `stepReached` above; no other message changes what the badge shows.)
      void badge.refresh();
      // A mark or an undo in the panel (`steps`) leaves nothing new to sync.
      if (message.steps !== true) syncSoon();
      return answer;
    },
    // Paired in the options page: the first sync (the team's catalog) runs here, where a closed page cannot
    // cut it short and leave its lease held; the new server's pages are kept out of capture at once.
    paired: async () => {
      void evidence.syncCapture();
      return pairedReply(await sync({ force: true }));
    },
  });
  listenForMessages(route);
  onSyncAlarm(syncSoon);
  onOnline(syncSoon);
  const command = createCommandHandler({ recorder, captureVisibleTab, queue });
  onCommand((name) => void command(name).then((done) => (done === 'marked' ? badge.flashMark() : badge.refresh())));
  onSiteAccessChanged(() => void evidence.syncCapture());
  browser.tabs.onActivated.addListener(({ tabId }) => void evidence.tabActivated(tabId));
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    // A page load is looked at once it has ended (status complete), not while the page loads: the reads for
    // auto-detection would run on the 2 cores the page is loading on (docs/decisions.md, "Mark step and page
    // load"). A page with the evidence script has reached its step by then (the script reports its visit at
    // document_start); this is for pages without one (a PDF, say), and for same-document address changes.
    if (change.status === 'complete' && tab.url !== undefined) void evidence.tabNavigated(tabId, tab.url, tab.active);
    else if (change.url !== undefined && tab.status !== 'loading') {
      void evidence.tabNavigated(tabId, change.url, tab.active);
    }
  });
  browser.tabs.onRemoved.addListener((tabId) => void evidence.tabClosed(tabId));
  // The browser does not keep a badge across a restart: wake with it, so a walkthrough under way shows at once.
  browser.runtime.onStartup.addListener(() => void badge.refresh());

  // Woken (or started with the browser): the recording may have started, ended or been discarded meanwhile.
  void evidence.syncCapture();
  void badge.refresh();
});
