/** Runs `callback` once after `delayMs`; returns a function that cancels it. Tests pass a manual one. */
export type Scheduler = (callback: () => void, delayMs: number) => () => void;

export const timeoutScheduler: Scheduler = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  return () => clearTimeout(timer);
};
