import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { createSerialQueue } from '../lib/serial-queue.ts';
import type { ContentScriptSender } from '../messaging/sender.ts';
import {
  currentWithPages,
  TEST_ENVIRONMENT,
  unwrap,
  useRecorderHarness,
} from '../recorder/testing/recorder-harness.ts';
import { createBackgroundEvidence } from './background-evidence.ts';
import type { CaptureControl } from './capture-sync.ts';
import { createReachedUrls, type SessionStore } from './reached-urls.ts';
import { createUsedTabs } from './used-tabs.ts';

const harness = useRecorderHarness();

const memoryStore = (): SessionStore => {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => items.get(key),
    set: async (key, value) => {
      items.set(key, structuredClone(value));
    },
    remove: async (key) => {
      items.delete(key);
    },
  };
};

const noCapture: CaptureControl = {
  grantedOrigins: async () => [],
  excludedPages: async () => [],
  registered: async () => null,
  register: async () => {},
  update: async () => {},
  unregister: async () => {},
  injectIntoOpenTabs: async () => {},
};

// The fixture journey: steps match https://portal.example.com/reset/<n>/*.
const journey = makeJourney();
const STEP_2_URL = 'https://portal.example.com/reset/2/start';
const activeTab: ContentScriptSender = {
  kind: 'content-script',
  tabId: 7,
  frameId: 0,
  url: STEP_2_URL,
  tabActive: true,
};
const ids = createIdGenerator(0xb6);

/** Tabs the fake browser knows, by id: their address as tabs.get gives it to a granted extension. */
const OPEN_TABS: ReadonlyMap<number, string> = new Map([
  [7, STEP_2_URL],
  [8, 'https://portal.example.com/home?from=mail#top'],
]);

const setup = async (start = true) => {
  const h = harness();
  if (start) unwrap(await h.recorder.start({ journey }, TEST_ENVIRONMENT));
  const reached: number[] = [];
  const evidence = createBackgroundEvidence({
    recorder: h.recorder,
    capture: noCapture,
    reachedUrls: createReachedUrls(memoryStore()),
    usedTabs: createUsedTabs(memoryStore()),
    capturedTabPage: async (tabId, reported) => reported ?? OPEN_TABS.get(tabId) ?? null,
    queue: createSerialQueue(),
    newId: ids,
    stepReached: () => reached.push(reached.length + 1),
  });
  const visit = (url: string, sender: ContentScriptSender = activeTab, navigated = true) =>
    evidence.handlers['page-visit']({ type: 'page-visit', visitId: ids(), url, timings: {}, navigated }, sender);
  return { ...h, evidence, visit, reached };
};

describe('background evidence handlers', () => {
  it('records a visit, counts its page load in the step it reached, and auto-marks that step', async () => {
    const { evidence, recorder, clock, visit } = await setup();
    clock.advance(5000);
    expect(await visit(STEP_2_URL)).toEqual({ ok: true, capturing: true });

    const recording = await currentWithPages(recorder);
    expect(recording?.pages.map((p) => [p.url, p.atMs])).toEqual([[STEP_2_URL, 5000]]);
    expect(recording?.stepMarks.map((m) => [m.name, m.source, m.effort?.pageLoads])).toEqual([
      ['Open the portal', 'manual', undefined],
      ['Verify identity', 'auto', 1],
    ]);
    expect(await evidence.handlers.effort({ type: 'effort', clicks: 2, keyPresses: 5 }, activeTab)).toEqual({
      ok: true,
      capturing: true,
    });
    expect((await recorder.current())?.stepMarks[1]?.effort).toEqual({
      clicks: 2,
      keyPresses: 5,
      pageLoads: 1,
      tabSwitches: 0,
    });
  });

  it('does not auto-mark from a background tab, and does not list a page that was already open', async () => {
    const { recorder, visit } = await setup();
    await visit(STEP_2_URL, { ...activeTab, tabActive: false });
    await visit(STEP_2_URL, activeTab, false);
    const recording = await currentWithPages(recorder);
    expect(recording?.pages).toHaveLength(1);
    expect(recording?.stepMarks).toHaveLength(1);
    // The background tab's load still counts as effort; the already-open page does not.
    expect(recording?.stepMarks[0]?.effort?.pageLoads).toBe(1);
  });

  it('lists a tab open before Start only once it is used: switched to (without its old timings) or navigated', async () => {
    const { evidence, recorder, clock } = await setup();
    const oldTab = { ...activeTab, tabId: 8, url: 'https://portal.example.com/home' };
    // At Start the script is injected into tab 8 and reports the page it found, with its old load's timings.
    const visitId = ids();
    expect(
      await evidence.handlers['page-visit'](
        { type: 'page-visit', visitId, url: 'https://portal.example.com/home', timings: {}, navigated: false },
        oldTab,
      ),
    ).toEqual({ ok: true, capturing: true });
    await evidence.handlers['page-timings'](
      { type: 'page-timings', visitId, timings: { ttfbMs: 90, loadMs: 400 } },
      oldTab,
    );
    expect((await currentWithPages(recorder))?.pages).toEqual([]);

    // The sampler switches to it 6 s in: listed then, stripped, with no timings (nothing loaded); once only.
    clock.advance(6000);
    await evidence.tabActivated(8);
    await evidence.handlers['page-timings'](
      { type: 'page-timings', visitId, timings: { ttfbMs: 90, loadMs: 400 } },
      oldTab,
    );
    clock.advance(1000);
    await evidence.tabActivated(7);
    await evidence.tabActivated(8);
    const recording = await currentWithPages(recorder);
    expect(recording?.pages.map((p) => [p.url, p.atMs, p.timings])).toEqual([
      ['https://portal.example.com/home', 6000, {}],
      [STEP_2_URL, 7000, {}],
    ]);
    // Switching is a tab switch, never a page load, and reaches no step.
    expect(recording?.stepMarks.map((m) => [m.name, m.effort])).toEqual([
      ['Open the portal', { clicks: 0, keyPresses: 0, pageLoads: 0, tabSwitches: 3 }],
    ]);
  });

  it('does not list a tab switched to again after it navigated in the walkthrough, nor one it cannot see', async () => {
    const { evidence, recorder, clock, visit } = await setup();
    clock.advance(2000);
    await visit(STEP_2_URL);
    await evidence.tabActivated(7);
    await evidence.tabActivated(99);
    // A navigation in a background tab is a use too once its script lists that load.
    await evidence.tabNavigated(8, 'https://portal.example.com/home', false);
    await visit('https://portal.example.com/home', { ...activeTab, tabId: 8, tabActive: false });
    await evidence.tabActivated(8);
    expect((await currentWithPages(recorder))?.pages.map((p) => p.url)).toEqual([
      STEP_2_URL,
      'https://portal.example.com/home',
    ]);
    expect((await recorder.current())?.stepMarks.at(-1)?.effort?.tabSwitches).toBe(3);
  });

  it('lists the page Start was pressed on, then the page its link loads, whichever the background hears first', async () => {
    const { evidence, recorder, clock, visit } = await setup();
    // Tab 9 was open before Start; its link is clicked. tabs.onUpdated reports the navigation before the click's
    // report arrives, and the tab cannot be read any more (it is loading the next page).
    const startTab = { ...activeTab, tabId: 9, url: 'https://portal.example.com/home' };
    clock.advance(1000);
    await evidence.tabNavigated(9, STEP_2_URL, true);
    clock.advance(10);
    await evidence.handlers.effort(
      { type: 'effort', clicks: 1, keyPresses: 0, url: 'https://portal.example.com/home' },
      startTab,
    );
    clock.advance(10);
    await visit(STEP_2_URL, { ...startTab, url: STEP_2_URL });
    const recording = await currentWithPages(recorder);
    expect(recording?.pages.map((p) => [p.url, p.atMs])).toEqual([
      ['https://portal.example.com/home', 1010],
      [STEP_2_URL, 1020],
    ]);
    // Listed once: later clicks in it, and a switch back to it, list nothing more.
    await evidence.handlers.effort({ type: 'effort', clicks: 1, keyPresses: 0, url: STEP_2_URL }, startTab);
    await evidence.tabActivated(9);
    expect((await currentWithPages(recorder))?.pages).toHaveLength(2);
  });

  it("lists a frame's first click under the tab's address, not the frame's", async () => {
    const { evidence, recorder } = await setup();
    const frame = { ...activeTab, tabId: 8, frameId: 3, url: 'https://widgets.example.com/chat' };
    await evidence.handlers.effort(
      { type: 'effort', clicks: 1, keyPresses: 0, url: 'https://widgets.example.com/chat' },
      frame,
    );
    expect((await currentWithPages(recorder))?.pages.map((p) => p.url)).toEqual(['https://portal.example.com/home']);
  });

  it('answers a keep-alive without writing anything', async () => {
    const { evidence, db } = await setup();
    const before = await db.recordings.toArray();
    expect(await evidence.handlers.effort({ type: 'effort', clicks: 0, keyPresses: 0 }, activeTab)).toEqual({
      ok: true,
      capturing: true,
    });
    // The same row, rev included: no transaction rewrote it.
    expect(await db.recordings.toArray()).toEqual(before);
  });

  it('lists a tab open before Start at the first click or key press in it, once; keep-alives list nothing', async () => {
    const { evidence, recorder, clock } = await setup();
    const oldTab = { ...activeTab, tabId: 8, url: 'https://portal.example.com/home' };
    await evidence.handlers.effort({ type: 'effort', clicks: 0, keyPresses: 0 }, oldTab);
    expect((await currentWithPages(recorder))?.pages).toEqual([]);
    clock.advance(3000);
    await evidence.handlers.effort({ type: 'effort', clicks: 1, keyPresses: 0 }, oldTab);
    clock.advance(1000);
    await evidence.handlers.effort({ type: 'effort', clicks: 0, keyPresses: 2 }, oldTab);
    await evidence.tabActivated(8);
    const recording = await currentWithPages(recorder);
    expect(recording?.pages.map((p) => [p.url, p.atMs, p.timings])).toEqual([
      ['https://portal.example.com/home', 3000, {}],
    ]);
    expect(recording?.stepMarks[0]?.effort).toEqual({ clicks: 1, keyPresses: 2, pageLoads: 0, tabSwitches: 1 });
  });

  it('lists a used tab again in a later walkthrough only once it is used in that one', async () => {
    const { evidence, recorder } = await setup();
    await evidence.tabActivated(8);
    expect((await currentWithPages(recorder))?.pages).toHaveLength(1);
    unwrap(await recorder.discard());
    unwrap(await recorder.start({ journey }, TEST_ENVIRONMENT));
    expect((await currentWithPages(recorder))?.pages).toEqual([]);
    await evidence.tabActivated(8);
    expect((await currentWithPages(recorder))?.pages.map((p) => p.url)).toEqual(['https://portal.example.com/home']);
  });

  it('tells the badge about a step reached by a page load or a navigation, and about nothing else', async () => {
    const { evidence, visit, reached } = await setup();
    await visit('https://portal.example.com/home');
    await evidence.handlers.effort({ type: 'effort', clicks: 3, keyPresses: 1 }, activeTab);
    await evidence.tabActivated(8);
    expect(reached).toEqual([]);
    await visit(STEP_2_URL);
    expect(reached).toEqual([1]);
    await evidence.tabNavigated(7, 'https://portal.example.com/reset/3/', true);
    expect(reached).toEqual([1, 2]);
    await evidence.tabNavigated(7, 'https://portal.example.com/elsewhere', true);
    expect(reached).toEqual([1, 2]);
  });

  it('reports one navigation once, though tabs.onUpdated and the page visit both see it', async () => {
    const { evidence, recorder, visit } = await setup();
    await evidence.tabNavigated(7, `${STEP_2_URL}?session=1#top`, true);
    await visit(STEP_2_URL);
    // Step 3's pattern does not match; but a second report of the same page must not move on either.
    expect((await recorder.current())?.stepMarks.map((m) => m.name)).toEqual(['Open the portal', 'Verify identity']);
    await evidence.tabNavigated(7, 'https://portal.example.com/reset/3/', true);
    expect((await recorder.current())?.stepMarks.map((m) => m.name)).toEqual([
      'Open the portal',
      'Verify identity',
      'Set a new password',
    ]);
  });

  it('ignores tabs.onUpdated for inactive tabs and non-http pages', async () => {
    const { evidence, recorder } = await setup();
    await evidence.tabNavigated(7, STEP_2_URL, false);
    await evidence.tabNavigated(7, 'chrome://newtab/', true);
    expect((await recorder.current())?.stepMarks).toHaveLength(1);
  });

  it('counts tab switches only while running', async () => {
    const { evidence, recorder } = await setup();
    await evidence.tabActivated(99);
    await evidence.tabActivated(98);
    unwrap(await recorder.pause('call'));
    await evidence.tabActivated(8);
    expect((await recorder.current())?.stepMarks[0]?.effort?.tabSwitches).toBe(2);
  });

  it('takes no visits or effort while paused, but keeps late timings of earlier visits', async () => {
    const { evidence, recorder, visit } = await setup();
    const visitId = ids();
    await evidence.handlers['page-visit'](
      { type: 'page-visit', visitId, url: 'https://portal.example.com/home', timings: { ttfbMs: 80 }, navigated: true },
      activeTab,
    );
    unwrap(await recorder.pause('email'));
    expect(await visit('https://portal.example.com/other')).toEqual({ ok: true, capturing: true });
    await evidence.handlers.effort({ type: 'effort', clicks: 3, keyPresses: 3 }, activeTab);
    await evidence.handlers['page-timings']({ type: 'page-timings', visitId, timings: { lcpMs: 1200 } }, activeTab);

    const recording = await currentWithPages(recorder);
    expect(recording?.pages.map((p) => [p.url, p.timings])).toEqual([
      ['https://portal.example.com/home', { ttfbMs: 80, lcpMs: 1200 }],
    ]);
    expect(recording?.stepMarks[0]?.effort).toEqual({ clicks: 0, keyPresses: 0, pageLoads: 1, tabSwitches: 0 });
  });

  it('tells the content script to stop when no recording wants evidence', async () => {
    const { evidence, visit, db } = await setup(false);
    expect(await visit(STEP_2_URL)).toEqual({ ok: true, capturing: false });
    expect(await evidence.handlers.effort({ type: 'effort', clicks: 1, keyPresses: 0 }, activeTab)).toEqual({
      ok: true,
      capturing: false,
    });
    expect(await db.recordings.count()).toBe(0);
  });

  it('answers recording-changed after bringing capture in line', async () => {
    const { evidence } = await setup();
    expect(
      await evidence.handlers['recording-changed']({ type: 'recording-changed' }, { kind: 'extension-page' }),
    ).toEqual({ ok: true, capturing: true });
    expect(await evidence.syncCapture()).toBe('idle');
  });

  it('applies a resent delivery once: effort and page loads are not counted twice, a gap is not applied', async () => {
    const { evidence, recorder } = await setup();
    const instance = ids();
    const delivery = (seq: number, acked = seq - 1) => ({ instance, seq, acked });
    const effort = (seq: number, acked?: number) =>
      evidence.handlers.effort({ type: 'effort', clicks: 2, keyPresses: 1, delivery: delivery(seq, acked) }, activeTab);
    const visitId = ids();
    const visit = () =>
      evidence.handlers['page-visit'](
        { type: 'page-visit', visitId, url: STEP_2_URL, timings: {}, navigated: true, delivery: delivery(1) },
        activeTab,
      );
    expect(await visit()).toEqual({ ok: true, capturing: true });
    expect(await visit()).toEqual({ ok: true, capturing: true }); // the acknowledgement was lost: sent again
    expect(await effort(2)).toEqual({ ok: true, capturing: true });
    expect(await effort(2)).toEqual({ ok: true, capturing: true });
    expect(await effort(2, 0)).toEqual({ ok: true, capturing: true });
    // seq 3 never arrived (lost with a stopped worker): 4 must wait for it, unacknowledged.
    expect(await effort(4, 2)).toEqual({ ok: false, code: 'failed' });
    let recording = await currentWithPages(recorder);
    expect(recording?.pages).toHaveLength(1);
    expect(recording?.stepMarks.map((m) => [m.name, m.effort])).toEqual([
      ['Open the portal', undefined],
      ['Verify identity', { clicks: 2, keyPresses: 1, pageLoads: 1, tabSwitches: 0 }],
    ]);
    expect(await effort(3, 2)).toEqual({ ok: true, capturing: true });
    expect(await effort(4, 3)).toEqual({ ok: true, capturing: true });
    recording = await currentWithPages(recorder);
    expect(recording?.stepMarks[1]?.effort).toEqual({ clicks: 6, keyPresses: 3, pageLoads: 1, tabSwitches: 0 });
    expect(recording?.deliveries).toEqual([{ instance, seq: 4 }]);
  });

  it('stores the tab bookkeeping of a visit resent after its first delivery committed without it', async () => {
    const { evidence, recorder } = await setup();
    const delivery = { instance: ids(), seq: 1, acked: 0 };
    const message = {
      type: 'page-visit',
      visitId: ids(),
      url: STEP_2_URL,
      timings: {},
      navigated: true,
      delivery,
    } as const;
    expect(await evidence.handlers['page-visit'](message, activeTab)).toEqual({ ok: true, capturing: true });
    // The worker stopped after the commit and before the tab's reached address and use were stored: a new
    // background over the same database, with empty session stores, gets the visit again.
    const reachedUrls = createReachedUrls(memoryStore());
    const usedTabs = createUsedTabs(memoryStore());
    const restarted = createBackgroundEvidence({
      recorder,
      capture: noCapture,
      reachedUrls,
      usedTabs,
      capturedTabPage: async (tabId, reported) => reported ?? OPEN_TABS.get(tabId) ?? null,
      queue: createSerialQueue(),
      newId: ids,
      stepReached: () => {},
    });
    expect(await restarted.handlers['page-visit'](message, activeTab)).toEqual({ ok: true, capturing: true });
    const id = (await recorder.current())?.id ?? '';
    expect(await usedTabs.isUsed(id, 7)).toBe(true);
    expect((await reachedUrls.last(7))?.url).toBe(STEP_2_URL);
    // So a switch back to the tab lists nothing more, and its load event reaches nothing new.
    await restarted.tabActivated(7);
    await restarted.tabNavigated(7, STEP_2_URL, true);
    const recording = await currentWithPages(recorder);
    expect(recording?.pages).toHaveLength(1);
    expect(recording?.stepMarks.map((m) => m.name)).toEqual(['Open the portal', 'Verify identity']);
  });

  it('does not let a resent older timing replace a newer one', async () => {
    const { evidence, recorder } = await setup();
    const instance = ids();
    const visitId = ids();
    await evidence.handlers['page-visit'](
      {
        type: 'page-visit',
        visitId,
        url: STEP_2_URL,
        timings: {},
        navigated: true,
        delivery: { instance, seq: 1, acked: 0 },
      },
      activeTab,
    );
    const timings = (seq: number, lcpMs: number) =>
      evidence.handlers['page-timings'](
        { type: 'page-timings', visitId, timings: { lcpMs }, delivery: { instance, seq, acked: 1 } },
        activeTab,
      );
    await timings(2, 800);
    await timings(3, 1200);
    await timings(2, 800);
    expect((await currentWithPages(recorder))?.pages[0]?.timings).toEqual({ lcpMs: 1200 });
  });

  it('marks the step a visit reaches before recording the visit, in one transaction', async () => {
    const { evidence, recorder, clock, visit } = await setup();
    clock.advance(4000);
    await visit('https://portal.example.com/home');
    clock.advance(3000);
    await visit(STEP_2_URL);
    const recording = await currentWithPages(recorder);
    const mark = recording?.stepMarks[1];
    const page = recording?.pages[1];
    expect([mark?.name, mark?.atMs, page?.url, page?.atMs]).toEqual(['Verify identity', 7000, STEP_2_URL, 7000]);
    // Listed under the step it triggered: no mark after it, and the mark is not later than the visit.
    expect(recording?.stepMarks.filter((m) => m.atMs > (page?.atMs ?? 0))).toEqual([]);
    // tabs.onUpdated afterwards for the same address marks nothing more.
    await evidence.tabNavigated(7, STEP_2_URL, true);
    expect((await recorder.current())?.stepMarks).toHaveLength(2);
  });
});
