import { cleanup, render } from '@testing-library/preact';
import { vi } from 'vitest';
import type { Journey } from '../../../shared/schemas/index.ts';
import { makeJourney } from '../../../tests/fixtures/make-journey.ts';
import { makeService } from '../../../tests/fixtures/make-service.ts';
import { originsFor } from '../../platform/host-permissions.ts';
import { TEST_ENVIRONMENT, useRecorderHarness } from '../../recorder/testing/recorder-harness.ts';
import type { Scheduler } from '../models/scheduler.ts';
import { createSidePanelModel, type SidePanelDeps, type SidePanelModel } from '../models/side-panel-model.ts';
import { SidePanelScreen } from '../screens/side-panel-screen.tsx';

/** A scheduler the test runs by hand: the timer ticks when the test says so, never on its own. */
export const manualScheduler = () => {
  const pending = new Set<{ run: () => void; delayMs: number }>();
  const schedule: Scheduler = (run, delayMs) => {
    const entry = { run, delayMs };
    pending.add(entry);
    return () => pending.delete(entry);
  };
  return {
    schedule,
    get pending() {
      return pending.size;
    },
    /** Runs every scheduled callback (the ones they schedule wait for the next call). */
    runAll() {
      const due = [...pending];
      pending.clear();
      for (const entry of due) entry.run();
    },
  };
};

/**
 * The side panel over a real Recorder on fake IndexedDB with a fake clock; browser-facing dependencies are
 * spies. Call at the top level of a test file (it registers cleanup through useRecorderHarness).
 */
export const usePanelHarness = () => {
  const recorderHarness = useRecorderHarness();
  return (overrides: Partial<SidePanelDeps> = {}) => {
    const h = recorderHarness();
    const scheduler = manualScheduler();
    const requestSiteAccess = vi.fn((_origins: readonly string[]) => Promise.resolve(true));
    const hasSiteAccess = vi.fn((_origins: readonly string[]) => Promise.resolve(false));
    const captureVisibleTab = vi.fn(() => Promise.resolve<Blob | null>(null));
    const onRecordingChanged = vi.fn();
    const onOpenSettings = vi.fn();
    const deps: SidePanelDeps = {
      db: h.db,
      recorder: h.recorder,
      readClock: h.clock.read,
      newId: h.ids,
      now: () => new Date(h.clock.wallMs),
      readEnvironment: () => TEST_ENVIRONMENT,
      requestSiteAccess,
      hasSiteAccess,
      originsFor,
      captureVisibleTab,
      onRecordingChanged,
      readShortcut: () => Promise.resolve('Alt+Shift+M'),
      readCaptureShortcut: () => Promise.resolve('Alt+Shift+S'),
      schedule: scheduler.schedule,
      ...overrides,
    };
    let model: SidePanelModel = createSidePanelModel(deps);
    const renderPanel = () =>
      render(<SidePanelScreen model={model} historyHref="/walkthroughs.html" onOpenSettings={onOpenSettings} />);
    return {
      ...h,
      deps,
      get model() {
        return model;
      },
      scheduler,
      requestSiteAccess,
      hasSiteAccess,
      captureVisibleTab,
      onRecordingChanged,
      onOpenSettings,
      /** Stores the fixture service and a journey (the fixture "Reset my password" unless given). */
      async addJourney(journey: Journey = makeJourney()) {
        await h.db.services.put(makeService());
        await h.db.journeys.put(journey);
        return journey;
      },
      render: renderPanel,
      /**
       * Closes the panel and opens it again: the page is gone (and its memory with it), the new one is a new JS
       * context with its own monotonic clock origin and a new model over the same database.
       */
      reopen() {
        cleanup();
        model = createSidePanelModel({ ...deps, readClock: h.clock.openContext().read });
        return renderPanel();
      },
    };
  };
};
