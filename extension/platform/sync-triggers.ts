import { browser } from 'wxt/browser';

const SYNC_ALARM = 'sync';
/** Often enough that a walkthrough reaches the server soon after the device comes back; cheap when idle. */
export const SYNC_PERIOD_MINUTES = 5;

/**
 * Registers the periodic sync alarm (once: an existing one keeps its schedule, so a worker restart does not
 * push it back) and calls `listener` whenever it fires. Alarms wake a stopped MV3 background.
 */
export const onSyncAlarm = (listener: () => void): void => {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) listener();
  });
  void browser.alarms.get(SYNC_ALARM).then((existing) => {
    if (existing === undefined) void browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
  });
};

/** Calls `listener` when the browser reports it is back online, where this context can see that event. */
export const onOnline = (listener: () => void): void => {
  globalThis.addEventListener?.('online', listener);
};
