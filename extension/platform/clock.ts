import { browser } from 'wxt/browser';
import type { ClockReading } from '../db/clock-reading.ts';

/** The storage.session key holding this browser session's id. */
const SESSION_KEY = 'clockSessionId';

/**
 * Used as the session when storage.session is missing (an old browser, or a page outside the extension). It is
 * the same constant in every context on purpose: a per-context value would make every switch between the side
 * panel and the background look like a browser restart and flag it. With it, a real restart is not flagged,
 * but it is still bridged safely: the new contexts have ids the recording has not seen (see advance-clock.ts).
 */
export const NO_SESSION_STORAGE = 'no-session-storage';

/** The part of storage.session the clock uses. */
export type SessionArea = {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};

export type ClockSources = {
  /** storage.session, or undefined where the browser has none. May throw outside an extension. */
  sessionArea: () => SessionArea | undefined;
  /** Ids for the session (made once per browser session) and this context. */
  newId: () => string;
};

/**
 * The id of this browser session, created by the first context that asks. storage.session lives in memory
 * and is cleared when the browser restarts, which is exactly the lifetime wanted; the "storage" permission
 * grants it. Should two contexts race to create it at browser start, the loser adopts the winner's id at a
 * later reading (see createReadClock) instead of keeping its own for good.
 */
const readSessionId = async ({ sessionArea, newId }: ClockSources): Promise<string> => {
  try {
    const area = sessionArea();
    if (area === undefined) return NO_SESSION_STORAGE;
    const stored = (await area.get(SESSION_KEY))[SESSION_KEY];
    if (typeof stored === 'string' && stored !== '') return stored;
    await area.set({ [SESSION_KEY]: newId() });
    const created = (await area.get(SESSION_KEY))[SESSION_KEY];
    return typeof created === 'string' && created !== '' ? created : NO_SESSION_STORAGE;
  } catch {
    // No "storage" permission, or a context without access: the same safe fallback as no API at all.
    return NO_SESSION_STORAGE;
  }
};

/** How often a context checks the session id it has (off the hot path; see createReadClock). */
export const SESSION_RECHECK_MS = 1_000;

/**
 * A clock reader for one JS context. The context id is made here, once: a monotonic reading only compares
 * with readings from the same context (each context sets its monotonic origin from the wall clock when it is
 * created), so the id travels with every reading. It is a constant of the context, not recorder state.
 *
 * The session id is read from storage.session on the first reading; after that the reading uses the id it
 * knows and, at most once a second, checks storage.session again without waiting for it. A mark is then not
 * held up by a round trip to the browser process (which is busy loading pages while a sampler walks), and a
 * context that lost the creation race at browser start still adopts the winner's id within a second.
 */
export const createReadClock = (sources: ClockSources): (() => Promise<ClockReading>) => {
  const context = sources.newId();
  let known: string | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  const check = async (): Promise<string> => {
    checkedAt = performance.now();
    known = await readSessionId(sources);
    return known;
  };
  return async () => {
    let session = known;
    if (session === undefined) session = await check();
    else if (performance.now() - checkedAt >= SESSION_RECHECK_MS) void check();
    return { wallMs: Date.now(), monoMs: performance.timeOrigin + performance.now(), session, context };
  };
};

/**
 * One reading of the clocks for the recorder (see extension/recorder/advance-clock.ts for how they are used):
 * `createRecorder({ readClock })`. Needs the "storage" permission for storage.session.
 */
export const readClock: () => Promise<ClockReading> = createReadClock({
  // Throws outside an extension (no `browser` at all); undefined where the browser lacks storage.session.
  sessionArea: () => browser.storage.session,
  newId: () => crypto.randomUUID(),
});
