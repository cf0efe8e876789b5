import { browser } from 'wxt/browser';
import type { Recording } from '../db/recording.ts';
import { createSerialQueue } from '../lib/serial-queue.ts';
import { BADGE_TEXT_COLOR, type BadgeState, badgeFor } from './toolbar-badge-state.ts';

/** How long a step marked by the shortcut flashes on the badge. */
export const MARK_FLASH_MS = 1500;

export type ToolbarBadge = {
  /** Shows the stored recording's state. Call on every start of the background and after anything changed it. */
  refresh(): Promise<void>;
  /** A step was just marked by the shortcut (the sampler is looking at the page, not the panel): flash it. */
  flashMark(): Promise<void>;
};

export type ToolbarBadgeDeps = {
  /** The recording as stored now (recorder.current): the badge never trusts memory, the worker may have died. */
  readRecording: () => Promise<Recording | null>;
  /** setTimeout, replaceable in a test. */
  later?: (run: () => void, ms: number) => void;
};

const sameState = (a: BadgeState | null, b: BadgeState): boolean =>
  a !== null && a.text === b.text && a.color === b.color && a.title === b.title;

const apply = async ({ text, color, title }: BadgeState): Promise<void> => {
  await Promise.all([
    browser.action.setBadgeText({ text }),
    browser.action.setBadgeBackgroundColor({ color }),
    browser.action.setTitle({ title }),
    // Chrome 110+ and Firefox; the default text colour is chosen per background and is not always white.
    browser.action.setBadgeTextColor?.({ color: BADGE_TEXT_COLOR }),
  ]);
};

/**
 * The toolbar button's badge (the only caller of browser.action): it shows whether a walkthrough is running
 * or paused, and its step, outside the side panel. Always derived from the stored recording, so a background
 * woken after a stop shows the truth at once. Updates run one at a time, so an older reading never
 * overwrites a newer one. The flash is the only thing in memory: if the worker stops during its 1.5 s, the
 * next start shows the plain state. Besides it, this worker remembers what it last set, and sets nothing when
 * that is already shown (the browser keeps the badge while the browser runs; a new worker sets it again).
 */
export const createToolbarBadge = ({ readRecording, later = setTimeout }: ToolbarBadgeDeps): ToolbarBadge => {
  const queue = createSerialQueue();
  let flashUntil = 0;
  let shown: BadgeState | null = null;
  const refresh = () =>
    queue(async () => {
      const recording = await readRecording();
      const state = badgeFor(recording, { marked: Date.now() < flashUntil });
      if (sameState(shown, state)) return;
      shown = null; // unknown until every part is set
      await apply(state);
      shown = state;
    }).catch(() => {
      // The badge is a hint: a refused update (IndexedDB or the action API gone) must not fail the event.
    });
  return {
    refresh,
    flashMark() {
      flashUntil = Date.now() + MARK_FLASH_MS;
      later(() => void refresh(), MARK_FLASH_MS);
      return refresh();
    },
  };
};
