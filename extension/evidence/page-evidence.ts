import { type Metric, onCLS, onINP, onLCP, onTTFB } from 'web-vitals';
import type { PageTimings } from '../../shared/schemas/evidence.ts';
import { stripUrl } from '../../shared/schemas/strip-url.ts';
import { uuidV7 } from '../lib/uuid-v7.ts';
import type { ContentScriptMessage, MessageResponse } from '../messaging/protocol.ts';
import type { Delivery } from '../recorder/deliveries.ts';
import { createEffortBatcher } from './effort-batcher.ts';
import { createEvidenceOutbox } from './evidence-outbox.ts';
import { navigationTimings, vitalTimings } from './page-timings.ts';

export type VitalReporter = (report: (metric: Pick<Metric, 'name' | 'value'>) => void) => void;

export type PageEvidenceDeps = {
  /** The content script context's signal (ctx.signal): aborted when a newer copy starts or the extension reloads. */
  signal: AbortSignal;
  /**
   * runtime.sendMessage to the background, `delivery` added to the message; resolves with its reply
   * (undefined if none came). Keep-alives are sent without a delivery: they apply nothing.
   */
  send: (message: ContentScriptMessage, delivery?: Delivery) => Promise<MessageResponse | undefined>;
  newId?: () => string;
  /** How often counted effort and the address are checked; a second keeps the step attribution close. */
  flushIntervalMs?: number;
  /** web-vitals' onTTFB, onLCP, onCLS, onINP; replaceable in tests, where happy-dom has no such entries. */
  vitals?: readonly VitalReporter[];
};

const WEB_VITALS: readonly VitalReporter[] = [onTTFB, onLCP, onCLS, onINP];

/** navigation (the Navigation API) where the browser has it; typed loosely because lib.dom may lack it. */
const navigationApi = (): EventTarget | undefined => {
  const candidate: unknown = Reflect.get(globalThis, 'navigation');
  return candidate instanceof EventTarget ? candidate : undefined;
};

const whenLoaded = (signal: AbortSignal, then: () => void): void => {
  // loadEventEnd is set only after the load handlers return, hence the extra turn after `load`.
  const later = () => setTimeout(() => signal.aborted || then(), 0);
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true, signal });
};

/**
 * The evidence content script: runs in every frame of a page on a granted origin while a recording runs, and
 * reports to the background. Counts only; never which key, never what was clicked or typed.
 *
 * - Every frame: clicks and key presses (trusted events only, so page scripts cannot inflate them; held keys
 *   count once), flushed every second and when the page is hidden or left.
 * - Top frame of a visible page: a keep-alive (an empty effort report) in every second that sent nothing else,
 *   so the background is running when the page is left and its last counts arrive (see the timer below).
 * - Top frame only: a page visit for the document (with its Navigation Timing once loaded, and web-vitals
 *   TTFB/LCP/CLS/INP as they are reported), another visit for every same-document navigation that changes
 *   the stripped address (single-page apps), and one after a back/forward-cache restore (with only the vitals
 *   web-vitals reports after it: the navigation entry is the original load's). Its effort reports
 *   carry the page's own address.
 * - A page that was already open when the recording started (the script was injected late) is reported once
 *   it is visible, as not navigated, and with no timings: the background does not list that report (its load
 *   happened before the walkthrough); it lists the page under a visit of its own when the sampler first uses
 *   the tab (switches to it, or clicks or types in it; the first click is sent at once, with this address).
 *
 * Stops when `signal` aborts, or when the background answers that no recording wants evidence any more.
 */
export const capturePageEvidence = ({
  signal: contextSignal,
  send,
  newId = uuidV7,
  flushIntervalMs = 1000,
  vitals = WEB_VITALS,
}: PageEvidenceDeps): void => {
  const stop = new AbortController();
  const signal = stop.signal;
  const onReply = (reply: MessageResponse | undefined): void => {
    if (reply?.ok && !reply.capturing) stop.abort();
  };
  // Every report is kept until the background acknowledges it after committing it, and resent every tick
  // and when the page is hidden until then (see evidence-outbox.ts): a worker stopped with reports in its
  // queue loses nothing. The one remaining window: reports sent as the page is left (pagehide) cannot wait
  // for their acknowledgement; if the worker is stopped then, the browser may drop them with the page. The
  // keep-alive below keeps the worker running while the page is visible, which leaves only a worker stopped
  // (or crashing) in the last second before the page goes.
  const outbox = createEvidenceOutbox(newId(), send, onReply);
  /** Whether anything went to the background since the last tick; a quiet tick sends a keep-alive instead. */
  let reported = false;
  const report = (message: ContentScriptMessage): void => {
    if (signal.aborted) return;
    reported = true;
    outbox.add(message);
  };

  const isTop = window === window.top;
  // Read as the counts leave: for the first click that is at the click itself, before a link's navigation.
  const effort = createEffortBatcher((counts) => {
    const url = isTop ? stripUrl(location.href) : null;
    report({ type: 'effort', ...counts, ...(url === null ? {} : { url }) });
  });
  contextSignal.addEventListener(
    'abort',
    () => {
      // A newer copy of this script takes over (or the extension reloads): hand over what was counted.
      if (!signal.aborted) {
        effort.flush();
        sendHiddenTimings();
        outbox.flush();
      }
      stop.abort();
    },
    { once: true },
  );
  if (contextSignal.aborted) {
    stop.abort();
    return;
  }

  const listen = { capture: true, passive: true, signal };
  const onClick = (event: Event) => event.isTrusted && effort.click();
  window.addEventListener('click', onClick, listen);
  window.addEventListener('auxclick', onClick, listen);
  window.addEventListener('keydown', (event) => event.isTrusted && !event.repeat && effort.keyPress(), listen);
  const hiding = () => {
    effort.flush();
    outbox.flush();
  };
  window.addEventListener('pagehide', hiding, { signal });
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && hiding(), {
    signal,
  });

  let lastUrl = stripUrl(location.href);
  /** Whether this document's visit was reported (at once, or once an injected script's page became visible). */
  let documentReported = false;
  /**
   * The visit whose document load the timings describe: null for a same-document visit (no load of its own)
   * and for a page found open at Start (its load is not the walkthrough's).
   */
  let loadVisitId: string | null = null;

  const visit = (navigated: boolean): string | null => {
    const url = stripUrl(location.href);
    lastUrl = url;
    if (url === null) return null;
    const visitId = newId();
    report({ type: 'page-visit', visitId, url, timings: {}, navigated });
    return visitId;
  };
  /**
   * Timings reported while the page is hidden (web-vitals reports LCP and CLS then, from one listener each),
   * held and sent as one message by the listener registered after web-vitals' own (below): every message is a
   * transaction of the background's, and these come as the next page loads (docs/decisions.md, "Mark step and
   * page load"). Otherwise sent at once.
   */
  let hiddenTimings: { visitId: string; timings: PageTimings } | null = null;
  const sendHiddenTimings = (): void => {
    if (hiddenTimings === null) return;
    report({ type: 'page-timings', ...hiddenTimings });
    hiddenTimings = null;
  };
  const reportTimings = (timings: PageTimings): void => {
    if (loadVisitId === null || Object.keys(timings).length === 0) return;
    if (document.visibilityState !== 'hidden') {
      sendHiddenTimings();
      report({ type: 'page-timings', visitId: loadVisitId, timings });
      return;
    }
    if (hiddenTimings !== null && hiddenTimings.visitId !== loadVisitId) sendHiddenTimings();
    hiddenTimings = { visitId: loadVisitId, timings: { ...hiddenTimings?.timings, ...timings } };
  };
  /**
   * `load`: 'document' for a document this script saw load (its Navigation Timing is reported once loaded),
   * 'restored' for one shown again from the back/forward cache (a load the walkthrough saw, but the document's
   * navigation entry still describes its original load, long before, perhaps before Start: only what web-vitals
   * reports after the restore goes with it), 'none' for a page found open at Start.
   */
  const loadVisit = (load: 'document' | 'restored' | 'none'): void => {
    documentReported = true;
    const visitId = visit(load !== 'none');
    loadVisitId = load === 'none' ? null : visitId;
    if (load !== 'document') return;
    whenLoaded(signal, () => {
      // Only for the visit of this load: a restore since then is a visit of its own.
      if (loadVisitId !== visitId) return;
      const [entry] = performance.getEntriesByType('navigation');
      if (typeof PerformanceNavigationTiming === 'function' && entry instanceof PerformanceNavigationTiming) {
        reportTimings(navigationTimings(entry));
      }
    });
  };
  const checkAddress = (): void => {
    const url = stripUrl(location.href);
    if (url !== lastUrl) visit(true);
  };

  const timer = setInterval(() => {
    outbox.flush();
    effort.flush();
    sendHiddenTimings();
    if (isTop) {
      checkAddress();
      // Keep-alive: the background is woken by a message, but one sent as the page is left (the last
      // click's flush on pagehide) is dropped by the browser when the page is gone before the stopped
      // worker has started. So the page in front keeps the worker from idling out (30 s without an event)
      // and wakes it within a tick if the browser stopped it anyway: an empty effort report, which the
      // background answers without writing anything (and whose reply stops this script once the
      // recording no longer wants evidence).
      if (!reported && document.visibilityState === 'visible') {
        send({ type: 'effort', clicks: 0, keyPresses: 0 }).then(onReply, () => undefined);
      }
    }
    reported = false;
  }, flushIntervalMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  if (!isTop) return;

  // A script registered at document_start sees the document still loading; an injected one does not.
  const alreadyOpen = document.readyState !== 'loading';
  if (!alreadyOpen || document.visibilityState === 'visible') loadVisit(alreadyOpen ? 'none' : 'document');
  else {
    const onVisible = () => {
      if (document.visibilityState !== 'visible' || documentReported) return;
      document.removeEventListener('visibilitychange', onVisible);
      loadVisit('none');
    };
    document.addEventListener('visibilitychange', onVisible, { signal });
  }

  // Same-document navigations; the interval above catches them in browsers without the Navigation API.
  navigationApi()?.addEventListener('currententrychange', checkAddress, { signal });
  window.addEventListener('pageshow', (event) => event.persisted && loadVisit('restored'), { signal });

  // web-vitals is registered once the document has loaded, not at document_start: its observers and listeners,
  // set up while the page loads, made the test page's load 1.4-1.6x slower (bench/page-overhead.ts; see
  // docs/decisions.md, "Mark step and page load, measured"). Registered later, it still reports what happened
  // before (its observers ask for buffered entries; TTFB comes from Navigation Timing). A page left before its
  // load ends reports no vitals (its visit and effort still go).
  whenLoaded(signal, () => {
    for (const onVital of vitals) onVital((metric) => reportTimings(vitalTimings(metric.name, metric.value)));
    // After web-vitals' listeners (same event, registered later: called later), so it sends what they reported.
    const sendHidden = () => {
      sendHiddenTimings();
      outbox.flush();
    };
    document.addEventListener('visibilitychange', sendHidden, { signal });
    window.addEventListener('pagehide', sendHidden, { signal });
  });
};
