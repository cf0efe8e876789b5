import type { Result } from '../../shared/domain/result.ts';
import { toPageUrl } from '../../shared/schemas/page-url.ts';
import type { MessageResponse } from '../messaging/protocol.ts';
import type { MessageHandlers } from '../messaging/router.ts';
import type { Recorder, RecorderError } from '../recorder/recorder.ts';
import type { Recording } from '../recorder/recording.ts';
import { type CaptureControl, type CaptureSyncOutcome, syncEvidenceCapture, wantsEvidence } from './capture-sync.ts';
import type { ReachedUrls } from './reached-urls.ts';
import type { SerialQueue } from './serial-queue.ts';

/** The recorder methods the background uses. */
export type EvidenceRecorder = Pick<Recorder, 'current' | 'pageVisited' | 'pageTimings' | 'addEffort' | 'urlReached'>;

export type BackgroundEvidenceDeps = {
  recorder: EvidenceRecorder;
  capture: CaptureControl;
  reachedUrls: ReachedUrls;
  queue: SerialQueue;
};

const isRunning = (recording: Recording | null): recording is Recording => recording?.status === 'running';

const answer = (recording: Recording | null): MessageResponse => ({ ok: true, capturing: wantsEvidence(recording) });

/** A refusal by the recorder (e.g. the page-visit limit reached) is the caller's to know; the rest is routine. */
const outcome = (result: Result<Recording, RecorderError>, recording: Recording | null): MessageResponse =>
  !result.ok && result.error.code === 'invalid' ? { ok: false, code: 'invalid' } : answer(recording);

/**
 * What the background does with evidence: the message handlers, the tab events and the capture sync, all
 * run through one queue (see serial-queue.ts) and all reading the recording from IndexedDB each time.
 * Evidence is taken only while the recording runs: a paused walkthrough is a wait the sampler does not
 * control, so clicks, visits and tab switches then are not the journey's. Late timings of a visit made while
 * running are still kept during a pause.
 */
export const createBackgroundEvidence = ({ recorder, capture, reachedUrls, queue }: BackgroundEvidenceDeps) => {
  /** Auto-detection: the active tab reached `pageUrl` (already stripped). */
  const reach = async (recording: Recording, tabId: number, pageUrl: string): Promise<void> => {
    if (await reachedUrls.isNew(recording.id, tabId, pageUrl)) await recorder.urlReached(pageUrl);
  };

  const handlers: MessageHandlers = {
    'recording-changed': () =>
      queue(async () => {
        const recording = await recorder.current();
        await syncEvidenceCapture(recording, capture);
        return answer(recording);
      }),
    'page-visit': (message, sender) =>
      queue(async () => {
        const recording = await recorder.current();
        if (!isRunning(recording)) return answer(recording);
        const visited = await recorder.pageVisited({
          visitId: message.visitId,
          url: message.url,
          timings: message.timings,
        });
        if (visited.ok && message.navigated) {
          // Mark first: a load that reaches a step is that step's effort, whichever of tabs.onUpdated and this
          // message arrives first.
          if (sender.tabActive) await reach(recording, sender.tabId, message.url);
          await recorder.addEffort({ pageLoads: 1 });
        }
        return outcome(visited, recording);
      }),
    'page-timings': (message) =>
      queue(async () => {
        const recording = await recorder.current();
        if (!wantsEvidence(recording)) return answer(recording);
        return outcome(await recorder.pageTimings(message.visitId, message.timings), recording);
      }),
    effort: (message) =>
      queue(async () => {
        const recording = await recorder.current();
        if (!isRunning(recording) || message.clicks + message.keyPresses === 0) return answer(recording);
        return outcome(await recorder.addEffort({ clicks: message.clicks, keyPresses: message.keyPresses }), recording);
      }),
  };

  return {
    handlers,
    /** Registration follows the recording and the granted origins; see capture-sync.ts. */
    syncCapture: (): Promise<CaptureSyncOutcome> =>
      queue(async () => syncEvidenceCapture(await recorder.current(), capture)),
    /** tabs.onActivated: one more tab switch in the current step. */
    tabActivated: (): Promise<void> =>
      queue(async () => {
        if (isRunning(await recorder.current())) await recorder.addEffort({ tabSwitches: 1 });
      }),
    /**
     * tabs.onUpdated with a new address (the browser only tells us addresses of tabs we have host access to).
     * Only the active tab's navigations mark steps: a page loading in a background tab is not where the
     * sampler is.
     */
    tabNavigated: (tabId: number, url: string, active: boolean): Promise<void> =>
      queue(async () => {
        const pageUrl = toPageUrl(url);
        if (!active || pageUrl === null) return;
        const recording = await recorder.current();
        if (isRunning(recording)) await reach(recording, tabId, pageUrl);
      }),
    tabClosed: (tabId: number): Promise<void> => queue(() => reachedUrls.forgetTab(tabId)),
  };
};
export type BackgroundEvidence = ReturnType<typeof createBackgroundEvidence>;
