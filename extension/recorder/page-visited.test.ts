import { describe, expect, it } from 'vitest';
import { MAX_PAGE_VISITS } from '../../shared/schemas/index.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { finish } from './finish.ts';
import { pageTimings, pageVisited } from './page-visited.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { lookUpVisit, startTestRecording, unwrap, withPage } from './testing/recorder-harness.ts';

const ids = createIdGenerator(0xba6e);

describe('pageVisited', () => {
  it('records the page without query string or fragment, at the current elapsed time', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    clock.advance(4_200);
    const visitId = ids();
    const change = unwrap(
      pageVisited(
        r,
        clock.now(),
        {
          visitId,
          url: 'https://user:secret@portal.example.com/reset/1/?email=a@b.c#token',
          timings: { ttfbMs: 120, domContentLoadedMs: 400 },
        },
        lookUpVisit([], visitId),
      ),
    );
    expect(withPage([], change.page)).toEqual([
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
    let { recording: r, page } = unwrap(
      pageVisited(
        startTestRecording(clock),
        clock.now(),
        { visitId, url: 'https://a.example/', timings: {} },
        lookUpVisit([], visitId),
      ),
    );
    let pages = withPage([], page);
    for (const url of ['chrome://settings/', 'file:///etc/passwd', 'not a url', 'https://a.example/again']) {
      const input = { visitId: url.startsWith('https') ? visitId : ids(), url, timings: {} };
      ({ recording: r, page } = unwrap(pageVisited(r, clock.now(), input, lookUpVisit(pages, input.visitId))));
      pages = withPage(pages, page);
    }
    expect(pages.map((p) => p.url)).toEqual(['https://a.example/']);
  });

  it('refuses invalid timings, a bad visit id, a finished walkthrough and visits past the limit', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    const page = { visitId: ids(), url: 'https://a.example/', timings: {} };
    const none = lookUpVisit([], page.visitId);
    expect(pageVisited(r, clock.now(), { ...page, timings: { ttfbMs: -1 } }, none)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(pageVisited(r, clock.now(), { ...page, visitId: 'nope' }, none)).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    const finished = unwrap(finish(r, clock.now(), { outcome: 'completed' }));
    expect(pageVisited(finished, clock.now(), page, none)).toMatchObject({ ok: false, error: { code: 'not-running' } });
    const visit = { id: ids(), url: 'https://a.example/', atMs: 0, timings: {} };
    const full = lookUpVisit(
      Array.from({ length: MAX_PAGE_VISITS }, () => visit),
      page.visitId,
    );
    expect(pageVisited(r, clock.now(), page, full)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('pageTimings', () => {
  it('merges late timings into the visit, keeping values it does not replace, also after Finish', () => {
    const clock = createFakeClock();
    const visitId = ids();
    const visited = unwrap(
      pageVisited(
        startTestRecording(clock),
        clock.now(),
        { visitId, url: 'https://a.example/', timings: { ttfbMs: 100, lcpMs: 900 } },
        lookUpVisit([], visitId),
      ),
    );
    let pages = withPage([], visited.page);
    const r = unwrap(finish(visited.recording, clock.now(), { outcome: 'completed' }));
    const timed = unwrap(
      pageTimings(r, clock.now(), lookUpVisit(pages, visitId).visit, { lcpMs: 1_200, cls: 0.02, inpMs: undefined }),
    );
    pages = withPage(pages, timed.page);
    expect(pages[0]?.timings).toEqual({ ttfbMs: 100, lcpMs: 1_200, cls: 0.02 });
  });

  it('ignores timings of a visit it does not have, and refuses invalid ones', () => {
    const clock = createFakeClock();
    const r = startTestRecording(clock);
    const unknown = lookUpVisit([], ids()).visit;
    expect(withPage([], unwrap(pageTimings(r, clock.now(), unknown, { lcpMs: 10 })).page)).toEqual([]);
    expect(pageTimings(r, clock.now(), unknown, { cls: 1_000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});
