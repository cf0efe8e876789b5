import { describe, expect, it } from 'vitest';
import type { Journey } from '../../shared/schemas/index.ts';
import { makeJourney } from '../../tests/fixtures/make-journey.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import type { Recording } from '../db/recording.ts';
import { finish } from './finish.ts';
import { markNextStep } from './mark-step.ts';
import { createFakeClock } from './testing/fake-clock.ts';
import { startTestRecording, unwrap } from './testing/recorder-harness.ts';
import { undoStep } from './undo-step.ts';
import { urlReached } from './url-reached.ts';

const stepIds = createIdGenerator(0x57e9);

/** A journey across three origins: the portal, an identity provider, and the portal again. */
const crossOrigin: Journey = makeJourney({
  steps: [
    { id: stepIds(), name: 'Open the portal', urlPatterns: ['https://portal.example.com/*'] },
    { id: stepIds(), name: 'Sign in', urlPatterns: ['https://login.idp.example.net/authorize*'] },
    { id: stepIds(), name: 'MFA', urlPatterns: ['*://*.mfa.example.org/*'] },
    { id: stepIds(), name: 'No pattern', urlPatterns: [] },
    {
      id: stepIds(),
      name: 'Done',
      urlPatterns: ['https://portal.example.com/reset/done', 'https://portal.example.com/ok*'],
    },
  ],
});

const names = (r: Recording) => r.stepMarks.map((m) => `${m.name}/${m.source}@${m.atMs}`);

describe('urlReached', () => {
  it('marks the next matching step automatically, across origins', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock, { journey: crossOrigin });
    clock.advance(1_000);
    r = unwrap(urlReached(r, clock.now(), 'https://login.idp.example.net/authorize?client=portal#x'));
    clock.advance(1_000);
    r = unwrap(urlReached(r, clock.now(), 'http://eu.mfa.example.org/challenge'));
    expect(names(r)).toEqual(['Open the portal/manual@0', 'Sign in/auto@1000', 'MFA/auto@2000']);
  });

  it('skips steps in between, including ones without patterns', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock, { journey: crossOrigin });
    r = unwrap(urlReached(r, clock.now(), 'https://portal.example.com/reset/done?x=1'));
    expect(names(r)).toEqual(['Open the portal/manual@0', 'Done/auto@0']);
  });

  it('never marks the current step, an earlier step, or a step already marked', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock, { journey: crossOrigin });
    r = unwrap(urlReached(r, clock.now(), 'https://login.idp.example.net/authorize'));
    r = unwrap(urlReached(r, clock.now(), 'https://login.idp.example.net/authorize'));
    // The portal matches step 1 (behind) only: going back a page changes nothing.
    r = unwrap(urlReached(r, clock.now(), 'https://portal.example.com/home'));
    expect(names(r)).toEqual(['Open the portal/manual@0', 'Sign in/auto@0']);
  });

  it('lets the sampler undo an automatic mark, after which the step can match again', () => {
    const clock = createFakeClock();
    let r = startTestRecording(clock, { journey: crossOrigin });
    r = unwrap(urlReached(r, clock.now(), 'https://x.mfa.example.org/'));
    r = unwrap(undoStep(r, clock.now()));
    clock.advance(500);
    r = unwrap(urlReached(r, clock.now(), 'https://login.idp.example.net/authorize'));
    expect(names(r)).toEqual(['Open the portal/manual@0', 'Sign in/auto@500']);
  });

  it('does nothing for ad-hoc walkthroughs, non-http pages, unmatched pages, or past an extra step', () => {
    const clock = createFakeClock();
    const adHoc = startTestRecording(clock, {});
    expect(unwrap(urlReached(adHoc, clock.now(), 'https://portal.example.com/')).stepMarks).toHaveLength(1);
    const journey = startTestRecording(clock, { journey: crossOrigin });
    for (const url of ['chrome://newtab/', 'https://elsewhere.example/', 'javascript:alert(1)']) {
      expect(unwrap(urlReached(journey, clock.now(), url)).stepMarks).toHaveLength(1);
    }
    let pastEnd = startTestRecording(clock);
    for (let i = 0; i < 2; i += 1) pastEnd = unwrap(markNextStep(pastEnd, clock.now()));
    // A step past the journey's end, as a recording made before the last step was final may hold.
    const extra = { stepId: null, name: 'Step 4', atMs: 0, source: 'manual' } as const;
    pastEnd = { ...pastEnd, stepMarks: [...pastEnd.stepMarks, extra] };
    expect(unwrap(urlReached(pastEnd, clock.now(), 'https://portal.example.com/reset/3/')).stepMarks).toHaveLength(4);
  });

  it('is refused once finished', () => {
    const clock = createFakeClock();
    const finished = unwrap(finish(startTestRecording(clock), clock.now(), { outcome: 'completed' }));
    expect(urlReached(finished, clock.now(), 'https://portal.example.com/reset/2/')).toMatchObject({
      ok: false,
      error: { code: 'not-running' },
    });
  });
});
