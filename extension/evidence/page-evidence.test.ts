import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import type { ContentScriptMessage, MessageResponse } from '../messaging/protocol.ts';
import { capturePageEvidence, type VitalReporter } from './page-evidence.ts';

// happy-dom runs the script as if injected into a page that is already loaded and visible (readyState is
// complete), has no Navigation API (so the one-second check finds same-document navigations) and marks
// dispatched events untrusted; `trusted` stands in for the browser's own input events.
const trusted = <E extends Event>(event: E): E => {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
};

const running: AbortController[] = [];

/** Effort reports that carry counts (a quiet second of a visible page sends an empty one as a keep-alive). */
const counted = (sent: readonly ContentScriptMessage[]) =>
  sent.filter((m) => m.type === 'effort' && m.clicks + m.keyPresses > 0);
const keepAlives = (sent: readonly ContentScriptMessage[]) =>
  sent.filter((m) => m.type === 'effort' && m.clicks + m.keyPresses === 0);

const start = (reply: MessageResponse = { ok: true, capturing: true }) => {
  const sent: ContentScriptMessage[] = [];
  const send = vi.fn(async (message: ContentScriptMessage) => {
    sent.push(message);
    return reply;
  });
  const context = new AbortController();
  running.push(context);
  let reportVital: Parameters<VitalReporter>[0] | undefined;
  const lcp: VitalReporter = (report) => {
    reportVital = report;
  };
  capturePageEvidence({
    signal: context.signal,
    send,
    newId: createIdGenerator(0xce),
    flushIntervalMs: 1000,
    vitals: [lcp],
  });
  return {
    sent,
    send,
    context,
    vitalsRegistered: () => reportVital !== undefined,
    vital: (name: 'LCP' | 'CLS', value: number) => reportVital?.({ name, value }),
  };
};

beforeEach(() => {
  vi.useFakeTimers();
  history.replaceState({}, '', '/reset/1?token=secret#top');
});

afterEach(() => {
  for (const context of running.splice(0)) context.abort();
  vi.useRealTimers();
});

describe('capturePageEvidence', () => {
  it('reports a page already open at Start, stripped, as not navigated, and none of its old load', async () => {
    const { sent, vital, vitalsRegistered } = start();
    // web-vitals is registered only after the load (one turn after it here, the page being loaded already): at
    // document_start its observers slowed the page's load (bench/page-overhead.ts).
    expect(vitalsRegistered()).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(vitalsRegistered()).toBe(true);
    expect(sent).toEqual([
      {
        type: 'page-visit',
        visitId: expect.any(String),
        url: `${location.origin}/reset/1`,
        timings: {},
        navigated: false,
      },
    ]);
    // Its load happened before the walkthrough: that visit is never listed, so its vitals are not sent.
    vital('LCP', 812.4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.filter((m) => m.type === 'page-timings')).toEqual([]);
  });

  it('reports the vitals of a load the walkthrough saw (a back/forward-cache restore) with that visit', async () => {
    const { sent, vital } = start();
    await vi.advanceTimersByTimeAsync(0);
    const restored = new Event('pageshow');
    Object.defineProperty(restored, 'persisted', { value: true });
    window.dispatchEvent(restored);
    const visit = sent.at(-1);
    expect(visit).toMatchObject({ type: 'page-visit', navigated: true });
    vital('LCP', 812.4);
    vital('CLS', 0.05);
    const visitId = visit?.type === 'page-visit' ? visit.visitId : null;
    expect(sent.filter((m) => m.type === 'page-timings')).toEqual([
      { type: 'page-timings', visitId, timings: { lcpMs: 812 } },
      { type: 'page-timings', visitId, timings: { cls: 0.05 } },
    ]);
  });

  it('reports a back/forward-cache restore without the navigation timings of the document’s original load', async () => {
    // happy-dom has no Navigation Timing: a navigation entry as Chromium's, describing the document's first load
    // (for the page open at Start, a load from before the walkthrough).
    class NavigationEntry {
      readonly responseStart = 120;
      readonly domContentLoadedEventEnd = 480;
      readonly loadEventEnd = 910;
    }
    vi.stubGlobal('PerformanceNavigationTiming', NavigationEntry);
    const entries = vi.spyOn(performance, 'getEntriesByType').mockReturnValue([new NavigationEntry()] as never);
    try {
      const { sent, vital } = start();
      await vi.advanceTimersByTimeAsync(0);
      const restored = new Event('pageshow');
      Object.defineProperty(restored, 'persisted', { value: true });
      window.dispatchEvent(restored);
      const visit = sent.at(-1);
      expect(visit).toMatchObject({ type: 'page-visit', navigated: true, timings: {} });
      const visitId = visit?.type === 'page-visit' ? visit.visitId : null;
      await vi.advanceTimersByTimeAsync(1000);
      // What web-vitals reports after the restore still goes with the restored visit.
      vital('LCP', 96);
      expect(sent.filter((m) => m.type === 'page-timings')).toEqual([
        { type: 'page-timings', visitId, timings: { lcpMs: 96 } },
      ]);
    } finally {
      entries.mockRestore();
      vi.unstubAllGlobals();
    }
  });

  it('sends the vitals reported as the page is hidden together, in one message', async () => {
    const sent: ContentScriptMessage[] = [];
    const context = new AbortController();
    running.push(context);
    // As web-vitals does: each metric reports from a visibilitychange listener of its own, added when registered.
    const onHidden =
      (name: 'LCP' | 'CLS', value: number): VitalReporter =>
      (report) =>
        document.addEventListener('visibilitychange', () => {
          if (document.visibilityState === 'hidden') report({ name, value });
        });
    capturePageEvidence({
      signal: context.signal,
      send: async (message) => {
        sent.push(message);
        return { ok: true, capturing: true };
      },
      newId: createIdGenerator(0xd1),
      vitals: [onHidden('LCP', 640), onHidden('CLS', 0.02)],
    });
    await vi.advanceTimersByTimeAsync(0);
    // A load the walkthrough saw (restored from the back/forward cache), so its timings are reported.
    const restored = new Event('pageshow');
    Object.defineProperty(restored, 'persisted', { value: true });
    window.dispatchEvent(restored);
    const visit = sent.at(-1);
    const visitId = visit?.type === 'page-visit' ? visit.visitId : null;
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      visibility.mockRestore();
    }
    expect(sent.filter((m) => m.type === 'page-timings')).toEqual([
      { type: 'page-timings', visitId, timings: { lcpMs: 640, cls: 0.02 } },
    ]);
  });

  it('counts trusted clicks and key presses (a held key once), flushed every second, counts only', async () => {
    const { sent } = start();
    const url = `${location.origin}/reset/1`;
    // The first is sent at once, with the page's address: it may be a click on a link that leaves the page.
    window.dispatchEvent(trusted(new MouseEvent('click')));
    expect(sent.filter((m) => m.type === 'effort')).toEqual([{ type: 'effort', clicks: 1, keyPresses: 0, url }]);
    document.body.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    document.body.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'p', bubbles: true })));
    document.body.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'p', repeat: true, bubbles: true })));
    expect(sent.filter((m) => m.type === 'effort')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(counted(sent)).toEqual([
      { type: 'effort', clicks: 1, keyPresses: 0, url },
      { type: 'effort', clicks: 1, keyPresses: 1, url },
    ]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(counted(sent)).toHaveLength(2);
  });

  it('does not count events a page script dispatches', async () => {
    const { sent } = start();
    for (let i = 0; i < 10; i += 1) document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    await vi.advanceTimersByTimeAsync(2000);
    expect(counted(sent)).toEqual([]);
  });

  it('flushes at once when the page is left', async () => {
    const { sent } = start();
    document.body.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    document.body.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    window.dispatchEvent(new Event('pagehide'));
    expect(counted(sent).map((m) => (m.type === 'effort' ? m.clicks : 0))).toEqual([1, 1]);
  });

  it('keeps the background awake: an empty effort report in each second that sent nothing, while visible', async () => {
    // The worker is woken by a message, but the browser drops one sent as the page is left (the last click's
    // flush) when the page is gone before a stopped worker has started: so the worker must already be running.
    const { sent } = start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((m) => m.type)).toEqual(['page-visit']); // the visit went out in that second
    await vi.advanceTimersByTimeAsync(2000);
    expect(keepAlives(sent)).toEqual([
      { type: 'effort', clicks: 0, keyPresses: 0 },
      { type: 'effort', clicks: 0, keyPresses: 0 },
    ]);
    // A second with counts sends those, and no keep-alive beside them.
    document.body.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.slice(-1)).toEqual([{ type: 'effort', clicks: 1, keyPresses: 0, url: `${location.origin}/reset/1` }]);
    expect(keepAlives(sent)).toHaveLength(2);
    // A hidden page does not keep the worker up: the sampler is elsewhere.
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    try {
      await vi.advanceTimersByTimeAsync(3000);
      expect(keepAlives(sent)).toHaveLength(2);
    } finally {
      visibility.mockRestore();
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(keepAlives(sent)).toHaveLength(3);
  });

  it('reports a same-document navigation as a navigated visit, but not a query-only change', async () => {
    const { sent } = start();
    history.pushState({}, '', '/reset/2');
    await vi.advanceTimersByTimeAsync(1000);
    history.replaceState({}, '', '/reset/2?filter=mine');
    await vi.advanceTimersByTimeAsync(1000);
    const visits = sent.flatMap((m) => (m.type === 'page-visit' ? [[m.url, m.navigated]] : []));
    expect(visits).toEqual([
      [`${location.origin}/reset/1`, false],
      [`${location.origin}/reset/2`, true],
    ]);
  });

  it('stops when the background answers that no recording wants evidence', async () => {
    const { sent } = start({ ok: true, capturing: false });
    await vi.advanceTimersByTimeAsync(0);
    history.pushState({}, '', '/reset/3');
    document.body.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent.map((m) => m.type)).toEqual(['page-visit']);
  });

  it('hands over its counts and stops when the context ends (a newer copy, or the extension reloads)', async () => {
    const { sent, context } = start();
    // The first key press leaves at once; the second waits for the next flush, which the context's end brings.
    document.body.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'x', bubbles: true })));
    document.body.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'w', bubbles: true })));
    context.abort();
    history.pushState({}, '', '/reset/4');
    document.body.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'y', bubbles: true })));
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent.map((m) => m.type)).toEqual(['page-visit', 'effort', 'effort']);
    expect(sent[2]).toEqual({ type: 'effort', clicks: 0, keyPresses: 1, url: `${location.origin}/reset/1` });
  });

  it('resends a report the background did not acknowledge on the next tick, with the same delivery id', async () => {
    const replies: (MessageResponse | undefined)[] = [undefined];
    const sent: [ContentScriptMessage, unknown][] = [];
    const context = new AbortController();
    running.push(context);
    capturePageEvidence({
      signal: context.signal,
      send: async (message, delivery) => {
        sent.push([message, delivery]);
        return replies.length > 0 ? replies.shift() : { ok: true, capturing: true };
      },
      newId: createIdGenerator(0xcf),
      vitals: [],
    });
    await vi.advanceTimersByTimeAsync(1000);
    const visits = sent.filter(([m]) => m.type === 'page-visit');
    expect(visits).toHaveLength(2);
    expect(visits[1]).toEqual(visits[0]);
    expect(visits[0]?.[1]).toMatchObject({ seq: 1, acked: 0 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent.filter(([m]) => m.type === 'page-visit')).toHaveLength(2);
  });
});
