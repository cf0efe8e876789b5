import { ok, type Result } from '../../shared/domain/result.ts';
import { toPageUrl } from '../../shared/schemas/page-url.ts';
import type { Recording } from '../db/recording.ts';
import type { SerialQueue } from '../lib/serial-queue.ts';
import type { MessageResponse } from '../messaging/protocol.ts';
import type { MessageHandlers } from '../messaging/router.ts';
import { addEffort } from '../recorder/add-effort.ts';
import { type PageChange, pageTimings, pageVisited } from '../recorder/page-visited.ts';
import type { EvidenceApplied, Recorder, RecorderError } from '../recorder/recorder.ts';
import type { Transition } from '../recorder/transition-error.ts';
import { urlReached } from '../recorder/url-reached.ts';
import { type CaptureControl, type CaptureSyncOutcome, syncEvidenceCapture, wantsEvidence } from './capture-sync.ts';
import { isNewReached, type ReachedUrls } from './reached-urls.ts';
import type { UsedTabs } from './used-tabs.ts';

/** The recorder methods the background uses. */
export type EvidenceRecorder = Pick<
  Recorder,
  'current' | 'pageVisited' | 'pageTimings' | 'addEffort' | 'urlReached' | 'applyEvidence'
>;

export type BackgroundEvidenceDeps = {
  recorder: EvidenceRecorder;
  capture: CaptureControl;
  reachedUrls: ReachedUrls;
  usedTabs: UsedTabs;
  /**
   * The address to list for tab `tabId` when the registered evidence script covers it (a granted origin, not
   * the sync server's pages), else null: a tab is listed only where a page load would have been. `reported` is
   * the page's own address as its script sent it, checked instead of the tab's current one (which a link's
   * navigation may already have changed).
   */
  capturedTabPage: (tabId: number, reported?: string) => Promise<string | null>;
  queue: SerialQueue;
  /** A new UUIDv7: the id of a page visit the background lists itself (a tab switched to). */
  newId: () => string;
  /**
   * A page load or navigation marked a step (auto-detection): the toolbar badge shows the step. Nothing else
   * done here changes what the badge shows (a running or paused walkthrough and its step).
   */
  stepReached?: () => void;
};

const isRunning = (recording: Recording | null): recording is Recording => recording?.status === 'running';

const answer = (recording: Recording | null): MessageResponse => ({ ok: true, capturing: wantsEvidence(recording) });

/**
 * The reply to a content script's evidence, sent once applyEvidence's transaction has committed: it is the
 * acknowledgement (anything but `failed` is one). A gap (an earlier message of that instance is missing) is
 * `failed`, so the content script resends, in order.
 */
const acknowledge = (result: Result<EvidenceApplied, RecorderError>): MessageResponse => {
  if (!result.ok)
    return result.error.code === 'invalid' ? { ok: false, code: 'invalid' } : answer(result.error.current ?? null);
  return result.value.delivery === 'gap' ? { ok: false, code: 'failed' } : answer(result.value.recording);
};

/**
 * What the background does with evidence: the message handlers, the tab events and the capture sync, all
 * run through one queue (see serial-queue.ts) and all reading the recording from IndexedDB each time.
 * Evidence is taken only while the recording runs: a paused walkthrough is a wait the sampler does not
 * control, so clicks, visits and tab switches then are not the journey's. Late timings of a visit made while
 * running are still kept during a pause.
 *
 * Only what happens during the walkthrough belongs to it. A tab already open at Start (on any granted site,
 * whatever the journey) gets the script injected, which reports its page as not navigated: that report is not
 * listed. The tab counts once it is used: a navigation in it is listed as any page load, and switching to it,
 * or a first click or key press in it, lists its page at that moment, without timings (nothing loaded).
 * A tab is remembered as used (used-tabs.ts) only when one of its pages is listed: a click on a link of the
 * page the sampler pressed Start on lists that page (its script sends the click at once, with the page's own
 * address), then the page the link loads, whatever the order in which tabs.onUpdated saw the navigation.
 */
export const createBackgroundEvidence = ({
  recorder,
  capture,
  reachedUrls,
  usedTabs,
  capturedTabPage,
  queue,
  newId,
  stepReached = () => undefined,
}: BackgroundEvidenceDeps) => {
  /** Auto-detection: the active tab reached `pageUrl` (already stripped). */
  const reach = async (recording: Recording, tabId: number, pageUrl: string): Promise<void> => {
    if (!(await reachedUrls.isNew(recording.id, tabId, pageUrl))) return;
    const reached = await recorder.urlReached(pageUrl);
    if (reached.ok && reached.value.stepMarks.length !== recording.stepMarks.length) stepReached();
  };

  const handlers: Omit<MessageHandlers, 'paired'> = {
    'recording-changed': (message) =>
      queue(async () => {
        const recording = await recorder.current();
        // A mark or an undo in the panel (`steps`) changes neither whether evidence is wanted nor where.
        if (message.steps !== true) await syncEvidenceCapture(recording, capture);
        return answer(recording);
      }),
    'page-visit': (message, sender) =>
      queue(async () => {
        // An injected script's report of the page it found: not a use of the tab (see above).
        if (!message.navigated) {
          return acknowledge(await recorder.applyEvidence(message.delivery, (recording) => ok(recording)));
        }
        // Only an active tab's load reaches a step, and only at an address new for that tab; remembered once
        // the mark is stored, so a visit resent after a stopped worker still marks its step. What the tab last
        // reported is read first and judged against the recording inside the transaction: no separate read of
        // the recording while the page loads.
        const last = sender.tabActive ? await reachedUrls.last(sender.tabId) : null;
        let reaching = false;
        let listed = false;
        let marks = false;
        const result = await recorder.applyEvidence(
          message.delivery,
          (recording, reading, known): Transition<Recording | PageChange> => {
            reaching = isRunning(recording) && sender.tabActive && isNewReached(last, recording.id, message.url);
            // A visit already recorded was delivered twice: its mark and page load are counted already.
            listed = known.visit !== undefined;
            marks = false;
            if (!isRunning(recording) || listed) return ok(recording);
            // Mark first, in the same transaction: the load that reaches a step is that step's effort, and the
            // visit is not earlier than the mark it triggered (the History page lists it under that step).
            const marked = reaching ? urlReached(recording, reading, message.url) : ok(recording);
            if (!marked.ok) return marked;
            marks = marked.value !== recording;
            const visit = { visitId: message.visitId, url: message.url, timings: message.timings };
            const visited = pageVisited(marked.value, reading, visit, known);
            if (!visited.ok) return visited;
            const counted = addEffort(visited.value.recording, reading, { pageLoads: 1 });
            if (!counted.ok) return counted;
            listed = visited.value.page !== null;
            return ok({ recording: counted.value, page: visited.value.page });
          },
          message.visitId,
        );
        if (result.ok && result.value.delivery === 'duplicate' && isRunning(result.value.recording)) {
          // Resent after its first delivery committed (the worker stopped, or a session write failed, before the
          // lines below ran): the transition did not run again, so store what the first one would have, or the
          // tab's load event would take the address as new (a second auto-mark) and a switch back to the tab
          // would list its page again.
          const { id } = result.value.recording;
          if (sender.tabActive && isNewReached(last, id, message.url)) {
            await reachedUrls.remember(id, sender.tabId, message.url);
          }
          await usedTabs.markUsed(id, sender.tabId);
        } else if (result.ok && result.value.delivery !== 'gap' && isRunning(result.value.recording)) {
          const { id } = result.value.recording;
          if (reaching) await reachedUrls.remember(id, sender.tabId, message.url);
          if (listed) await usedTabs.markUsed(id, sender.tabId);
          if (marks) stepReached();
        }
        return acknowledge(result);
      }),
    'page-timings': (message) =>
      queue(async () =>
        acknowledge(
          await recorder.applyEvidence(
            message.delivery,
            (recording, reading, known): Transition<Recording | PageChange> =>
              // Merged into the visit; a duplicate delivery is not applied again (a resent older value would
              // otherwise replace a newer one).
              wantsEvidence(recording) ? pageTimings(recording, reading, known.visit, message.timings) : ok(recording),
            message.visitId,
          ),
        ),
      ),
    effort: (message, sender) =>
      queue(async () => {
        const interacted = message.clicks + message.keyPresses > 0;
        // A keep-alive (no counts, no delivery: every second of a visible page) writes nothing: answered from
        // a read, with no read-write transaction that a mark could have to wait for.
        if (!interacted && message.delivery === undefined) return answer(await recorder.current());
        // Clicking or typing in a tab is using it: a tab open before Start (the page the sampler pressed Start
        // on, say) is listed at its first click or key press, under the address its top frame reported with
        // the counts (a frame's report has none: the tab's address then). Keep-alives read nothing more.
        const before = interacted ? await recorder.current() : null;
        const url =
          isRunning(before) && !(await usedTabs.isUsed(before.id, sender.tabId))
            ? await capturedTabPage(sender.tabId, sender.frameId === 0 ? message.url : undefined)
            : null;
        const visitId = newId();
        let listed = false;
        const result = await recorder.applyEvidence(
          message.delivery,
          (recording, reading, known): Transition<Recording | PageChange> => {
            listed = false;
            if (!isRunning(recording) || !interacted) return ok(recording);
            const counted = addEffort(recording, reading, { clicks: message.clicks, keyPresses: message.keyPresses });
            if (!counted.ok || url === null) return counted;
            const visited = pageVisited(counted.value, reading, { visitId, url, timings: {} }, known);
            if (!visited.ok) return counted;
            listed = visited.value.page !== null;
            return visited;
          },
          url === null ? undefined : visitId,
        );
        if (before !== null && listed && result.ok && result.value.delivery !== 'gap') {
          await usedTabs.markUsed(before.id, sender.tabId);
        }
        return acknowledge(result);
      }),
  };

  return {
    handlers,
    /** Registration follows the recording and the granted origins; see capture-sync.ts. */
    syncCapture: (): Promise<CaptureSyncOutcome> =>
      queue(async () => syncEvidenceCapture(await recorder.current(), capture)),
    /**
     * tabs.onActivated: one more tab switch in the current step, and the tab's page listed now if this is the
     * first use of the tab in the walkthrough (it was open before Start, or showed a page not captured).
     */
    tabActivated: (tabId: number): Promise<void> => {
      // The address as the tab is switched to, not as it is when the queue gets to it: a new tab is activated
      // blank and then loads, and that load is listed by the script (a second listing would repeat it).
      const page = capturedTabPage(tabId).catch(() => null);
      return queue(async () => {
        const before = await recorder.current();
        if (!isRunning(before)) return;
        const url = (await usedTabs.isUsed(before.id, tabId)) ? null : await page;
        const visitId = newId();
        let listed = false;
        const result = await recorder.applyEvidence(
          undefined,
          (recording, reading, known): Transition<Recording | PageChange> => {
            listed = false;
            if (!isRunning(recording)) return ok(recording);
            const counted = addEffort(recording, reading, { tabSwitches: 1 });
            if (!counted.ok || url === null) return counted;
            // At the page-visit limit the switch still counts.
            const visited = pageVisited(counted.value, reading, { visitId, url, timings: {} }, known);
            if (!visited.ok) return counted;
            listed = visited.value.page !== null;
            return visited;
          },
          // The page table is read only for a page to list (a switch between used tabs writes the row alone).
          url === null ? undefined : visitId,
        );
        if (listed && result.ok) await usedTabs.markUsed(before.id, tabId);
      });
    },
    /**
     * tabs.onUpdated with a new address (the browser only tells us addresses of tabs we have host access to).
     * Only the active tab's navigations mark steps: a page loading in a background tab is not where the
     * sampler is. The tab is not marked used here: its new page is listed (and the tab marked) by that page's
     * script, and marking it before would drop the page it is leaving, when that page was open before Start
     * and the click that left it is still on its way (see above).
     */
    tabNavigated: (tabId: number, url: string, active: boolean): Promise<void> =>
      queue(async () => {
        const pageUrl = toPageUrl(url);
        if (!active || pageUrl === null) return;
        const recording = await recorder.current();
        if (isRunning(recording)) await reach(recording, tabId, pageUrl);
      }),
    tabClosed: (tabId: number): Promise<void> =>
      queue(async () => {
        await Promise.all([reachedUrls.forgetTab(tabId), usedTabs.forgetTab(tabId)]);
      }),
  };
};
