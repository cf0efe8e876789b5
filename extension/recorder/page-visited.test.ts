import { describe, expect, it } from 'vitest';
import { MAX_PAGE_VISITS } from '../../shared/schemas/index.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { finish } from './finish.ts';
import { pageTimings, pageVisited } from './page-visited.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';

const ids = createIdGenerator(0xba6e);

describe('pageVisited', () => {
  it('records the page without query string or fragment, at the current elapsed time', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock);
    clock.advance(4_200);
    const visitId = ids();
    r = unwrap(
      pageVisited(r, clock.now(), {
        visitId,
        url: 'https://user:secret@portal.example.com/reset/1/?email=a@b.c#token',
        timings: { ttfbMs: 120, domContentLoadedMs: 400 },
      }),
    );
    expect(r.pages).toEqual([
      {
        id: visitId,
        url: 'https://portal.example.com/reset/1/',
        atMs: 4_200,
        timings: { ttfbMs: 120, domContentLoadedMs: 400 },
      },
    ]);
  });

  it('ignores non-http pages and a visit it already has', () => {
    const clock = createFakeClock();
    const visitId = ids();
    let r = unwrap(
      pageVisited(startTestRecording(clock), clock.now(), { visitId, url: 'https://a.example/', timings: {} }),
    );
    for (const url of ['chrome://settings/', 'file:///etc/passwd', 'not a url', 'https://a.example/again']) {
      r = unwrap(pageVisited(r, clock.now(), { visitId: url.startsWith('https') ? visitId : ids(), url, timings: {} }));
    }
    expect(r.pages.map((p) => p.url)).toEqual(['https://a.example/']);
  });

  it('refuses invalid timings, a bad visit id, a finished walkthrough and visits past the limit', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    const page = { visitId: ids(), url: 'https://a.example/', timings: {} };
    expect(pageVisited(r, clock.now(), { ...page, timings: { ttfbMs: -1 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(pageVisited(r, clock.now(), { ...page, visitId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const finished = unwrap(finish(r, clock.now(), { outcome: 'completed' }));
    expect(pageVisited(finished, clock.now(), page)).toMatchObject({ ok: false, error: { code: 'not-running' } });
    const visit = { id: ids(), url: 'https://a.example/', atMs: 0, timings: {} };
    const full = { ...r, pages: Array.from({ length: MAX_PAGE_VISITS }, () => visit) };
    expect(pageVisited(full, clock.now(), page)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('pageTimings', () => {
  it('merges late timings into the visit, keeping values it does not replace, also after Finish', () => {
    const clock = createFakeClock();
    const visitId = ids();
    let r = unwrap(
      pageVisited(startTestRecording(clock), clock.now(), {
        visitId,
        url: 'https://a.example/',
        timings: { ttfbMs: 100, lcpMs: 900 },
      }),
    );
    r = unwrap(finish(r, clock.now(), { outcome: 'completed' }));
    r = unwrap(pageTimings(r, clock.now(), visitId, { lcpMs: 1_200, cls: 0.02, inpMs: undefined }));
    expect(r.pages[0]?.timings).toEqual({ ttfbMs: 100, lcpMs: 1_200, cls: 0.02 });
  });

  it('ignores timings of a visit it does not have, and refuses invalid ones', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    expect(unwrap(pageTimings(r, clock.now(), ids(), { lcpMs: 10 })).pages).toEqual([]);
    expect(pageTimings(r, clock.now(), ids(), { cls: 1_000 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
