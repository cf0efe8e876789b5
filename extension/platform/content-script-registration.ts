import { browser } from 'wxt/browser';
import type { CaptureControl } from '../evidence/capture-sync.ts';
import { grantedOrigins } from './host-permissions.ts';

/** The registration's id; one registration at most. */
export const EVIDENCE_SCRIPT_ID = 'journey-sampler-evidence';
/** Where WXT builds extension/entrypoints/recorder.content.ts. */
export const EVIDENCE_SCRIPT_FILE = '/content-scripts/recorder.js';

const registeredMatches = async (): Promise<string[] | null> => {
  const [script] = await browser.scripting.getRegisteredContentScripts({ ids: [EVIDENCE_SCRIPT_ID] });
  return script ? (script.matches ?? []) : null;
};

const scriptFor = (matches: string[]) => ({
  id: EVIDENCE_SCRIPT_ID,
  js: [EVIDENCE_SCRIPT_FILE],
  matches,
  // document_start: the script sees the load from the beginning (and can tell a late injection apart).
  runAt: 'document_start' as const,
  // Portals often work inside iframes; frames only count effort (see evidence/page-evidence.ts).
  allFrames: true,
  // The registration outlives a service-worker restart and a browser restart; the background re-checks it
  // against the recording whenever it wakes, so it cannot outlive the recording by more than that.
  persistAcrossSessions: true,
});

/**
 * Runs the script in tabs already open on `matches`, so the page in front of the sampler at Start counts.
 * Best effort: a tab may be closing, discarded, or showing an error page.
 */
const injectIntoOpenTabs = async (matches: string[]): Promise<void> => {
  const tabs = await browser.tabs.query({ url: matches });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || tab.discarded) return;
      try {
        await browser.scripting.executeScript({
          target: { tabId: tab.id, allFrames: true },
          files: [EVIDENCE_SCRIPT_FILE],
        });
      } catch {
        // Not injectable now; its next page load gets the registered script.
      }
    }),
  );
};

/** The browser side of evidence capture, for evidence/capture-sync.ts. */
export const evidenceScriptControl: CaptureControl = {
  grantedOrigins,
  registeredMatches,
  register: (matches) => browser.scripting.registerContentScripts([scriptFor(matches)]),
  update: (matches) => browser.scripting.updateContentScripts([scriptFor(matches)]),
  unregister: () => browser.scripting.unregisterContentScripts({ ids: [EVIDENCE_SCRIPT_ID] }),
  injectIntoOpenTabs,
};
