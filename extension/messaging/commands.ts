import type { SerialQueue } from '../lib/serial-queue.ts';
import type { Recorder } from '../recorder/recorder.ts';

/** The keyboard commands declared in wxt.config.ts (manifest `commands`). */
export const COMMANDS = ['mark-step', 'capture-screenshot'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const SCREENSHOT_NOTE_TEXT = 'Screenshot';

export type CommandDeps = {
  recorder: Pick<Recorder, 'markNextStep' | 'addNote'>;
  /** platform/screenshot.ts: null when the tab cannot be captured. */
  captureVisibleTab: () => Promise<Blob | null>;
  queue: SerialQueue;
};

export type CommandOutcome = 'marked' | 'noted' | 'refused' | 'no-screenshot' | 'unknown-command';

const isCommand = (name: string): name is CommandName => (COMMANDS as readonly string[]).includes(name);

/**
 * commands.onCommand. The shortcuts work while a web page has the focus, which the side panel's buttons
 * cannot. Pressing one also grants activeTab on the active tab, which is what lets captureVisibleTab work.
 * The recorder refuses when there is nothing to act on (no recording, a finished one), which is fine here.
 */
export const createCommandHandler =
  ({ recorder, captureVisibleTab, queue }: CommandDeps) =>
  (name: string): Promise<CommandOutcome> => {
    if (!isCommand(name)) return Promise.resolve('unknown-command');
    switch (name) {
      case 'mark-step':
        return queue(async () => ((await recorder.markNextStep()).ok ? 'marked' : 'refused'));
      case 'capture-screenshot':
        return queue(async () => {
          // Captured first: the grant is for the tab active now, and a capture is rate-limited per second.
          const screenshot = await captureVisibleTab();
          if (!screenshot) return 'no-screenshot';
          return (await recorder.addNote({ text: SCREENSHOT_NOTE_TEXT, screenshot })).ok ? 'noted' : 'refused';
        });
    }
  };
