import { describe, expect, it } from 'vitest';
import { pageTimingsSchema } from '../../shared/schemas/evidence.ts';
import { navigationTimings, vitalTimings } from './page-timings.ts';

describe('navigationTimings', () => {
  it('takes TTFB, DOMContentLoaded and load, rounded to whole milliseconds', () => {
    const timings = navigationTimings({ responseStart: 120.4, domContentLoadedEventEnd: 480.6, loadEventEnd: 910.2 });
    expect(timings).toEqual({ ttfbMs: 120, domContentLoadedMs: 481, loadMs: 910 });
    expect(pageTimingsSchema.parse(timings)).toEqual(timings);
  });

  it('leaves out what has not happened yet (0) and counts from activation for a prerendered page', () => {
    expect(navigationTimings({ responseStart: 80, domContentLoadedEventEnd: 0, loadEventEnd: 0 })).toEqual({
      ttfbMs: 80,
    });
    expect(
      navigationTimings({
        responseStart: 80,
        domContentLoadedEventEnd: 300,
        loadEventEnd: 2500,
        activationStart: 2000,
      }),
    ).toEqual({ ttfbMs: 0, domContentLoadedMs: 0, loadMs: 500 });
  });

  it('drops values the schema would refuse rather than the whole report', () => {
    expect(navigationTimings({ responseStart: 50, domContentLoadedEventEnd: 100, loadEventEnd: 700_000 })).toEqual({
      ttfbMs: 50,
      domContentLoadedMs: 100,
    });
  });
});

describe('vitalTimings', () => {
  it('maps each web-vitals report to its timing', () => {
    expect(vitalTimings('TTFB', 99.6)).toEqual({ ttfbMs: 100 });
    expect(vitalTimings('LCP', 1234.2)).toEqual({ lcpMs: 1234 });
    expect(vitalTimings('INP', 72)).toEqual({ inpMs: 72 });
    expect(vitalTimings('CLS', 0.0312)).toEqual({ cls: 0.0312 });
    expect(vitalTimings('FCP', 500)).toEqual({});
  });

  it('drops impossible values', () => {
    expect(vitalTimings('LCP', Number.NaN)).toEqual({});
    expect(vitalTimings('INP', -1)).toEqual({});
    expect(vitalTimings('CLS', 150)).toEqual({});
  });
});
