import { browser } from 'wxt/browser';
import { matchesAnyUrlPattern } from '../../shared/domain/match-url-pattern.ts';
import type { CaptureControl, ScriptScope } from '../evidence/capture-sync.ts';
import { serverPagePatterns } from '../evidence/server-pages.ts';
import { grantedOrigins } from './host-permissions.ts';

/** The registration's id; one registration at most. */
export const EVIDENCE_SCRIPT_ID = 'journey-sampler-evidence';
/** Where WXT builds extension/entrypoints/recorder.content.ts. */
export const EVIDENCE_SCRIPT_FILE = '/content-scripts/recorder.js';

const registered = async (): Promise<ScriptScope | null> => {
  const [script] = await browser.scripting.getRegisteredContentScripts({ ids: [EVIDENCE_SCRIPT_ID] });
  return script ? { matches: script.matches ?? [], excludeMatches: script.excludeMatches ?? [] } : null;
};

const scriptFor = ({ matches, excludeMatches }: ScriptScope) => ({
  id: EVIDENCE_SCRIPT_ID,
  js: [EVIDENCE_SCRIPT_FILE],
  matches,
  // Always sent, empty included: an update without it would keep the exclusions of an earlier pairing.
  excludeMatches,
  // document_start: the script sees the load from the beginning (and can tell a late injection apart).
  runAt: 'document_start' as const,
  // Portals often work inside iframes; frames only count effort (see evidence/page-evidence.ts).
  allFrames: true,
  // The registration outlives a service-worker restart and a browser restart; the background re-checks it
  // against the recording whenever it wakes, so it cannot outlive the recording by more than that.
  persistAcrossSessions: true,
});

/**
 * Runs the script in tabs already open on `matches`, so a tab open before Start is captured once the sampler uses
 * it (its page is listed then, see evidence/background-evidence.ts); never
 * in a tab on an excluded page (the sync server's). Best effort: a tab may be closing, discarded, or showing an
 * error page.
 */
const injectIntoOpenTabs = async ({ matches, excludeMatches }: ScriptScope): Promise<void> => {
  const tabs = await browser.tabs.query({ url: matches });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || tab.discarded) return;
      if (tab.url !== undefined && matchesAnyUrlPattern(excludeMatches, tab.url)) return;
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

const isCaptured = (scope: ScriptScope, url: string): boolean =>
  matchesAnyUrlPattern(scope.matches, url) && !matchesAnyUrlPattern(scope.excludeMatches, url);

/**
 * The address of tab `tabId` when the registered evidence script covers it (matched, not excluded), else null
 * (no registration, no such tab, a tab loading, or an address the extension may not see: tabs.get gives it
 * only with host access). With `reported` (the page's own address, from its script), that address is checked
 * instead, and the tab is not read: by then the tab may show the next page.
 */
export const capturedTabPage = async (tabId: number, reported?: string): Promise<string | null> => {
  if (reported !== undefined) {
    const scope = await registered();
    return scope !== null && isCaptured(scope, reported) ? reported : null;
  }
  const [scope, tab] = await Promise.all([registered(), browser.tabs.get(tabId).catch(() => undefined)]);
  const url = tab?.url;
  // A tab still loading is being navigated: the script reports that load itself.
  if (scope === null || url === undefined || tab?.status === 'loading') return null;
  return isCaptured(scope, url) ? url : null;
};

export type EvidenceScriptControlDeps = {
  /**
   * The sync server addresses this device knows (the paired one, the saved one), read afresh each time: their
   * pages are excluded from capture.
   */
  serverUrls: () => Promise<readonly string[]>;
};

/** The browser side of evidence capture, for evidence/capture-sync.ts. */
export const createEvidenceScriptControl = ({ serverUrls }: EvidenceScriptControlDeps): CaptureControl => ({
  grantedOrigins,
  excludedPages: async () =>
    // Chromium match patterns may name a port; Firefox's may not (see server-pages.ts).
    (await serverUrls()).flatMap((url) => serverPagePatterns(url, { portInPattern: !import.meta.env.FIREFOX })),
  registered,
  register: (scope) => browser.scripting.registerContentScripts([scriptFor(scope)]),
  update: (scope) => browser.scripting.updateContentScripts([scriptFor(scope)]),
  unregister: () => browser.scripting.unregisterContentScripts({ ids: [EVIDENCE_SCRIPT_ID] }),
  injectIntoOpenTabs,
});
