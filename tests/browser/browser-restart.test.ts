// The whole browser restarting in the middle of a walkthrough, in the BUILT extension in Chromium: start a
// walkthrough in the side panel, mark a step, add a note; close Chromium (a clean quit, the profile kept) and
// launch it again on the same profile. The walkthrough must come back as it was, its timer must have counted
// the time the browser was away (bridged by wall time, see extension/recorder/advance-clock.ts), and the saved
// walkthrough must carry a 'browser-restart' interruption so a lead can judge the sample. IndexedDB is read
// with the raw IndexedDB API, not through the extension's own code.
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../extension/db/recording.ts';
import { walkthroughSchema } from '../../shared/schemas/walkthrough.ts';
import { CHROME_EXTENSION_DIR, type ExtensionBrowser, launchExtension, makeProfileDir } from '../helpers/browser.ts';
import { readStore } from '../helpers/extension-controls.ts';
import { createJourney, finishAsCompleted, rateAndSave } from '../helpers/side-panel-flows.ts';

const JOURNEY = 'Order a laptop';
const NOTE = 'The model list took long to load';

/** "04:07" or "1:02:07" as seconds. */
const seconds = (text: string): number =>
  text
    .trim()
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);

const timerSeconds = async (page: Page): Promise<number> =>
  seconds((await page.getByRole('timer').textContent()) ?? '');

/** The fields of a stored recording this test checks (read raw, so no schema of the source is applied). */
type StoredRecording = Pick<
  Recording,
  'id' | 'journeyId' | 'journeyName' | 'steps' | 'startedAt' | 'status' | 'clock' | 'stepMarks' | 'pauses' | 'notes'
> & { interruptions: Recording['interruptions'] };

let profileDir: string | undefined;
const launched: ExtensionBrowser[] = [];

/** Chromium with the built extension on the suite's one profile, which outlives each browser. */
const launchOnProfile = async (): Promise<ExtensionBrowser> => {
  profileDir ??= await makeProfileDir();
  const browser = await launchExtension(CHROME_EXTENSION_DIR, { userDataDir: profileDir });
  launched.push(browser);
  return browser;
};

afterAll(async () => {
  try {
    await Promise.all(launched.map((browser) => browser.close()));
  } finally {
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
  }
});

describe('a browser restart in the middle of a walkthrough', () => {
  it('loses nothing: the walkthrough resumes on the same profile with the time away counted and flagged', async () => {
    const first = await launchOnProfile();
    let page = await first.openPage('sidepanel.html');

    await createJourney(page, JOURNEY, [
      { name: 'Open the shop' },
      { name: 'Choose a model' },
      { name: 'Confirm the order' },
    ]);

    await page.getByRole('button', { name: `Start ${JOURNEY}` }).click();
    await page.getByRole('heading', { level: 1, name: JOURNEY }).waitFor();
    await page.getByText('Step 1 of 3', { exact: true }).waitFor();
    await page.getByRole('button', { name: /^Next step/ }).click();
    await page.getByText('Step 2 of 3', { exact: true }).waitFor();

    const noteSavedFrom = Date.now();
    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await page.getByRole('textbox', { name: 'Note', exact: true }).fill(NOTE);
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Note saved.').waitFor();

    // What is stored before the restart (every action is written at once).
    const [before, ...moreBefore] = (await readStore(page, 'recordings')) as (StoredRecording | undefined)[];
    expect(moreBefore).toEqual([]);
    if (!before) throw new Error('no recording stored');
    expect(before.status).toBe('running');
    expect(before.stepMarks.map((m) => [m.name, m.source])).toEqual([
      ['Open the shop', 'manual'],
      ['Choose a model', 'manual'],
    ]);
    expect(before.notes.map((n) => n.text)).toEqual([NOTE]);
    expect(before.interruptions).toEqual([]);

    // Let the timer show a running walkthrough, then quit the whole browser, keeping its profile.
    await expect.poll(() => timerSeconds(page), { timeout: 5_000 }).toBeGreaterThan(0);
    const gapFrom = Date.now();
    const atQuit = await timerSeconds(page);
    expect(first.pageErrors).toEqual([]);
    await first.close();

    const second = await launchOnProfile();
    // The id depends only on the extension's folder, so the relaunched extension owns the same database.
    expect(second.extensionId).toBe(first.extensionId);
    page = await second.openPage('sidepanel.html');

    // The same walkthrough, where it was, with the time the browser was away counted.
    await page.getByRole('heading', { level: 1, name: JOURNEY }).waitFor();
    const atReturn = await timerSeconds(page);
    const gapSeconds = (Date.now() - gapFrom) / 1000;
    expect(atReturn).toBeGreaterThanOrEqual(atQuit);
    expect(atReturn).toBeLessThanOrEqual(atQuit + Math.ceil(gapSeconds) + 1);
    await page.getByText('Step 2 of 3', { exact: true }).waitFor();
    await page.getByText(NOTE).waitFor();
    await expect.poll(() => timerSeconds(page), { timeout: 5_000 }).toBeGreaterThan(atReturn);

    const [after, ...moreAfter] = (await readStore(page, 'recordings')) as (StoredRecording | undefined)[];
    expect(moreAfter).toEqual([]);
    if (!after) throw new Error('the recording did not survive the restart');
    expect(after).toMatchObject({
      id: before.id,
      journeyId: before.journeyId,
      journeyName: before.journeyName,
      startedAt: before.startedAt,
      status: 'running',
      steps: before.steps,
      stepMarks: before.stepMarks,
      notes: before.notes,
      pauses: before.pauses,
    });
    expect(after.clock.elapsedMs).toBeGreaterThanOrEqual(before.clock.elapsedMs);

    // Finish and rate it: the saved walkthrough is whole and flags the restart.
    await page.getByRole('button', { name: /^Next step/ }).click();
    await page.getByText('Step 3 of 3', { exact: true }).waitFor();
    await finishAsCompleted(page, JOURNEY);
    await rateAndSave(page, {
      seq: 6,
      cesQuestion: 'The service made it easy for me to order a laptop',
      ces: 5,
      satisfaction: 4,
    });
    await page
      .getByText(new RegExp(`Saved “${JOURNEY}” \\(\\d\\d:\\d\\d, completed\\)\\. It is in History\\.`))
      .waitFor();
    const noteSavedToNowMs = Date.now() - noteSavedFrom;

    const walkthroughs = await readStore(page, 'walkthroughs');
    expect(walkthroughs).toHaveLength(1);
    const walkthrough = walkthroughSchema.parse(walkthroughs[0]);
    expect(walkthrough.id).toBe(before.id);
    expect(walkthrough.outcome).toBe('completed');
    expect(walkthrough.stepMarks.map((m) => [m.name, m.source])).toEqual([
      ['Open the shop', 'manual'],
      ['Choose a model', 'manual'],
      ['Confirm the order', 'manual'],
    ]);
    expect(walkthrough.notes.map((n) => n.text)).toEqual([NOTE]);
    expect(walkthrough.interruptions).toHaveLength(1);
    const [restart] = walkthrough.interruptions;
    expect(restart?.kind).toBe('browser-restart');
    // Flagged where the old session's clock stopped, bridging at most the real time since the note.
    expect(restart?.atMs).toBeGreaterThanOrEqual(Math.floor(before.clock.elapsedMs));
    expect(restart?.atMs).toBeLessThanOrEqual(atQuit * 1000 + 1000);
    expect(restart?.gapMs).toBeGreaterThan(0);
    expect(restart?.gapMs).toBeLessThanOrEqual(noteSavedToNowMs);
    expect(walkthrough.elapsedMs).toBeGreaterThanOrEqual(atReturn * 1000);
    expect(await readStore(page, 'recordings')).toEqual([]);
    expect(second.pageErrors).toEqual([]);
    await page.close();
  });
});
