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
 *
 * The very first click or key press is sent at once: it may be the first use of a tab that was open before
 * Start, whose page is listed then (evidence/background-evidence.ts), and when it is a click on a link, its
 * report must leave before the page is left and reach the background before the next page's own visit.
 */
export const createEffortBatcher = (send: (counts: EffortCounts) => void): EffortBatcher => {
  let clicks = 0;
  let keyPresses = 0;
  let sentAny = false;
  const flush = (): void => {
    if (clicks === 0 && keyPresses === 0) return;
    const counts = { clicks, keyPresses };
    clicks = 0;
    keyPresses = 0;
    sentAny = true;
    send(counts);
  };
  return {
    click() {
      clicks += 1;
      if (!sentAny) flush();
    },
    keyPress() {
      keyPresses += 1;
      if (!sentAny) flush();
    },
    flush,
  };
};
