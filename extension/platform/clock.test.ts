import { describe, expect, it, vi } from 'vitest';
import { createReadClock, NO_SESSION_STORAGE, readClock, SESSION_RECHECK_MS, type SessionArea } from './clock.ts';

/** A minimal storage.session: an in-memory area, as the browser keeps it until it restarts. */
const fakeSessionArea = () => {
  const items = new Map<string, unknown>();
  return {
    get: vi.fn(async (key: string) => (items.has(key) ? { [key]: items.get(key) } : {})),
    set: vi.fn(async (values: Record<string, unknown>) => {
      for (const [key, value] of Object.entries(values)) items.set(key, value);
    }),
  } satisfies SessionArea;
};

const counter = () => {
  let n = 0;
  return () => {
    n += 1;
    return `id-${n}`;
  };
};

describe('createReadClock', () => {
  it('reads the wall clock, the monotonic clock and the ids of the session and the context', async () => {
    const area = fakeSessionArea();
    const read = createReadClock({ sessionArea: () => area, newId: counter() });
    const before = Date.now();
    const reading = await read();
    expect(reading.wallMs).toBeGreaterThanOrEqual(before);
    expect(Math.abs(reading.monoMs - (performance.timeOrigin + performance.now()))).toBeLessThan(1_000);
    expect(reading).toMatchObject({ context: 'id-1', session: 'id-2' });
  });

  it('shares the session id between contexts of one browser session, and not the context id', async () => {
    const session = fakeSessionArea();
    const ids = counter();
    const panel = createReadClock({ sessionArea: () => session, newId: ids });
    const worker = createReadClock({ sessionArea: () => session, newId: ids });
    const [p1, w1, p2] = [await panel(), await worker(), await panel()];
    expect(new Set([p1.session, w1.session, p2.session]).size).toBe(1);
    expect(p1.context).toBe(p2.context);
    expect(w1.context).not.toBe(p1.context);
    expect(session.set).toHaveBeenCalledTimes(1);
    expect(p2.monoMs).toBeGreaterThanOrEqual(p1.monoMs);
  });

  it('has a new session id after a restart (session storage is emptied)', async () => {
    const ids = counter();
    const [first, second] = [fakeSessionArea(), fakeSessionArea()];
    const before = await createReadClock({ sessionArea: () => first, newId: ids })();
    const after = await createReadClock({ sessionArea: () => second, newId: ids })();
    expect(after.session).not.toBe(before.session);
  });

  it('adopts the id that won when two contexts create it at once', async () => {
    const session = fakeSessionArea();
    const ids = counter();
    const [a, b] = await Promise.all([
      createReadClock({ sessionArea: () => session, newId: ids })(),
      createReadClock({ sessionArea: () => session, newId: ids })(),
    ]);
    expect(a.session).toBe(b.session);
  });

  it('answers from the session id it knows, checking storage.session at most once a second without waiting', async () => {
    const area = fakeSessionArea();
    let now = 0;
    const performanceNow = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const read = createReadClock({ sessionArea: () => area, newId: counter() });
      const first = await read();
      const callsAfterFirst = area.get.mock.calls.length;
      await read();
      await read();
      expect(area.get).toHaveBeenCalledTimes(callsAfterFirst);
      // Another context won the creation race: this one adopts its id after the next check.
      await area.set({ clockSessionId: 'winner' });
      now = SESSION_RECHECK_MS;
      expect((await read()).session).toBe(first.session);
      await vi.waitFor(async () => expect((await read()).session).toBe('winner'));
      expect(area.get).toHaveBeenCalledTimes(callsAfterFirst + 1);
    } finally {
      performanceNow.mockRestore();
    }
  });

  it.each([
    [
      'no extension API at all',
      () => {
        throw new TypeError("Cannot read properties of undefined (reading 'storage')");
      },
    ],
    ['no storage.session', () => undefined],
    ['storage.session refusing access', () => ({ get: () => Promise.reject(new Error('denied')), set: vi.fn() })],
  ])('falls back to one shared session id with %s', async (_label, sessionArea) => {
    const reading = await createReadClock({ sessionArea, newId: counter() })();
    expect(reading.session).toBe(NO_SESSION_STORAGE);
    expect(reading.context).toBe('id-1');
  });
});

describe('readClock', () => {
  it('works outside an extension, with the fallback session', async () => {
    const reading = await readClock();
    expect(reading.session).toBe(NO_SESSION_STORAGE);
    expect(reading.context).toMatch(/^[0-9a-f-]{36}$/);
  });
});
