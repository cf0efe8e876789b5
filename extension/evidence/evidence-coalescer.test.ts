import { describe, expect, it } from 'vitest';
import { ok } from '../../shared/domain/result.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { addEffort } from '../recorder/add-effort.ts';
import { pageTimings, pageVisited } from '../recorder/page-visited.ts';
import type { EvidenceItem, Recorder } from '../recorder/recorder.ts';
import {
  currentWithPages,
  TEST_ENVIRONMENT,
  unwrap,
  useRecorderHarness,
} from '../recorder/testing/recorder-harness.ts';
import { createEvidenceCoalescer } from './evidence-coalescer.ts';

const harness = useRecorderHarness();

const visitIds = createIdGenerator(0xc0a);
const VISIT = visitIds();
const LATER_VISIT = visitIds();
const INSTANCE = visitIds();
const delivery = (seq: number) => ({ instance: INSTANCE, seq, acked: 0 });

/** One page load's evidence as the background gets it: visit, timings, a click, vitals, then the next visit. */
const pageLoad = (): EvidenceItem[] => [
  {
    delivery: delivery(1),
    transition: (r, reading, known) =>
      pageVisited(r, reading, { visitId: VISIT, url: 'https://a.example/one', timings: {} }, known),
    visitId: VISIT,
  },
  {
    delivery: delivery(2),
    transition: (r, reading, known) => pageTimings(r, reading, known.visit, { ttfbMs: 40, loadMs: 300 }),
    visitId: VISIT,
  },
  { delivery: delivery(3), transition: (r, reading) => addEffort(r, reading, { clicks: 2, pageLoads: 1 }) },
  // Delivered twice (its answer was lost): applied once.
  { delivery: delivery(3), transition: (r, reading) => addEffort(r, reading, { clicks: 2, pageLoads: 1 }) },
  {
    delivery: delivery(4),
    transition: (r, reading, known) => pageTimings(r, reading, known.visit, { lcpMs: 900, cls: 0.05 }),
    visitId: VISIT,
  },
  // A gap (seq 6 before 5): not applied, not acknowledged.
  { delivery: delivery(6), transition: (r) => ok(r) },
  {
    delivery: delivery(5),
    transition: (r, reading, known) =>
      pageVisited(r, reading, { visitId: LATER_VISIT, url: 'https://a.example/two', timings: {} }, known),
    visitId: LATER_VISIT,
  },
];

const started = async (recorder: Recorder) => {
  unwrap(await recorder.start({ adHocName: 'Coalesced' }, TEST_ENVIRONMENT));
};

describe('createEvidenceCoalescer', () => {
  it('applies the messages queued while a transaction runs in ONE following transaction, in order, as one by one would', async () => {
    const oneByOne = harness();
    await started(oneByOne.recorder);
    const alone = [];
    for (const { delivery: d, transition, visitId } of pageLoad()) {
      alone.push(await oneByOne.recorder.applyEvidence(d, transition, visitId));
    }

    const coalesced = harness();
    await started(coalesced.recorder);
    const batches: number[] = [];
    const apply = createEvidenceCoalescer(async (items) => {
      batches.push(items.length);
      return coalesced.recorder.applyEvidenceAll(items);
    });
    // All handed on at once: the first runs at once, the rest wait for its transaction and then go together.
    const together = await Promise.all(pageLoad().map((item) => apply(item)));

    expect(batches).toEqual([1, pageLoad().length - 1]);
    expect(together.map((r) => (r.ok ? r.value.delivery : r.error.code))).toEqual([
      'fresh',
      'fresh',
      'fresh',
      'duplicate',
      'fresh',
      'gap',
      'fresh',
    ]);
    expect(together.map((r) => (r.ok ? r.value.delivery : r.error.code))).toEqual(
      alone.map((r) => (r.ok ? r.value.delivery : r.error.code)),
    );
    const stored = await currentWithPages(coalesced.recorder);
    expect(stored).toEqual(await currentWithPages(oneByOne.recorder));
    // Really applied: both visits, the timings merged into the first, the click counted once.
    expect(stored?.pages.map((p) => p.id)).toEqual([VISIT, LATER_VISIT]);
    expect(stored?.pages[0]?.timings).toMatchObject({ ttfbMs: 40, loadMs: 300, lcpMs: 900, cls: 0.05 });
    expect(stored?.deliveries).toEqual([{ instance: INSTANCE, seq: 5 }]);
    // The stored page count follows the visits the batch added (the next visit is counted from it).
    const third = visitIds();
    unwrap(
      await coalesced.recorder.applyEvidence(
        undefined,
        (r, reading, known) => {
          expect(known.count).toBe(2);
          return pageVisited(r, reading, { visitId: third, url: 'https://a.example/three', timings: {} }, known);
        },
        third,
      ),
    );
  });

  it('applies each message alone when the batch as a whole is refused, so only the bad one is', async () => {
    const { recorder } = harness();
    await started(recorder);
    const items: EvidenceItem[] = [
      { delivery: delivery(1), transition: (r, reading) => addEffort(r, reading, { clicks: 1 }) },
      // A row no check accepts: refused, and nothing of it stored.
      { delivery: delivery(2), transition: (r) => ok({ ...r, journeyName: 7 as unknown as string }) },
      { delivery: delivery(3), transition: (r, reading) => addEffort(r, reading, { keyPresses: 1 }) },
    ];
    const results = await recorder.applyEvidenceAll(items);
    expect(results.map((r) => (r.ok ? r.value.delivery : r.error.code))).toEqual(['fresh', 'invalid', 'gap']);
    const stored = await recorder.current();
    expect(stored?.deliveries).toEqual([{ instance: INSTANCE, seq: 1 }]);
  });
});
