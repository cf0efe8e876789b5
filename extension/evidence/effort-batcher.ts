export type EffortCounts = { clicks: number; keyPresses: number };

export type EffortBatcher = {
  click(): void;
  keyPress(): void;
  /** Sends what was counted since the last flush, if anything. */
  flush(): void;
};

/**
 * Counts clicks and key presses and hands them over in batches (`send` is called by `flush`, which the
 * content script calls every second and when the page is hidden or left), so typing a sentence is one
 * message, not forty. Only numbers leave the page.
 */
export const createEffortBatcher = (send: (counts: EffortCounts) => void): EffortBatcher => {
  let clicks = 0;
  let keyPresses = 0;
  return {
    click() {
      clicks += 1;
    },
    keyPress() {
      keyPresses += 1;
    },
    flush() {
      if (clicks === 0 && keyPresses === 0) return;
      const counts = { clicks, keyPresses };
      clicks = 0;
      keyPresses = 0;
      send(counts);
    },
  };
};
