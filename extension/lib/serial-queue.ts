/** Runs tasks one after another, in the order they were queued. */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Keeps the background's reactions to events in arrival order. A page visit and its timings arrive as two
 * messages; without a queue the timings' transaction could commit before the visit's (the visit first awaits
 * the clock), and the timings would find no visit to update. Only the order lives in memory: if the service
 * worker stops, the queue is gone and nothing else is lost, because every task writes IndexedDB itself.
 */
export const createSerialQueue = (): SerialQueue => {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    // The next task waits for this one whatever its outcome; the caller still sees the rejection.
    tail = run.catch(() => undefined);
    return run;
  };
};
