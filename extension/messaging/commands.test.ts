import { describe, expect, it } from 'vitest';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { createSerialQueue } from '../lib/serial-queue.ts';
import { TEST_ENVIRONMENT, unwrap, useRecorderHarness } from '../recorder/testing/recorder-harness.ts';
import { createCommandHandler, SCREENSHOT_NOTE_TEXT } from './commands.ts';

// The browser cannot be made to press a shortcut from a test (Playwright sends keys to the page, not to the
// browser's accelerators), so the handler the background registers with commands.onCommand is tested here
// against the real recorder; the browser suite checks the manifest declares the commands and their keys.
const harness = useRecorderHarness();
const screenshot = () => Promise.resolve(new Blob(['jpeg bytes'], { type: 'image/jpeg' }));

describe('keyboard commands', () => {
  it('mark-step marks the next journey step, as the panel button does', async () => {
    const { recorder, clock, db } = harness();
    unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    const handle = createCommandHandler({ recorder, captureVisibleTab: screenshot, queue: createSerialQueue() });

    clock.advance(30_000);
    expect(await handle('mark-step')).toBe('marked');
    const recording = await recorder.current();
    expect(recording?.stepMarks.map((m) => [m.name, m.atMs, m.source])).toEqual([
      ['Open the portal', 0, 'manual'],
      ['Verify identity', 30_000, 'manual'],
    ]);
    expect(await db.recordings.count()).toBe(1);
  });

  it('capture-screenshot adds a note with the capture as its screenshot', async () => {
    const { recorder, db } = harness();
    unwrap(await recorder.start({ journey: makeJourney() }, TEST_ENVIRONMENT));
    const handle = createCommandHandler({ recorder, captureVisibleTab: screenshot, queue: createSerialQueue() });

    expect(await handle('capture-screenshot')).toBe('noted');
    const [note] = (await recorder.current())?.notes ?? [];
    expect(note?.text).toBe(SCREENSHOT_NOTE_TEXT);
    expect(note?.screenshotId).toEqual(expect.any(String));
    expect(await db.screenshots.count()).toBe(1);
  });

  it('does nothing harmful without a recording, without a capture, or for an unknown command', async () => {
    const { recorder, db } = harness();
    const none = () => Promise.resolve(null);
    const handle = createCommandHandler({ recorder, captureVisibleTab: none, queue: createSerialQueue() });
    expect(await handle('mark-step')).toBe('refused');
    expect(await handle('capture-screenshot')).toBe('no-screenshot');
    expect(await handle('_execute_action')).toBe('unknown-command');
    expect(await db.recordings.count()).toBe(0);
  });
});
