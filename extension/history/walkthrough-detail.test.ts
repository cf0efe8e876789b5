import { describe, expect, it } from 'vitest';
import { measureDuration } from '../../shared/domain/duration.ts';
import {
  FULL_WALKTHROUGH_OVERRIDES,
  MINIMAL_WALKTHROUGH_OVERRIDES,
  makeWalkthrough,
} from '../../tests/fixtures/make-walkthrough.ts';
import { createIdGenerator } from '../../tests/fixtures/seeded-ids.ts';
import { useFreshDbs } from '../db/testing/fresh-db.ts';
import { buildWalkthroughDetail, readWalkthroughDetail } from './walkthrough-detail.ts';

const freshDb = useFreshDbs();
const ids = createIdGenerator(11);

describe('buildWalkthroughDetail', () => {
  it("takes each step's start, duration and active time from shared/domain", () => {
    const w = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES, ids);
    const detail = buildWalkthroughDetail(w);
    const measured = measureDuration(w);
    if (!measured.ok) throw new Error('fixture timeline must measure');
    expect(detail.duration).toEqual(measured.value);
    expect(detail.steps.map((s) => [s.name, s.startMs, s.durationMs, s.activeMs, s.source])).toEqual([
      ['Open the portal', 0, 90_500, 90_500, 'auto'],
      // 90.5 s to the end at 240 s, with the 60 s pause inside it.
      ['Verify identity', 90_500, 149_500, 89_500, 'manual'],
    ]);
    expect(detail.steps[0]?.effort).toEqual({ clicks: 4, keyPresses: 12, pageLoads: 2, tabSwitches: 1 });
    expect(detail.steps[1]?.effort).toBeNull();
  });

  it('puts notes, pain points and pages on the step whose span holds them', () => {
    const w = makeWalkthrough(FULL_WALKTHROUGH_OVERRIDES, ids);
    const [first, second] = buildWalkthroughDetail(w).steps;
    expect(first?.remarks.map((r) => r.kind)).toEqual(['note']);
    expect(first?.pages.map((p) => p.url)).toEqual(['https://portal.example.com/reset/1/']);
    expect(second?.remarks).toEqual([{ kind: 'pain-point', painPoint: w.painPoints[0] }]);
    expect(second?.pages.map((p) => p.url)).toEqual(['https://portal.example.com/reset/2/']);
  });

  it('keeps what happened before the first mark apart, in time order, and lists screenshot ids', () => {
    const [noteId, painId, shotId] = [ids(), ids(), ids()];
    const w = makeWalkthrough(
      {
        elapsedMs: 60_000,
        stepMarks: [{ stepId: null, name: 'Only step', atMs: 30_000, source: 'manual' }],
        notes: [{ id: noteId, atMs: 20_000, text: 'later', screenshotId: shotId }],
        painPoints: [{ id: painId, atMs: 10_000, severity: 'blocker', text: 'earlier' }],
      },
      ids,
    );
    const detail = buildWalkthroughDetail(w);
    expect(detail.leadIn.remarks.map((r) => (r.kind === 'note' ? r.note.text : r.painPoint.text))).toEqual([
      'earlier',
      'later',
    ]);
    expect(detail.steps[0]?.remarks).toEqual([]);
    expect(detail.screenshotIds).toEqual([shotId]);
  });

  it('handles a walkthrough with no steps at all', () => {
    const detail = buildWalkthroughDetail(makeWalkthrough(MINIMAL_WALKTHROUGH_OVERRIDES, ids));
    expect(detail.steps).toEqual([]);
    expect(detail.duration?.activeMs).toBe(0);
  });
});

describe('readWalkthroughDetail', () => {
  it('reads, parses, or says why it cannot', async () => {
    const db = freshDb();
    const w = makeWalkthrough({}, ids);
    await db.walkthroughs.put(w);
    await db.table('walkthroughs').put({ id: ids(), journeyName: 'broken' });
    const found = await readWalkthroughDetail(db, w.id);
    expect(found.status === 'found' && found.detail.walkthrough).toEqual(w);
    expect((await readWalkthroughDetail(db, ids())).status).toBe('not-found');
    const broken = (await db.walkthroughs.toCollection().primaryKeys()).find((k) => k !== w.id) ?? '';
    expect((await readWalkthroughDetail(db, broken)).status).toBe('unreadable');
  });
});
